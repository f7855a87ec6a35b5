import { gridTimes } from '../core/grid-time.js';
import { InvalidIntervention } from '../model/intervention.js';
import type { Engine, FiredEvent, LoggedIntervention, Milestones, Progress } from './engine.js';

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
  /** The interventions the engine took (`Engine.interventions`), if it was given any. */
  readonly interventions?: readonly LoggedIntervention[] | undefined;
}

/** The output grid 0, every, 2·every, … up to `until` inclusive (and `until` itself if off the grid). */
export function outputTimes(until: number, every: number): Float64Array {
  const steps = Math.floor(until / every + 1e-9);
  // Row k is k·every as written (`grid-time.ts`), never a sum of rounded steps.
  const grid = gridTimes(0, every, steps + 1);
  const last = grid[steps]!;
  if (until - last <= every * 1e-9) {
    grid[steps] = Math.min(last, until);
    return grid;
  }
  const times = new Float64Array(steps + 2);
  times.set(grid);
  times[steps + 1] = until;
  return times;
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
  return recordWith(engine, times, [], { progress, tablesOnly });
}

/** How `recordWith` runs, beyond the grid and the interventions. */
export interface RecordOptions {
  /** Told the fraction of the time span done after each row. */
  readonly progress?: Progress | undefined;
  /** Of the engine's files, keep only its tables (`Engine.artifacts(true)`). */
  readonly tablesOnly?: boolean | undefined;
  /**
   * Continues a run restored from a snapshot taken after row `rows − 1`: `values` holds rows
   * 0 … rows − 1 (or more; the rest is overwritten), and those rows are not observed again.
   */
  readonly resume?: { readonly rows: number; readonly values: Float64Array } | undefined;
  /**
   * Called after each row is observed, with the row's number and every value so far (a view, valid
   * only during the call): the place for a checkpoint.
   */
  readonly afterRow?: ((row: number, values: Float64Array) => void) | undefined;
}

/**
 * An intervention of a log that the engine refused (`InvalidIntervention`): `index` is its place
 * in the log, so that a caller can point at the line of the file it came from.
 */
export class InterventionRefused extends Error {
  override readonly name = 'InterventionRefused';

  constructor(
    readonly index: number,
    readonly entry: LoggedIntervention,
    /** Why the engine refused it (`InvalidIntervention`'s message). */
    readonly reason: string,
  ) {
    super(`the intervention at t = ${entry.t} cannot apply: ${reason}`);
  }
}

/**
 * `record`, with interventions: each entry of `log` (in order of time) is applied through
 * `Engine.control` at its time `t`, interleaved with the output times. An intervention at an output
 * time takes effect before that row is observed; several at one time apply in the order given.
 * Entries the engine has already taken (a restored engine's `interventions()`) are skipped, so
 * that the same log continues a run resumed from a snapshot. Replaying a run's own log
 * (`Trajectory.interventions`) into a fresh engine reproduces its numbers. Throws
 * `InterventionRefused` for an entry the engine refuses. Uses no Node API (the viewer runs it too).
 */
export function recordWith(
  engine: Engine,
  times: Float64Array,
  log: readonly LoggedIntervention[],
  options: RecordOptions = {},
): Trajectory {
  const { progress, tablesOnly = false, resume, afterRow } = options;
  const n = engine.compartments.length;
  const values = new Float64Array(times.length * n);
  const first = resume?.rows ?? 0;
  if (resume !== undefined) values.set(resume.values.subarray(0, first * n));
  const row = new Float64Array(n);
  const until = times[times.length - 1]!;
  let next = engine.interventions().length;
  /** Advances to t, applying the interventions due by then, each at its own time. */
  const advanceTo = (t: number) => {
    for (; next < log.length && log[next]!.t <= t; next++) {
      const entry = log[next]!;
      engine.advanceTo(entry.t);
      control(engine, entry, next);
    }
    engine.advanceTo(t);
  };
  for (let r = first; r < times.length; r++) {
    advanceTo(times[r]!);
    engine.observe(row);
    values.set(row, r * n);
    afterRow?.(r, values.subarray(0, (r + 1) * n));
    progress?.(until > 0 ? times[r]! / until : 1);
  }
  return {
    compartments: engine.compartments,
    times,
    values,
    eventCount: engine.eventCount,
    milestones: engine.milestones(),
    firedEvents: engine.firedEvents(),
    artifacts: engine.artifacts?.(tablesOnly),
    story: engine.story?.(),
    ...(log.length === 0 ? {} : { interventions: engine.interventions() }),
  };
}

function control(engine: Engine, entry: LoggedIntervention, index: number): void {
  try {
    engine.control(entry.intervention);
  } catch (error) {
    if (error instanceof InvalidIntervention) throw new InterventionRefused(index, entry, error.message);
    throw error;
  }
}
