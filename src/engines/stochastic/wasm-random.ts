import { type FunctionBody, type ImportedFunction, Op, ValueType } from '../../core/wasm-module.js';
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from '../../core/ziggurat.js';

/**
 * The project's random numbers inside a compiled WebAssembly kernel: `Stream`'s xoshiro128** and
 * the ziggurat's Exp(1) of `core/ziggurat.ts`, emitted into a function body with the state in
 * locals. Same operations in the same order, so a kernel draws exactly the numbers its
 * JavaScript twin would.
 */

/** The imports a module using `WasmRandom` declares first, in this order (their indices: `EXP`, `LOG1P`). */
export const RANDOM_IMPORTS: readonly ImportedFunction[] = [
  { module: 'Math', name: 'exp', signature: { params: [ValueType.f64], results: [ValueType.f64] } },
  { module: 'Math', name: 'log1p', signature: { params: [ValueType.f64], results: [ValueType.f64] } },
];
/** What an instance of such a module imports. */
export const randomImports = { Math: { exp: Math.exp, log1p: Math.log1p } };
const EXP = 0;
const LOG1P = 1;
/** Words of the xoshiro128** state. */
export const RNG_WORDS = 4;
/** Bytes the ziggurat's tables take in memory (`writeZigguratTables`). */
export const ZIGGURAT_BYTES = 8 * (ZIGGURAT_W.length + ZIGGURAT_F.length) + 4 * ZIGGURAT_K.length;

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;

/** Writes the ziggurat's tables at byte `at` of a memory (8-aligned); `WasmRandom` reads them there. */
export function writeZigguratTables(buffer: ArrayBuffer, at: number): void {
  new Float64Array(buffer, at, ZIGGURAT_W.length).set(ZIGGURAT_W);
  new Float64Array(buffer, at + 8 * ZIGGURAT_W.length, ZIGGURAT_F.length).set(ZIGGURAT_F);
  new Uint32Array(buffer, at + 8 * (ZIGGURAT_W.length + ZIGGURAT_F.length), ZIGGURAT_K.length).set(
    ZIGGURAT_K,
  );
}

/** The random-number code of one function body, its state in locals of its own. */
export class WasmRandom {
  private readonly s: readonly [number, number, number, number];
  private readonly bits: number;
  private readonly layer: number;
  private readonly position: number;
  private readonly scratch: number;
  private readonly scratch2: number;
  private readonly x: number;
  private readonly u: number;
  private readonly zigguratW: number;
  private readonly zigguratF: number;
  private readonly zigguratK: number;

  /** Random numbers for body `b`, with the ziggurat's tables at byte `tables` (see `writeZigguratTables`). */
  constructor(
    private readonly b: FunctionBody,
    tables: number,
  ) {
    const i32 = () => b.local(ValueType.i32);
    this.s = [i32(), i32(), i32(), i32()];
    this.bits = i32();
    this.layer = i32();
    this.position = i32();
    this.scratch = i32();
    this.scratch2 = i32();
    this.x = b.local(ValueType.f64);
    this.u = b.local(ValueType.f64);
    this.zigguratW = tables;
    this.zigguratF = tables + 8 * ZIGGURAT_W.length;
    this.zigguratK = tables + 8 * (ZIGGURAT_W.length + ZIGGURAT_F.length);
  }

  /** The stream's state from memory at byte `at` (`Stream.saveInto`'s four words) into the locals. */
  load(at: number): void {
    for (let k = 0; k < RNG_WORDS; k++) {
      this.b
        .i32Const(0)
        .i32Load(at + 4 * k)
        .localSet(this.s[k]!);
    }
  }

  /** The state back to memory at byte `at`, for `Stream.restore`. */
  store(at: number): void {
    for (let k = 0; k < RNG_WORDS; k++) {
      this.b.i32Const(0).localGet(this.s[k]!);
      this.b.i32Store(at + 4 * k);
    }
  }

