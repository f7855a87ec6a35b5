import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';
import { stochasticPropensity } from '../../model/rates.js';
import { closurePropensity, FACTORS, type PropensityPlan } from './propensity-plan.js';

/**
 * The state, parameters and propensities of a stochastic run, as typed arrays that the kernels
 * read directly.
 *
 * `y` holds the n counts, then the sum N of the compartments that the rate laws divide by (if
 * any), then 1/N, then the constant 1. A product-form propensity is cⱼ · Π (y[index] − offset)
 * over exactly `FACTORS` factors, padded with the constant: C(X, 2) = X(X−1)/2 is the
 * factors (X, 0), (X, 1) with 1/2 in cⱼ, and `/ N` is the factor (n + 1, 0).
 *
 * Reactions whose factors are the same form a group, whose product P is computed once: `bite`
 * (beta·S·Z/N) and `kill` (kappa·S·Z/N) share P = S·Z/N, so aⱼ = cⱼ·P and the group's weight is
 * (Σ cⱼ)·P. A reaction that is not of product form, or that needs a guard, is a group of its own
 * with cⱼ = 1 and P its propensity, evaluated by {@link propensity}.
 */
export class PropensityTable {
  /** Counts, then N, then 1/N, then 1. */
  readonly y: Float64Array;
  /** Parameter values; events change them. */
  readonly params: Float64Array;
  /** Propensity of each reaction, cⱼ·P of its group (kept by the kernels that need it). */
  readonly a: Float64Array;
  /** Coefficient cⱼ of each reaction: parameter part times 1/Π nᵢ! for mass action; 1 if slow. */
  readonly coefficient: Float64Array;
  /** Σ cⱼ over a group's reactions. */
  readonly groupCoefficient: Float64Array;
  /** The last reaction of a group with cⱼ > 0 (−1 if none): where a search that overshoots by rounding stops. */
  readonly groupLast: Int32Array;
  /** Current product P of each group, never negative. */
  readonly product: Float64Array;
  /** Current weight (Σ cⱼ)·P of each group. */
  readonly weight: Float64Array;
  /** The static tables this state is read through, shared by every run of the scenario. */
  readonly plan: PropensityPlan;

  /** Fresh state for one run over `plan`, starting from the counts `initial`. */
  constructor(plan: PropensityPlan, initial: Float64Array) {
    this.plan = plan;
    this.y = new Float64Array(plan.n + 3);
    this.y.set(initial);
    this.y[plan.n + 2] = 1;
    this.params = plan.network.parameters.slice();
    this.a = new Float64Array(plan.m);
    this.coefficient = new Float64Array(plan.m);
    this.groupCoefficient = new Float64Array(plan.g);
    this.groupLast = new Int32Array(plan.g);
    this.product = new Float64Array(plan.g);
    this.weight = new Float64Array(plan.g);
    this.refreshSum();
    this.refreshCoefficients();
  }

  /**
   * Fires reaction j once at time t: its changes to the counts, and to N and 1/N; a count that
   * falls to 0 records t in `extinct` (so the last such time is kept: see `MilestoneWatch`).
   * Kernels call it in their loops.
   */
  fire(j: number, t: number, extinct: Float64Array): void {
    const { y } = this;
    const { n } = this.plan;
    const { changeStart, changeIndex, changeAmount } = this.plan.network;
    for (let k = changeStart[j]!, end = changeStart[j + 1]!; k < end; k++) {
      const i = changeIndex[k]!;
      const value = y[i]! + changeAmount[k]!;
      y[i] = value;
      if (value === 0) extinct[i] = t;
    }
    if (this.plan.hasSum && this.plan.sumChange[j] !== 0) {
      const sum = y[n]! + this.plan.sumChange[j]!;
      y[n] = sum;
      y[n + 1] = 1 / sum;
    }
  }

  /**
   * Recomputes group k's product P (and weight (Σ cⱼ)·P) at time t, and returns P: inline
   * arithmetic on the fixed-width factors for a fast group, the rate law otherwise.
   */
  updateGroup(k: number, t: number): number {
    let value: number;
    if (this.plan.groupFast[k] === 1) {
      const { y } = this;
      const { factorIndex: index, factorOffset: offset } = this.plan;
      const f = k * FACTORS;
      // Counts are never negative, so a product of factors is ≥ 0 unless it is NaN or infinite.
      value =
        (y[index[f]!]! - offset[f]!) *
        (y[index[f + 1]!]! - offset[f + 1]!) *
        (y[index[f + 2]!]! - offset[f + 2]!) *
        (y[index[f + 3]!]! - offset[f + 3]!);
      if (!(value < Number.POSITIVE_INFINITY)) this.fail(t);
    } else value = this.propensity(this.plan.memberIndex[this.plan.memberStart[k]!]!, t);
    this.product[k] = value;
    this.weight[k] = this.groupCoefficient[k]! * value;
    return value;
  }

