import { binomial } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import { Arena } from './arena.js';
import { BinomialTable, MAX_TRIALS } from './binomial-table.js';
import type { HopStageKernel } from './hop-stage-kernel.js';
import { POPCOUNT_TRIALS } from './hop-stage-kernel-code.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';

/**
 * The largest expected number of hops out of a cell per individual in one hop stage of the fast
 * method: λ = rate · degree · Δ ≤ this, so the splitting step is Δ = 0.1 / (4 · the fastest hop rate)
 * (1 h for W1's 0.025 per hour), shorter where a boundary (an event, an output) comes first.
 */
export const HOP_LAMBDA = 0.1;

/** The splitting step Δ for the fastest hop rate to each neighbour (∞ with nobody moving). */
export function hopStep(fastest: number): number {
  return fastest > 0 ? HOP_LAMBDA / (DIRECTIONS * fastest) : Number.POSITIVE_INFINITY;
}

/**
 * The movement half of the fast method's operator splitting: one hop stage moves, for a step of
 * length Δ, every moving compartment of every cell at once. Of the x individuals of compartment c
 * in a cell with d open bonds, Binomial(x, λ) leave (drawn from a table, `binomial-table.ts`),
 * λ = r_c · d · Δ (r_c the rate to each neighbour), and the leavers are spread over the open bonds
 * multinomially: equally (one Binomial(L, ½) into two halves, each split again by a
 * Binomial(·, ½), drawn as popcounts of random bits up to 256 trials), or in proportion to a
 * lure's weights. All of them land after every cell has moved, so cell order does not matter.
 *
 * Error: within a stage an individual hops at most once, with chance λ rather than 1 − e^{−λ} of
 * the exact process. With p = λ the mean time to leave a cell (Δ/λ = 1/(r·d)) and the spread per
 * unit time (variance of each coordinate 2·r per hour: the diffusion coefficient) are those of the
 * exact process; only the shape of one step's displacement differs (no second hop within Δ,
 * whose chance is about λ²/2 ≤ 0.5%). p = 1 − e^{−λ} would instead shrink the diffusion
 * coefficient by (1 − e^{−λ})/λ (5% at λ = 0.1) for good.
 *
 * The changes are left in `net` (per cell and moving compartment, `k · movers + i`) for the
 * method to apply and book; nothing is allocated per stage.
 *
 * Where WebAssembly is at hand, the loop over the cells of a mover that no lure steers runs
 * compiled (`hop-stage-kernel.ts`), the same draws in the same order; this loop stays for lures,
 * for tables that outgrow the kernel's room, and as the reference. On usa-cities' 1.6 million
 * cells (`npm run bench -- lattice`, the usa case) the compiled draws take 45–50 ms a stage, and the whole
 * stage with its booking 55–61 ms, against 115–117 ms in JavaScript.
 */
export class HopStage {
  /** Per cell and mover: arrivals less departures in the last stage (0 once applied). */
  readonly net: Float64Array;
  private readonly grid: LatticeGrid;
  private readonly movers: Int32Array;
  private readonly move: Float64Array;
  private readonly n: number;
  /** Per mover and degree 0–4: the departures' sampler for the current stage's chance of leaving. */
  private readonly leave: BinomialTable[];
  /** The loop compiled (`hop-stage-kernel.ts`), where it applies; `net` and the tables lie in its memory. */
  private readonly kernel: HopStageKernel | undefined;
  /**
   * Whether `draw` uses the compiled kernel where there is one. Off, the JavaScript loop runs: a
   * test compares the two, which must give the same run to the last bit.
   */
  compiled = true;

  /** The stage; with a kernel (made by `tableRoom`'s sizes), `net` and the tables in its memory. */
  constructor(grid: LatticeGrid, n: number, movers: Int32Array, move: Float64Array, kernel?: HopStageKernel) {
    this.grid = grid;
    this.n = n;
    this.movers = movers;
    this.move = move;
    this.kernel = kernel;
    const arena = kernel?.arena ?? new Arena();
    this.net = arena.f64(grid.cells * movers.length);
    const room = tableRoom(movers.length);
    this.leave = room.map((entries) =>
      kernel === undefined ? new BinomialTable() : new BinomialTable(arena, entries),
    );
  }

  /** Whether there is a compiled kernel for this stage. */
  get hasCompiledKernel(): boolean {
    return this.kernel !== undefined;
  }

  /** The splitting step Δ the hop rates allow (∞ with nobody moving). */
  step(): number {
    let fastest = 0;
    for (let i = 0; i < this.movers.length; i++) fastest = Math.max(fastest, this.move[this.movers[i]!]!);
    return hopStep(fastest);
  }

