/** `run` reached `tStop`: the state is the state at `tStop`. */
export const REACHED = 0;
/** A conditional event turned on at the kernel's time; fire it, then run on. */
export const CONDITION = 1;
/** `maxEvents` reactions fired. */
export const EVENT_LIMIT = 2;

/** An exact stochastic simulation algorithm over a propensity table's state. */
export interface Kernel {
  /** The algorithm, as `--method` and summaries name it: `direct`, `next-reaction`, `tau-leaping`. */
  readonly name: string;
  /** The time of the state. */
  t: number;
  /** Reactions fired so far. */
  events: number;
  /** Recomputes every propensity at time t, after an event changed counts or parameters. */
  reset(t: number): void;
  /**
   * Fires reactions until the next would come after `tStop`, a conditional event turns on, or
   * `maxEvents` have fired. Returns REACHED, CONDITION or EVENT_LIMIT.
   */
  run(tStop: number, maxEvents: number): number;
}

/** Fails a run whose propensity became infinite. Out of line, so hot loops keep `t` unboxed. */
export function infinitePropensity(t: number): never {
  throw new RangeError(`a propensity is infinite at t = ${t}: check the rate laws`);
}
