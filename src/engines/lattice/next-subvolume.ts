import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { ZIGGURAT_K, ZIGGURAT_W, zigguratSlow } from '../../core/ziggurat.js';
import type { Network } from '../../model/network.js';
import type { CompiledLattice } from '../../scenario/compiled-lattice.js';
import { EVENT_LIMIT, REACHED } from '../stochastic/kernel.js';
import { FACTORS, propensityPlan } from '../stochastic/propensity-plan.js';
import { Arena } from './arena.js';
import { CellHeap } from './cell-heap.js';
import { HopKernel, hopKernelApplies } from './hop-kernel.js';
import { FIRE, OVERFLOW } from './hop-kernel-code.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';
import { CONDITION_TURNED, LatticeState, moversOf } from './lattice-state.js';

/** Cells marked for a rate update by one event: the cell, a hop's target and their neighbours. */
const MAX_DIRTY = 2 * (DIRECTIONS + 1);
/** Events per call of `NextSubvolume.burst`. */
const BURST = 4096;
// Module-local copies of the ziggurat's tables, as the SSA's kernels keep them (an imported
// binding is read through its module cell at each use).
const zigguratK = ZIGGURAT_K;
const zigguratW = ZIGGURAT_W;

/**
 * The next-subvolume method (Elf & Ehrenberg 2004) on a lattice: every cell has one total
 * propensity (its reactions, its hops, its contacts across bonds) and one next-event time, kept
 * in a binary heap over cells (`cell-heap.ts`: times beside cell ids in typed arrays). The earliest
 * cell fires: one of its events is chosen in proportion to its propensity, and applied. Then only
 * the cells whose propensities read a changed count are updated: the cell itself (which always
 * draws a fresh time), a hop's or a contact's other cell, and the neighbours whose bond terms read
 * a changed count; each of those whose total changed rescales its time (see `flush`).
 *
 * Its own state (per-cell rates, the heap) is typed arrays allocated once, beside the shared
 * state of `LatticeState`; the code allocates nothing per event. (V8 still boxes a double on
 * W1's events, 16 bytes each by the heap profiler's sampling, 32 before `advance`; where, we did
 * not find: neither handing the sifts their time through its slot nor drawing the exponential
 * inline removed it.)
 *
 * Speed (W1 of issue #14, where nearly every event is a hop): `burst` does the common event, a
 * hop of a compartment no bond reads in a network whose laws are all of product form, inline,
 * with the arrays in locals and the two cells' rates computed in place: 1.19–1.25× the speed of
 * the same steps through `fire`, `hop`, `mark`, `flush` and `cellRate` (best and first quartile
 * of 12 alternating runs of 2·10⁶ events each). With the bursts, the fields for `fire` and the
 * heap's `advance` (see each), W1's 5·10⁷ events take 16.5 CPU s instead of 23.5 (3.0 million
 * events per CPU second instead of 2.1; 5·10⁶ events: 2.8 instead of 2.6, JIT compilation
 * included). What is left is mostly waiting for memory: the fired cell's sift through the heap's
 * lower levels, and the rates and counts of the next cell and of the hop's target (256 × 256
 * cells hold 3.7 MB, beyond the 1 MB of L2): W1 on 32 × 32 cells runs nearly twice as fast.
 * Tried and no faster on W1 (alternating runs in separate processes): reading the next top
 * cell's rates and counts early, before or after the fired cell's sift, so that the waits
 * overlap (0.92–0.96×); reading the target's rate and heap time before that sift (no change);
 * keeping the time out of the loop's variables (no change). Beware comparing two engines in one
 * process: the first built runs about 30% slower whichever code it runs. Alemi's US grid (bonds,
 * no movement) takes the general path: 1.9 million events per CPU second, as before.
 *
 * Where WebAssembly is at hand and no condition is watched, `run` hands the inline path to its
 * compiled twin (`hop-kernel.ts`): W1 at 6.0–6.9 million events per CPU second, the same run to
 * the last bit. This JavaScript loop stays for the other cases and as the reference.
 */
