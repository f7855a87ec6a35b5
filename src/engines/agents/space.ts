import type { Unit } from './behaviours/unit.js';
import type { ReplayWriter } from './replay.js';

/** The map the replay draws under the agents: the unpadded floor plans, or an empty open plane. */
export interface ReplayPlan {
  readonly plan: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly floors: number;
  readonly cellSize: number;
}

/**
 * Where the agents live and how a tick goes there: a building (`BuildingSpace`: people look
 * around, leave by exits, sleep; sounds spread) or an open plane (`PlaneSpace`: nobody leaves or
 * sleeps, zombies read per-cell lists of people). The engine runs its tick through this one
 * interface, with no branch on the kind of space.
 */
export interface Space {
  /** What the agents sense at the start of tick `tick`, before any stack acts. */
  sense(tick: number): void;
  /**
   * Runs the human stack's `units` for the people list[0 .. count) still in that stack, keeping
   * them in order at the front of the list; returns how many were kept.
   */
  runPeople(units: readonly Unit[], list: Int32Array, count: number, tick: number): number;
  /** Runs a hunter stack's `units` for the agents of `list[0 .. count)` still in `state`. */
  runHunters(units: readonly Unit[], list: Int32Array, count: number, state: number, tick: number): void;
  /** Before the zombies act: what they read of the people (`people[0 .. count)`, creation order). */
  beforeZombies(people: Int32Array, count: number): void;
  /** At the end of a tick: what happens to those who left the map. */
  afterTick(): void;
  /** Whether the place fell: nine in ten of the people still on it lost (never, on an open plane). */
  fallen(): boolean;
  /** The replay's map. */
  replayPlan(): ReplayPlan;
  /** Adds a replay frame of every agent's place and state now. */
  recordFrame(replay: ReplayWriter): void;
  /**
   * Which agents on the map stand at `place` (a room's name in a building, a point `x,y` of an open
   * plane); throws `InvalidIntervention` for a place there is not.
   */
  at(place: string): (i: number) => boolean;
}

/** Runs agent i's units by priority until one acts. */
export function runUnits(units: readonly Unit[], i: number): void {
  for (let k = 0; k < units.length; k++) if (units[k]!.act(i)) return;
}
