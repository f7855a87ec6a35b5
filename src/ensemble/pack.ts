import type { FiredEvent, LoggedIntervention, Milestones } from '../engines/engine.js';
import type { Trajectory } from '../engines/trajectory.js';

/**
 * Trajectories packed into one Float64Array, so a worker hands a whole chunk of replicates back
 * as a single transferred buffer. Per replicate, in order: the event count, 1 or 0 for whether
 * milestones follow, then n extinction times and the overtake count k with k (a, b, t) triples,
 * then the rows × n values.
 */
export function packTrajectories(runs: readonly Trajectory[]): Float64Array {
  let length = 0;
  for (const run of runs) {
    const n = run.compartments.length;
    length +=
      2 +
      run.values.length +
      (run.milestones === undefined ? 0 : n + 1 + 3 * run.milestones.overtakes.length);
  }
  const out = new Float64Array(length);
  let at = 0;
  for (const run of runs) {
    out[at++] = run.eventCount;
    const milestones = run.milestones;
    out[at++] = milestones === undefined ? 0 : 1;
    if (milestones !== undefined) {
      out.set(milestones.extinct, at);
      at += milestones.extinct.length;
      out[at++] = milestones.overtakes.length;
      for (const o of milestones.overtakes) {
        out[at++] = o.a;
        out[at++] = o.b;
        out[at++] = o.t;
      }
    }
    out.set(run.values, at);
    at += run.values.length;
  }
  return out;
}

/**
 * The trajectories of a packed chunk. Their values are views into `packed`, not copies; `times`
 * and `compartments` are shared by all of them.
 */
export function unpackTrajectories(
  packed: Float64Array,
  compartments: readonly string[],
  times: Float64Array,
): Trajectory[] {
  const n = compartments.length;
  const cells = times.length * n;
  const runs: Trajectory[] = [];
  let at = 0;
  while (at < packed.length) {
    const eventCount = packed[at++]!;
    let milestones: Milestones | undefined;
    if (packed[at++] === 1) {
      const extinct = packed.subarray(at, at + n);
      at += n;
      const overtakes = [];
      for (let k = packed[at++]!; k > 0; k--) {
        overtakes.push({ a: packed[at]!, b: packed[at + 1]!, t: packed[at + 2]! });
        at += 3;
      }
      milestones = { extinct, overtakes };
    }
    runs.push({ compartments, times, values: packed.subarray(at, at + cells), eventCount, milestones });
    at += cells;
  }
  return runs;
}

/** What a replicate has beyond its numbers: the engine's files and story, and the events that fired, if any. */
export interface ReplicateExtras {
  readonly artifacts?: Record<string, string | Uint8Array> | undefined;
  readonly story?: Record<string, unknown> | undefined;
  /** With `keepEvents: 'all'`: the replicate's own logs (its text files that are not tables). */
  readonly logs?: Record<string, string> | undefined;
  /** The scenario events that fired in the replicate (`Engine.firedEvents`). */
  readonly firedEvents?: readonly FiredEvent[] | undefined;
  /** The interventions the replicate took (`Engine.interventions`). */
  readonly interventions?: readonly LoggedIntervention[] | undefined;
}

/** One replicate of an ensemble: its trajectory, and its logs if they are kept. */
export type Replicate = Trajectory & ReplicateExtras;

/** The extras of a replicate, to send beside its packed numbers. */
export function extrasOf(run: Replicate): ReplicateExtras {
  return {
    artifacts: run.artifacts,
    story: run.story,
    logs: run.logs,
    firedEvents: run.firedEvents,
    interventions: run.interventions,
  };
}
