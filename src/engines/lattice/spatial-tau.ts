import { binomial, poisson } from '../../core/distributions.js';
import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import type { Network } from '../../model/network.js';
import type { CompiledLattice } from '../../scenario/compiled-lattice.js';
import { EVENT_LIMIT, REACHED } from '../stochastic/kernel.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';
import { CONDITION_TURNED, LatticeState } from './lattice-state.js';

/**
 * The lattice's fast method: spatial tau-leaping by operator splitting. Each leap of length τ
 * first fires, in every cell, each reaction (and each contact across a bond) a Poisson number of
 * times with the mean its propensity at the leap's start gives, then moves individuals: of the
 * x_c individuals of a moving compartment in a cell after the reactions, Binomial(x_c, 1 − e^{−r·d·τ})
 * leave (r its hop rate, d the cell's open bonds), spread over the open bonds binomially in
 * proportion to their weights (equal, or a lure's). Hops land after every cell has moved, so
 * the order of cells does not matter for them.
 *
 * Error control, after Cao, Gillespie and Petzold (2006) applied cell by cell: τ is the largest
 * step for which, in every cell, the expected change of each count and its standard deviation stay
 * below max(ε·x/g, 1), where g is the order of the highest-order reaction that count takes part in
 * (so the relative change of a propensity stays about ε or below) and the change counts the
 * cell's reactions, its own contacts across bonds, and hops out and in. Unlike the SSA's
 * tau-leaping there are no exact steps for reactions near running out: a reaction fires at most
 * as often as its reactants allow (the draw is capped), which biases only a cell about to empty.
 *
 * Arrival and extinction times are the ends of the leaps in which they happened.
 *
 * Leaps end at the boundaries the engine gives (events, outputs), never beyond, and a leap that
 * would end after a stop inside it is not taken (nothing drawn) until a later call reaches its
 * end: where `advanceTo` stops does not change the leaps. `settle` ends a leap early where the
 * engine needs the state at a time of its choosing (a control).
 *
 * One τ serves the whole map, so one stiff cell (a few zombies among 300,000 people, as Alemi's
 * lower Manhattan at the start) makes every leap short: the method pays on maps of many large,
 * alike cells (W1 with 10⁴ people a cell: about 20 times faster than the exact method), not there.
 */
export class SpatialTau extends LatticeState {
  /** The end of the last leap: the time of the counts (≤ t). */
  private stateTime = 0;
  private readonly epsilon: number;
  /** The counts at the leap's start, from which its propensities are computed. */
  private readonly start: Float64Array;
  /** Hops into each cell and compartment during a leap, added once every cell has moved. */
  private readonly inflow: Float64Array;
  /** Per compartment: g, the highest order of a reaction it is a reactant of (1 if none). */
  private readonly order: Float64Array;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  /** Per compartment, its total before a leap (for extinction times). */
  private readonly before: Float64Array;

  constructor(
    network: Network,
    lattice: CompiledLattice,
    grid: LatticeGrid,
    stream: Stream,
    attacker: number,
    extinct: Float64Array,
  ) {
    super(network, lattice, grid, stream, attacker, extinct);
    this.epsilon = lattice.epsilon;
    this.start = new Float64Array(this.x.length);
    this.inflow = new Float64Array(this.x.length);
    const n = this.n;
    this.order = new Float64Array(n).fill(1);
    for (let j = 0; j < network.reactionNames.length; j++) {
      let total = 0;
      for (let r = network.reactantStart[j]!; r < network.reactantStart[j + 1]!; r++)
        total += network.reactantCount[r]!;
      for (let r = network.reactantStart[j]!; r < network.reactantStart[j + 1]!; r++) {
        const i = network.reactantIndex[r]!;
        this.order[i] = Math.max(this.order[i]!, total);
      }
    }
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.before = new Float64Array(n);
  }

  resetAll(t: number): void {
    this.t = t;
    this.stateTime = t;
    this.refreshState(t);
  }

  override needsSettling(): boolean {
    return this.stateTime < this.t;
  }

  /** Brings the counts to time t (≥ the last leap's end) with one shortened leap. */
  override settle(t: number): void {
    if (t > this.stateTime) {
      this.leap(this.stateTime, t);
      this.stateTime = t;
    }
  }

  run(tStop: number, maxEvents: number, boundary: number): number {
    const limit = this.events + maxEvents;
    let reason = REACHED;
    for (;;) {
      const from = this.stateTime;
      const end = Math.min(from + this.stepSize(from), boundary);
      if (end === from && from < tStop)
        throw new RuntimeFailure(
          `the lattice's fast method cannot step on from t = ${formatValue(from)}: its leaps are shorter than ` +
            'the time resolution there (rates too high); use the exact method or a smaller --until',
        );
      if (!(end <= tStop && end > from && end < Number.POSITIVE_INFINITY)) break;
      this.leap(from, end);
      this.stateTime = end;
      if (this.watch.watching && this.watch.turnsOn(end)) {
        reason = CONDITION_TURNED;
        break;
      }
      if (this.events >= limit) {
        reason = EVENT_LIMIT;
        break;
      }
    }
    this.t = reason === REACHED ? tStop : this.stateTime;
    return reason;
  }

