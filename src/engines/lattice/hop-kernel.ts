import type { Stream } from '../../core/random.js';
import { EVENT_LIMIT } from '../stochastic/kernel.js';
import type { PropensityPlan } from '../stochastic/propensity-plan.js';
import { RNG_WORDS, randomImports, writeZigguratTables } from '../stochastic/wasm-random.js';
import { Arena } from './arena.js';
import { Header, type HopKernelShape, hopKernelCode, type Layout, layoutOf } from './hop-kernel-code.js';
import { DIRECTIONS, type LatticeGrid } from './lattice-grid.js';

/**
 * The next-subvolume method's common event, a hop, compiled to WebAssembly: the loop of
 * `NextSubvolume.burst` for a network whose laws are all of product form and a lattice without
 * contact across bonds. The kernel fires hops of movers until the next event is anything else
 * (a reaction, a hop steered by a lure), which it hands back to JavaScript (`FIRE`), or until
 * `tStop` or the event limit (its code: `hop-kernel-code.ts`). Counts, rates, the heap and the
 * arrival times are arrays that JavaScript and the kernel share in the kernel's memory (see
 * `Arena`); a run is the same to the last bit with or without it. Why compile it: V8's code
 * for the JavaScript loop checks every typed-array read and the type of every value. W1 of issue #14 (`npm run bench -- lattice`) runs at 6.0–6.9
 * million events per CPU second here, against 3.0 million in JavaScript; a C version of the same
 * method with counts in doubles did 5.4–6.3 million on the same machine (gcc -O3 -march=native).
 */

const MAX_COMPARTMENTS = 64;
const MAX_GROUPS = 64;
const PAGE = 65536;
/** wasm32 memories end at 4 GiB; a lattice whose arrays need more runs in JavaScript. */
const MAX_PAGES = 65536;

/** Events per call of the kernel: V8 swaps a function's faster code in only between calls. */
const CHUNK = 2 ** 16;

/**
 * Whether a lattice run can use the kernel: WebAssembly at hand, laws of product form, something
 * that moves, and no reaction coupled across bonds (`coupling`, per reaction).
 */
export function hopKernelApplies(plan: PropensityPlan, movers: Int32Array, coupling: Float64Array): boolean {
  return (
    typeof WebAssembly === 'object' &&
    !coupling.some((factor) => factor > 0) &&
    movers.length > 0 &&
    !plan.groupFast.includes(0) &&
    plan.n <= MAX_COMPARTMENTS &&
    plan.g <= MAX_GROUPS
  );
}

/** Compiled modules, per network and which compartments move and arrive (an ensemble's runs share one). */
const modules = new WeakMap<PropensityPlan, Map<string, WebAssembly.Module>>();

function moduleFor(shape: HopKernelShape, layout: Layout): WebAssembly.Module {
  let byShape = modules.get(shape.plan);
  if (byShape === undefined) {
    byShape = new Map();
    modules.set(shape.plan, byShape);
  }
  const key = `${shape.movers.join(',')}|${shape.attacker}`;
  let module = byShape.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(hopKernelCode(shape, layout));
    byShape.set(key, module);
  }
  return module;
}

/**
 * A compiled kernel with its memory. Made before its engine's arrays (`arena` lays them out in
 * the memory); `attach` then records where they are.
 */
export class HopKernel {
  /** Allocates the engine's shared arrays in the kernel's memory. */
  readonly arena: Arena;
  private readonly run: (tStop: number, limit: number) => number;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly layout: Layout;
  private readonly rng: Uint32Array;
  private link: Int32Array | undefined;
  private degree: Uint8Array | undefined;
  /** The grid's version whose bonds `link` and `degree` copy. */
  private bondsVersion = -1;

  /** The kernel for `shape`, or undefined if its memory cannot be had (too large, or no WebAssembly). */
  static create(shape: HopKernelShape): HopKernel | undefined {
    const { n, g } = shape.plan;
    const layout = layoutOf(n, g);
    const { cells } = shape;
    // x, arrival, rates, heap time, heap cell, heap position, link, degree.
    const bytes =
      layout.arrays +
      Arena.size(8 * n * cells) +
      Arena.size(8 * cells) +
      Arena.size(16 * cells) +
      Arena.size(8 * cells) +
      2 * Arena.size(4 * cells) +
      Arena.size(4 * DIRECTIONS * cells) +
      Arena.size(cells);
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return undefined;
    try {
      const memory = new WebAssembly.Memory({ initial: pages });
      const module = moduleFor(shape, layout);
      const instance = new WebAssembly.Instance(module, { ...randomImports, env: { memory } });
      return new HopKernel(instance, memory, layout);
    } catch {
      return undefined;
    }
  }

