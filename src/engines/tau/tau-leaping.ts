import { POISSON_MAX_MEAN, poisson } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { zigguratExponential } from '../../core/ziggurat.js';
import { DirectMethod } from '../stochastic/direct-method.js';
import type { EventRunner } from '../stochastic/event-runner.js';
import { CONDITION, EVENT_LIMIT, type Kernel, REACHED } from '../stochastic/kernel.js';
import type { PropensityTable } from '../stochastic/propensity-table.js';
import { countLimitFailure, MAX_COUNT } from '../stochastic/runaway.js';
import type { KernelParts } from '../stochastic/stochastic-engine.js';
import { StepSize } from './step-size.js';

/** A leap shorter than this many mean SSA steps (1/a₀) is not worth it: take exact steps instead. */
const EXACT_BELOW = 10;
/** How many exact steps to take when leaping does not pay, before trying to leap again. */
const EXACT_STEPS = 100;
/** A leap costs about as much work as this many exact steps: what it counts for against `--max-events`. */
export const LEAP_WORK = 100;

/**
 * Tau-leaping with the step-size selection of Cao, Gillespie and Petzold (2006). Each leap of
 * length τ fires every non-critical reaction a Poisson(aⱼτ) number of times (the exact sampler of
 * `core/distributions`, for any mean); critical reactions, which could empty a reactant within a
 * few firings, fire at most once per leap at an exactly drawn time. A leap that would still make a
 * count negative is redrawn with τ′ halved, so counts never go negative. When τ′ < 10/a₀ the
 * kernel takes 100 exact SSA steps instead.
 *
 * Leaps end at the engine's `boundary` (a timed event, an output time) at the latest, never at the
 * caller's `tStop`: a leap that ends after `tStop` is drawn whole and kept pending, the state stays
 * the state after the last leap that ended at or before `tStop`, and the next call applies it. A
 * batch of exact steps cut by `tStop` likewise goes on where it stopped.
 */
export class TauLeaping implements Kernel {
  readonly name = 'tau-leaping';
  t = 0;
  events = 0;
  /** Leaps taken (exact steps not included). */
  leaps = 0;
  /** Exact SSA steps taken where leaping did not pay. */
  exactEvents = 0;

  /** The end of the leap drawn but not yet applied (the state is still that before it), or NaN. */
  get leapEnd(): number {
    return this.pendingEnd;
  }
  private readonly table: PropensityTable;
  private readonly stream: Stream;
  private readonly runner: EventRunner;
  private readonly extinct: Float64Array;
  private readonly exact: DirectMethod;
  private readonly step: StepSize;
  private readonly trial: Float64Array;
  /** The end of the pending leap (drawn, not yet applied; its counts are in `trial`), or NaN. */
  private pendingEnd = Number.NaN;
  /** The reactions the pending leap fires. */
  private pendingFired = 0;
  /** Exact steps left in the present batch (0 when leaping). */
  private exactLeft = 0;

  /** A kernel over `parts` with leap bound ε (`epsilon`). */
  constructor(parts: KernelParts, epsilon: number) {
    this.table = parts.table;
    this.stream = parts.stream;
    this.runner = parts.runner;
    this.extinct = parts.extinct;
    this.exact = new DirectMethod(parts.table, parts.graph, parts.stream, parts.runner, parts.extinct);
    this.step = new StepSize(parts.table.plan.network, epsilon);
    this.trial = new Float64Array(parts.table.plan.n);
  }

  reset(t: number): void {
    this.t = t;
    this.pendingEnd = Number.NaN;
    this.exactLeft = 0;
    this.table.computeAll(t);
  }

  /** Exact steps, plus `LEAP_WORK` per leap. */
  get work(): number {
    return LEAP_WORK * this.leaps + this.exactEvents;
  }

  run(tStop: number, maxWork: number, boundary: number): number {
    const { table, runner, step } = this;
    const { y, a } = table;
    const limit = this.work + maxWork;
    for (;;) {
      if (this.exactLeft > 0) {
        const reason = this.exactSteps(tStop, Math.min(this.exactLeft, limit - this.work));
        if (reason !== EVENT_LIMIT || this.work >= limit) return reason;
        continue;
      }
      if (Number.isNaN(this.pendingEnd)) {
        const t = this.t;
        // Already there (after a conditional event at tStop): no leap of length 0.
        if (t >= tStop) return REACHED;
        const total = table.computeAll(t);
        if (!(total > 0)) return this.idle(tStop);
        if (total === Number.POSITIVE_INFINITY) table.fail(t);
        const criticalTotal = step.classify(y, a);
        // A leap in which a reaction would fire more than poisson() can draw is cut short; a model that
        // needs such leaps then runs into the --max-events limit with its message, not a hang.
        const leap = Math.min(step.select(y, a), POISSON_MAX_MEAN / total);
        if (leap < EXACT_BELOW / total) {
          this.exact.reset(t);
          this.exactLeft = EXACT_STEPS;
          continue;
        }
        this.drawLeap(leap, criticalTotal, boundary);
      }
      if (this.pendingEnd > tStop) {
        this.t = tStop;
        return REACHED;
      }
      this.applyLeap();
      if (runner.watching && runner.turnsOn(this.t)) return CONDITION;
      if (this.t >= tStop) return REACHED;
      if (this.work >= limit) return EVENT_LIMIT;
    }
  }