export class NextSubvolume extends LatticeState {
  /**
   * Per cell k, side by side so that one cache line serves both: at 2k its total propensity as
   * last computed; at 2k + 1 the share of that total of its reactions in the cell (not hops, not
   * contacts), so that an event whose draw falls above it, a hop or a contact, the most common
   * events, is chosen without evaluating the cell's reactions at all.
   */
  readonly rates: Float64Array;
  readonly heap: CellHeap;
  /** The cells marked by the current event (at most `MAX_DIRTY`, so a scan finds one at once). */
  private readonly dirty = new Int32Array(MAX_DIRTY);
  private dirtyCount = 0;
  /**
   * Whether `run` takes its inline path for hops. Off, every event goes through `fire`, the
   * general path: a test compares the two, which must give the same run to the last bit.
   */
  inlineHops = true;
  /**
   * The draw (a uniform number times the cell's rate) of the event `fire` applies, whose time is
   * `t`. Fields rather than arguments: `burst` passes no double to a call it does not inline (V8
   * boxes such a value), and W1 ran 1.06–1.12× as fast (best and first quartile of 6 runs each).
   */
  private drawn = 0;
  /** Scratch for `resetAll`: each cell's next-event time. */
  private readonly times: Float64Array;
  /** `burst`'s inline path compiled to WebAssembly (`hop-kernel.ts`), where it applies. */
  private readonly kernel: HopKernel | undefined;
  /**
   * Whether `run` uses the compiled kernel where there is one (with `inlineHops`). Off, the
   * JavaScript loop runs: a test compares the two, which must give the same run to the last bit.
   */
  compiled = true;

  /** Whether there is a compiled kernel for this network and lattice. */
  get hasCompiledKernel(): boolean {
    return this.kernel !== undefined;
  }

  constructor(
    network: Network,
    lattice: CompiledLattice,
    grid: LatticeGrid,
    stream: Stream,
    attacker: number,
    extinct: Float64Array,
  ) {
    const plan = propensityPlan(network);
    const movers = moversOf(lattice);
    const kernel = hopKernelApplies(plan, movers, lattice.coupling)
      ? HopKernel.create({ plan, movers, attacker, cells: grid.cells })
      : undefined;
    const arena = kernel?.arena ?? new Arena();
    super(network, lattice, grid, stream, attacker, extinct, arena);
    this.kernel = kernel;
    this.rates = arena.f64(2 * this.cells);
    this.heap = new CellHeap(this.cells, arena);
    this.times = new Float64Array(this.cells);
    this.heap.build(this.times.fill(Number.POSITIVE_INFINITY));
    const { x, rates, heap, arrival } = this;
    kernel?.attach(
      { x, rates, heapTime: heap.time, heapCell: heap.cell, heapPosition: heap.position, arrival },
      grid,
    );
  }

  /** Recomputes every cell's rate at t; a cell whose rate changed draws a fresh time, in cell order. */
  resetAll(t: number): void {
    this.t = t;
    this.refreshState(t);
    const { times, rates, heap } = this;
    for (let k = 0; k < this.cells; k++) {
      const value = this.cellRate(k, t);
      rates[2 * k + 1] = this.lastInCellRate;
      times[k] = heap.timeOf(k);
      if (value !== rates[2 * k] || !(times[k]! < Number.POSITIVE_INFINITY)) {
        rates[2 * k] = value;
        times[k] = value > 0 ? t + this.exponential() / value : Number.POSITIVE_INFINITY;
      }
    }
    heap.build(times);
  }

  /** Fires events until the next would come after `tStop` (see `LatticeState.run`); stopping draws nothing. */
  run(tStop: number, maxEvents: number, _boundary = tStop): number {
    const limit = this.events + maxEvents;
    if (this.kernel !== undefined && this.compiled && this.inlineHops && !this.watch.watching)
      return this.runCompiled(this.kernel, tStop, limit);
    for (;;) {
      const reason = this.burst(tStop, Math.min(limit, this.events + BURST));
      if (reason !== EVENT_LIMIT || this.events >= limit) return reason;
    }
  }

