import type { FiredEvent } from '../model/firing-log.js';
import type { Intervention, LoggedIntervention } from '../model/intervention.js';

/**
 * The one shape every engine has, in the spirit of d3-force: `create` allocates everything once,
 * `advanceTo` moves the state forward, `observe` reads the counts. The contract, the same for every
 * engine and tested once for all of them (test/engines/contract.test.ts):
 * - `advanceTo(t)` with t < `time` throws a `RangeError`; t = `time` does nothing.
 * - `observe` after `advanceTo(t)` gives the state at t: for the ODE, the solution at t; for the
 *   SSA, the state after every event at times ≤ t; for tau-leaping, the state after the last leap
 *   that ended at or before t; for agents, the state after the last tick at or before t.
 * - What is observed at a time does not depend on how the calls of `advanceTo` were spaced: an
 *   engine advanced to every output time, or in finer steps, or restored from a snapshot part-way,
 *   gives the same bytes.
 * - `eventCount` is the number of events that moved individuals between compartments (into or out
 *   of the model included): each reaction firing for the SSA and tau, each change of an agent's
 *   state for agents, 0 for the ODE.
 * - The same compiled scenario, options and seed give the same results, bit for bit.
 */
export interface Engine {
  /** Column order of `observe`. */
  readonly compartments: readonly string[];
  /** The time the state is at. */
  readonly time: number;
  /** Events so far that moved individuals between compartments (see the contract above; 0 for the ODE). */
  readonly eventCount: number;
  /**
   * Advances the state to time t (t ≥ time; an earlier t throws a `RangeError`). Timed events at t
   * have fired when it returns.
   */
  advanceTo(t: number): void;
  /** Writes the current counts, in `compartments` order, into `out`. */
  observe(out: Float64Array): void;
  /** Exact milestone times, where the engine can time them better than the output grid can. */
  milestones(): Milestones;
  /** The scenario's events (and, for agents, the world's events) that fired so far, with when. */
  firedEvents(): FiredEvent[];
  /**
   * Engine-specific files to write beside the standard outputs (`events.jsonl`, `groups.csv`,
   * `replay.bin`, map frames …), keyed by file name. Engines never touch the file system themselves.
   * With `tablesOnly`, just the tables (`*.csv`): all an ensemble keeps of its later replicates.
   */
  artifacts?(tablesOnly?: boolean): Record<string, string | Uint8Array>;
  /** Engine-specific facts for `summary.json` and the printed summary (the story of an agents run). */
  story?(): Record<string, unknown>;
  /**
   * The whole state, random streams included, as bytes (see `core/snapshot-codec`). `restore` on an
   * engine created from the same compiled scenario, options and seed continues from it, giving the
   * same bytes as a run that never stopped.
   */
  snapshot(): Uint8Array;
  /** Continues from a `snapshot`; throws `SnapshotMismatch` for one of another version, scenario or engine. */
  restore(bytes: Uint8Array): void;
  /**
   * Live control, at the present time: set a parameter, add or remove individuals (at a place),
   * fire a named event. Throws `InvalidIntervention` for one it cannot apply, changing nothing.
   */
  control(intervention: Intervention): void;
  /** Every intervention given to `control` so far, with its time, in order (restored by `restore`). */
  interventions(): readonly LoggedIntervention[];
}

export type { FiredEvent } from '../model/firing-log.js';
export type { Intervention, LoggedIntervention } from '../model/intervention.js';

/** When compartments died out and overtook each other. NaN means never. */
export interface Milestones {
  /**
   * Per compartment: the time it fell below the extinction threshold (one individual) for the last
   * time, having been above it; NaN if it never did, or if it has been above it again since.
   */
  readonly extinct: Float64Array;
  /** Pairs (a, b) in which compartment a first rose above b, having started at or below it. */
  readonly overtakes: readonly Overtake[];
}

/** Compartment `a` rose above compartment `b` at time `t`. */
export interface Overtake {
  readonly a: number;
  readonly b: number;
  readonly t: number;
}

/** Reports progress of a long run as a fraction in [0, 1]. */
export type Progress = (fraction: number) => void;