  /** The leap from the counts at t: the largest τ the error control allows (∞ if nothing can happen). */
  private stepSize(t: number): number {
    const { n, x, reactions, bonds, movers, move, grid, mean, variance, order, epsilon } = this;
    const { changeStart, changeIndex, changeAmount } = this.network;
    const m = reactions.plan.m;
    const b = bonds.count;
    let tau = Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.cells; k++) {
      const base = k * n;
      mean.fill(0);
      variance.fill(0);
      reactions.load(x, base);
      if (reactions.total(t) > 0) {
        for (let j = 0; j < m; j++) {
          const a = reactions.propensity(j);
          if (a === 0) continue;
          for (let e = changeStart[j]!; e < changeStart[j + 1]!; e++) {
            const c = changeIndex[e]!;
            const v = changeAmount[e]!;
            mean[c]! += v * a;
            variance[c]! += v * v * a;
          }
        }
      }
      for (let r = 0; r < b; r++) {
        const a = bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
        if (a === 0) continue;
        for (let c = 0; c < n; c++) {
          const v = bonds.ownerChange[r * n + c]!;
          mean[c]! += v * a;
          variance[c]! += v * v * a;
        }
      }
      for (let i = 0; i < movers.length; i++) {
        const c = movers[i]!;
        let flow = x[base + c]! * move[c]! * grid.degree[k]!;
        mean[c]! -= flow;
        for (let d = 0; d < DIRECTIONS; d++) {
          const j = grid.link[k * DIRECTIONS + d]!;
          if (j >= 0) {
            const inward = x[j * n + c]! * move[c]!;
            mean[c]! += inward;
            flow += inward;
          }
        }
        variance[c]! += flow;
      }
      for (let c = 0; c < n; c++) {
        const bound = Math.max((epsilon * x[base + c]!) / order[c]!, 1);
        const drift = Math.abs(mean[c]!);
        if (drift > 0) tau = Math.min(tau, bound / drift);
        if (variance[c]! > 0) tau = Math.min(tau, (bound * bound) / variance[c]!);
      }
    }
    return tau;
  }

  /** One leap from `from` to `to`: reactions and contacts in every cell, then hops. */
  private leap(from: number, to: number): void {
    const tau = to - from;
    const { n, x, start, inflow, reactions, bonds, movers, move, grid, stream, totals, before } = this;
    const { reactantStart, reactantIndex, reactantCount, changeStart, changeIndex, changeAmount } =
      this.network;
    const m = reactions.plan.m;
    const b = bonds.count;
    start.set(x);
    inflow.fill(0);
    before.set(totals);
    let events = 0;
    for (let k = 0; k < this.cells; k++) {
      const base = k * n;
      reactions.load(start, base);
      if (reactions.total(from) > 0) {
        for (let j = 0; j < m; j++) {
          const a = reactions.propensity(j);
          if (a === 0) continue;
          let fired = poisson(stream, a * tau);
          for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++)
            fired = Math.min(fired, Math.floor(x[base + reactantIndex[r]!]! / reactantCount[r]!));
          if (fired <= 0) continue;
          for (let e = changeStart[j]!; e < changeStart[j + 1]!; e++)
            x[base + changeIndex[e]!]! += fired * changeAmount[e]!;
          events += fired;
        }
      }
      for (let r = 0; r < b; r++) {
        const weight = this.bondSum[k * b + r]!;
        const a = bonds.rate[r]! * start[base + bonds.first[r]!]! * weight;
        if (a === 0) continue;
        let left = poisson(stream, a * tau);
        let rest = weight;
        for (let d = 0; d < DIRECTIONS && left > 0; d++) {
          const j = grid.link[k * DIRECTIONS + d]!;
          if (j < 0) continue;
          const w = start[j * n + bonds.second[r]!]!;
          if (w === 0) continue;
          const share = w >= rest ? left : binomial(stream, left, w / rest);
          left -= share;
          rest -= w;
          const fired = Math.min(share, x[base + bonds.first[r]!]!, x[j * n + bonds.second[r]!]!);
          if (fired <= 0) continue;
          for (let c = 0; c < n; c++) {
            x[base + c]! += fired * bonds.ownerChange[r * n + c]!;
            x[j * n + c]! += fired * bonds.otherChange[r * n + c]!;
          }
          events += fired;
        }
      }
    }
    for (let k = 0; k < this.cells; k++) {
      const base = k * n;
      const degree = grid.degree[k]!;
      for (let i = 0; i < movers.length; i++) {
        const c = movers[i]!;
        const count = x[base + c]!;
        if (count === 0 || degree === 0) continue;
        let left = binomial(stream, count, -Math.expm1(-move[c]! * degree * tau));
        if (left === 0) continue;
        x[base + c]! -= left;
        events += left;
        const weights = this.lure[c];
        let rest = degree;
        let last = -1;
        for (let d = 0; d < DIRECTIONS && left > 0; d++) {
          const j = grid.link[k * DIRECTIONS + d]!;
          if (j < 0) continue;
          const w = weights === undefined ? 1 : weights[k * DIRECTIONS + d]!;
          if (w <= 0) continue;
          last = j;
          const share = w >= rest ? left : binomial(stream, left, w / rest);
          inflow[j * n + c]! += share;
          left -= share;
          rest -= w;
        }
        // What rounding of the weights left over goes the last way open.
        if (left > 0) inflow[last * n + c]! += left;
      }
    }
    for (let i = 0; i < x.length; i++) x[i]! += inflow[i]!;
    this.events += events;
    this.refreshState(to);
    for (let c = 0; c < n; c++)
      if (totals[c] === 0 && before[c]! > 0 && Number.isNaN(this.extinct[c]!)) this.extinct[c] = to;
  }

  write(out: SnapshotWriter): void {
    this.writeState(out);
    out.f64(this.stateTime);
  }

  read(from: SnapshotReader, lureWeights: (c: number) => Float64Array): void {
    this.readState(from, lureWeights);
    this.stateTime = from.f64();
  }
}
