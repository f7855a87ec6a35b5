import { binomial } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import { RNG_WORDS, randomImports } from '../stochastic/wasm-random.js';
import { Arena } from './arena.js';
import { type BinomialTable, MAX_TRIALS } from './binomial-table.js';
import { CHANCE, hopStageCode, STAGE_ARRAYS, StageHeader, TABLE_WORDS } from './hop-stage-kernel-code.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';

/**
 * The fast method's hop stage compiled to WebAssembly: `HopStage.draw`'s loop over the cells for a
 * mover that no lure steers (its code: `hop-stage-kernel-code.ts`). Counts, the net changes and
 * the binomial tables are arrays that JavaScript and the kernel share in the kernel's memory (see
 * `Arena`); a run is the same to the last bit with or without it. Why compile it: the loop is a
 * few table reads, popcounts and adds per cell over every cell of the map each stage, and V8's
 * code for it checks every typed-array read and the type of every value; usa-w1's stage
 * (`npm run bench -- lattice`) draws in a third of the time (see `hop-stage.ts`).
 */

const PAGE = 65536;
/** wasm32 memories end at 4 GiB; a lattice whose arrays need more runs in JavaScript. */
const MAX_PAGES = 65536;

let compiledModule: WebAssembly.Module | undefined;

/** The kernel for `movers` compartments of `n`, on `cells` cells, with room for tables of `tableEntries` entries each. */
export class HopStageKernel {
  /** Allocates the shared arrays in the kernel's memory. */
  readonly arena: Arena;
  private readonly run: (i: number, c: number) => number;
  private readonly header: Int32Array;
  private readonly chance: Float64Array;
  private readonly rng: Uint32Array;
  /** The stream of the stage being drawn, for the general sampler run from the kernel. */
  private stream: Stream | undefined;
  private link: Int32Array | undefined;
  private degree: Uint8Array | undefined;
  /** The grid's version whose bonds `link` and `degree` copy. */
  private bondsVersion = -1;

  /** The kernel, or undefined if its memory cannot be had (too large, or no WebAssembly). */
  static create(
    cells: number,
    n: number,
    m: number,
    tableEntries: readonly number[],
  ): HopStageKernel | undefined {
    if (typeof WebAssembly !== 'object') return undefined;
    // x, arrival (the engine's state takes both from the arena), net, link, degree, then per
    // table its starts, cdf and guide.
    let bytes =
      STAGE_ARRAYS +
      Arena.size(8 * n * cells) +
      Arena.size(8 * cells) +
      Arena.size(8 * m * cells) +
      Arena.size(4 * DIRECTIONS * cells) +
      Arena.size(cells);
    for (const entries of tableEntries)
      bytes += Arena.size(4 * (MAX_TRIALS + 2)) + Arena.size(8 * entries) + Arena.size(4 * entries);
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return undefined;
    try {
      compiledModule ??= new WebAssembly.Module(hopStageCode());
      return new HopStageKernel(compiledModule, new WebAssembly.Memory({ initial: pages }));
    } catch {
      return undefined;
    }
  }

  private constructor(module: WebAssembly.Module, memory: WebAssembly.Memory) {
    const buffer = memory.buffer;
    const general = (trials: number, p: number): number => {
      const stream = this.stream!;
      stream.restore(this.rng);
      const drawn = binomial(stream, trials, p);
      stream.saveInto(this.rng);
      return drawn;
    };
    const instance = new WebAssembly.Instance(module, {
      ...randomImports,
      stage: { binomial: general },
      env: { memory },
    });
    this.run = (instance.exports as { draw: HopStageKernel['run'] }).draw;
    this.header = new Int32Array(buffer, 0, CHANCE / 4);
    this.chance = new Float64Array(buffer, CHANCE, DIRECTIONS + 1);
    this.rng = new Uint32Array(buffer, 4 * StageHeader.rng, RNG_WORDS);
    this.arena = new Arena(buffer, STAGE_ARRAYS);
  }

  /** Records where the counts and the net changes are (both from `arena`) and the grid's sizes; makes the copies of its bonds. */
  attach(x: Float64Array, net: Float64Array, n: number, m: number, grid: LatticeGrid): void {
    const { header } = this;
    header[StageHeader.x] = x.byteOffset;
    header[StageHeader.net] = net.byteOffset;
    header[StageHeader.cells] = grid.cells;
    header[StageHeader.n] = n;
    header[StageHeader.m] = m;
    this.link = this.arena.i32(DIRECTIONS * grid.cells);
    this.degree = this.arena.u8(grid.cells);
    header[StageHeader.link] = this.link.byteOffset;
    header[StageHeader.degree] = this.degree.byteOffset;
    header[StageHeader.hasStep] = grid.step === undefined ? 0 : 1;
    for (let d = 0; d < DIRECTIONS; d++) header[StageHeader.step + d] = grid.step?.[d] ?? 0;
  }

  /**
   * Draws the hops of mover i (compartment c), whose departures' tables for degrees 0–4 are
   * `tables[from…from + 4]` (prepared for this stage), into the net changes, as `HopStage.draw`
   * does without a lure; returns how many hopped, or −1 (having drawn nothing) if a table that
   * serves does not lie in the kernel's memory.
   */
  draw(
    i: number,
    c: number,
    tables: readonly BinomialTable[],
    from: number,
    grid: LatticeGrid,
    stream: Stream,
  ): number {
    const { header } = this;
    for (let d = 1; d <= DIRECTIONS; d++) {
      const table = tables[from + d]!;
      const at = StageHeader.table + TABLE_WORDS * d;
      const serves = table.serves;
      if (serves && !table.locate(header, at)) return -1;
      header[at + 3] = serves ? 1 : 0;
      this.chance[d] = table.chance;
    }
    if (grid.version !== this.bondsVersion) {
      this.link!.set(grid.link);
      this.degree!.set(grid.degree);
      this.bondsVersion = grid.version;
    }
    this.stream = stream;
    stream.saveInto(this.rng);
    const hops = this.run(i, c);
    stream.restore(this.rng);
    this.stream = undefined;
    return hops;
  }
}