  /** `run` by the compiled kernel, which hands back every event but a hop for `fire`. */
  private runCompiled(kernel: HopKernel, tStop: number, limit: number): number {
    const { stream } = this;
    kernel.enter(this.grid, this.move, this.reactions.groupCoefficient, this.lure);
    for (;;) {
      kernel.resume(this.t, this.events, stream);
      const reason = kernel.go(tStop, limit);
      stream.restore(kernel.rngState);
      this.events = kernel.events;
      this.t = kernel.t;
      if (reason === OVERFLOW) {
        this.overflow(kernel.fired);
        throw new RangeError(`cell ${this.place(kernel.fired)}: its rate is not finite`);
      }
      if (reason !== FIRE) {
        if (reason === REACHED) this.t = tStop;
        return reason;
      }
      this.drawn = kernel.drawn;
      this.fire(kernel.fired);
      if (++this.events >= limit) return EVENT_LIMIT;
    }
  }

  /**
   * `run` up to event number `limit` (at least one event). Called once per `BURST` events, so that
   * V8 compiles it as a whole function, and again after a path first taken deoptimizes it: a
   * single call that loops for all of a long run is left in its on-stack-replacement code, or
   * after a few deoptimizations in unoptimized code, for the rest of the run.
   */
  private burst(tStop: number, limit: number): number {
    const { heap, watch, stream, x, n, rates, movers, move, reactions, bonds, lure, attacker, arrival } =
      this;
    const { degree, step } = this.grid;
    const heapTime = heap.time;
    const heapCell = heap.cell;
    const { y, groupCoefficient } = reactions;
    const { g, groupFast, factorIndex, factorOffset, sumMember } = reactions.plan;
    const readByNeighbours = bonds.readByNeighbours;
    const moverCount = movers.length;
    const bondCount = bonds.count;
    // The hot path below (a hop that changes only its two cells' rates, with their reactions of
    // product form) computes a cell's rate inline, as `cellRate` does, term by term in the same
    // order, so that the value is the same to the last bit.
    const inline = this.inlineHops && bondCount === 0 && !groupFast.includes(0);
    let t = this.t;
    let events = this.events;
    let reason = REACHED;
    for (;;) {
      const next = heapTime[0]!;
      // (A cell waiting at ∞ never fires, even for tStop = ∞.)
      if (!(next <= tStop && next < Number.POSITIVE_INFINITY)) break;
      t = next;
      const k = heapCell[0]!;
      const u = stream.next() * rates[2 * k]!;
      const inCell = rates[2 * k + 1]!;
      let c = -1;
      let d = 0;
      if (inline && u >= inCell) {
        // One of the hops, as `fire` chooses it.
        let v = u - inCell;
        d = degree[k]!;
        const base = k * n;
        let last = -1;
        // (The index steps before the test, so that V8 has seen it step by the first event.)
        for (let i = 0; i < moverCount; ) {
          const mover = movers[i++]!;
          const a = x[base + mover]! * move[mover]! * d;
          if (a > 0) {
            last = mover;
            // v < a, as `fire` asks, is v − a < 0 (a difference of doubles is rounded with its
            // sign kept); subtracting first, V8 has seen the subtraction by the first event,
            // rather than deoptimizing at the first hop of a later mover.
            v -= a;
            if (v < 0) break;
          }
        }
        if (last >= 0 && readByNeighbours[last] === 0 && lure[last] === undefined) c = last;
      }
      if (c < 0) {
        this.t = t;
        this.drawn = u;
        this.fire(k);
      } else {
        let r = Math.floor(stream.next() * d);
        let j = -1;
        if (d === DIRECTIONS && step !== undefined) j = k + step[r]!;
        else
          for (let b = k * DIRECTIONS, end = b + DIRECTIONS; b < end; b++) {
            const to = this.grid.link[b]!;
            if (to >= 0) {
              j = to;
              if (r-- === 0) break;
            }
          }
        x[k * n + c]!--;
        x[j * n + c]!++;
        if (c === attacker && Number.isNaN(arrival[j]!)) arrival[j] = t;
        // The fired cell draws a fresh time, then the target rescales its own (see `flush`).
        for (let q = 0; q < 2; q++) {
          const cell = q === 0 ? k : j;
          const base = cell * n;
          let sum = 0;
          for (let i = 0; i < n; i++) {
            const value = x[base + i]!;
            y[i] = value;
            if (sumMember[i] === 1) sum += value;
          }
          y[n] = sum;
          y[n + 1] = sum > 0 ? 1 / sum : 0;
          let value = 0;
          for (let group = 0; group < g; group++) {
            const f = group * FACTORS;
            const product =
              (y[factorIndex[f]!]! - factorOffset[f]!) *
              (y[factorIndex[f + 1]!]! - factorOffset[f + 1]!) *
              (y[factorIndex[f + 2]!]! - factorOffset[f + 2]!) *
              (y[factorIndex[f + 3]!]! - factorOffset[f + 3]!);
            if (!(product < Number.POSITIVE_INFINITY)) {
              this.t = t;
              this.overflow(cell);
            }
            value += groupCoefficient[group]! * product;
          }
          const inCellRate = value;
          const cellDegree = degree[cell]!;
          for (let i = 0; i < moverCount; i++) {
            const mover = movers[i]!;
            value += x[base + mover]! * move[mover]! * cellDegree;
          }
          if (!(value < Number.POSITIVE_INFINITY)) {
            this.t = t;
            this.overflow(cell);
          }
          rates[2 * cell + 1] = inCellRate;
          const old = rates[2 * cell]!;
          if (q === 0) {
            rates[2 * cell] = value;
            heap.replaceTop(value > 0 ? t + this.exponential() / value : Number.POSITIVE_INFINITY);
          } else if (value !== old) {
            const targetTime = heap.timeOf(cell);
            let later: number;
            if (value === 0) later = Number.POSITIVE_INFINITY;
            else if (old > 0) later = t + (old / value) * (targetTime - t);
            else later = t + this.exponential() / value;
            rates[2 * cell] = value;
            // Mostly earlier (the target gained someone): `advance`, which V8 inlines whole,
            // rather than `update`, whose call of a sift it may not inline takes the time boxed
            // (W1 1.07–1.08×).
            if (later <= targetTime) heap.advance(cell, later);
            else heap.update(cell, later);
          }
        }
      }
      events++;
      if (watch.watching) {
        this.t = t;
        if (this.turnsOn()) {
          reason = CONDITION_TURNED;
          break;
        }
      }
      if (events >= limit) {
        reason = EVENT_LIMIT;
        break;
      }
    }
    this.events = events;
    this.t = reason === REACHED ? tStop : t;
    return reason;
  }

