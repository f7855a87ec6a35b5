import type { Engine, FiredEvent, Milestones, Progress } from './engine.js';

/** States of one run on the output grid: row r holds the counts at `times[r]`. */
export interface Trajectory {
  readonly compartments: readonly string[];
  readonly times: Float64Array;
  /** Row-major: values[r * compartments.length + c]. */
  readonly values: Float64Array;
  readonly eventCount: number;
  readonly milestones: Milestones | undefined;
  /** The scenario events that fired (`Engine.firedEvents`), if the engine reports them. */
  readonly firedEvents?: readonly FiredEvent[] | undefined;
  /** Engine-specific files (`Engine.artifacts`), if the engine makes any. */
  readonly artifacts?: Record<string, string | Uint8Array> | undefined;
  /** Engine-specific summary facts (`Engine.story`), if the engine tells any. */
  readonly story?: Record<string, unknown> | undefined;
}

/** The output grid 0, every, 2·every, … up to `until` inclusive (and `until` itself if off the grid). */
export function outputTimes(until: number, every: number): Float64Array {
  const steps = Math.floor(until / every + 1e-9);
  const times: number[] = [];
  // Multiply rather than accumulate, so that row k is exactly k·every.
  for (let k = 0; k <= steps; k++) times.push(k * every);
  if (until - times[times.length - 1]! > every * 1e-9) times.push(until);
  else times[times.length - 1] = Math.min(times[times.length - 1]!, until);
  return Float64Array.from(times);
}

/**
 * Runs an engine over the output grid, observing the state at every grid time; of the engine's
 * files, only its tables if `tablesOnly`.
 */
export function record(
  engine: Engine,
  times: Float64Array,
  progress?: Progress,
  tablesOnly = false,
): Trajectory {
  const n = engine.compartments.length;
  const values = new Float64Array(times.length * n);
  const row = new Float64Array(n);
  const until = times[times.length - 1]!;
  for (let r = 0; r < times.length; r++) {
    engine.advanceTo(times[r]!);
    engine.observe(row);
    values.set(row, r * n);
    progress?.(until > 0 ? times[r]! / until : 1);
  }
  return {
    compartments: engine.compartments,
    times,
    values,
    eventCount: engine.eventCount,
    milestones: engine.milestones?.(),
    firedEvents: engine.firedEvents?.(),
    artifacts: engine.artifacts?.(tablesOnly),
    story: engine.story?.(),
  };
}