  /** Nothing can fire: the state stands until tStop, unless a condition on `t` turns true first. */
  private idle(tStop: number): number {
    const crossing = this.runner.watchingTime ? this.runner.crossing(this.t, tStop) : Number.NaN;
    const crossed = !Number.isNaN(crossing);
    this.t = crossed ? crossing : tStop;
    return crossed ? CONDITION : REACHED;
  }

  /** Up to `steps` more exact SSA steps of the present batch, on the same state. */
  private exactSteps(tStop: number, steps: number): number {
    const exact = this.exact;
    exact.events = this.events;
    const reason = exact.run(tStop, steps);
    const fired = exact.events - this.events;
    this.t = exact.t;
    this.exactEvents += fired;
    this.events = exact.events;
    // A stop at tStop keeps the rest of the batch; a conditional event ends it (the engine resets).
    this.exactLeft = reason === CONDITION ? 0 : this.exactLeft - fired;
    return reason;
  }

  /**
   * Draws one acceptable leap from the current state, at most τ′ long and ending at `boundary` at
   * the latest, into `trial`, `pendingEnd` and `pendingFired`; counts change only in `applyLeap`.
   */
  private drawLeap(initialLeap: number, criticalTotal: number, boundary: number): void {
    const { table, stream, runner, step, trial } = this;
    const { y, a } = table;
    const { n, m, network } = table.plan;
    const { changeStart, changeIndex, changeAmount } = network;
    const t = this.t;
    let leap = initialLeap;
    for (;;) {
      let end = t + leap;
      let critical = -1;
      const criticalTime =
        criticalTotal > 0 ? t + zigguratExponential(stream) / criticalTotal : Number.POSITIVE_INFINITY;
      if (criticalTime <= end) {
        end = criticalTime;
        critical = this.pickCritical(criticalTotal);
      }
      if (end >= boundary) {
        end = boundary;
        critical = -1;
      }
      if (runner.watchingTime) {
        const crossing = runner.crossing(t, end);
        if (!Number.isNaN(crossing)) {
          end = crossing;
          critical = -1;
        }
      }
      const length = end - t;
      for (let i = 0; i < n; i++) trial[i] = y[i]!;
      let fired = 0;
      for (let j = 0; j < m; j++) {
        const firings = j === critical ? 1 : step.critical[j] === 1 ? 0 : poisson(stream, a[j]! * length);
        if (firings === 0) continue;
        fired += firings;
        for (let k = changeStart[j]!; k < changeStart[j + 1]!; k++)
          trial[changeIndex[k]!]! += firings * changeAmount[k]!;
      }
      let negative = false;
      let huge = -1;
      for (let i = 0; i < n; i++) {
        negative ||= trial[i]! < 0;
        if (trial[i]! > MAX_COUNT) huge = i;
      }
      if (negative) {
        leap /= 2;
        continue;
      }
      if (huge >= 0) throw countLimitFailure(table, 'tau', huge, end, trial);
      this.pendingEnd = end;
      this.pendingFired = fired;
      return;
    }
  }

  /** Applies the pending leap: its counts, its end time, and the compartments it emptied. */
  private applyLeap(): void {
    const { table, trial, extinct } = this;
    const { y } = table;
    const end = this.pendingEnd;
    for (let i = 0; i < table.plan.n; i++) {
      if (trial[i] === 0 && y[i] !== 0) extinct[i] = end;
      y[i] = trial[i]!;
    }
    table.refreshSum();
    this.t = end;
    this.events += this.pendingFired;
    this.leaps++;
    this.pendingEnd = Number.NaN;
  }

  write(out: SnapshotWriter): void {
    out.f64(this.t).f64(this.events).f64(this.leaps).f64(this.exactEvents);
    out.f64(this.pendingEnd).f64(this.pendingFired).f64(this.exactLeft).array(this.trial);
    this.exact.write(out);
  }

  read(from: SnapshotReader): void {
    this.t = from.f64();
    this.events = from.f64();
    this.leaps = from.f64();
    this.exactEvents = from.f64();
    this.pendingEnd = from.f64();
    this.pendingFired = from.f64();
    this.exactLeft = from.f64();
    from.arrayInto(this.trial);
    this.exact.read(from);
  }

  /** A critical reaction, with probability aⱼ over the critical total. */
  private pickCritical(criticalTotal: number): number {
    const { a } = this.table;
    const critical = this.step.critical;
    const target = this.stream.next() * criticalTotal;
    let sum = 0;
    let last = -1;
    for (let j = 0; j < a.length; j++) {
      if (critical[j] === 0 || !(a[j]! > 0)) continue;
      sum += a[j]!;
      last = j;
      if (target < sum) return j;
    }
    return last;
  }
}

/** Creates the tau-leaping kernel over an engine's shared state, with leap bound ε = `epsilon`. */
export function tauKernel(epsilon: number): (parts: KernelParts) => TauLeaping {
  return (parts) => new TauLeaping(parts, epsilon);
}