  /** Whether a watched condition turned on at `this.t` (no time argument: see `drawn`). */
  private turnsOn(): boolean {
    return this.watch.turnsOn(this.t);
  }

  /** Fails the run: cell k's rate overflows at `this.t`, as `cellRate` says. */
  private overflow(k: number): void {
    this.cellRate(k, this.t);
  }

  /** Fires one event of cell k, the earliest, at time `this.t`, with the draw `this.drawn`. */
  private fire(k: number): void {
    const { n, x, reactions, bonds, movers, move, t } = this;
    const base = k * n;
    // One of the cell's events, in proportion to its propensity in the state the cell's rate was
    // computed from (`drawn`: a uniform draw times that rate): its reactions (whose share of the
    // rate, kept, says at once whether one of them is chosen), then its hops, then its contacts
    // across bonds. Rounding that carries the draw past the last event falls back on the last one
    // with a positive propensity.
    let u = this.drawn;
    const inCell = this.rates[2 * k + 1]!;
    const m = reactions.plan.m;
    let chosen = -1;
    if (u < inCell) {
      reactions.load(x, base);
      reactions.total(t);
      chosen = this.reactions.pick(u);
    } else {
      u -= inCell;
      let found = false;
      const degree = this.grid.degree[k]!;
      for (let i = 0; i < movers.length && !found; i++) {
        const c = movers[i]!;
        const a = x[base + c]! * move[c]! * degree;
        if (a > 0) {
          chosen = m + i;
          if (u < a) found = true;
          else u -= a;
        }
      }
      const b = bonds.count;
      for (let r = 0; r < b && !found; r++) {
        const a = bonds.rate[r]! * x[base + bonds.first[r]!]! * this.bondSum[k * b + r]!;
        if (a > 0) {
          chosen = m + movers.length + r;
          if (u < a) found = true;
          else u -= a;
        }
      }
      if (chosen < 0) {
        reactions.load(x, base);
        reactions.total(t);
        chosen = this.reactions.pick(Number.POSITIVE_INFINITY);
      }
    }
    if (chosen >= m && chosen < m + movers.length) {
      const c = movers[chosen - m]!;
      // A hop of a compartment no bond reads changes the rates of its two cells alone.
      if (this.bonds.readByNeighbours[c] === 0) {
        this.hopAlone(k, c, t);
        return;
      }
    }
    this.mark(k);
    if (chosen < m) this.react(k, chosen, t);
    else if (chosen < m + movers.length) this.hop(k, movers[chosen - m]!, t);
    else this.contact(k, chosen - m - movers.length, t);
    this.flush(k, t);
  }

