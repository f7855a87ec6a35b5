import { binomial, poisson } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { zigguratExponential } from '../../core/ziggurat.js';
import type { Network } from '../../model/network.js';
import { reactantOrders } from '../../model/reactant-orders.js';
import type { CompiledLattice } from '../../scenario/compiled-lattice.js';
import { EVENT_LIMIT, REACHED } from '../stochastic/kernel.js';
import { Arena } from './arena.js';
import { CellHeap } from './cell-heap.js';
import { HopStage, tableRoom } from './hop-stage.js';
import { HopStageKernel } from './hop-stage-kernel.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';
import { CONDITION_TURNED, LatticeState, moversOf } from './lattice-state.js';

/** A cell's mode: nothing can happen in it (it waits at ∞). */
const IDLE = 0;
/** Its next update fires one exact event. */
const EXACT = 1;
/** Its next update is a leap over [last, next]. */
const LEAP = 2;
/** The bits of four modes in a 32-bit word (`SpatialTau.modeWords`) that are set only by LEAP. */
const LEAP_IN_WORD = 0x02020202;

/**
 * Cao, Gillespie and Petzold's (2006) switch: a cell whose leap would hold fewer events than this
 * on average fires exact events instead.
 */
const EXACT_BELOW = 10;

/**
 * A cell that chose exact events after working out its τ fires this many more before it works it
 * out again (τ costs more than the event): a cost choice only, since exact events are never less
 * accurate than a leap.
 */
const RECHECK = 7;

/**
 * The lattice's fast method: operator splitting, with movement in hop stages at a fixed step and
 * reactions (in cells and across bonds) stepped cell by cell between them, each cell at its own pace.
 *
 * Movement: every Δ (see `hop-stage.ts`: λ = hop rate · degree · Δ ≤ 0.1, 1 h at 0.025 per hour, and
 * never past a boundary the engine gives: an event, an output), every cell's movers leave
 * binomially and spread over its open bonds. The splitting error is first order in Δ: over one
 * stage, hops and reactions each see the other's changes only at its ends; with λ ≤ 0.1, at most
 * a tenth of a cell's movers leave in a stage. Its known bias: a mover that lives less than Δ in
 * a cell (a zombie among thousands at per-pair kill rates) must outlive the stage to hop, so it
 * hops less than in the exact process, and a front carried by such hops lags. On the 6 × 2
 * city-and-villages map of `agreement.test.ts` (Δ = 0.25 h) the first zombie reaches the far
 * corner 0.31 ± 0.14 h later than by the exact method (6.25 against 5.94 h, 100 runs each); with
 * S moving at 0.05 per hour, no zombie moving and weaker bites (Δ = 0.5 h, 150 runs, to 12 h)
 * 0.36 ± 0.13 h later (11.56 against 11.20 h), and with Δ = 0.05 h the gap is gone (11.25 h).
 *
 * Reactions between hop stages, by local time stepping: a binary heap (`cell-heap.ts`) holds every
 * active cell (one with a positive propensity of its reactions or of its contacts across bonds)
 * at the time of its next update; inactive cells wait at ∞ and cost nothing. A cell's update is
 * one of:
 * - a leap over [last, next] (its own τ, chosen at `last`): each reaction and contact fires a
 *   Poisson number of times with the mean its propensity (on the counts at the update) times the
 *   leap's length, capped by the reactants there;
 * - one exact event, as in the next-subvolume method, where the leap would hold fewer than 10
 *   events on average (Cao et al.'s switch): times drawn from Exp(total), rescaled (Gibson and
 *   Bruck) when a neighbour changes the cell's propensity, exact between hop stages.
 *
 * Error control (Cao, Gillespie and Petzold 2006, cell by cell): a cell's τ is the largest for
 * which the expected change of each of its counts and its standard deviation stay below
 * max(ε·x/g, 1) (g the highest order of a reaction the compartment is a reactant of), counting its
 * reactions, the contacts it fires (A here, B in a neighbour), and the contacts its neighbours fire
 * into it (their A, its B); and for which the same holds for each neighbour's counts under the
 * contacts this cell fires into them. So a Manhattan cell's tiny steps stay its own. A change a
 * neighbour makes to a cell's counts re-rates it at once (its next update comes no later than
 * `last` + its new τ), but its pending leap is then taken on the counts after the change: the
 * neighbour's changes are bounded by the neighbour's own τ, so this is within the same ε.
 * Movement is not in τ: the hop stage's step bounds it.
 *
 * Arrival and extinction times are those of the update (event, or end of leap) or the hop stage
 * in which they happened. Where `advanceTo` stops does not change anything drawn: updates and
 * stages are taken in time order, whatever `tStop`. `settle` truncates every pending leap and
 * takes a short hop stage where the engine needs the state at a time of its choosing (a control);
 * a conditional event that turns on does the same at its time.
 *
 * Where WebAssembly is at hand the hop stages run compiled (`hop-stage-kernel.ts`): the draws of
 * every mover no lure steers and, on a lattice without contact across bonds, their booking
 * (`applyHops` and the first test of the re-rating in `stage`); the same run to the last bit
 * (`hop-stage-kernel.test.ts`; `compiled = false` keeps them in JavaScript).
 */
