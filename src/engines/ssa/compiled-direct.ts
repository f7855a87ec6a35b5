import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { readDirectState, writeDirectState } from '../stochastic/direct-method.js';
import { EVENT_LIMIT, type Kernel } from '../stochastic/kernel.js';
import type { PropensityTable } from '../stochastic/propensity-table.js';
import { randomImports, writeZigguratTables } from '../stochastic/wasm-random.js';
import { BAD_RATE, type CompiledDirect, SCALAR_EVENTS, SCALAR_PENDING, SCALAR_T } from './direct-wasm.js';

/** Events per call of the compiled kernel. */
const CHUNK = 2 ** 20;

/** The instance of a compiled kernel, shared by every engine of its network in this thread. */
interface Shared {
  readonly run: (tStop: number, maxEvents: number) => number;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  /** The kernel whose state the memory holds. */
  owner: CompiledDirectMethod | undefined;
}

const instances = new WeakMap<CompiledDirect, Shared>();

/**
 * The one instance of a compiled kernel, with the ziggurat's tables in its memory. Engines share
 * it: `run` is synchronous, and each call copies its engine's state in and out, which costs
 * far less than a memory of its own per engine.
 */
function sharedInstance(compiled: CompiledDirect): Shared {
  let shared = instances.get(compiled);
  if (shared === undefined) {
    const instance = new WebAssembly.Instance(compiled.module, randomImports);
    const exports = instance.exports as { run: Shared['run']; memory: WebAssembly.Memory };
    const buffer = exports.memory.buffer;
    shared = {
      run: exports.run,
      f64: new Float64Array(buffer),
      i32: new Int32Array(buffer),
      u32: new Uint32Array(buffer),
      owner: undefined,
    };
    writeZigguratTables(buffer, compiled.layout.ziggurat);
    instances.set(compiled, shared);
  }
  return shared;
}

/**
 * The direct method, run by the network's compiled WebAssembly kernel (see direct-wasm.ts). It
 * draws the same numbers and computes the same values as `DirectMethod`, so it is the same
 * kernel, only faster.
 */
export class CompiledDirectMethod implements Kernel {
  readonly name = 'direct';
  t = 0;
  events = 0;
  /** The drawn time of the next reaction, or NaN while none is drawn. */
  pending = Number.NaN;

  /** One unit of work per reaction. */
  get work(): number {
    return this.events;
  }
  private readonly table: PropensityTable;
  private readonly stream: Stream;
  private readonly extinct: Float64Array;
  private readonly compiled: CompiledDirect;
  private readonly shared: Shared;
  /** The stream's state on its way in and out of the kernel. */
  private readonly rng: Uint32Array;
  /** Set by `reset`: counts or parameters changed outside the kernel. */
  private changed = true;

  /** A kernel over `table`'s state; reactions that empty a compartment record the time in `extinct`. */
  constructor(table: PropensityTable, stream: Stream, extinct: Float64Array, compiled: CompiledDirect) {
    this.table = table;
    this.stream = stream;
    this.extinct = extinct;
    this.compiled = compiled;
    this.shared = sharedInstance(compiled);
    const { u32 } = this.shared;
    this.rng = u32.subarray(compiled.layout.rng / 4, compiled.layout.rng / 4 + 4);
  }

  reset(t: number): void {
    this.t = t;
    this.pending = Number.NaN;
    this.table.computeAll(t);
    this.changed = true;
  }

  run(tStop: number, maxEvents: number): number {
    const { f64, i32 } = this.shared;
    const { layout } = this.compiled;
    const { y, coefficient, groupCoefficient, groupLast, product, weight } = this.table;
    const time = layout.scalars / 8 + SCALAR_T;
    const events = layout.scalars / 8 + SCALAR_EVENTS;
    const pending = layout.scalars / 8 + SCALAR_PENDING;
    // The memory still holds this kernel's state unless another engine ran or an event struck.
    if (this.shared.owner !== this || this.changed) {
      copy(y, f64, layout.y / 8);
      copy(this.extinct, f64, layout.extinct / 8);
      copy(coefficient, f64, layout.coefficient / 8);
      copy(groupCoefficient, f64, layout.groupCoefficient / 8);
      copy(product, f64, layout.product / 8);
      copy(weight, f64, layout.weight / 8);
      for (let k = 0; k < groupLast.length; k++) i32[layout.groupLast / 4 + k] = groupLast[k]!;
      this.shared.owner = this;
      this.changed = false;
    }
    f64[time] = this.t;
    f64[events] = this.events;
    f64[pending] = this.pending;
    this.stream.saveInto(this.rng);
    const limit = this.events + maxEvents;
    let reason: number;
    // In chunks, so that a long first run moves from V8's baseline code to optimised code,
    // which it swaps in only between calls.
    do reason = this.shared.run(tStop, Math.min(CHUNK, limit - f64[events]!));
    while (reason === EVENT_LIMIT && f64[events]! < limit);
    this.stream.restore(this.rng);
    this.t = f64[time]!;
    this.events = f64[events]!;
    this.pending = f64[pending]!;
    copyBack(f64, layout.y / 8, y);
    copyBack(f64, layout.extinct / 8, this.extinct);
    copyBack(f64, layout.product / 8, product);
    copyBack(f64, layout.weight / 8, weight);
    if (reason === BAD_RATE) this.table.fail(this.t);
    return reason;
  }

  write(out: SnapshotWriter): void {
    writeDirectState(out, this);
  }

  /** Reads back what `write` wrote; the table is restored beside it, so the memory is copied in anew. */
  read(from: SnapshotReader): void {
    readDirectState(from, this);
    this.changed = true;
  }
}

/** Copies `from` into `into` at `start`: a loop, which beats `set` on arrays this short. */
function copy(from: Float64Array, into: Float64Array, start: number): void {
  for (let i = 0; i < from.length; i++) into[start + i] = from[i]!;
}

/** Copies `into.length` doubles from `from` at `start` back into `into`. */
function copyBack(from: Float64Array, start: number, into: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = from[start + i]!;
}
