import { describe, expect, it } from 'vitest';
import { runChunkJob } from '../../src/ensemble/chunk-job.js';
import type { RunSpec } from '../../src/ensemble/run-spec.js';
import { buildingScenario } from '../engines/agents/helpers.js';

/** A few agents in one room for ten seconds: an engine with files (events.jsonl, agents.csv) and a story. */
const text = buildingScenario({ floors: [['#######', '#[a]..#', '#.....#', '#######']] });

describe("keepEvents: 'none' (sweeps)", () => {
  it('keeps no engine file of any replicate, but the numbers and the story', () => {
    const spec: RunSpec = { text, file: 'mini.yaml', settings: [], seed: 3 };
    const kept = runChunkJob({ spec, first: 0, count: 2 });
    const none = runChunkJob({ spec: { ...spec, keepEvents: 'none' }, first: 0, count: 2 });
    // The first replicate normally keeps its logs: the test can fail.
    expect(Object.keys(kept.extras[0]!.artifacts ?? {})).toContain('events.jsonl');
    expect(none.extras.map((extras) => extras.artifacts)).toEqual([undefined, undefined]);
    expect(none.extras[0]!.story).toEqual(kept.extras[0]!.story);
    expect(none.packed).toEqual(kept.packed);
  });
});