export class SpatialTau extends LatticeState {
  private readonly epsilon: number;
  private readonly heap: CellHeap;
  private readonly hops: HopStage;
  /** The splitting step Δ (∞ with nobody moving). */
  private readonly hopStep: number;
  /** The time of the last hop stage (or of the last reset). */
  private lastHop = 0;
  /** Per cell: IDLE, EXACT or LEAP. */
  private readonly mode: Uint8Array;
  /** `mode` four cells a word (its whole words), for `stage` to skip cells with no leap. */
  private readonly modeWords: Uint32Array;
  /** Per cell: the start of its pending leap (LEAP). */
  private readonly last: Float64Array;
  /** Per cell: how many more exact events it fires before it works out its τ again. */
  private readonly recheck: Uint8Array;
  /** Per cell: its total propensity (reactions and the contacts it fires) as last computed. */
  private readonly rate: Float64Array;
  /** The τ the last `assess` found. */
  private tau = 0;
  /** Per compartment: g, the highest order of a reaction it is a reactant of (1 if none). */
  private readonly order: Float64Array;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  private readonly otherMean: Float64Array;
  private readonly otherVariance: Float64Array;
  /** Per coupled reaction: its propensity in the cell being updated, at the update's start. */
  private readonly contactRate: Float64Array;
  /** Cells whose counts or bond sums changed since the last re-rating, once each. */
  private readonly dirty: Int32Array;
  private readonly isDirty: Uint8Array;
  private dirtyCount = 0;
  /** Scratch for `resetAll`: each cell's next update. */
  private readonly times: Float64Array;
  /**
   * Whether `update` fires a cell's exact events by `fireLocal`: where no reaction couples across
   * bonds. False sends them through `fireOne` and the dirty list (the same numbers; for tests).
   */
  local: boolean;
  /** The compiled stage's booking (`hop-booking-code.ts`), where it applies: no bonds. */
  private readonly booking: HopStageKernel | undefined;