  /** xoshiro128** `nextUint32`, as in `Stream`, into the i32 local `into`. */
  nextUint32(into: number): void {
    const { b } = this;
    const [s0, s1, s2, s3] = this.s;
    b.localGet(s1)
      .i32Const(5)
      .op(Op.i32Mul)
      .i32Const(7)
      .op(Op.i32Rotl)
      .i32Const(9)
      .op(Op.i32Mul)
      .localSet(into);
    b.localGet(s2).localGet(s0).op(Op.i32Xor).localSet(s2);
    b.localGet(s3).localGet(s1).op(Op.i32Xor).localSet(s3);
    b.localGet(s0).localGet(s3).op(Op.i32Xor).localSet(s0);
    b.localGet(s2).localGet(s1).i32Const(9).op(Op.i32Shl).op(Op.i32Xor).localSet(this.scratch2);
    b.localGet(s1).localGet(s2).op(Op.i32Xor).localSet(s1);
    b.localGet(this.scratch2).localSet(s2);
    b.localGet(s3).i32Const(11).op(Op.i32Rotl).localSet(s3);
  }

  /** Pushes `Stream.next()`: a 32-bit draw times 2⁻³² (f64). */
  next(): void {
    this.nextUint32(this.bits);
    this.b.localGet(this.bits);
    this.uniformOf();
  }

  /** An Exp(1) variate by the ziggurat (as `zigguratExponential`), into the f64 local `into`. */
  exponential(into: number): void {
    const { b } = this;
    this.nextUint32(this.bits);
    this.split();
    b.block(); // $done
    this.fastAccept();
    b.if();
    this.fastValue();
    b.localSet(into);
    b.br(1);
    b.end();
    // The rare path, as `zigguratSlow`: tail, wedge, or retry.
    b.loop(); // $retry
    b.localGet(this.layer).op(Op.i32Eqz);
    b.if();
    this.nextUint32(this.scratch);
    this.nextUint32(this.bits);
    b.localGet(this.scratch)
      .i32Const(5)
      .op(Op.i32ShrU)
      .op(Op.f64ConvertI32U)
      .f64Const(67108864)
      .op(Op.f64Mul);
    b.localGet(this.bits).i32Const(6).op(Op.i32ShrU).op(Op.f64ConvertI32U).op(Op.f64Add);
    b.f64Const(TWO_POW_MINUS_53).op(Op.f64Mul).localSet(this.u);
    b.f64Const(ZIGGURAT_R)
      .localGet(this.u)
      .op(Op.f64Neg)
      .call(LOG1P)
      .op(Op.f64Neg)
      .op(Op.f64Add)
      .localSet(into);
    b.br(2);
    b.end();
    this.fastValue();
    b.localSet(this.x);
    this.nextUint32(this.scratch);
    this.edge(0);
    b.localGet(this.scratch);
    this.uniformOf();
    this.edge(-1);
    this.edge(0);
    b.op(Op.f64Sub, Op.f64Mul, Op.f64Add);
    b.localGet(this.x).op(Op.f64Neg).call(EXP).op(Op.f64Lt);
    b.if();
    b.localGet(this.x).localSet(into);
    b.br(2);
    b.end();
    this.nextUint32(this.bits);
    this.split();
    this.fastAccept();
    b.if();
    this.fastValue();
    b.localSet(into);
    b.br(2);
    b.end();
    b.br(0);
    b.end(); // $retry
    b.end(); // $done
  }

  /** The i32 on the stack times 2⁻³², as f64. */
  private uniformOf(): void {
    this.b.op(Op.f64ConvertI32U).f64Const(TWO_POW_MINUS_32).op(Op.f64Mul);
  }

  /** The layer and 24-bit position of a ziggurat draw in `bits`. */
  private split(): void {
    this.b.localGet(this.bits).i32Const(255).op(Op.i32And).localSet(this.layer);
    this.b.localGet(this.bits).i32Const(8).op(Op.i32ShrU).localSet(this.position);
  }

  /** Pushes position < K[layer] (i32). */
  private fastAccept(): void {
    this.b.localGet(this.position).localGet(this.layer).i32Const(2).op(Op.i32Shl);
    this.b.i32Load(this.zigguratK).op(Op.i32LtU);
  }

  /** Pushes position · W[layer]. */
  private fastValue(): void {
    this.b.localGet(this.position).op(Op.f64ConvertI32U);
    this.b.localGet(this.layer).i32Const(3).op(Op.i32Shl).f64Load(this.zigguratW);
    this.b.op(Op.f64Mul);
  }

  /** Pushes the ziggurat edge table F[layer + shift]. */
  private edge(shift: number): void {
    this.b
      .localGet(this.layer)
      .i32Const(3)
      .op(Op.i32Shl)
      .f64Load(this.zigguratF + 8 * shift);
  }
}
