import type { FiredEvent } from '../model/firing-log.js';

/**
 * The one shape every engine has, in the spirit of d3-force: `create` allocates everything once,
 * `advanceTo` moves the state forward, `observe` reads the counts.
 */
export interface Engine {
  /** Column order of `observe`. */
  readonly compartments: readonly string[];
  /** The time the state is at. */
  readonly time: number;
  /** Reaction events or agent actions so far (0 for deterministic engines). */
  readonly eventCount: number;
  /** Advances the state to time t (t ≥ time). Timed events at t have fired when it returns. */
  advanceTo(t: number): void;
  /** Writes the current counts, in `compartments` order, into `out`. */
  observe(out: Float64Array): void;
  /** Exact milestone times, where the engine can time them better than the output grid can. */
  milestones?(): Milestones;
  /** The scenario's events (and, for agents, the world's events) that fired so far, with when. */
  firedEvents?(): FiredEvent[];
  /**
   * Engine-specific files to write beside the standard outputs (`events.jsonl`, `groups.csv`,
   * `replay.bin`, map frames …), keyed by file name. Engines never touch the file system themselves.
   * With `tablesOnly`, just the tables (`*.csv`): all an ensemble keeps of its later replicates.
   */
  artifacts?(tablesOnly?: boolean): Record<string, string | Uint8Array>;
  /** Engine-specific facts for `summary.json` and the printed summary (the story of an agents run). */
  story?(): Record<string, unknown>;
}

export type { FiredEvent } from '../model/firing-log.js';

/** When compartments died out and overtook each other. NaN means never. */
export interface Milestones {
  /** Per compartment: the first time it fell below the extinction threshold. */
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
