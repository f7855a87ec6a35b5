// Hand-written, not a library: this is the hot loop of every ODE run, so it works in place on Float64Arrays.

import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';

/**
 * The right-hand side of `y' = f(t, y)`. It must write all of `dydt` and must not keep or change `y`;
 * both arrays are the integrator's own scratch buffers and are reused on the next call.
 * `yOffset` and `dydtOffset` are their `byteOffset`s, read once up front: a right-hand side compiled
 * to WebAssembly over the memory that `storage` allocates in wants offsets, and reading `byteOffset`
 * on every call costs more than the whole right-hand side of a small model. Most ignore them.
 */
export type Derivatives = (
  t: number,
  y: Float64Array,
  dydt: Float64Array,
  yOffset: number,
  dydtOffset: number,
) => void;

/** Accuracy and step-size settings of {@link DormandPrince}. */
export interface DormandPrinceOptions {
  /** Relative tolerance of the local error, per component. Default {@link DEFAULT_RTOL}. */
  rtol?: number;
  /** Absolute tolerance of the local error, per component. Default {@link DEFAULT_ATOL}. */
  atol?: number;
  /** First step after each `reset`. Default: Hairer's automatic choice (`hinit`), which costs one evaluation. */
  initialStep?: number;
  /** Upper bound on every step. Default `Infinity`. */
  maxStep?: number;
  /**
   * If set, every step is exactly this long, with no error control; the last step before `tEnd` is
   * trimmed to land on it. Meant for convergence-order tests.
   */
  fixedStep?: number;
  /** Steps (accepted plus rejected) allowed after a `reset` before `step` throws. Default {@link DEFAULT_MAX_STEPS}. */
  maxSteps?: number;
  /**
   * Allocates each of the integrator's working arrays (the state, the stages, the dense-output
   * coefficients), all of length `dimension`, once, in the constructor: say, views into a
   * WebAssembly memory, so that a compiled right-hand side reads and writes them in place.
   * Default `new Float64Array(length)`.
   */
  storage?: (length: number) => Float64Array;
}

/** Work counters since construction (they survive `reset`). */
export interface DormandPrinceStats {
  /** Calls of the right-hand side. */
  readonly evaluations: number;
  /** Accepted steps. */
  readonly accepted: number;
  /** Steps rejected by the error control and retried with a smaller step. */
  readonly rejected: number;
}

/** The default relative tolerance of the local error. */
export const DEFAULT_RTOL = 1e-6;
/** The default absolute tolerance of the local error. */
export const DEFAULT_ATOL = 1e-9;
/** The default limit on steps (accepted plus rejected) after a `reset`. */
export const DEFAULT_MAX_STEPS = 1e7;

// Butcher tableau of Dormand & Prince (1980), the RK5(4)7M pair, as in Hairer's dopri5.
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const A71 = 35 / 384;
const A73 = 500 / 1113;
const A74 = 125 / 192;
const A75 = -2187 / 6784;
const A76 = 11 / 84;
// Difference between the 5th- and 4th-order weights: the local error estimate.
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
// Shampine's 4th-order continuous extension, in Hairer's `contd5` form.
const D1 = -12715105075 / 11282082432;
const D3 = 87487479700 / 32700410799;
const D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632;
const D6 = -1453857185 / 822651844;
const D7 = 69997945 / 29380423;

