import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import type { Network } from '../../model/network.js';
import type { CompiledLattice } from '../../scenario/compiled-lattice.js';
import { Arena } from './arena.js';
import { BondReactions } from './bond-reactions.js';
import { CellReactions } from './cell-reactions.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';

/** The compartments that move (a hop rate above 0), in order. */
export function moversOf(lattice: CompiledLattice): Int32Array {
  return Int32Array.from(Array.from(lattice.move).flatMap((rate, c) => (rate > 0 ? [c] : [])));
}

/** `run` stopped after an event that made a watched condition true. */
export const CONDITION_TURNED = 1;

/** Asked after each event whether a conditional event turned on (see `LatticeEvents`). */
export interface ConditionWatch {
  readonly watching: boolean;
  turnsOn(t: number): boolean;
}

/**
 * The state of a lattice run that both of its methods share, and what they compute alike: counts
 * cell-major (`x[k · n + c]`), totals over cells kept incrementally, parameters, the sums over
 * each cell's open bonds of its neighbours' counts that contacts across bonds read, lures,
 * arrival times, and each cell's total propensity (`cellRate`). A method (`NextSubvolume`,
 * `SpatialTau`) adds how time moves: `resetAll` after a jump and `run` up to a time.
 * Typed arrays, allocated once.
 */
export abstract class LatticeState {
  /** The time the engine is at. */
  t = 0;
  /** Reactions (in cells and across bonds) and hops so far. */
  events = 0;
  readonly n: number;
  readonly cells: number;
  /** Counts, cell-major. */
  readonly x: Float64Array;
  /** Per compartment, the total over cells. */
  readonly totals: Float64Array;
  /** The run's parameters. */
  readonly params: Float64Array;
  readonly grid: LatticeGrid;
  readonly reactions: CellReactions;
  readonly bonds: BondReactions;
  /** Per cell and coupled reaction, `k · bonds.count + r`: Σ over k's open bonds of the neighbour's B. */
  readonly bondSum: Float64Array;
  /** Per compartment, its hop rate to each open neighbour. */
  readonly move: Float64Array;
  /** The compartments that move. */
  readonly movers: Int32Array;
  /** Per compartment: its lure's direction weights while one is active, else undefined (uniform). */
  readonly lure: (Float64Array | undefined)[];
  /** The compartment whose arrival is timed (−1: none). */
  readonly attacker: number;
  /** Per cell: when the attacker was first present there; NaN: never. */
  readonly arrival: Float64Array;
  /** Per compartment: when its total last fell to 0 through an event of the kernel (see `MilestoneWatch`). */
  readonly extinct: Float64Array;
  protected readonly stream: Stream;
  protected readonly network: Network;
  protected watch: ConditionWatch = { watching: false, turnsOn: () => false };
  /** The reactions' share (in the cell, not across bonds) of the total that `cellRate` last returned. */
  protected lastInCellRate = 0;

  constructor(
    network: Network,
    lattice: CompiledLattice,
    grid: LatticeGrid,
    stream: Stream,
    attacker: number,
    extinct: Float64Array,
    arena = new Arena(),
  ) {
    this.network = network;
    this.grid = grid;
    this.stream = stream;
    this.n = network.compartments.length;
    this.cells = grid.cells;
    this.x = arena.f64(lattice.initial.length);
    this.x.set(lattice.initial);
    this.totals = new Float64Array(this.n);
    this.params = network.parameters.slice();
    this.reactions = new CellReactions(network, this.params);
    this.bonds = new BondReactions(network, lattice.coupling);
    this.bondSum = new Float64Array(this.cells * this.bonds.count);
    this.move = Float64Array.from(lattice.move);
    this.movers = moversOf(lattice);
    this.lure = network.compartments.map(() => undefined);
    this.attacker = attacker;
    this.arrival = arena.f64(this.cells).fill(Number.NaN);
    this.extinct = extinct;
  }

  /** Who is asked after each event (or leap) whether a conditional event turned on. */
  watchConditions(watch: ConditionWatch): void {
    this.watch = watch;
  }

  /**
   * After counts, parameters or bonds changed outside the kernel (at the start, a scenario event,
   * a spatial event, a control), at time t: the state is at t and every rate is recomputed.
   */
  /** Marks cell k: its rate must be worked out again once the event or leap is applied. */
  protected abstract mark(k: number): void;

  /**
   * Compartment c of cell k changed by delta: the bond sums of its neighbours that read c follow,
   * and each neighbour is marked.
   */
  protected neighboursRead(k: number, c: number, delta: number): void {
    if (this.bonds.readByNeighbours[c] === 0) return;
    const { grid, bonds, bondSum } = this;
    const b = bonds.count;
    for (let d = 0; d < DIRECTIONS; d++) {
      const j = grid.link[k * DIRECTIONS + d]!;
      if (j < 0) continue;
      for (let r = 0; r < b; r++) if (bonds.second[r] === c) bondSum[j * b + r]! += delta;
      this.mark(j);
    }
  }

