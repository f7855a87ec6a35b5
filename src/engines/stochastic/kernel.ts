import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import type { EventRunner } from './event-runner.js';

/** `run` reached `tStop`: the state is the state at `tStop`. */
export const REACHED = 0;
/** A conditional event turned on at the kernel's time; fire it, then run on. */
export const CONDITION = 1;
/** `maxWork` units of work were done (see `Kernel.work`). */
export const EVENT_LIMIT = 2;

/**
 * A stochastic simulation algorithm over a propensity table's state. A kernel keeps what it has
 * drawn but not yet used (the time of the next reaction, a leap that ends after `tStop`) from one
 * `run` to the next, so that where the caller stops does not change what it draws.
 */
export interface Kernel {
  /** The algorithm, as `--method` and summaries name it: `direct`, `next-reaction`, `tau-leaping`. */
  readonly name: string;
  /** The time of the state. */
  t: number;
  /** Reactions fired so far. */
  events: number;
  /**
   * Units of work so far, what `--max-events` bounds: reactions for the exact methods; for
   * tau-leaping, its exact steps plus 100 per leap (a leap may fire billions of reactions, but
   * costs about what 100 exact steps cost).
   */
  readonly work: number;
  /**
   * Recomputes every propensity at time t, after an event changed counts or parameters, and
   * forgets what was drawn for the old state.
   */
  reset(t: number): void;
  /**
   * Fires reactions until the next would come after `tStop`, a conditional event turns on, or
   * `maxWork` more units of work are done. Returns REACHED, CONDITION or EVENT_LIMIT. `boundary`
   * (≥ `tStop`) is the next time fixed by the scenario at which the engine needs the exact state
   * (a timed event, an output time); a kernel that steps over time (tau-leaping) ends no step
   * beyond it, and may stop at `tStop` inside a step it keeps for the next call.
   */
  run(tStop: number, maxWork: number, boundary: number): number;
  /** Writes the kernel's own state (time, counters, pending draws) into a snapshot. */
  write(out: SnapshotWriter): void;
  /** Reads back what `write` wrote. */
  read(from: SnapshotReader): void;
}

/**
 * Ends a kernel's `run`: records its time and events and returns why it stopped. A run that got to
 * `tStop` stands there, unless a condition that reads the time turned on in the quiet stretch
 * before it.
 */
export function endRun(
  kernel: Kernel,
  runner: EventRunner,
  reason: number,
  t: number,
  tStop: number,
  events: number,
): number {
  kernel.events = events;
  if (reason !== REACHED) {
    kernel.t = t;
    return reason;
  }
  const crossing = runner.watchingTime ? runner.crossing(t, tStop) : Number.NaN;
  kernel.t = Number.isNaN(crossing) ? tStop : crossing;
  return Number.isNaN(crossing) ? REACHED : CONDITION;
}

/**
 * Runs `kernel` to `stop` (`boundary` as its `run` takes it) within `limit` units of work in all
 * (`work()` counts them), and says why it stopped: `EVENT_LIMIT` only if the run needs more than the
 * limit. A kernel stops on the last event the limit allows; then one more step, which fires at most
 * one event, tells whether anything was still due before the stop, so that a run needing exactly
 * the limit keeps to it (`--max-events 786` failed a run of 786 events).
 */
export function runWithinLimit(
  kernel: { run(tStop: number, maxEvents: number, boundary: number): number },
  work: () => number,
  stop: number,
  limit: number,
  boundary: number,
): number {
  let reason = kernel.run(stop, limit - work(), boundary);
  if (reason === EVENT_LIMIT && work() === limit) reason = kernel.run(stop, 0, boundary);
  return work() > limit ? EVENT_LIMIT : reason;
}