  /** Recomputes N and 1/N from the counts, after an event changed them. */
  refreshSum(): void {
    const { y } = this;
    const { n, sumMember } = this.plan;
    let total = 0;
    for (let i = 0; i < n; i++) if (sumMember[i] === 1) total += y[i]!;
    y[n] = total;
    y[n + 1] = 1 / total;
  }

  /**
   * Recomputes the coefficients cⱼ and their group sums from the parameters, after an event at
   * time t changed them. A coefficient that is NaN, infinite or negative fails the run.
   */
  refreshCoefficients(t = 0): void {
    for (let j = 0; j < this.plan.m; j++) {
      const fn = this.plan.coefficientFns[j];
      const value = fn === undefined ? 1 : fn(this.y, this.params, 0) * this.plan.scale[j]!;
      if (!isGoodRate(value)) this.failCoefficient(j, value, t);
      this.coefficient[j] = value;
    }
    for (let k = 0; k < this.plan.g; k++) {
      let sum = 0;
      let last = -1;
      for (let r = this.plan.memberStart[k]!; r < this.plan.memberStart[k + 1]!; r++) {
        const j = this.plan.memberIndex[r]!;
        sum += this.coefficient[j]!;
        if (this.coefficient[j]! > 0) last = j;
      }
      this.groupCoefficient[k] = sum;
      this.groupLast[k] = last;
    }
  }

  /**
   * Recomputes the coefficients from the parameters and checks the rates that are not of product
   * form at time t, throwing the failure of the first bad one, before a change of parameters is
   * let stand.
   */
  checkRates(t: number): void {
    this.refreshCoefficients(t);
    for (let j = 0; j < this.plan.m; j++)
      if (this.plan.coefficientFns[j] === undefined) this.propensity(j, t);
  }

  /** Recomputes every group and every reaction's propensity; returns the total. */
  computeAll(t: number): number {
    let total = 0;
    for (let k = 0; k < this.plan.g; k++) {
      this.updateGroup(k, t);
      total += this.weight[k]!;
    }
    for (let j = 0; j < this.plan.m; j++)
      this.a[j] = this.coefficient[j]! * this.product[this.plan.groupOf[j]!]!;
    return total;
  }

  /**
   * The propensity of a reaction that is not of product form or needs a guard (0 while its
   * reactants are too few). A value that is NaN, infinite or negative fails the run.
   */
  propensity(j: number, t: number): number {
    return closurePropensity(this.plan, j, this.y, this.params, t);
  }

  /**
   * Fails the run at time t because a propensity, or their total, is NaN, infinite or negative:
   * finds the reaction to blame and throws its `rateFailure`, or says that the total overflows.
   * Out of line, so the kernels' loops keep `t` unboxed.
   */
  fail(t: number): never {
    const net = this.plan.network;
    for (let j = 0; j < this.plan.m; j++) {
      const fn = this.plan.coefficientFns[j];
      if (fn !== undefined) {
        const value = fn(this.y, this.params, t) * this.plan.scale[j]!;
        if (!isGoodRate(value)) this.failCoefficient(j, value, t);
      }
      this.propensity(j, t);
    }
    throw new RuntimeFailure(
      `the reactions' total rate overflows at t = ${formatValue(t)} (${stateText(net.compartments, this.y)}): ` +
        'the counts or rate constants are too large to simulate event by event; try --engine ode',
    );
  }

  /** Fails the run because reaction j's rate constant (its parameter part) became bad, as an event may make it. */
  private failCoefficient(j: number, value: number, t: number): never {
    const net = this.plan.network;
    const full = stochasticPropensity(net, j, this.y, this.params, t);
    throw rateFailure(net, j, this.y, this.params, t, isGoodRate(full) ? value : full);
  }
}

/** `S = 500, Z = 1, R = 0`: the counts, for messages. */
export function stateText(compartments: readonly string[], y: Float64Array): string {
  return compartments.map((name, i) => `${name} = ${formatValue(y[i]!)}`).join(', ');
}
