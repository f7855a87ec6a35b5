import { stirlingError } from '../../core/log-factorial.js';
import type { Stream } from '../../core/random.js';
import { encodeModule } from '../../core/wasm-module.js';
import { RNG_WORDS } from '../stochastic/wasm-random.js';
import { Arena } from './arena.js';
import { type BinomialTable, MAX_TRIALS } from './binomial-table.js';
import { binomialBody, devianceBody, logPmfBody, stirlingBody } from './hop-binomial-code.js';
import { bookBody, keepsBody, type Reactants } from './hop-booking-code.js';
import { drawBody } from './hop-stage-kernel-code.js';
import {
  CHANCE,
  SHARE_FIRST,
  SHARE_FIRST_PER_REST,
  STAGE_ARRAYS,
  STAGE_IMPORTS,
  STIRLING,
  STIRLING_TABLE,
  StageHeader,
  stageImports,
  TABLE_WORDS,
} from './hop-stage-layout.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';

/**
 * The fast method's hop stage compiled to WebAssembly: `HopStage.draw`'s loop over the cells for a
 * mover that no lure steers, with the general binomial sampler (`hop-stage-kernel-code.ts`,
 * `hop-binomial-code.ts`), and on a lattice without contact across bonds the stage's booking
 * (`hop-booking-code.ts`: `SpatialTau.applyHops` and the first test of its re-rating). Counts,
 * the net changes, the marks and modes and the binomial tables are arrays that JavaScript and the
 * kernel share in the kernel's memory (see `Arena`); a run is the same to the last bit with or
 * without it (`hop-stage-kernel.test.ts`). Why compile it: a stage is a few table reads,
 * popcounts and adds per cell over every cell of the map, and V8's code for it checks every
 * typed-array read and the type of every value. The bench's usa case (`npm run bench -- lattice`:
 * usa-cities' 1.6 million cells, S and Z hopping) takes 55–61 ms a stage (its first 40 hours) against 115–117
 * in JavaScript, and its two months 107 CPU s against 210.
 */

const PAGE = 65536;
/** wasm32 memories end at 4 GiB; a lattice whose arrays need more runs in JavaScript. */
const MAX_PAGES = 65536;

/** Compiled modules, per network's reactants (the booking's test is written out for them). */
const modules = new Map<string, WebAssembly.Module>();

/**
 * The kernel's module: `draw(i, c) → hops` (`hop-stage-kernel-code.ts`), `book(h, attacker,
 * count) → count` (`hop-booking-code.ts`), and the general binomial sampler they call
 * (`hop-binomial-code.ts`), in the order of `StageFunction`.
 */
function hopStageCode(reactants: Reactants): Uint8Array<ArrayBuffer> {
  return encodeModule({
    imports: STAGE_IMPORTS,
    functions: [
      { body: drawBody(), export: 'draw' },
      { body: bookBody(reactants), export: 'book' },
      { body: binomialBody(), export: 'binomial' },
      { body: logPmfBody(), export: 'logPmf' },
      { body: stirlingBody() },
      { body: devianceBody() },
      { body: keepsBody(reactants) },
    ],
    memory: { pages: 1, import: { module: 'env', name: 'memory' } },
  });
}

/** What a kernel's memory holds room for. */
export interface HopStageShape {
  readonly cells: number;
  /** Compartments, and how many of them move. */
  readonly n: number;
  readonly movers: number;
  /** The network's reactants, which the booking's test is compiled for. */
  readonly reactants: Reactants;
  /** Per departures' table, its room in entries (`tableRoom`). */
  readonly tableEntries: readonly number[];
}

/**
 * A compiled hop stage with its memory. Made before the method's arrays (`arena` lays them out in
 * the memory); `attach` then records where they are.
 */
export class HopStageKernel {
  /** Allocates the shared arrays in the kernel's memory. */
  readonly arena: Arena;
  private readonly run: (i: number, c: number) => number;
  private readonly booking: (h: number, attacker: number, count: number) => number;
  private readonly sampler: (n: number, p: number) => number;
  /** The kernel's `binomialLogPmf(k, n, p)`, for a test to hold against JavaScript's. */
  readonly logPmf: (k: number, n: number, p: number) => number;
  private readonly header: Int32Array;
  private readonly chance: Float64Array;
  private readonly rng: Uint32Array;
  private link: Int32Array | undefined;
  private degree: Uint8Array | undefined;
  /** The runs of cells with an open bond, as pairs (first, past the last): at most ⌈cells / 2⌉. */
  private runs: Int32Array | undefined;
  /** The grid's version whose bonds `link`, `degree` and `runs` copy. */
  private bondsVersion = -1;
  /** The grid `attach` was given, whose bonds those copy. */
  private grid: LatticeGrid | undefined;

  /** The kernel, or undefined if its memory cannot be had (too large, or no WebAssembly). */
  static create(shape: HopStageShape): HopStageKernel | undefined {
    if (typeof WebAssembly !== 'object') return undefined;
    const { cells, n, movers: m, reactants, tableEntries } = shape;
    // The method's x, arrival, mode, dirty and isDirty (taken from the arena), then net, link,
    // degree, the movers, the lists of cells and their lengths, and per table its starts, cdf and
    // guide.
    let bytes =
      STAGE_ARRAYS +
      Arena.size(8 * n * cells) +
      Arena.size(8 * cells) +
      2 * Arena.size(cells) +
      Arena.size(4 * cells) +
      Arena.size(8 * m * cells) +
      Arena.size(4 * DIRECTIONS * cells) +
      Arena.size(cells) +
      Arena.size(4 * (cells + 2)) +
      Arena.size(4 * m) +
      Arena.size(4 * m * cells) +
      Arena.size(4 * m);
    for (const entries of tableEntries)
      bytes += Arena.size(4 * (MAX_TRIALS + 2)) + Arena.size(8 * entries) + Arena.size(4 * entries);
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return undefined;
    try {
      const key = [reactants.reactantStart, reactants.reactantIndex, reactants.reactantCount].join('|');
      let module = modules.get(key);
      if (module === undefined) {
        module = new WebAssembly.Module(hopStageCode(reactants));
        modules.set(key, module);
      }
      return new HopStageKernel(module, new WebAssembly.Memory({ initial: pages }));
    } catch {
      return undefined;
    }
  }

