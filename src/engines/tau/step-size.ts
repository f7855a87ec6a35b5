import type { Network } from '../../model/network.js';
import { reactantOrders } from '../../model/reactant-orders.js';

/** n_c of Cao et al.: a reaction this few firings from running a reactant out is critical. */
const CRITICAL_FIRINGS = 10;

/**
 * The step-size rule of Cao, Gillespie and Petzold, "Efficient step size selection for the
 * tau-leaping simulation method", J. Chem. Phys. 124, 044109 (2006): the largest τ for which
 * the expected relative change of every propensity stays below ε, bounded through the mean and
 * variance of each reactant species' change over the non-critical reactions (their eq. 33).
 * A reaction is critical when it could run its reactants out in fewer than `criticalFirings`
 * firings; the leap treats those exactly.
 */
export class StepSize {
  /** ε: the bound on the relative change of a propensity in one leap. */
  readonly epsilon: number;
  /** n_c: fewer firings than this left before a reactant runs out makes a reaction critical. */
  readonly criticalFirings: number;
  /** 1 where reaction j is critical in the current state (written by {@link classify}). */
  readonly critical: Uint8Array;
  private readonly net: Network;
  /** The species that are reactants of some reaction, and their highest reaction order. */
  private readonly reactants: Int32Array;
  private readonly order: Int32Array;
  /** How many molecules of the species that highest-order reaction takes (1, 2 or 3). */
  private readonly molecules: Int32Array;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;

  constructor(net: Network, epsilon: number, criticalFirings = CRITICAL_FIRINGS) {
    this.net = net;
    this.epsilon = epsilon;
    this.criticalFirings = criticalFirings;
    const n = net.compartments.length;
    const m = net.reactionNames.length;
    this.critical = new Uint8Array(m);
    const { order, molecules } = reactantOrders(net);
    this.reactants = Int32Array.from([...order.keys()].filter((i) => order[i]! > 0));
    this.order = order;
    this.molecules = molecules;
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n);
  }

  /**
   * Marks the critical reactions for counts `y` and propensities `a`: those with a > 0 that
   * consume a species of which fewer than n_c firings' worth is left. Returns the sum of their
   * propensities.
   */
  classify(y: Float64Array, a: Float64Array): number {
    const net = this.net;
    let criticalTotal = 0;
    for (let j = 0; j < a.length; j++) {
      let firings = Number.POSITIVE_INFINITY;
      if (a[j]! > 0) {
        for (let k = net.changeStart[j]!; k < net.changeStart[j + 1]!; k++) {
          const amount = net.changeAmount[k]!;
          if (amount < 0) firings = Math.min(firings, Math.floor(y[net.changeIndex[k]!]! / -amount));
        }
      }
      const critical = firings < this.criticalFirings ? 1 : 0;
      this.critical[j] = critical;
      if (critical === 1) criticalTotal += a[j]!;
    }
    return criticalTotal;
  }

  /** τ′ of eq. (33) over the non-critical reactions, after {@link classify}; Infinity if none. */
  select(y: Float64Array, a: Float64Array): number {
    const { net, mean, variance, epsilon } = this;
    mean.fill(0);
    variance.fill(0);
    for (let j = 0; j < a.length; j++) {
      if (this.critical[j] === 1) continue;
      const rate = a[j]!;
      for (let k = net.changeStart[j]!; k < net.changeStart[j + 1]!; k++) {
        const i = net.changeIndex[k]!;
        const amount = net.changeAmount[k]!;
        mean[i]! += amount * rate;
        variance[i]! += amount * amount * rate;
      }
    }
    let tau = Number.POSITIVE_INFINITY;
    for (let r = 0; r < this.reactants.length; r++) {
      const i = this.reactants[r]!;
      const bound = Math.max((epsilon * y[i]!) / this.g(i, y[i]!), 1);
      const drift = Math.abs(mean[i]!);
      if (drift > 0) tau = Math.min(tau, bound / drift);
      if (variance[i]! > 0) tau = Math.min(tau, (bound * bound) / variance[i]!);
    }
    return tau;
  }

  /** gᵢ of Cao et al.: how much faster than xᵢ a propensity of i's highest-order reaction can change. */
  private g(i: number, x: number): number {
    const order = this.order[i]!;
    const molecules = this.molecules[i]!;
    if (order === 2 && molecules === 2) return 2 + 1 / (x - 1);
    if (order === 3 && molecules === 2) return 1.5 * (2 + 1 / (x - 1));
    if (order === 3 && molecules === 3) return 3 + 1 / (x - 1) + 2 / (x - 2);
    return order;
  }
}
