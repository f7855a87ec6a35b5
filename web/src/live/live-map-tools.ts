import {
  type AgentRow,
  type LoggedEvent,
  parseAgentsCsv,
  parseEvents,
} from '../../../src/output/character-story.js';
import type { ParsedBuilding } from '../../../src/scenario/building-map.js';
import type { TimeScale } from '../../../src/scenario/clock.js';
import type { FloorPlan } from '../floor-plan.js';
import type { MapRecords } from '../map/map-records.js';
import { installMapTools, type MapTools } from '../map/map-tools.js';
import type { MapView } from '../map-view.js';
import type { LiveClient } from './live-client.js';
import type { LiveFrames } from './live-frames.js';

/**
 * Wall time between two requests for the records, in milliseconds: hyosan-high's at the end of its
 * day are 670 kB of events that the worker writes in about 25 ms and the page parses again.
 */
const REFRESH_MS = 1000;

/** A live run's records, replaced as they come. */
interface LiveRecordsHeld extends MapRecords {
  agents: readonly AgentRow[];
  events: readonly LoggedEvent[];
}

/**
 * The map's tools (the inspector, *Follow* and its trail, the sound and sight overlays) in a live
 * run. They read what a finished run's `agents.csv` and `events.jsonl` hold; here the worker writes
 * them on demand: when an agent is inspected or an overlay is on, at most every `REFRESH_MS`, once
 * the time shown has changed (and at once when the inspector opens or an overlay is turned on).
 */
export class LiveMapTools {
  private recordsT = Number.NaN;
  private wantedT = 0;
  private busy = false;
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly tools: MapTools,
    private readonly records: LiveRecordsHeld,
    private readonly client: LiveClient,
  ) {
    tools.inspector.onChange(() => this.refreshSoon(0));
    for (const id of ['overlay-sound', 'overlay-sight'])
      document.getElementById(id)?.addEventListener('click', () => this.refreshSoon(0));
  }

  /** Asks the worker for the records at the start, then puts the tools on the map. */
  static async install(
    client: LiveClient,
    map: MapView,
    frames: LiveFrames,
    plan: FloorPlan,
    area: HTMLElement,
    scale: TimeScale,
    building: ParsedBuilding | undefined,
    /** The time between replay frames: the overlays fade over a few. */
    frameTime: number,
  ): Promise<LiveMapTools> {
    const answer = await client.send({ type: 'records' });
    const records: LiveRecordsHeld = {
      agents: answer.type === 'records' ? parseAgentsCsv(answer.agentsCsv) : [],
      events: answer.type === 'records' ? parseEvents(answer.eventsJsonl) : [],
      scale,
      ...(building === undefined ? {} : { building }),
    };
    const tools = installMapTools(map, records, frames, plan, area, frameTime);
    const live = new LiveMapTools(tools, records, client);
    if (answer.type === 'records') live.recordsT = answer.t;
    return live;
  }

  /** The time shown is now t: fresh records are asked for if the tools need them. */
  show(t: number): void {
    this.wantedT = t;
    if (this.tools.wanted && t !== this.recordsT) this.refreshSoon(REFRESH_MS);
  }

  /** A new run (a reset or reseed): the records held are no longer its own. */
  restart(): void {
    this.recordsT = Number.NaN;
    this.refreshSoon(0);
  }

  /** Asks for the records once `gap` ms have passed since the last request (none while one is on its way). */
  private refreshSoon(gap: number): void {
    if (this.busy || this.timer !== undefined) return;
    const wait = this.last + gap - performance.now();
    if (wait > 0) this.timer = setTimeout(() => this.refresh(), wait);
    else void this.refresh();
  }

  private async refresh(): Promise<void> {
    this.timer = undefined;
    if (!this.tools.wanted && !Number.isNaN(this.recordsT)) return;
    this.busy = true;
    this.last = performance.now();
    const answer = await this.client.send({ type: 'records' });
    this.busy = false;
    if (answer.type !== 'records') return;
    this.recordsT = answer.t;
    this.records.agents = parseAgentsCsv(answer.agentsCsv);
    this.records.events = parseEvents(answer.eventsJsonl);
    this.tools.refresh();
    // The run went on while these were written and read: ask again if the time shown has moved.
    if (this.tools.wanted && this.wantedT !== this.recordsT) this.refreshSoon(REFRESH_MS);
  }
}
