import type { AgentRow, LoggedEvent } from '../../../src/output/character-story.js';
import type { ParsedBuilding } from '../../../src/scenario/building-map.js';
import type { TimeScale } from '../../../src/scenario/clock.js';

/**
 * What the map's tools read of a run: its agents (`agents.csv`), its log (`events.jsonl`), its
 * time scale and building. A finished run's are fixed; a live run replaces them as it runs.
 */
export interface MapRecords {
  readonly agents: readonly AgentRow[];
  readonly events: readonly LoggedEvent[];
  readonly scale: TimeScale;
  readonly building?: ParsedBuilding;
}