  /** Reaction j fires in cell k. */
  private react(k: number, j: number, t: number): void {
    const { n, x, totals, extinct } = this;
    const { changeStart, changeIndex, changeAmount } = this.network;
    const base = k * n;
    for (let e = changeStart[j]!, end = changeStart[j + 1]!; e < end; e++) {
      const c = changeIndex[e]!;
      const delta = changeAmount[e]!;
      x[base + c]! += delta;
      const total = totals[c]! + delta;
      totals[c] = total;
      if (total === 0) extinct[c] = t;
      this.changed(k, c, delta, t);
    }
  }

  /**
   * One individual of compartment c, which no bond reads, hops out of cell k (the top of the
   * heap) to a neighbour: what `hop` and `flush` do, without the list of marked cells. Same draws
   * in the same order, same result.
   */
  private hopAlone(k: number, c: number, t: number): void {
    const { n, x, rates } = this;
    const j = this.hopTarget(k, c);
    x[k * n + c]!--;
    x[j * n + c]!++;
    if (c === this.attacker && Number.isNaN(this.arrival[j]!)) this.arrival[j] = t;
    const value = this.cellRate(k, t);
    rates[2 * k] = value;
    rates[2 * k + 1] = this.lastInCellRate;
    this.heap.replaceTop(value > 0 ? t + this.exponential() / value : Number.POSITIVE_INFINITY);
    this.refresh(j, t);
  }

  /** One individual of compartment c hops out of cell k, to a neighbour across an open bond. */
  private hop(k: number, c: number, t: number): void {
    const { n, x } = this;
    const j = this.hopTarget(k, c);
    x[k * n + c]!--;
    x[j * n + c]!++;
    this.mark(j);
    this.changed(k, c, -1, t);
    this.changed(j, c, 1, t);
  }

  /** The neighbour an individual of compartment c hopping out of cell k goes to (one draw). */
  private hopTarget(k: number, c: number): number {
    const { grid } = this;
    const weights = this.lure[c];
    const { link, step } = grid;
    let j = -1;
    const degree = grid.degree[k]!;
    if (weights === undefined) {
      // Uniform over the open bonds: the r-th of them; with all 4 open, on a map with walls for
      // edges, the neighbour in direction r.
      let r = Math.floor(this.stream.next() * degree);
      if (degree === DIRECTIONS && step !== undefined) j = k + step[r]!;
      else
        for (let b = k * DIRECTIONS, end = b + DIRECTIONS; b < end; b++) {
          const to = link[b]!;
          if (to >= 0) {
            j = to;
            if (r-- === 0) break;
          }
        }
    } else {
      let u = this.stream.next() * degree;
      for (let b = k * DIRECTIONS, end = b + DIRECTIONS; b < end; b++) {
        const w = weights[b]!;
        if (w > 0) {
          j = link[b]!;
          if (u < w) break;
          u -= w;
        }
      }
    }
    return j;
  }

