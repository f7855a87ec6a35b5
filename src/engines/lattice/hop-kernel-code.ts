import { encodeModule, FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { EVENT_LIMIT, REACHED } from '../stochastic/kernel.js';
import { FACTORS, type PropensityPlan } from '../stochastic/propensity-plan.js';
import { RANDOM_IMPORTS, RNG_WORDS, WasmRandom, ZIGGURAT_BYTES } from '../stochastic/wasm-random.js';
import { Arena } from './arena.js';
import { DIRECTIONS } from './lattice-grid.js';

/**
 * The code of the next-subvolume method's compiled hop loop (`hop-kernel.ts` runs it): the
 * layout of its memory, and the WebAssembly it is, emitted for one network. It is the loop of
 * `NextSubvolume.burst` for a network whose laws are all of product form on a lattice without
 * contact across bonds: it fires hops of movers until the next event is anything else (a
 * reaction, a hop steered by a lure), which it hands back (`FIRE`), or until `tStop` or the event
 * limit. The network (its factors, which compartments move, which count towards N) is written
 * into the code; counts, rates, the heap and the arrival times are arrays it shares with
 * JavaScript in its memory.
 *
 * It performs the same floating-point operations in the same order as `burst`'s inline path and
 * draws the same random numbers, so a run is the same to the last bit with or without it
 * (`next-subvolume.test.ts`).
 */

/** Returned when the next event is one the kernel does not fire: JavaScript fires it (see `HopKernel.fired`). */
export const FIRE = 4;
/** Returned when a cell's rate is not finite: JavaScript fails the run (see `HopKernel.fired`). */
export const OVERFLOW = 5;

/**
 * The i32 words at the start of the kernel's memory (word w at byte 4w): where the shared arrays
 * are, the grid's size and steps, the cell of an event handed back, the stream's state, and per
 * compartment whether its hops are the kernel's (no lure steers them).
 */
export const Header = {
  x: 0,
  rates: 1,
  heapTime: 2,
  heapCell: 3,
  heapPosition: 4,
  arrival: 5,
  link: 6,
  degree: 7,
  cells: 8,
  hasStep: 9,
  step: 10,
  fired: 10 + DIRECTIONS,
  rng: 11 + DIRECTIONS,
  inline: 11 + DIRECTIONS + RNG_WORDS,
} as const;

/** Function indices: the random imports, then `run`, `siftUp`, `siftDown`. */
const SIFT_UP = RANDOM_IMPORTS.length + 1;
const SIFT_DOWN = RANDOM_IMPORTS.length + 2;

/** What the kernel is compiled for. */
export interface HopKernelShape {
  readonly plan: PropensityPlan;
  /** The compartments that move, in order. */
  readonly movers: Int32Array;
  /** The compartment whose arrival is recorded, or −1. */
  readonly attacker: number;
  readonly cells: number;
}

/** Byte offsets of the fixed part of the memory. */
export interface Layout {
  /** f64: t, events, the drawn number of a handed-back event. */
  readonly scalars: number;
  /** f64 per compartment: its hop rate per bond. */
  readonly move: number;
  /** f64 per group: its coefficient. */
  readonly groupCoefficient: number;
  readonly ziggurat: number;
  /** Where the arrays begin. */
  readonly arrays: number;
}

/** The layout for n compartments and g groups of reactions: after the header, scalars, rates, the ziggurat's tables. */
export function layoutOf(n: number, g: number): Layout {
  const scalars = 8 * Math.ceil((4 * (Header.inline + n)) / 8);
  const move = scalars + 8 * 3;
  const groupCoefficient = move + 8 * n;
  const ziggurat = groupCoefficient + 8 * g;
  return { scalars, move, groupCoefficient, ziggurat, arrays: ziggurat + Arena.size(ZIGGURAT_BYTES) };
}

/** The parameters of the sifts: slot, time, cell, then the heap's arrays and its size. */
const SIFT_PARAMS = [
  ValueType.i32,
  ValueType.f64,
  ValueType.i32,
  ValueType.i32,
  ValueType.i32,
  ValueType.i32,
  ValueType.i32,
];

/** The kernel's module: `run(tStop, limit) → reason`, and the heap's two sifts. */
export function hopKernelCode(shape: HopKernelShape, layout: Layout): Uint8Array<ArrayBuffer> {
  return encodeModule({
    imports: RANDOM_IMPORTS,
    functions: [
      { body: runBody(shape, layout), export: 'run' },
      { body: siftBody(true) },
      { body: siftBody(false) },
    ],
    memory: { pages: 1, import: { module: 'env', name: 'memory' } },
  });
}

/** Pushes base + index · 2^shift (i32). */
function address(b: FunctionBody, base: number, index: number, shift: number): void {
  b.localGet(base).localGet(index).i32Const(shift).op(Op.i32Shl, Op.i32Add);
}

/**
 * `CellHeap.siftUp` (up) or `siftDown`: moves the cell `k` with time `t` from `slot` to its
 * place, the same comparisons in the same order.
 */
function siftBody(up: boolean): FunctionBody {
  const b = new FunctionBody({ params: SIFT_PARAMS, results: [] });
  emitSift(b, up, [0, 1, 2, 3, 4, 5, 6], siftScratch(b));
  return b;
}

/** The locals a sift works in: slot, time, cell, the heap's arrays and its size. */
type SiftArguments = readonly [number, number, number, number, number, number, number];
/** Its scratch locals: three i32, two f64. */
type SiftScratch = readonly [number, number, number, number, number];

function siftScratch(b: FunctionBody): SiftScratch {
  return [
    b.local(ValueType.i32),
    b.local(ValueType.i32),
    b.local(ValueType.i32),
    b.local(ValueType.f64),
    b.local(ValueType.f64),
  ];
}

/** Emits a sift (see `siftBody`) in place; `slot` is overwritten. */
function emitSift(b: FunctionBody, up: boolean, args: SiftArguments, scratch: SiftScratch): void {
  const [slot, t, k, tB, cB, , size] = args;
  const [other, cc, right, time, otherTime] = scratch;
  b.block().loop();
  if (up) {
    // while (slot > 0): the parent's time, if later than t, comes down.
    b.localGet(slot).op(Op.i32Eqz).brIf(1);
    b.localGet(slot).i32Const(1).op(Op.i32Sub).i32Const(1).op(Op.i32ShrS).localSet(other);
    address(b, tB, other, 3);
    b.f64Load(0).localTee(time).localGet(t).op(Op.f64Le).brIf(1);
  } else {
    // The earlier child, if earlier than t, comes up.
    b.localGet(slot).i32Const(1).op(Op.i32Shl).i32Const(1).op(Op.i32Add).localTee(other);
    b.localGet(size).op(Op.i32GeS).brIf(1);
    address(b, tB, other, 3);
    b.f64Load(0).localSet(time);
    b.localGet(other).i32Const(1).op(Op.i32Add).localTee(right).localGet(size).op(Op.i32LtS);
    b.if();
    address(b, tB, right, 3);
    b.f64Load(0).localTee(otherTime).localGet(time).op(Op.f64Lt);
    b.if();
    b.localGet(right).localSet(other);
    b.localGet(otherTime).localSet(time);
    b.end().end();
    b.localGet(time).localGet(t).op(Op.f64Ge).brIf(1);
  }
  // The other slot's cell moves into this slot, and the sift goes on from there.
  address(b, cB, other, 2);
  b.i32Load(0).localSet(cc);
  placeAt(b, args, time, cc);
  b.localGet(other).localSet(slot);
  b.br(0);
  b.end().end();
  placeAt(b, args, t, k);
}

/** Puts the cell in local `cell`, with the time in local `time`, at the sift's slot. */
function placeAt(b: FunctionBody, args: SiftArguments, time: number, cell: number): void {
  const [slot, , , tB, cB, pB] = args;
  address(b, tB, slot, 3);
  b.localGet(time).f64Store(0);
  address(b, cB, slot, 2);
  b.localGet(cell).i32Store(0);
  address(b, pB, cell, 2);
  b.localGet(slot).i32Store(0);
}

/** `NextSubvolume.burst`'s loop, for hops alone (see the module's comment). */
function runBody(shape: HopKernelShape, layout: Layout): FunctionBody {
  const { plan, movers, attacker } = shape;
  const { n, g, factorIndex, factorOffset, sumMember } = plan;
  const b = new FunctionBody({ params: [ValueType.f64, ValueType.f64], results: [ValueType.i32] });
  const T_STOP = 0;
  const LIMIT = 1;
  const i32 = () => b.local(ValueType.i32);
  const f64 = () => b.local(ValueType.f64);
  const random = new WasmRandom(b, layout.ziggurat);
  // Locals, numbered as they are made (array literals are tuples, so each name is a number).
  const header = [
    Header.x,
    Header.rates,
    Header.heapTime,
    Header.heapCell,
    Header.heapPosition,
    Header.arrival,
    Header.link,
    Header.degree,
    Header.cells,
    Header.hasStep,
  ];
  const [xB, rB, tB, cB, pB] = [i32(), i32(), i32(), i32(), i32()];
  const [aB, lB, dB, size, hasStep] = [i32(), i32(), i32(), i32(), i32()];
  const headerLocals = [xB, rB, tB, cB, pB, aB, lB, dB, size, hasStep];
  const [reason, k, j, c, d, r] = [i32(), i32(), i32(), i32(), i32(), i32()];
  const [cx, cr, last, cell, slot, to, edge] = [i32(), i32(), i32(), i32(), i32(), i32(), i32()];
  const [t, events, next, u, inCell, v, a] = [f64(), f64(), f64(), f64(), f64(), f64(), f64()];
  const [value, old, later, wait, sum, degreeF] = [f64(), f64(), f64(), f64(), f64(), f64()];
  const y = Array.from({ length: n + 2 }, f64);
  const move = Array.from({ length: n }, f64);
  const C = Array.from({ length: g }, f64);
  const inline = Array.from({ length: n }, i32);
  const scratch = siftScratch(b);

  // Nesting, so that a branch can name the block it leaves.
  let depth = 0;
  const block = () => {
    b.block();
    return ++depth;
  };
  const loop = () => {
    b.loop();
    return ++depth;
  };
  const ifThen = () => {
    b.if();
    return ++depth;
  };
  const close = () => {
    b.end();
    depth--;
  };
  const leave = (level: number) => b.br(depth - level);
  const leaveIf = (level: number) => b.brIf(depth - level);

  // Prologue: the header, the stream, the time and the count, the network's rates into locals.
  header.forEach((word, i) => {
    b.i32Const(0)
      .i32Load(4 * word)
      .localSet(headerLocals[i]!);
  });
  random.load(4 * Header.rng);
  b.i32Const(0).f64Load(layout.scalars).localSet(t);
  b.i32Const(0)
    .f64Load(layout.scalars + 8)
    .localSet(events);
  for (const mover of movers) {
    b.i32Const(0)
      .f64Load(layout.move + 8 * mover)
      .localSet(move[mover]!);
    b.i32Const(0)
      .i32Load(4 * (Header.inline + mover))
      .localSet(inline[mover]!);
  }
  for (let group = 0; group < g; group++)
    b.i32Const(0)
      .f64Load(layout.groupCoefficient + 8 * group)
      .localSet(C[group]!);
  b.i32Const(REACHED).localSet(reason);

  const exit = block();
  const top = loop();
  /** Leaves the loop with `why`, naming the cell in local `of` (`HopKernel.fired`). */
  const stop = (why: number, of: number) => {
    b.i32Const(0)
      .localGet(of)
      .i32Store(4 * Header.fired);
    b.i32Const(why).localSet(reason);
    leave(exit);
  };

  /**
   * `cellRate` as `burst` computes it, of `cell`, whose counts start at byte `cx` and whose
   * degree is `degreeF`: the total into `value`, its reactions' share into `inCell`. A total that
   * is not finite stops the run (`OVERFLOW`), for JavaScript to fail it naming the cell.
   */
  const cellRate = () => {
    b.f64Const(0).localSet(sum);
    for (let i = 0; i < n; i++) {
      b.localGet(cx)
        .f64Load(8 * i)
        .localSet(y[i]!);
      if (sumMember[i] === 1) b.localGet(sum).localGet(y[i]!).op(Op.f64Add).localSet(sum);
    }
    b.localGet(sum).localSet(y[n]!);
    b.f64Const(1).localGet(sum).op(Op.f64Div).f64Const(0).localGet(sum).f64Const(0).op(Op.f64Gt, Op.select);
    b.localSet(y[n + 1]!);
    b.f64Const(0).localSet(value);
    for (let group = 0; group < g; group++) {
      b.localGet(value).localGet(C[group]!);
      let factors = 0;
      for (let f = group * FACTORS; f < (group + 1) * FACTORS; f++) {
        const index = factorIndex[f]!;
        const offset = factorOffset[f]!;
        // The constant slot, 1 less an offset of 0, multiplies by exactly 1: leaving it out changes no bit.
        if (index === n + 2 && offset === 0) continue;
        if (index === n + 2) b.f64Const(1 - offset);
        else {
          b.localGet(y[index]!);
          if (offset !== 0) b.f64Const(offset).op(Op.f64Sub);
        }
        if (factors++ > 0) b.op(Op.f64Mul);
      }
      if (factors === 0) b.f64Const(1);
      b.op(Op.f64Mul, Op.f64Add).localSet(value);
    }
    b.localGet(value).localSet(inCell);
    for (const mover of movers)
      b.localGet(value)
        .localGet(y[mover]!)
        .localGet(move[mover]!)
        .op(Op.f64Mul)
        .localGet(degreeF)
        .op(Op.f64Mul, Op.f64Add)
        .localSet(value);
    // (A product that is not finite makes the total not finite.)
    b.localGet(value).f64Const(Number.POSITIVE_INFINITY).op(Op.f64Lt, Op.i32Eqz);
    ifThen();
    stop(OVERFLOW, cell);
    close();
  };
  /** Pushes (as f64) the degree of the cell in local `of`. */
  const degreeOf = (of: number) => {
    b.localGet(dB).localGet(of).op(Op.i32Add).i32Load8U(0);
  };

  // The earliest cell, unless it is after tStop (a cell waiting at ∞ never fires).
  b.localGet(tB).f64Load(0).localTee(next).localGet(T_STOP).op(Op.f64Le);
  b.localGet(next).f64Const(Number.POSITIVE_INFINITY).op(Op.f64Lt, Op.i32And, Op.i32Eqz);
  leaveIf(exit);
  b.localGet(next).localSet(t);
  b.localGet(cB).i32Load(0).localSet(k);
  b.localGet(k)
    .i32Const(8 * n)
    .op(Op.i32Mul)
    .localGet(xB)
    .op(Op.i32Add)
    .localSet(cx);
  address(b, rB, k, 4);
  b.localSet(cr);
  random.next();
  b.localGet(cr).f64Load(0).op(Op.f64Mul).localSet(u);
  b.localGet(cr).f64Load(8).localSet(inCell);
  b.i32Const(-1).localSet(c);
  // One of the hops, as `burst` chooses it.
  b.localGet(u).localGet(inCell).op(Op.f64Ge);
  ifThen();
  b.localGet(u).localGet(inCell).op(Op.f64Sub).localSet(v);
  degreeOf(k);
  b.localTee(d).op(Op.f64ConvertI32U).localSet(degreeF);
  b.i32Const(-1).localSet(last);
  const found = block();
  for (const mover of movers) {
    b.localGet(cx)
      .f64Load(8 * mover)
      .localGet(move[mover]!)
      .op(Op.f64Mul)
      .localGet(degreeF)
      .op(Op.f64Mul)
      .localTee(a)
      .f64Const(0)
      .op(Op.f64Gt);
    ifThen();
    b.i32Const(mover).localSet(last);
    b.localGet(v).localGet(a).op(Op.f64Sub).localTee(v).f64Const(0).op(Op.f64Lt);
    leaveIf(found);
    close();
  }
  close();
  for (const mover of movers) {
    b.localGet(last).i32Const(mover).op(Op.i32Eq).localGet(inline[mover]!).op(Op.i32And);
    ifThen();
    b.i32Const(mover).localSet(c);
    close();
  }
  close();
  // Anything else: JavaScript fires it.
  b.localGet(c).i32Const(0).op(Op.i32LtS);
  ifThen();
  b.i32Const(0).localGet(t).f64Store(layout.scalars);
  b.i32Const(0)
    .localGet(u)
    .f64Store(layout.scalars + 16);
  stop(FIRE, k);
  close();

  // The neighbour: the r-th open bond, or with all 4 open on a map with walls for edges, direction r.
  random.next();
  b.localGet(degreeF).op(Op.f64Mul, Op.i32TruncF64U).localSet(r);
  b.i32Const(-1).localSet(j);
  b.localGet(d).i32Const(DIRECTIONS).op(Op.i32Eq).localGet(hasStep).op(Op.i32And);
  ifThen();
  b.localGet(k)
    .localGet(r)
    .i32Const(2)
    .op(Op.i32Shl)
    .i32Load(4 * Header.step)
    .op(Op.i32Add)
    .localSet(j);
  b.else();
  address(b, lB, k, 4);
  b.localSet(edge);
  const bonds = block();
  for (let q = 0; q < DIRECTIONS; q++) {
    b.localGet(edge)
      .i32Load(4 * q)
      .localTee(to)
      .i32Const(0)
      .op(Op.i32GeS);
    ifThen();
    b.localGet(to).localSet(j);
    b.localGet(r).op(Op.i32Eqz);
    leaveIf(bonds);
    b.localGet(r).i32Const(1).op(Op.i32Sub).localSet(r);
    close();
  }
  close();
  close();

  // The hop.
  b.localGet(cx).localGet(c).i32Const(3).op(Op.i32Shl, Op.i32Add).localTee(edge);
  b.localGet(edge).f64Load(0).f64Const(1).op(Op.f64Sub).f64Store(0);
  b.localGet(j)
    .i32Const(8 * n)
    .op(Op.i32Mul)
    .localGet(xB)
    .op(Op.i32Add)
    .localGet(c)
    .i32Const(3)
    .op(Op.i32Shl, Op.i32Add)
    .localTee(edge);
  b.localGet(edge).f64Load(0).f64Const(1).op(Op.f64Add).f64Store(0);
  if (attacker >= 0 && movers.includes(attacker)) {
    b.localGet(c).i32Const(attacker).op(Op.i32Eq);
    ifThen();
    address(b, aB, j, 3);
    b.localTee(edge).f64Load(0).localTee(a).localGet(a).op(Op.f64Ne);
    ifThen();
    b.localGet(edge).localGet(t).f64Store(0);
    close();
    close();
  }

  // The fired cell draws a fresh time.
  b.localGet(k).localSet(cell);
  cellRate();
  b.localGet(cr).localGet(inCell).f64Store(8);
  b.localGet(cr).localGet(value).f64Store(0);
  b.f64Const(Number.POSITIVE_INFINITY).localSet(later);
  b.localGet(value).f64Const(0).op(Op.f64Gt);
  ifThen();
  random.exponential(wait);
  b.localGet(t).localGet(wait).localGet(value).op(Op.f64Div, Op.f64Add).localSet(later);
  close();
  // (In place: V8 does not inline a call between WebAssembly functions.)
  b.i32Const(0).localSet(slot);
  emitSift(b, false, [slot, later, k, tB, cB, pB, size], scratch);

  // The target rescales its time (see `NextSubvolume.flush`).
  b.localGet(j).localSet(cell);
  b.localGet(j)
    .i32Const(8 * n)
    .op(Op.i32Mul)
    .localGet(xB)
    .op(Op.i32Add)
    .localSet(cx);
  address(b, rB, j, 4);
  b.localSet(cr);
  degreeOf(j);
  b.op(Op.f64ConvertI32U).localSet(degreeF);
  cellRate();
  b.localGet(cr).localGet(inCell).f64Store(8);
  b.localGet(value).localGet(cr).f64Load(0).localTee(old).op(Op.f64Ne);
  ifThen();
  address(b, pB, j, 2);
  b.i32Load(0).localSet(slot);
  address(b, tB, slot, 3);
  b.f64Load(0).localSet(a);
  b.localGet(value).f64Const(0).op(Op.f64Eq);
  ifThen();
  b.f64Const(Number.POSITIVE_INFINITY).localSet(later);
  b.else();
  b.localGet(old).f64Const(0).op(Op.f64Gt);
  ifThen();
  b.localGet(t)
    .localGet(old)
    .localGet(value)
    .op(Op.f64Div)
    .localGet(a)
    .localGet(t)
    .op(Op.f64Sub, Op.f64Mul, Op.f64Add);
  b.localSet(later);
  b.else();
  random.exponential(wait);
  b.localGet(t).localGet(wait).localGet(value).op(Op.f64Div, Op.f64Add).localSet(later);
  close();
  close();
  b.localGet(cr).localGet(value).f64Store(0);
  const sift = (which: number) =>
    b
      .localGet(slot)
      .localGet(later)
      .localGet(j)
      .localGet(tB)
      .localGet(cB)
      .localGet(pB)
      .localGet(size)
      .call(which);
  // Mostly earlier (the target gained someone).
  b.localGet(later).localGet(a).op(Op.f64Le);
  ifThen();
  sift(SIFT_UP);
  b.else();
  sift(SIFT_DOWN);
  close();
  close();

  b.localGet(events).f64Const(1).op(Op.f64Add).localTee(events).localGet(LIMIT).op(Op.f64Ge);
  ifThen();
  b.i32Const(EVENT_LIMIT).localSet(reason);
  leave(exit);
  close();
  leave(top);
  close();
  close();

  // Epilogue: the time of the last event (or the handed-back one's, stored above), the count and the stream back to memory.
  b.localGet(reason).i32Const(FIRE).op(Op.i32Eq, Op.i32Eqz);
  ifThen();
  b.i32Const(0).localGet(t).f64Store(layout.scalars);
  close();
  b.i32Const(0)
    .localGet(events)
    .f64Store(layout.scalars + 8);
  random.store(4 * Header.rng);
  b.localGet(reason);
  return b;
}
