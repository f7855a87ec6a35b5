import type { EventRunner } from './event-runner.js';

/** `run` reached `tStop`: the state is the state at `tStop`. */
export const REACHED = 0;
/** A conditional event turned on at the kernel's time; fire it, then run on. */
export const CONDITION = 1;
/** `maxWork` units of work were done (see `Kernel.work`). */
export const EVENT_LIMIT = 2;

/** An exact stochastic simulation algorithm over a propensity table's state. */
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
  /** Recomputes every propensity at time t, after an event changed counts or parameters. */
  reset(t: number): void;
  /**
   * Fires reactions until the next would come after `tStop`, a conditional event turns on, or
   * `maxWork` more units of work are done. Returns REACHED, CONDITION or EVENT_LIMIT.
   */
  run(tStop: number, maxWork: number): number;
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