  constructor(
    network: Network,
    lattice: CompiledLattice,
    grid: LatticeGrid,
    stream: Stream,
    attacker: number,
    extinct: Float64Array,
  ) {
    const movers = moversOf(lattice).length;
    const kernel =
      movers > 0
        ? HopStageKernel.create({
            cells: grid.cells,
            n: network.compartments.length,
            movers,
            reactants: network,
            tableEntries: tableRoom(movers),
          })
        : undefined;
    const arena = kernel?.arena ?? new Arena();
    super(network, lattice, grid, stream, attacker, extinct, arena);
    this.epsilon = lattice.epsilon;
    const n = this.n;
    // A compartment no reaction consumes is bounded as a first-order reactant would be.
    this.order = Float64Array.from(reactantOrders(network).order, (g) => Math.max(g, 1));
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n);
    this.otherMean = new Float64Array(n);
    this.otherVariance = new Float64Array(n);
    this.contactRate = new Float64Array(this.bonds.count);
    this.heap = new CellHeap(this.cells);
    this.mode = arena.u8(this.cells);
    this.modeWords = new Uint32Array(this.mode.buffer, this.mode.byteOffset, this.cells >> 2);
    this.dirty = arena.i32(this.cells);
    this.isDirty = arena.u8(this.cells);
    this.hops = new HopStage(grid, n, this.movers, this.move, kernel);
    this.hopStep = this.hops.step();
    kernel?.attach(this.x, this.hops.net, n, movers, grid);
    const { dirty, isDirty, mode, arrival } = this;
    kernel?.attachBooking({ dirty, isDirty, mode, arrival }, this.movers);
    // Booked in the kernel where no bond reads a count (see `stage`).
    this.booking = this.bonds.count === 0 ? kernel : undefined;
    this.local = this.bonds.count === 0;
    this.last = new Float64Array(this.cells);
    this.rate = new Float64Array(this.cells);
    this.recheck = new Uint8Array(this.cells);
    this.times = new Float64Array(this.cells);
    this.heap.build(this.times.fill(Number.POSITIVE_INFINITY));
  }

  /** Whether the hop stages run compiled where they can (`hop-stage-kernel.ts`); the same numbers either way. */
  get compiled(): boolean {
    return this.hops.compiled;
  }

  set compiled(on: boolean) {
    this.hops.compiled = on;
  }

  /** Whether there is a compiled kernel for the hop stages. */
  get hasCompiledKernel(): boolean {
    return this.hops.hasCompiledKernel;
  }

  resetAll(t: number): void {
    this.t = t;
    this.lastHop = t;
    this.refreshState(t);
    const { times, heap } = this;
    for (let k = 0; k < this.cells; k++) {
      this.isDirty[k] = 0;
      this.mode[k] = IDLE;
      this.rate[k] = 0;
      this.recheck[k] = 0;
      times[k] = this.mayFire(k) ? this.fresh(k, t) : Number.POSITIVE_INFINITY;
    }
    this.dirtyCount = 0;
    heap.build(times);
  }

  override needsSettling(): boolean {
    return this.lastHop < this.t;
  }

  /** Brings the counts to time t (≥ the last hop stage): pending leaps end there, and a short hop stage. */
  override settle(t: number): void {
    if (t > this.lastHop) this.stage(t);
  }

  run(tStop: number, maxEvents: number, boundary: number): number {
    const { heap, watch } = this;
    const limit = this.events + maxEvents;
    let reason = REACHED;
    let t = this.t;
    for (;;) {
      const hop = Math.min(this.lastHop + this.hopStep, boundary);
      const next = heap.topTime();
      if (next < hop && next <= tStop) {
        t = next;
        this.update(heap.topCell(), t);
        if (watch.watching && watch.turnsOn(t)) {
          this.stage(t);
          reason = CONDITION_TURNED;
          break;
        }
      } else if (hop <= tStop && hop > this.lastHop && hop < Number.POSITIVE_INFINITY) {
        t = hop;
        this.stage(t);
        if (watch.watching && watch.turnsOn(t)) {
          reason = CONDITION_TURNED;
          break;
        }
      } else break;
      if (this.events >= limit) {
        reason = EVENT_LIMIT;
        break;
      }
    }
    this.t = reason === REACHED ? tStop : t;
    return reason;
  }

  /** The update of cell k, due at t: a leap or one exact event, then the re-rating of what it changed. */
  private update(k: number, t: number): void {
    if (this.mode[k] !== LEAP && this.local) {
      // Without bonds an exact event changes only cell k's counts, so the dirty list would hold k
      // alone and re-rate it with `fresh`: done here directly, k being the heap's top.
      this.fireLocal(k, t);
      this.heap.replaceTop(this.fresh(k, t));
      return;
    }
    if (this.mode[k] === LEAP) this.leap(k, t - this.last[k]!, t);
    else this.fireOne(k, t);
    this.mark(k);
    const { dirty, isDirty } = this;
    for (let i = 0; i < this.dirtyCount; i++) {
      const j = dirty[i]!;
      isDirty[j] = 0;
      this.heap.update(j, j === k ? this.fresh(j, t) : this.rerate(j, t));
    }
    this.dirtyCount = 0;
  }

  /**
   * The hop stage at time h: every pending leap ends there, movers hop for h − the last stage,
   * and every cell whose counts changed re-rates (a fresh update from h).
   */
  private stage(h: number): void {
    const { mode, modeWords, cells } = this;
    // Cell by cell, in order, four at a time past those with no leap among them (most of a map).
    for (let w = 0; w < modeWords.length; w++)
      if ((modeWords[w]! & LEAP_IN_WORD) !== 0) for (let k = 4 * w; k < 4 * w + 4; k++) this.endLeap(k, h);
    for (let k = 4 * modeWords.length; k < cells; k++) this.endLeap(k, h);
    const dt = h - this.lastHop;
    if (this.movers.length > 0 && dt > 0) {
      this.events += this.hops.draw(this.x, dt, this.lure, this.stream);
      // Compiled, the booking also drops from the marks the cells on which the loop below would
      // do nothing (idle, and no reaction with its reactants), in order.
      if (this.booking !== undefined && this.hops.compiled)
        this.dirtyCount = this.booking.book(h, this.attacker, this.dirtyCount);
      else this.applyHops(h);
    }
    this.lastHop = h;
    const { dirty, isDirty, heap } = this;
    for (let i = 0; i < this.dirtyCount; i++) {
      const k = dirty[i]!;
      isDirty[k] = 0;
      if (this.mayFire(k)) heap.update(k, this.fresh(k, h));
      else if (mode[k] !== IDLE) {
        mode[k] = IDLE;
        this.rate[k] = 0;
        heap.update(k, Number.POSITIVE_INFINITY);
      }
    }
    this.dirtyCount = 0;
  }

  /** Ends cell k's pending leap at h, if it has one that started before. */
  private endLeap(k: number, h: number): void {
    const { mode, last } = this;
    if (mode[k] === LEAP && last[k]! < h) {
      this.leap(k, h - last[k]!, h);
      last[k] = h;
    }
  }

  /** Books the hop stage's net changes at time h: counts, bond sums, arrivals, cells to re-rate. */
  private applyHops(h: number): void {
    const { x, n, movers, bonds, bondSum, grid, arrival, attacker } = this;
    const net = this.hops.net;
    const m = movers.length;
    const b = bonds.count;
    for (let i = 0; i < m; i++) {
      const c = movers[i]!;
      const read = bonds.readByNeighbours[c] === 1;
      for (let k = 0; k < this.cells; k++) {
        const delta = net[k * m + i]!;
        if (delta === 0) continue;
        net[k * m + i] = 0;
        x[k * n + c]! += delta;
        this.mark(k);
        if (c === attacker && delta > 0 && Number.isNaN(arrival[k]!)) arrival[k] = h;
        if (!read) continue;
        for (let d = 0; d < DIRECTIONS; d++) {
          const j = grid.link[k * DIRECTIONS + d]!;
          if (j < 0) continue;
          for (let r = 0; r < b; r++) if (bonds.second[r] === c) bondSum[j * b + r]! += delta;
          this.mark(j);
        }
      }
    }
  }

  /**
   * Whether some reaction of cell k has all its reactants, or some contact its A here and a B next
   * door. A reaction's propensity is 0 while one of its reactants is short (mass action, product
   * forms and guarded laws alike), so a cell where this is false is idle without evaluating a law.
   */
  private mayFire(k: number): boolean {
    const { x, n, bonds } = this;
    const { reactantStart, reactantIndex, reactantCount } = this.network;
    const base = k * n;
    const m = reactantStart.length - 1;
    for (let j = 0; j < m; j++) {
      let ready = true;
      for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++)
        if (x[base + reactantIndex[r]!]! < reactantCount[r]!) {
          ready = false;
          break;
        }
      if (ready) return true;
    }
    const b = bonds.count;
    for (let r = 0; r < b; r++)
      if (x[base + bonds.first[r]!]! > 0 && this.bondSum[k * b + r]! > 0) return true;
    return false;
  }

  /** Cell k starts afresh at t: its mode and the time of its next update (∞ if idle). */
  private fresh(k: number, t: number): number {
    const total = this.total(k, t);
    this.rate[k] = total;
    if (!(total > 0)) {
      this.mode[k] = IDLE;
      return Number.POSITIVE_INFINITY;
    }
    // A leap never runs past the next hop stage, so a cell with fewer than 10 events expected
    // before it, or one that chose exact events lately (see `RECHECK`), fires an exact event
    // without working out its τ.
    const horizon = this.lastHop + this.hopStep - t;
    if (total * horizon < EXACT_BELOW || (this.mode[k] === EXACT && this.recheck[k]! > 0)) {
      if (this.recheck[k]! > 0) this.recheck[k]!--;
      this.mode[k] = EXACT;
      return t + zigguratExponential(this.stream) / total;
    }
    this.assess(k, t);
    const tau = Math.min(this.tau, horizon);
    const end = t + tau;
    if (total * tau < EXACT_BELOW || !(end > t)) {
      this.mode[k] = EXACT;
      this.recheck[k] = RECHECK;
      return t + zigguratExponential(this.stream) / total;
    }
    this.mode[k] = LEAP;
    this.last[k] = t;
    return end;
  }

  /** Cell k's counts or bond sums changed at t by another cell's update: its next update time. */
  private rerate(k: number, t: number): number {
    const mode = this.mode[k]!;
    if (mode === IDLE) return this.fresh(k, t);
    if (mode === EXACT) {
      // Exact events until its own next one (which chooses its mode afresh): only its total is
      // needed, and Gibson and Bruck's rescaling of the remaining wait.
      const total = this.total(k, t);
      const old = this.rate[k]!;
      this.rate[k] = total;
      if (!(total > 0)) {
        this.mode[k] = IDLE;
        return Number.POSITIVE_INFINITY;
      }
      return t + (old / total) * (this.heap.timeOf(k) - t);
    }
    const total = this.assess(k, t);
    const pending = this.heap.timeOf(k);
    if (!(total > 0)) {
      this.mode[k] = IDLE;
      this.rate[k] = 0;
      return Number.POSITIVE_INFINITY;
    }
    this.rate[k] = total;
    return Math.max(t, Math.min(pending, this.last[k]! + this.tau));
  }

  /** Cell k's total propensity at t: its reactions and the contacts it fires. */
  private total(k: number, t: number): number {
    const { n, x, reactions, bonds } = this;
    const base = k * n;
    reactions.load(x, base);
    let total = reactions.total(t);
    const b = bonds.count;
    for (let r = 0; r < b; r++)
      total += bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
    return total;
  }

  /**
   * Cell k's total propensity at t (its reactions and the contacts it fires); leaves in `tau` the
   * largest leap the error control allows it (see the class comment).
   */
  private assess(k: number, t: number): number {
    const { n, x, reactions, bonds, grid, mean, variance, otherMean, otherVariance, order, epsilon } = this;
    const { changeStart, changeIndex, changeAmount } = this.network;
    const base = k * n;
    for (let c = 0; c < n; c++) {
      mean[c] = 0;
      variance[c] = 0;
    }
    reactions.load(x, base);
    let total = reactions.total(t);
    if (total > 0) {
      for (let j = 0; j < reactions.plan.m; j++) {
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
    let tau = Number.POSITIVE_INFINITY;
    const b = bonds.count;
    if (b > 0) {
      const { link } = grid;
      const { ownerChange, otherChange } = bonds;
      for (let r = 0; r < b; r++) {
        const rate = bonds.rate[r]!;
        const a = rate * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
        if (a > 0) {
          total += a;
          for (let c = 0; c < n; c++) {
            const v = ownerChange[r * n + c]!;
            mean[c]! += v * a;
            variance[c]! += v * v * a;
          }
        }
        // Contacts the neighbours fire into this cell (their A, its B).
        const own = x[base + bonds.second[r]!]!;
        if (own > 0) {
          let around = 0;
          for (let d = 0; d < DIRECTIONS; d++) {
            const j = link[k * DIRECTIONS + d]!;
            if (j >= 0) around += x[j * n + bonds.first[r]!]!;
          }
          const incoming = rate * own * around;
          if (incoming > 0)
            for (let c = 0; c < n; c++) {
              const v = otherChange[r * n + c]!;
              mean[c]! += v * incoming;
              variance[c]! += v * v * incoming;
            }
        }
      }
      // Each neighbour's counts under the contacts this cell fires into it.
      for (let d = 0; d < DIRECTIONS; d++) {
        const j = link[k * DIRECTIONS + d]!;
        if (j < 0) continue;
        let any = false;
        for (let c = 0; c < n; c++) {
          otherMean[c] = 0;
          otherVariance[c] = 0;
        }
        for (let r = 0; r < b; r++) {
          const a = bonds.rate[r]! * x[base + bonds.first[r]!]! * x[j * n + bonds.second[r]!]!;
          if (!(a > 0)) continue;
          for (let c = 0; c < n; c++) {
            const v = otherChange[r * n + c]!;
            if (v === 0) continue;
            any = true;
            otherMean[c]! += v * a;
            otherVariance[c]! += v * v * a;
          }
        }
        if (any) tau = Math.min(tau, bound(x, j * n, n, otherMean, otherVariance, order, epsilon));
      }
    }
    this.tau = Math.min(tau, bound(x, base, n, mean, variance, order, epsilon));
    return total;
  }

  /** A leap of cell k over a time dt, ending at t: Poisson counts of its reactions and contacts. */
  private leap(k: number, dt: number, t: number): void {
    const { n, x, reactions, bonds, grid, stream, contactRate } = this;
    const { reactantStart, reactantIndex, reactantCount, changeStart, changeIndex, changeAmount } =
      this.network;
    const base = k * n;
    const b = bonds.count;
    // Every propensity on the counts at the leap's end, before any of its changes.
    for (let r = 0; r < b; r++)
      contactRate[r] = bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
    reactions.load(x, base);
    let events = 0;
    if (reactions.total(t) > 0) {
      for (let j = 0; j < reactions.plan.m; j++) {
        const a = reactions.propensity(j);
        if (a === 0) continue;
        let fired = poisson(stream, a * dt);
        if (fired === 0) continue;
        for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++)
          fired = Math.min(fired, Math.floor(x[base + reactantIndex[r]!]! / reactantCount[r]!));
        if (fired <= 0) continue;
        for (let e = changeStart[j]!; e < changeStart[j + 1]!; e++)
          this.change(k, changeIndex[e]!, fired * changeAmount[e]!, t);
        events += fired;
      }
    }
    for (let r = 0; r < b; r++) {
      const a = contactRate[r]!;
      if (a === 0) continue;
      let left = poisson(stream, a * dt);
      if (left === 0) continue;
      const second = bonds.second[r]!;
      let rest = 0;
      for (let d = 0; d < DIRECTIONS; d++) {
        const j = grid.link[k * DIRECTIONS + d]!;
        if (j >= 0) rest += x[j * n + second]!;
      }
      for (let d = 0; d < DIRECTIONS && left > 0 && rest > 0; d++) {
        const j = grid.link[k * DIRECTIONS + d]!;
        if (j < 0) continue;
        const w = x[j * n + second]!;
        if (w === 0) continue;
        const share = w >= rest ? left : binomial(stream, left, w / rest);
        left -= share;
        rest -= w;
        const fired = Math.min(share, x[base + bonds.first[r]!]!, x[j * n + second]!);
        if (fired <= 0) continue;
        for (let c = 0; c < n; c++) {
          const own = bonds.ownerChange[r * n + c]!;
          const other = bonds.otherChange[r * n + c]!;
          if (own !== 0) this.change(k, c, fired * own, t);
          if (other !== 0) this.change(j, c, fired * other, t);
        }
        events += fired;
      }
    }
    this.events += events;
  }

  /** One exact event of cell k at t, chosen in proportion to its propensities: a reaction or a contact. */
  private fireOne(k: number, t: number): void {
    const { n, x, reactions, bonds, stream } = this;
    const { changeStart, changeIndex, changeAmount } = this.network;
    const base = k * n;
    const b = bonds.count;
    reactions.load(x, base);
    const inCell = reactions.total(t);
    let u = stream.next() * this.rate[k]!;
    let chosen = -1;
    let contact = -1;
    if (u >= inCell) {
      u -= inCell;
      for (let r = 0; r < b; r++) {
        const a = bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
        if (a > 0) {
          contact = r;
          if (u < a) break;
          u -= a;
        }
      }
    }
    // A reaction when the draw falls among them, or (rounding) when no contact can fire.
    if (contact < 0) chosen = reactions.pick(u);
    this.events++;
    if (contact < 0) {
      for (let e = changeStart[chosen]!; e < changeStart[chosen + 1]!; e++)
        this.change(k, changeIndex[e]!, changeAmount[e]!, t);
      return;
    }
    const j = this.contactPartner(k, contact);
    for (let c = 0; c < n; c++) {
      const own = bonds.ownerChange[contact * n + c]!;
      const other = bonds.otherChange[contact * n + c]!;
      if (own !== 0) this.change(k, c, own, t);
      if (other !== 0) this.change(j, c, other, t);
    }
  }

  /**
   * `fireOne` where no reaction couples across bonds (`local`), without marking k: the same draws,
   * the same choice and the same changes.
   */
  private fireLocal(k: number, t: number): void {
    const { x, n, reactions, totals } = this;
    const { changeStart, changeIndex, changeAmount } = this.network;
    const base = k * n;
    reactions.load(x, base);
    const inCell = reactions.total(t);
    let u = this.stream.next() * this.rate[k]!;
    if (u >= inCell) u -= inCell;
    const chosen = reactions.pick(u);
    this.events++;
    for (let e = changeStart[chosen]!; e < changeStart[chosen + 1]!; e++) {
      const c = changeIndex[e]!;
      const delta = changeAmount[e]!;
      x[base + c]! += delta;
      const total = totals[c]! + delta;
      totals[c] = total;
      if (total === 0) this.extinct[c] = t;
      if (c === this.attacker && delta > 0 && Number.isNaN(this.arrival[k]!)) this.arrival[k] = t;
    }
  }

  /** Compartment c of cell k changes by delta at t: totals, extinction, arrival, bond sums, cells to re-rate. */
  private change(k: number, c: number, delta: number, t: number): void {
    const { x, n, totals } = this;
    x[k * n + c]! += delta;
    const total = totals[c]! + delta;
    totals[c] = total;
    if (total === 0) this.extinct[c] = t;
    if (c === this.attacker && delta > 0 && Number.isNaN(this.arrival[k]!)) this.arrival[k] = t;
    this.mark(k);
    this.neighboursRead(k, c, delta);
  }

  /** Marks cell k for re-rating. */
  protected mark(k: number): void {
    if (this.isDirty[k] === 1) return;
    this.isDirty[k] = 1;
    this.dirty[this.dirtyCount++] = k;
  }

  write(out: SnapshotWriter): void {
    this.writeState(out);
    out.f64(this.lastHop);
    out.array(this.mode).array(this.last).array(this.rate).array(this.recheck);
    this.heap.write(out);
  }

  read(from: SnapshotReader, lureWeights: (c: number) => Float64Array): void {
    this.readState(from, lureWeights);
    this.lastHop = from.f64();
    from.arrayInto(this.mode);
    from.arrayInto(this.last);
    from.arrayInto(this.rate);
    from.arrayInto(this.recheck);
    this.heap.read(from);
    this.isDirty.fill(0);
    this.dirtyCount = 0;
  }
}

/**
 * The largest τ for which a cell's counts (from `x[base]`) change by at most max(ε·x/g, 1) in mean
 * and in standard deviation, given their drifts and variances per unit time.
 */
function bound(
  x: Float64Array,
  base: number,
  n: number,
  mean: Float64Array,
  variance: Float64Array,
  order: Float64Array,
  epsilon: number,
): number {
  let tau = Number.POSITIVE_INFINITY;
  for (let c = 0; c < n; c++) {
    const limit = Math.max((epsilon * x[base + c]!) / order[c]!, 1);
    const drift = Math.abs(mean[c]!);
    if (drift > 0) tau = Math.min(tau, limit / drift);
    if (variance[c]! > 0) tau = Math.min(tau, (limit * limit) / variance[c]!);
  }
  return tau;
}