  private constructor(module: WebAssembly.Module, memory: WebAssembly.Memory) {
    const buffer = memory.buffer;
    const instance = new WebAssembly.Instance(module, { ...stageImports, env: { memory } });
    const exports = instance.exports as {
      draw: HopStageKernel['run'];
      book: HopStageKernel['booking'];
      binomial: HopStageKernel['sampler'];
      logPmf: (k: number, n: number, p: number) => number;
    };
    this.run = exports.draw;
    this.booking = exports.book;
    this.sampler = exports.binomial;
    this.logPmf = exports.logPmf;
    this.header = new Int32Array(buffer, 0, CHANCE / 4);
    this.chance = new Float64Array(buffer, CHANCE, DIRECTIONS + 1);
    this.rng = new Uint32Array(buffer, 4 * StageHeader.rng, RNG_WORDS);
    this.arena = new Arena(buffer, STAGE_ARRAYS);
    // The Stirling error's table, as `stirlingError` reads it below 16.
    const stirling = new Float64Array(buffer, STIRLING, STIRLING_TABLE);
    for (let k = 0; k < STIRLING_TABLE; k++) stirling[k] = stirlingError(k);
    // The first terms of the shares' cdfs, as `binomialInversion` works them out.
    const first = new Float64Array(buffer, SHARE_FIRST, (DIRECTIONS - 1) * SHARE_FIRST_PER_REST);
    for (let rest = 2; rest <= DIRECTIONS; rest++)
      for (let n = 0; n < SHARE_FIRST_PER_REST; n++)
        first[(rest - 2) * SHARE_FIRST_PER_REST + n] = Math.exp(n * Math.log1p(-(1 / rest)));
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
    this.grid = grid;
    this.runs = this.arena.i32(grid.cells + 2);
    header[StageHeader.runs] = this.runs.byteOffset;
    header[StageHeader.hasStep] = grid.step === undefined ? 0 : 1;
    for (let d = 0; d < DIRECTIONS; d++) header[StageHeader.step + d] = grid.step?.[d] ?? 0;
  }

  /**
   * Records where the method's marks, modes and arrival times are (all from `arena`), and copies
   * the movers into the memory, for `book`; makes its lists.
   */
  attachBooking(
    arrays: { dirty: Int32Array; isDirty: Uint8Array; mode: Uint8Array; arrival: Float64Array },
    movers: Int32Array,
  ): void {
    const { header, arena } = this;
    header[StageHeader.dirty] = arrays.dirty.byteOffset;
    header[StageHeader.isDirty] = arrays.isDirty.byteOffset;
    header[StageHeader.mode] = arrays.mode.byteOffset;
    header[StageHeader.arrival] = arrays.arrival.byteOffset;
    const copy = (from: Int32Array): number => {
      const to = arena.i32(from.length);
      to.set(from);
      return to.byteOffset;
    };
    header[StageHeader.movers] = copy(movers);
    header[StageHeader.lists] = arena.i32(movers.length * header[StageHeader.cells]!).byteOffset;
    header[StageHeader.listLength] = arena.i32(movers.length).byteOffset;
  }

  /**
   * Books a stage's net changes at time h (see `hop-booking-code.ts`): `SpatialTau.applyHops` on
   * a lattice without contact across bonds, after `count` cells marked already, then the marked
   * cells unmarked and those that can fire or were active kept in order. Returns how many.
   */
  book(h: number, attacker: number, count: number): number {
    // The booking visits the runs too, which no compiled draw may have brought up to date.
    this.copyBonds(this.grid!);
    return this.booking(h, attacker, count);
  }

  /** Copies the grid's bonds, and the runs of cells with an open bond, if they changed since. */
  private copyBonds(grid: LatticeGrid): void {
    if (grid.version === this.bondsVersion) return;
    this.link!.set(grid.link);
    this.degree!.set(grid.degree);
    this.keepRuns(grid.degree);
    this.bondsVersion = grid.version;
  }

  /** Writes the runs of cells with an open bond (degree > 0), which `draw` visits, and how many. */
  private keepRuns(degree: Uint8Array): void {
    const runs = this.runs!;
    let count = 0;
    for (let k = 0; k < degree.length; ) {
      if (degree[k] === 0) {
        k++;
        continue;
      }
      runs[2 * count] = k;
      while (k < degree.length && degree[k] !== 0) k++;
      runs[2 * count + 1] = k;
      count++;
    }
    this.header[StageHeader.runCount] = count;
  }

  /** The kernel's `binomial(stream, n, p)`, for a test to hold against JavaScript's: the same draw from the same stream. */
  binomial(stream: Stream, n: number, p: number): number {
    stream.saveInto(this.rng);
    const drawn = this.sampler(n, p);
    stream.restore(this.rng);
    return drawn;
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
    this.copyBonds(grid);
    stream.saveInto(this.rng);
    const hops = this.run(i, c);
    stream.restore(this.rng);
    return hops;
  }
}