// Step-size control of Hairer's dopri5: PI (Lund) stabilisation, safety 0.9, step ratio in [0.2, 10].
const BETA = 0.04;
const EXPO1 = 0.2 - BETA * 0.75;
const SAFETY = 0.9;
const MAX_SHRINK = 5; // 1 / 0.2
const MIN_SHRINK = 0.1; // 1 / 10
const UROUND = 2.3e-16;
// The controller remembers log(max(err, MIN_FAC_OLD)) of the last accepted step.
const MIN_FAC_OLD = 1e-4;
const LN_MIN_FAC_OLD = Math.log(MIN_FAC_OLD);
// A step shorter than this share of t's rounding unit has underflowed (Hairer's test).
const UNDERFLOW_SHARE = 0.1;
// The last step before tEnd may be stretched by up to 1% rather than leave a sliver.
const STRETCH = 1.01;
// Times this close to a step (a share of its length), or to the end of a fixed step, count as on it.
const STEP_ROUNDING = 1e-9;
// Hairer's `hinit`: norms below HINIT_TINY_NORM give the first guess HINIT_FALLBACK; otherwise the
// guess is HINIT_SHARE·‖y‖/‖f‖. Then from the second derivative, capped at HINIT_GROWTH times the guess.
const HINIT_TINY_NORM = 1e-10;
const HINIT_FALLBACK = 1e-6;
const HINIT_SHARE = 0.01;
const HINIT_TINY_DERIVATIVE = 1e-15;
const HINIT_SHRINK = 1e-3;
const HINIT_GROWTH = 100;
// Hairer's stiffness detection (DOPRI5): every STIFF_EVERY accepted steps, and at each step while it
// suspects stiffness, estimate h·|λ|; STIFF_STEPS estimates in a row beyond the edge of the
// stability region (3.25) mean the problem is stiff, and NON_STIFF_STEPS below it clear that.
const STIFF_EVERY = 1000;
const STIFF_EDGE = 3.25;
const STIFF_STEPS = 15;
const NON_STIFF_STEPS = 6;