  /** Coupled reaction r fires between A in cell k and B in a neighbour, chosen in proportion to its B. */
  private contact(k: number, r: number, t: number): void {
    const { n, x, totals, extinct, bonds } = this;
    const j = this.contactPartner(k, r);
    this.mark(j);
    for (let c = 0; c < n; c++) {
      const own = bonds.ownerChange[r * n + c]!;
      const other = bonds.otherChange[r * n + c]!;
      if (own === 0 && other === 0) continue;
      x[k * n + c]! += own;
      x[j * n + c]! += other;
      const total = totals[c]! + own + other;
      totals[c] = total;
      if (total === 0) extinct[c] = t;
      if (own !== 0) this.changed(k, c, own, t);
      if (other !== 0) this.changed(j, c, other, t);
    }
  }

  /** Compartment c of cell k changed by delta at time t: arrival, and the bond sums of its neighbours. */
  private changed(k: number, c: number, delta: number, t: number): void {
    if (c === this.attacker && delta > 0 && Number.isNaN(this.arrival[k]!)) this.arrival[k] = t;
    this.neighboursRead(k, c, delta);
  }

  /** Marks cell k for a rate update once the event is applied. */
  protected mark(k: number): void {
    const { dirty } = this;
    for (let i = 0; i < this.dirtyCount; i++) if (dirty[i] === k) return;
    dirty[this.dirtyCount++] = k;
  }

  /**
   * Updates the marked cells, in the order marked. The fired cell draws a fresh time. Any other
   * whose rate changed from a to a′ > 0 rescales its time T to t + (a/a′)(T − t), as in Gibson
   * and Bruck's next-reaction method: exact, and the new time is near the old one, so its sift
   * through the heap is short (a fresh draw would sink it through every level). One whose rate was
   * 0 draws a fresh time; one whose rate falls to 0 waits at ∞; one whose rate did not change keeps
   * its time.
   */
  private flush(fired: number, t: number): void {
    const { dirty, rates, heap } = this;
    for (let i = 0; i < this.dirtyCount; i++) {
      const k = dirty[i]!;
      if (k !== fired) {
        this.refresh(k, t);
        continue;
      }
      const value = this.cellRate(k, t);
      rates[2 * k + 1] = this.lastInCellRate;
      rates[2 * k] = value;
      heap.update(k, value > 0 ? t + this.exponential() / value : Number.POSITIVE_INFINITY);
    }
    this.dirtyCount = 0;
  }

  /** Updates cell k, not the one that fired, whose counts (or its neighbours') changed at t: see `flush`. */
  private refresh(k: number, t: number): void {
    const { rates, heap } = this;
    const value = this.cellRate(k, t);
    rates[2 * k + 1] = this.lastInCellRate;
    const old = rates[2 * k]!;
    let next: number;
    if (value === old) return;
    if (value === 0) next = Number.POSITIVE_INFINITY;
    else if (old > 0) next = t + (old / value) * (heap.timeOf(k) - t);
    else next = t + this.exponential() / value;
    rates[2 * k] = value;
    heap.update(k, next);
  }

  /** An Exp(1) variate by the ziggurat, its fast path inline. */
  private exponential(): number {
    const bits = this.stream.nextUint32();
    const layer = bits & 255;
    const position = bits >>> 8;
    if (position < zigguratK[layer]!) return position * zigguratW[layer]!;
    return zigguratSlow(this.stream, layer, position);
  }

  write(out: SnapshotWriter): void {
    this.writeState(out);
    out.array(this.rates);
    this.heap.write(out);
  }

  read(from: SnapshotReader, lureWeights: (c: number) => Float64Array): void {
    this.readState(from, lureWeights);
    from.arrayInto(this.rates);
    this.heap.read(from);
  }
}
