import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import type { Milestones, Overtake } from '../engine.js';
import type { DormandPrince } from './dormand-prince.js';
import { findRoot } from './find-root.js';

/** Below one individual, a compartment of the mean-field model counts as died out. */
const EXTINCTION_THRESHOLD = 1;

/**
 * Overtake states of a pair (a, b): done (a has overtaken b: only the first overtake is news),
 * armed (a seen at or below b), waiting (a level with b or above it at t = 0, or its rise above b
 * was among less than one individual: it must be seen at or below b again at a step's end t > 0).
 */
const DONE = 0;
const ARMED = 1;
const WAITING = 2;

/**
 * Times the milestones of a mean-field run exactly, by root finding on the dense output of each
 * step: when a compartment dies out, and when one overtakes another. The rules, for values that
 * are means rather than counts:
 * - a compartment dies out when it falls below one individual at a time t > 0, having been at or
 *   above one at an earlier time t > 0, or above one at t = 0. One that starts at exactly 1 and
 *   only falls was never more than the single individual it started with: it has not died out
 *   (its final value tells how little is left), and no extinction is dated t = 0. One that is at
 *   or above one again at a step's end, or after an event, has not died out (so far): a later
 *   fall dates its extinction afresh;
 * - a overtakes b when it rises above b at t > 0 by more than round-off (`noise`), having been at
 *   or below b: below it at t = 0, or at or below it at a step's end t > 0 (also where a started
 *   above b: it overtakes b when it rises again after such a fall). Only the first overtake of
 *   each pair is kept. An overtake among less than one individual (the values at the crossing
 *   are below 1) is not news; the pair is watched again for a later one.
 */
export class MilestoneTracker {
  private readonly n: number;
  private readonly extinct: Float64Array;
  /** 1 once a compartment has reached the extinction threshold: only then can it die out. */
  private readonly present: Uint8Array;
  /** The overtake state of each pair (a, b), at a·n + b. */
  private readonly pending: Int32Array;
  private readonly overtakes: Overtake[] = [];
  private readonly x: Float64Array;

  /**
   * @param n the number of compartments.
   * @param noise differences below this are round-off, not an overtake.
   * @param tolerance how closely a crossing is timed.
   */
  constructor(
    n: number,
    private readonly noise: number,
    private readonly tolerance: number,
  ) {
    this.n = n;
    this.extinct = new Float64Array(n);
    this.present = new Uint8Array(n);
    this.pending = new Int32Array(n * n);
    this.x = new Float64Array(n);
  }

  /** Starts afresh from the state y at time 0. */
  start(y: Float64Array): void {
    const n = this.n;
    this.extinct.fill(Number.NaN);
    this.overtakes.length = 0;
    for (let a = 0; a < n; a++) {
      this.present[a] = y[a]! > EXTINCTION_THRESHOLD ? 1 : 0;
      for (let b = 0; b < n; b++) {
        // A pair is done at its first overtake, never before: a that starts above b may fall
        // below it and rise above it again.
        this.pending[a * n + b] = a === b ? DONE : y[a]! < y[b]! - this.noise ? ARMED : WAITING;
      }
    }
  }

  /** The milestones up to time `now` (any seen later, in the rest of a step, are left out). */
  report(now: number): Milestones {
    return {
      extinct: this.extinct.map((t) => (t <= now ? t : Number.NaN)),
      overtakes: this.overtakes.filter((o) => o.t <= now),
    };
  }

  /**
   * The milestones up to time `now`, as if the last step of `solver` had been watched up to
   * `until`, but leaving the trackers as they are: the step may yet be cut short.
   */
  reportWithStep(solver: DormandPrince, until: number, now: number): Milestones {
    const extinct = this.extinct.slice();
    const present = this.present.slice();
    const pending = this.pending.slice();
    const overtakes = this.overtakes.length;
    this.watch(solver, until);
    const report = this.report(now);
    this.extinct.set(extinct);
    this.present.set(present);
    this.pending.set(pending);
    this.overtakes.length = overtakes;
    return report;
  }

  /** Watches the last step of `solver`, from its start up to `until` (its end, or a time inside it). */
  watch(solver: DormandPrince, until: number): void {
    const n = this.n;
    const x = this.x;
    if (until === solver.t) x.set(solver.y);
    else solver.interpolate(until, x);
    for (let a = 0; a < n; a++) {
      if (this.present[a] === 0) {
        if (x[a]! >= EXTINCTION_THRESHOLD) this.present[a] = 1;
      } else if (x[a]! >= EXTINCTION_THRESHOLD) this.extinct[a] = Number.NaN;
      else if (Number.isNaN(this.extinct[a]!)) {
        this.extinct[a] = this.crossing(
          (time) => EXTINCTION_THRESHOLD - solver.interpolateComponent(time, a),
          solver.tPrevious,
          until,
        );
      }
      for (let b = 0; b < n; b++) {
        const state = this.pending[a * n + b];
        if (state === DONE) continue;
        if (x[a]! <= x[b]! + this.noise) this.pending[a * n + b] = ARMED;
        else if (state === ARMED) {
          const t = this.crossing(
            (time) => solver.interpolateComponent(time, a) - solver.interpolateComponent(time, b),
            solver.tPrevious,
            until,
          );
          this.overtook(a, b, t, solver.interpolateComponent(t, a));
        }
      }
    }
  }

  /** Milestones passed by a jump of the state at time t (an event) happen at t. */
  jump(after: Float64Array, t: number): void {
    const n = this.n;
    for (let a = 0; a < n; a++) {
      if (this.present[a] === 1) {
        if (after[a]! >= EXTINCTION_THRESHOLD) this.extinct[a] = Number.NaN;
        else if (Number.isNaN(this.extinct[a]!)) this.extinct[a] = t;
      }
      for (let b = 0; b < n; b++) {
        const state = this.pending[a * n + b];
        if (state === DONE || t === 0) continue;
        if (after[a]! <= after[b]! + this.noise) this.pending[a * n + b] = ARMED;
        else if (state === ARMED) this.overtook(a, b, t, after[a]!);
      }
    }
  }

  /** Writes the trackers into a snapshot. */
  writeTo(out: SnapshotWriter): void {
    out.array(this.extinct).array(this.present).array(this.pending).u32(this.overtakes.length);
    for (const { a, b, t } of this.overtakes) out.u32(a).u32(b).f64(t);
  }

  /** Reads back what `writeTo` wrote. */
  readFrom(input: SnapshotReader): void {
    input.arrayInto(this.extinct);
    input.arrayInto(this.present);
    input.arrayInto(this.pending);
    const count = input.u32();
    this.overtakes.length = 0;
    for (let i = 0; i < count; i++) this.overtakes.push({ a: input.u32(), b: input.u32(), t: input.f64() });
  }

  /** a rose above b at t, at the value `level`: news if at least one individual, else watched again. */
  private overtook(a: number, b: number, t: number, level: number): void {
    const n = this.n;
    if (level >= EXTINCTION_THRESHOLD) {
      this.pending[a * n + b] = DONE;
      this.overtakes.push({ a, b, t });
    } else this.pending[a * n + b] = WAITING;
  }

  /** Where g turns from ≤ 0 at a to > 0 at b (a, if g(a) is already above 0: the rise came with a jump). */
  private crossing(g: (time: number) => number, a: number, b: number): number {
    const ga = g(a);
    return ga > 0 ? a : findRoot(g, a, ga, b, g(b), this.tolerance);
  }
}