  /** The neighbour of cell k that a contact of bond reaction r reaches, drawn in proportion to its count of r's second reactant. */
  protected contactPartner(k: number, r: number): number {
    const { n, x, grid, bonds } = this;
    const second = bonds.second[r]!;
    let u = this.stream.next() * this.bondSum[k * bonds.count + r]!;
    let j = -1;
    for (let d = 0; d < DIRECTIONS; d++) {
      const neighbour = grid.link[k * DIRECTIONS + d]!;
      if (neighbour < 0) continue;
      const w = x[neighbour * n + second]!;
      if (w > 0) {
        j = neighbour;
        if (u < w) break;
        u -= w;
      }
    }
    return j;
  }

  abstract resetAll(t: number): void;

  /**
   * Moves the state on until `tStop`, a watched condition turns on, or `maxEvents` more events
   * are done. Returns REACHED (the time is then `tStop`), CONDITION_TURNED or EVENT_LIMIT.
   * `boundary` (≥ `tStop`) is the next time at which the engine needs the exact state; a method
   * that steps over time ends no step beyond it.
   */
  abstract run(tStop: number, maxEvents: number, boundary: number): number;

  /**
   * Brings the counts to time t (≥ the state's time) before the engine changes them there (a
   * control): nothing for an exact method, whose counts are always at its time.
   */
  settle(_t: number): void {}

  /** Whether the counts lag behind the time, so that `settle` would change them. */
  needsSettling(): boolean {
    return false;
  }

  /** Recomputes totals, coefficients, bond sums and arrival times from the counts, at time t. */
  protected refreshState(t: number): void {
    const { n, cells, x, totals, bonds, grid } = this;
    totals.fill(0);
    for (let k = 0; k < cells; k++) for (let c = 0; c < n; c++) totals[c]! += x[k * n + c]!;
    this.reactions.refreshCoefficients(t);
    bonds.refreshRates(this.params, this.reactions.y, t);
    const b = bonds.count;
    this.bondSum.fill(0);
    for (let k = 0; k < cells; k++) {
      for (let d = 0; d < DIRECTIONS; d++) {
        const j = grid.link[k * DIRECTIONS + d]!;
        if (j < 0) continue;
        for (let r = 0; r < b; r++) this.bondSum[k * b + r]! += x[j * n + bonds.second[r]!]!;
      }
    }
    this.markArrivals(t);
  }

  /** Records t as the arrival time of every cell the attacker is in for the first time. */
  protected markArrivals(t: number): void {
    const { x, n, attacker, arrival } = this;
    if (attacker < 0) return;
    for (let k = 0; k < this.cells; k++)
      if (x[k * n + attacker]! > 0 && Number.isNaN(arrival[k]!)) arrival[k] = t;
  }

  /** The total propensity of cell k at time t: its reactions, hops and contacts across bonds. */
  cellRate(k: number, t: number): number {
    const { n, x, reactions, bonds, movers, move } = this;
    const base = k * n;
    reactions.load(x, base);
    let total = reactions.total(t);
    this.lastInCellRate = total;
    const degree = this.grid.degree[k]!;
    for (let i = 0; i < movers.length; i++) {
      const c = movers[i]!;
      total += x[base + c]! * move[c]! * degree;
    }
    const b = bonds.count;
    for (let r = 0; r < b; r++)
      total += bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
    if (!(total < Number.POSITIVE_INFINITY))
      throw new RuntimeFailure(
        `the rate of events in cell ${this.place(k)} overflows at t = ${formatValue(t)}: the counts or rates are too large`,
      );
    return total;
  }

  /** Cell k, as a place is written: `x,y`. */
  place(k: number): string {
    const x = k % this.grid.width;
    return `${x},${(k - x) / this.grid.width}`;
  }

  /** Writes the shared state into a snapshot. */
  protected writeState(out: SnapshotWriter): void {
    out.f64(this.t).f64(this.events);
    out.array(this.x).array(this.totals).array(this.params);
    out.array(this.bondSum).array(this.arrival);
    out.array(this.grid.link).array(this.grid.degree);
    for (const weights of this.lure) {
      out.bool(weights !== undefined);
      if (weights !== undefined) out.array(weights);
    }
  }

  /** Reads back what `writeState` wrote; `lureWeights(c)` gives the array a compartment's lure writes into. */
  protected readState(from: SnapshotReader, lureWeights: (c: number) => Float64Array): void {
    this.t = from.f64();
    this.events = from.f64();
    from.arrayInto(this.x);
    from.arrayInto(this.totals);
    from.arrayInto(this.params);
    from.arrayInto(this.bondSum);
    from.arrayInto(this.arrival);
    from.arrayInto(this.grid.link);
    from.arrayInto(this.grid.degree);
    this.grid.version++;
    for (let c = 0; c < this.n; c++) this.lure[c] = from.bool() ? from.arrayInto(lureWeights(c)) : undefined;
    this.reactions.refreshCoefficients(this.t);
    this.bonds.refreshRates(this.params, this.reactions.y, this.t);
  }

  /** Writes the method's state into a snapshot. */
  abstract write(out: SnapshotWriter): void;

  /** Reads back what `write` wrote. */
  abstract read(from: SnapshotReader, lureWeights: (c: number) => Float64Array): void;
}
