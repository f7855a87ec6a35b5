import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import type { Network } from '../../model/network.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';
import { stochasticPropensity } from '../../model/rates.js';
import {
  closurePropensity,
  FACTORS,
  type PropensityPlan,
  propensityPlan,
} from '../stochastic/propensity-plan.js';

/**
 * The reaction propensities of one cell at a time, read through the SSA's propensity plan
 * (`stochastic/propensity-plan.ts`): laws of product form, such as mass action or k·S·Z/N, are a
 * coefficient times a product of 4 factors taken from `y` (the cell's counts, then its N, 1/N and
 * the constant 1) with no closure call; `bite` and `kill` at β·S·Z/N and κ·S·Z/N share one product.
 * Any other law goes through the network's compiled closure, on the same `y`.
 *
 * N is the cell's own total (of the compartments the network's N sums). In a cell with nobody in
 * it 1/N is taken as 0, not ∞: an empty cell has no reactions that divide by N.
 */
export class CellReactions {
  readonly plan: PropensityPlan;
  /** Scratch: the loaded cell's counts, then N, 1/N and 1. */
  readonly y: Float64Array;
  /** The run's parameters (shared with the engine, which changes them). */
  readonly params: Float64Array;
  /** Per reaction: the coefficient cⱼ of its product (1 for a law evaluated as a closure). */
  readonly coefficient: Float64Array;
  /** Per group: Σ cⱼ over its reactions. */
  readonly groupCoefficient: Float64Array;
  /** Per group: the product of the loaded cell, set by {@link total}. */
  readonly product: Float64Array;
  private readonly network: Network;

  constructor(network: Network, params: Float64Array) {
    this.network = network;
    this.plan = propensityPlan(network);
    this.params = params;
    const { n, m, g } = this.plan;
    this.y = new Float64Array(n + 3);
    this.y[n + 2] = 1;
    this.coefficient = new Float64Array(m);
    this.groupCoefficient = new Float64Array(g);
    this.product = new Float64Array(g);
  }

  /**
   * Recomputes the coefficients from the parameters (at the start, and after an event or a
   * control changed them, at time t). One that is NaN, infinite or negative fails the run.
   */
  refreshCoefficients(t: number): void {
    const { plan, coefficient, groupCoefficient } = this;
    for (let j = 0; j < plan.m; j++) {
      const fn = plan.coefficientFns[j];
      const value = fn === undefined ? 1 : fn(this.y, this.params, t) * plan.scale[j]!;
      if (!isGoodRate(value)) {
        const full = stochasticPropensity(this.network, j, this.y, this.params, t);
        throw rateFailure(this.network, j, this.y, this.params, t, isGoodRate(full) ? value : full);
      }
      coefficient[j] = value;
    }
    for (let k = 0; k < plan.g; k++) {
      let sum = 0;
      for (let r = plan.memberStart[k]!; r < plan.memberStart[k + 1]!; r++)
        sum += coefficient[plan.memberIndex[r]!]!;
      groupCoefficient[k] = sum;
    }
  }

  /** Loads the counts of the cell whose first compartment is `x[base]` into `y`, with its N and 1/N. */
  load(x: Float64Array, base: number): void {
    const { y } = this;
    const { n, sumMember } = this.plan;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = x[base + i]!;
      y[i] = value;
      if (sumMember[i] === 1) sum += value;
    }
    y[n] = sum;
    y[n + 1] = sum > 0 ? 1 / sum : 0;
  }

  /**
   * The loaded cell's total reaction propensity at time t; each group's product is left in
   * `product`, so that {@link propensity} reads each reaction's share.
   */
  total(t: number): number {
    const { y, product, groupCoefficient } = this;
    const { g, groupFast, factorIndex: index, factorOffset: offset, memberIndex, memberStart } = this.plan;
    let total = 0;
    for (let k = 0; k < g; k++) {
      let value: number;
      if (groupFast[k] === 1) {
        const f = k * FACTORS;
        value =
          (y[index[f]!]! - offset[f]!) *
          (y[index[f + 1]!]! - offset[f + 1]!) *
          (y[index[f + 2]!]! - offset[f + 2]!) *
          (y[index[f + 3]!]! - offset[f + 3]!);
        if (!(value < Number.POSITIVE_INFINITY)) this.fail(t);
      } else value = closurePropensity(this.plan, memberIndex[memberStart[k]!]!, this.y, this.params, t);
      product[k] = value;
      total += groupCoefficient[k]! * value;
    }
    return total;
  }

  /** Reaction j's propensity in the loaded cell, after {@link total}. */
  propensity(j: number): number {
    return this.coefficient[j]! * this.product[this.plan.groupOf[j]!]!;
  }

  /**
   * The reaction in whose share of the loaded cell's reaction propensity (after {@link total}) u
   * falls, u in [0, total); rounding that carries u past the last falls back on the last with a
   * positive propensity (−1 if none has one).
   */
  pick(u: number): number {
    let chosen = -1;
    for (let j = 0; j < this.plan.m; j++) {
      const a = this.propensity(j);
      if (a > 0) {
        chosen = j;
        if (u < a) break;
        u -= a;
      }
    }
    return chosen;
  }

  /** Fails the run: a product of counts overflowed in the loaded cell at time t. */
  private fail(t: number): never {
    const net = this.network;
    for (let j = 0; j < this.plan.m; j++) {
      const value = stochasticPropensity(net, j, this.y, this.params, t);
      if (!isGoodRate(value)) throw rateFailure(net, j, this.y, this.params, t, value);
    }
    throw new RuntimeFailure(`a cell's reaction rates overflow at t = ${formatValue(t)}`);
  }
}