function positive(name: string, value: number, allowInfinity: boolean): number {
  if (!(value > 0) || (!allowInfinity && value === Number.POSITIVE_INFINITY)) {
    throw new RangeError(`DormandPrince: ${name} must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * The explicit Dormand–Prince 5(4) Runge–Kutta method with FSAL, PI step-size control, Hairer's
 * automatic initial step and a 4th-order dense output. It integrates forwards in time only.
 *
 * Every buffer is allocated in the constructor; `step`, `interpolate` and `interpolateComponent`
 * allocate nothing, so one instance can run many solves through `reset`.
 *
 * ```ts
 * const ode = new DormandPrince(2, (t, y, dydt) => { dydt[0] = y[1]!; dydt[1] = -y[0]!; }, { rtol: 1e-8 });
 * ode.reset(0, [1, 0]);
 * while (ode.t < 10) ode.step(10);
 * ```
 */
export class DormandPrince {
  /** Number of state variables. */
  readonly dimension: number;
  /** Work counters since construction. */
  readonly stats: DormandPrinceStats;

  private readonly f: Derivatives;
  private readonly rtol: number;
  private readonly atol: number;
  private readonly initialStep: number;
  private readonly maxStep: number;
  private readonly fixedStep: number;
  private readonly maxSteps: number;
  private readonly counts: { evaluations: number; accepted: number; rejected: number };

  private readonly state: Float64Array;
  private readonly next: Float64Array;
  private readonly stage: Float64Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;
  // Byte offsets of the arrays passed to f, cached: see `Derivatives`.
  private readonly stateOffset: number;
  private readonly nextOffset: number;
  private readonly stageOffset: number;
  private readonly k1Offset: number;
  private readonly k2Offset: number;
  private readonly k3Offset: number;
  private readonly k4Offset: number;
  private readonly k5Offset: number;
  private readonly k6Offset: number;
  private readonly k7Offset: number;

  private tNow = 0;
  private tStart = 0;
  private hStep = 0;
  private hDense = 0;
  private lnFacOld = LN_MIN_FAC_OLD;
  private attempts = 0;
  private stiffSteps = 0;
  private nonStiffSteps = 0;
  private started = false;
  private needInitialStep = true;

  /**
   * @param dimension number of state variables, at least 1.
   * @param f the right-hand side; called as `f(t, y, dydt)`.
   * @param options tolerances and step-size limits; see {@link DormandPrinceOptions}.
   */
  constructor(dimension: number, f: Derivatives, options: DormandPrinceOptions = {}) {
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new RangeError(`DormandPrince: dimension must be a positive integer, got ${dimension}`);
    }
    const rtol = options.rtol ?? DEFAULT_RTOL;
    const atol = options.atol ?? DEFAULT_ATOL;
    if (!(rtol >= 0 && atol >= 0 && rtol + atol > 0 && Number.isFinite(rtol + atol))) {
      throw new RangeError(`DormandPrince: rtol and atol must be finite, non-negative and not both 0`);
    }
    const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!Number.isInteger(maxSteps) || maxSteps < 1) {
      throw new RangeError(`DormandPrince: maxSteps must be a positive integer, got ${maxSteps}`);
    }
    this.dimension = dimension;
    this.f = f;
    this.rtol = rtol;
    this.atol = atol;
    this.initialStep =
      options.initialStep === undefined ? 0 : positive('initialStep', options.initialStep, false);
    this.maxStep =
      options.maxStep === undefined ? Number.POSITIVE_INFINITY : positive('maxStep', options.maxStep, true);
    this.fixedStep = options.fixedStep === undefined ? 0 : positive('fixedStep', options.fixedStep, false);
    this.maxSteps = maxSteps;
    this.counts = { evaluations: 0, accepted: 0, rejected: 0 };
    this.stats = this.counts;
    const storage = options.storage ?? ((length: number) => new Float64Array(length));
    const allocate = (): Float64Array => {
      const array = storage(dimension);
      if (array.length !== dimension) {
        throw new RangeError(`DormandPrince: storage gave ${array.length} elements, expected ${dimension}`);
      }
      return array;
    };
    this.state = allocate();
    this.next = allocate();
    this.stage = allocate();
    this.k1 = allocate();
    this.k2 = allocate();
    this.k3 = allocate();
    this.k4 = allocate();
    this.k5 = allocate();
    this.k6 = allocate();
    this.k7 = allocate();
    this.r1 = allocate();
    this.r2 = allocate();
    this.r3 = allocate();
    this.r4 = allocate();
    this.r5 = allocate();
    this.stateOffset = this.state.byteOffset;
    this.nextOffset = this.next.byteOffset;
    this.stageOffset = this.stage.byteOffset;
    this.k1Offset = this.k1.byteOffset;
    this.k2Offset = this.k2.byteOffset;
    this.k3Offset = this.k3.byteOffset;
    this.k4Offset = this.k4.byteOffset;
    this.k5Offset = this.k5.byteOffset;
    this.k6Offset = this.k6.byteOffset;
    this.k7Offset = this.k7.byteOffset;
  }

  /**
   * Whether the problem has been stiff for the last steps (Hairer's test): the step size is then
   * held down by stability, not accuracy. Harmless near an equilibrium, where steps are long
   * anyway; ruinous where rates are fast, where the steps become tiny.
   */
  get stiff(): boolean {
    return this.stiffSteps >= STIFF_STEPS;
  }

  /** The step size the controller proposes next. */
  get stepSize(): number {
    return this.hStep;
  }

  /** Current time: the end of the last accepted step. */
  get t(): number {
    return this.tNow;
  }

  /** Current state at `t`. The array is the integrator's own and is updated in place: read, do not write. */
  get y(): Float64Array {
    return this.state;
  }

  /** Start of the last accepted step; equals `t` right after `reset`. */
  get tPrevious(): number {
    return this.tStart;
  }

  /**
   * Starts, or restarts after a discontinuity (an event that changed `y` or the parameters), at `t0`
   * with a copy of `y0`. Evaluates `f` at `t0` afresh and forgets the step-size history; the first
   * step is chosen again (automatically unless `initialStep` is set).
   */
  reset(t0: number, y0: ArrayLike<number>): void {
    const n = this.dimension;
    if (y0.length !== n) {
      throw new RangeError(`DormandPrince: y0 has ${y0.length} components, expected ${n}`);
    }
    if (!Number.isFinite(t0)) throw new RangeError(`DormandPrince: t0 must be finite, got ${t0}`);
    const y = this.state;
    const r1 = this.r1;
    for (let i = 0; i < n; i++) {
      const v = y0[i]!;
      y[i] = v;
      r1[i] = v;
    }
    this.tNow = t0;
    this.tStart = t0;
    this.hDense = 0;
    this.lnFacOld = LN_MIN_FAC_OLD;
    this.attempts = 0;
    this.stiffSteps = 0;
    this.nonStiffSteps = 0;
    this.started = true;
    this.needInitialStep = this.fixedStep === 0 && this.initialStep === 0;
    this.hStep = this.fixedStep > 0 ? this.fixedStep : Math.min(this.initialStep, this.maxStep);
    this.f(t0, y, this.k1, this.stateOffset, this.k1Offset);
    this.counts.evaluations++;
  }

  /**
   * Takes one accepted step towards `tEnd`, never past it, and returns the new `t`. The step that
   * reaches `tEnd` lands on it exactly. Returns `t` unchanged if `t === tEnd`.
   *
   * @throws RangeError if `tEnd < t` or `reset` was never called.
   * @throws Error if the step limit is exceeded or the step size underflows (a singularity).
   */
  step(tEnd: number): number {
    const t = this.tNow;
    if (!(tEnd >= t) || !this.started) {
      throw new RangeError(
        this.started
          ? `DormandPrince: tEnd ${tEnd} is before t ${t}`
          : 'DormandPrince: call reset before step',
      );
    }
    if (tEnd === t) return t;
    if (this.fixedStep > 0) return this.fixedStepTo(tEnd);
    if (this.needInitialStep) {
      this.hStep = this.chooseInitialStep(Math.min(this.maxStep, tEnd - t));
      this.needInitialStep = false;
    }
    const counts = this.counts;
    let proposed = this.hStep;
    let rejectedBefore = false;
    for (;;) {
      if (this.attempts >= this.maxSteps) {
        throw new Error(`DormandPrince: step limit of ${this.maxSteps} steps exceeded at t = ${t}`);
      }
      if (UNDERFLOW_SHARE * proposed <= Math.abs(t) * UROUND || !(proposed > 0)) {
        throw new Error(`DormandPrince: step size ${proposed} too small at t = ${t}`);
      }
      this.attempts++;
      const last = STRETCH * proposed >= tEnd - t;
      const h = last ? tEnd - t : proposed;
      const tNew = last ? tEnd : t + h;
      this.stages(t, h, tNew);
      const err = this.errorNorm(h);
      // exp and log instead of two ** calls: Math.pow with a fractional exponent is several times slower.
      const lnErr = Math.log(err);
      if (err <= 1) {
        let fac = Math.exp(EXPO1 * lnErr - BETA * this.lnFacOld) / SAFETY;
        fac = Math.min(MAX_SHRINK, Math.max(fac, MIN_SHRINK));
        let hNew = h / fac;
        if (rejectedBefore && hNew > h) hNew = h;
        // A step trimmed to hit tEnd says nothing against the longer step the controller proposed.
        if (last && !rejectedBefore && hNew < proposed) hNew = proposed;
        this.hStep = Math.min(hNew, this.maxStep);
        this.lnFacOld = err > MIN_FAC_OLD ? lnErr : LN_MIN_FAC_OLD;
        counts.accepted++;
        if (counts.accepted % STIFF_EVERY === 0 || this.stiffSteps > 0) this.testStiffness(h);
        this.accept(t, h, tNew);
        return tNew;
      }
      let shrink = Math.exp(EXPO1 * lnErr) / SAFETY;
      if (!(shrink < MAX_SHRINK)) shrink = MAX_SHRINK;
      proposed = h / shrink;
      rejectedBefore = true;
      counts.rejected++;
    }
  }

  /**
   * Writes into `out` the 4th-order continuous extension of the last accepted step at `time`, which
   * must lie in `[tPrevious, t]` (up to rounding). At `tPrevious` and `t` it returns the step's end
   * points. Allocates nothing.
   */
  interpolate(time: number, out: Float64Array): void {
    const n = this.dimension;
    const hd = this.checkTime(time);
    if (time === this.tNow || hd === 0) {
      const src = time === this.tNow ? this.state : this.r1;
      for (let i = 0; i < n; i++) out[i] = src[i]!;
      return;
    }
    const r1 = this.r1;
    const r2 = this.r2;
    const r3 = this.r3;
    const r4 = this.r4;
    const r5 = this.r5;
    const s = (time - this.tStart) / hd;
    const s1 = 1 - s;
    for (let i = 0; i < n; i++) {
      out[i] = r1[i]! + s * (r2[i]! + s1 * (r3[i]! + s * (r4[i]! + s1 * r5[i]!)));
    }
  }

  /** Like {@link interpolate} for the single component `index`, for root finding. */
  interpolateComponent(time: number, index: number): number {
    const hd = this.checkTime(time);
    if (time === this.tNow) return this.state[index]!;
    if (hd === 0) return this.r1[index]!;
    const s = (time - this.tStart) / hd;
    const s1 = 1 - s;
    return (
      this.r1[index]! +
      s * (this.r2[index]! + s1 * (this.r3[index]! + s * (this.r4[index]! + s1 * this.r5[index]!)))
    );
  }

  /**
   * Writes everything the integration goes on from into a snapshot: the time and state, the FSAL
   * stage f(t, y), the last step's dense output, the step-size controller, the stiffness test and
   * the work counters. `readState` on an integrator of the same dimension, tolerances and right-hand
   * side continues bit for bit as this one would.
   */
  writeState(out: SnapshotWriter): void {
    const { evaluations, accepted, rejected } = this.counts;
    out.f64(this.tNow).f64(this.tStart).f64(this.hStep).f64(this.hDense).f64(this.lnFacOld);
    out.f64(this.attempts).f64(this.stiffSteps).f64(this.nonStiffSteps);
    out.bool(this.started).bool(this.needInitialStep);
    out.f64(evaluations).f64(accepted).f64(rejected);
    for (const array of [this.state, this.k1, this.r1, this.r2, this.r3, this.r4, this.r5]) out.array(array);
  }

  /** Continues from what `writeState` wrote. */
  readState(input: SnapshotReader): void {
    this.tNow = input.f64();
    this.tStart = input.f64();
    this.hStep = input.f64();
    this.hDense = input.f64();
    this.lnFacOld = input.f64();
    this.attempts = input.f64();
    this.stiffSteps = input.f64();
    this.nonStiffSteps = input.f64();
    this.started = input.bool();
    this.needInitialStep = input.bool();
    this.counts.evaluations = input.f64();
    this.counts.accepted = input.f64();
    this.counts.rejected = input.f64();
    for (const array of [this.state, this.k1, this.r1, this.r2, this.r3, this.r4, this.r5])
      input.arrayInto(array);
  }

  private checkTime(time: number): number {
    const hd = this.hDense;
    const slack = STEP_ROUNDING * hd + 4 * Number.EPSILON * Math.abs(this.tNow);
    if (!(time >= this.tStart - slack && time <= this.tNow + slack)) {
      throw new RangeError(
        `DormandPrince: cannot interpolate at ${time}, outside the last step [${this.tStart}, ${this.tNow}]`,
      );
    }
    return hd;
  }

  private fixedStepTo(tEnd: number): number {
    if (this.attempts >= this.maxSteps) {
      throw new Error(`DormandPrince: step limit of ${this.maxSteps} steps exceeded at t = ${this.tNow}`);
    }
    this.attempts++;
    const t = this.tNow;
    const h0 = this.fixedStep;
    // Within a rounding error of tEnd counts as reaching it, so accumulated sums of h land exactly.
    const last = t + h0 * (1 + STEP_ROUNDING) >= tEnd;
    const h = last ? tEnd - t : h0;
    const tNew = last ? tEnd : t + h;
    this.stages(t, h, tNew);
    this.counts.accepted++;
    this.accept(t, h, tNew);
    return tNew;
  }

  /** Stages 2–7 from `t` with step `h`: the 5th-order solution in `next`, f at it in `k7`. */
  private stages(t: number, h: number, tNew: number): void {
    const n = this.dimension;
    const f = this.f;
    const y = this.state;
    const ys = this.stage;
    const yn = this.next;
    const k1 = this.k1;
    const k2 = this.k2;
    const k3 = this.k3;
    const k4 = this.k4;
    const k5 = this.k5;
    const k6 = this.k6;
    const k7 = this.k7;
    const ysAt = this.stageOffset;
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * (A21 * k1[i]!);
    f(t + C2 * h, ys, k2, ysAt, this.k2Offset);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
    f(t + C3 * h, ys, k3, ysAt, this.k3Offset);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    f(t + C4 * h, ys, k4, ysAt, this.k4Offset);
    for (let i = 0; i < n; i++) {
      ys[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    }
    f(t + C5 * h, ys, k5, ysAt, this.k5Offset);
    for (let i = 0; i < n; i++) {
      ys[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    }
    f(tNew, ys, k6, ysAt, this.k6Offset);
    for (let i = 0; i < n; i++) {
      yn[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
    }
    f(tNew, yn, k7, this.nextOffset, this.k7Offset);
    this.counts.evaluations += 6;
  }

  /**
   * One step of Hairer's stiffness test, after `stages`: h·|λ| estimated from the last two stages,
   * both at the step's end, as h·‖f(y₅) − f(y₆)‖ / ‖y₅ − y₆‖, beyond the stability region or not.
   */
  private testStiffness(h: number): void {
    const n = this.dimension;
    const ys = this.stage;
    const yn = this.next;
    const k6 = this.k6;
    const k7 = this.k7;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const df = k7[i]! - k6[i]!;
      const dy = yn[i]! - ys[i]!;
      num += df * df;
      den += dy * dy;
    }
    if (den > 0 && h * Math.sqrt(num / den) > STIFF_EDGE) {
      this.nonStiffSteps = 0;
      this.stiffSteps++;
    } else if (++this.nonStiffSteps >= NON_STIFF_STEPS) this.stiffSteps = 0;
  }

  /** RMS over components of the local error estimate scaled by `atol + rtol·max(|y|, |ynew|)`. */
  private errorNorm(h: number): number {
    const n = this.dimension;
    const rtol = this.rtol;
    const atol = this.atol;
    const y = this.state;
    const yn = this.next;
    const k1 = this.k1;
    const k3 = this.k3;
    const k4 = this.k4;
    const k5 = this.k5;
    const k6 = this.k6;
    const k7 = this.k7;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const a = Math.abs(y[i]!);
      const b = Math.abs(yn[i]!);
      const q = e / (atol + rtol * Math.max(a, b));
      sum += q * q;
    }
    return Math.sqrt(sum / n);
  }

  /** Commits the step: dense-output coefficients, the new state, and FSAL (k7 becomes k1). */
  private accept(t: number, h: number, tNew: number): void {
    const n = this.dimension;
    const y = this.state;
    const yn = this.next;
    const k1 = this.k1;
    const k3 = this.k3;
    const k4 = this.k4;
    const k5 = this.k5;
    const k6 = this.k6;
    const k7 = this.k7;
    const r1 = this.r1;
    const r2 = this.r2;
    const r3 = this.r3;
    const r4 = this.r4;
    const r5 = this.r5;
    for (let i = 0; i < n; i++) {
      const y0 = y[i]!;
      const y1 = yn[i]!;
      const f0 = k1[i]!;
      const f1 = k7[i]!;
      const diff = y1 - y0;
      const bspl = h * f0 - diff;
      r1[i] = y0;
      r2[i] = diff;
      r3[i] = bspl;
      r4[i] = diff - h * f1 - bspl;
      r5[i] = h * (D1 * f0 + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * f1);
      y[i] = y1;
      k1[i] = f1;
    }
    this.tStart = t;
    this.tNow = tNew;
    this.hDense = tNew - t;
  }

  /**
   * Hairer's `hinit`: a first step from the sizes of y, f and an estimate of the second derivative.
   * Its norms are sums of squares, as in Hairer's code, while those are finite; a square that
   * overflows (a rate beyond about 1e154 of its tolerance: births of 1e160 a day) has them taken
   * scaled instead (`scaledNorm`), not an infinite ‖f‖ that made the first step 0.
   */
  private chooseInitialStep(hMax: number): number {
    const n = this.dimension;
    const rtol = this.rtol;
    const atol = this.atol;
    const y = this.state;
    const f0 = this.k1;
    const ys = this.stage;
    const f1 = this.k2;
    let dnf = 0;
    let dny = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.abs(y[i]!);
      const a = f0[i]! / sk;
      const b = y[i]! / sk;
      dnf += a * a;
      dny += b * b;
    }
    const overflowed = dnf === Number.POSITIVE_INFINITY || dny === Number.POSITIVE_INFINITY;
    const scale = (i: number) => atol + rtol * Math.abs(y[i]!);
    // ‖f‖ and ‖y‖ / ‖f‖, the plain way unless a sum of squares overflowed.
    const normF = overflowed ? scaledNorm(n, (i) => f0[i]! / scale(i)) : Math.sqrt(dnf);
    const ratio = overflowed ? scaledNorm(n, (i) => y[i]! / scale(i)) / normF : Math.sqrt(dny / dnf);
    let h = dnf <= HINIT_TINY_NORM || dny <= HINIT_TINY_NORM ? HINIT_FALLBACK : ratio * HINIT_SHARE;
    if (h > hMax) h = hMax;
    for (let i = 0; i < n; i++) ys[i] = y[i]! + h * f0[i]!;
    this.f(this.tNow + h, ys, f1, this.stageOffset, this.k2Offset);
    this.counts.evaluations++;
    let der2 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.abs(y[i]!);
      const d = (f1[i]! - f0[i]!) / sk;
      der2 += d * d;
    }
    der2 =
      (der2 === Number.POSITIVE_INFINITY
        ? scaledNorm(n, (i) => (f1[i]! - f0[i]!) / scale(i))
        : Math.sqrt(der2)) / h;
    const der12 = Math.max(der2, normF);
    // The step whose local error, of order 5, would be HINIT_SHARE.
    const h1 =
      der12 <= HINIT_TINY_DERIVATIVE
        ? Math.max(HINIT_FALLBACK, h * HINIT_SHRINK)
        : (HINIT_SHARE / der12) ** (1 / 5);
    return Math.min(HINIT_GROWTH * h, h1, hMax);
  }
}

/**
 * √(Σ q(i)²) over i < n without overflow: each q(i) divided by the largest |q(i)| before it is
 * squared. (Infinite or NaN values give an infinite or NaN norm, as the plain sum does.)
 */
function scaledNorm(n: number, q: (i: number) => number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(q(i));
    if (!(v <= largest)) largest = v;
  }
  if (largest === 0 || !(largest < Number.POSITIVE_INFINITY)) return largest;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = q(i) / largest;
    sum += v * v;
  }
  return largest * Math.sqrt(sum);
}