  /**
   * Draws the hops of a stage of length dt (≤ the step) from the counts `x`, into `net`; `lure[c]`
   * gives a compartment's direction weights (over the open bonds, summing to the degree) or is
   * undefined. Returns how many individuals hopped.
   */
  draw(x: Float64Array, dt: number, lure: readonly (Float64Array | undefined)[], stream: Stream): number {
    const { grid, movers, move, leave } = this;
    const m = movers.length;
    for (let i = 0; i < m; i++)
      for (let d = 0; d <= DIRECTIONS; d++)
        leave[i * (DIRECTIONS + 1) + d]!.prepare(Math.min(1, move[movers[i]!]! * d * dt));
    let hops = 0;
    for (let i = 0; i < m; i++) {
      const c = movers[i]!;
      const weights = lure[c];
      if (weights === undefined && this.kernel !== undefined && this.compiled) {
        const drawn = this.kernel.draw(i, c, leave, i * (DIRECTIONS + 1), grid, stream);
        if (drawn >= 0) {
          hops += drawn;
          continue;
        }
      }
      hops += this.drawMover(x, i, weights, stream);
    }
    return hops;
  }

  /** The hops of mover i (its direction weights, or undefined), in JavaScript: see `draw`. */
  private drawMover(x: Float64Array, i: number, weights: Float64Array | undefined, stream: Stream): number {
    const { grid, movers, n, net, leave } = this;
    const m = movers.length;
    const { link, degree, step } = grid;
    const cells = grid.cells;
    const c = movers[i]!;
    const p = i * (DIRECTIONS + 1);
    let hops = 0;
    for (let k = 0; k < cells; k++) {
      const count = x[k * n + c]!;
      if (count === 0) continue;
      const d = degree[k]!;
      if (d === 0) continue;
      let left = leave[p + d]!.draw(stream, count);
      if (left === 0) continue;
      hops += left;
      net[k * m + i]! -= left;
      if (weights === undefined && d === DIRECTIONS && step !== undefined) {
        // Four open bonds, equal weights: halves, then halves of each.
        const north = half(stream, left);
        const south = left - north;
        const n0 = half(stream, north);
        const s0 = half(stream, south);
        net[(k + step[0]!) * m + i]! += n0;
        net[(k + step[1]!) * m + i]! += north - n0;
        net[(k + step[2]!) * m + i]! += s0;
        net[(k + step[3]!) * m + i]! += south - s0;
        continue;
      }
      let rest = d;
      let last = -1;
      for (let b = k * DIRECTIONS, end = b + DIRECTIONS; b < end && left > 0; b++) {
        const j = link[b]!;
        if (j < 0) continue;
        const w = weights === undefined ? 1 : weights[b]!;
        if (w <= 0) continue;
        last = j;
        const share = w >= rest ? left : binomial(stream, left, w / rest);
        net[j * m + i]! += share;
        left -= share;
        rest -= w;
      }
      // What rounding of the weights left over goes the last way open.
      if (left > 0) net[last * m + i]! += left;
    }
    return hops;
  }
}

/**
 * The room a compiled stage gives each departures' table (mover-major, degree 0–4): that of a
 * table for the largest chance a stage allows, λ · d / 4 (the step caps λ at `HOP_LAMBDA` for the
 * fastest mover), and two entries per n to spare for rounding; a table that outgrows it makes its
 * mover's stage run in JavaScript.
 */
export function tableRoom(movers: number): number[] {
  const room = Array.from({ length: DIRECTIONS + 1 }, (_, d) =>
    d === 0 ? 0 : BinomialTable.entries((HOP_LAMBDA * d) / DIRECTIONS) + 2 * MAX_TRIALS,
  );
  return Array.from({ length: movers * (DIRECTIONS + 1) }, (_, index) => room[index % (DIRECTIONS + 1)]!);
}

/**
 * Binomial(count, ½). Up to 256 trials, the number of ones among `count` random bits (exact: each
 * bit is a fair coin; a 32-bit draw and a popcount cost less than one step of the general
 * sampler's rejection); beyond, the general sampler.
 */
function half(stream: Stream, count: number): number {
  if (count > POPCOUNT_TRIALS) return binomial(stream, count, 0.5);
  let ones = 0;
  let left = count;
  while (left >= 32) {
    ones += popcount(stream.nextUint32());
    left -= 32;
  }
  if (left > 0) ones += popcount(stream.nextUint32() >>> (32 - left));
  return ones;
}

/** The number of ones in a 32-bit word. */
function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