  private constructor(instance: WebAssembly.Instance, memory: WebAssembly.Memory, layout: Layout) {
    const buffer = memory.buffer;
    this.run = (instance.exports as { run: HopKernel['run'] }).run;
    this.layout = layout;
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.rng = new Uint32Array(buffer, 4 * Header.rng, RNG_WORDS);
    this.arena = new Arena(buffer, layout.arrays);
    writeZigguratTables(buffer, layout.ziggurat);
  }

  /** Records where the engine's arrays are (all from `arena`) and the grid's fixed geometry; makes the copies of its bonds. */
  attach(
    arrays: {
      x: Float64Array;
      rates: Float64Array;
      heapTime: Float64Array;
      heapCell: Int32Array;
      heapPosition: Int32Array;
      arrival: Float64Array;
    },
    grid: LatticeGrid,
  ): void {
    const { i32 } = this;
    i32[Header.x] = arrays.x.byteOffset;
    i32[Header.rates] = arrays.rates.byteOffset;
    i32[Header.heapTime] = arrays.heapTime.byteOffset;
    i32[Header.heapCell] = arrays.heapCell.byteOffset;
    i32[Header.heapPosition] = arrays.heapPosition.byteOffset;
    i32[Header.arrival] = arrays.arrival.byteOffset;
    i32[Header.cells] = grid.cells;
    this.link = this.arena.i32(DIRECTIONS * grid.cells);
    this.degree = this.arena.u8(grid.cells);
    i32[Header.link] = this.link.byteOffset;
    i32[Header.degree] = this.degree.byteOffset;
    i32[Header.hasStep] = grid.step === undefined ? 0 : 1;
    for (let d = 0; d < DIRECTIONS; d++) i32[Header.step + d] = grid.step?.[d] ?? 0;
  }

  /**
   * Before a run: what the kernel reads but does not share, which nothing changes during a run
   * (the grid's bonds, copied again only if they changed; hop rates; coefficients; which movers
   * hop without a lure).
   */
  enter(
    grid: LatticeGrid,
    move: Float64Array,
    groupCoefficient: Float64Array,
    lure: readonly (Float64Array | undefined)[],
  ): void {
    const { i32, f64, layout } = this;
    if (grid.version !== this.bondsVersion) {
      this.link!.set(grid.link);
      this.degree!.set(grid.degree);
      this.bondsVersion = grid.version;
    }
    f64.set(move, layout.move / 8);
    f64.set(groupCoefficient, layout.groupCoefficient / 8);
    for (let c = 0; c < move.length; c++) i32[Header.inline + c] = lure[c] === undefined ? 1 : 0;
  }

  /** Before each stretch of events (`go`): the time, the event count and the stream's state. */
  resume(t: number, events: number, stream: Stream): void {
    const { f64, layout } = this;
    f64[layout.scalars / 8] = t;
    f64[layout.scalars / 8 + 1] = events;
    stream.saveInto(this.rng);
  }

  /**
   * Fires events until the next is after `tStop`, is one the kernel does not fire (`FIRE`), or
   * the count reaches `limit` (`EVENT_LIMIT`). Returns the reason; `REACHED` leaves the time at
   * the last event's.
   */
  go(tStop: number, limit: number): number {
    const events = this.layout.scalars / 8 + 1;
    let reason: number;
    do reason = this.run(tStop, Math.min(limit, this.f64[events]! + CHUNK));
    while (reason === EVENT_LIMIT && this.f64[events]! < limit);
    return reason;
  }

  /** The time of the last event (or of the one handed back). */
  get t(): number {
    return this.f64[this.layout.scalars / 8]!;
  }

  get events(): number {
    return this.f64[this.layout.scalars / 8 + 1]!;
  }

  /** The cell of the event handed back (`FIRE`), or whose rate overflowed (`OVERFLOW`). */
  get fired(): number {
    return this.i32[Header.fired]!;
  }

  /** The draw (a uniform number times the cell's rate) of the event handed back. */
  get drawn(): number {
    return this.f64[this.layout.scalars / 8 + 2]!;
  }

  /** The stream's state after the kernel, for `Stream.restore`. */
  get rngState(): Uint32Array {
    return this.rng;
  }
}
