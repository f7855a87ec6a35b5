/**
 * A tiny WebAssembly binary writer: just what our compilers emit (f64 arithmetic, i32 addresses,
 * locals, calls of imported functions, one memory). It writes bytes and checks nothing; the
 * engine's validator does that when the bytes are compiled.
 */

/** The value types we use. */
export const ValueType = { i32: 0x7f, f64: 0x7c } as const;
/** A value type: `ValueType.i32` or `ValueType.f64`. */
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

/** A function type. */
export interface Signature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

/** The opcodes we use, named as in the text format (`f64.add` is `Op.f64Add`). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i32Store8: 0x3a,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Popcnt: 0x69,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Ceil: 0x9b,
  f64Floor: 0x9c,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  i32TruncF64U: 0xab,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
} as const;

/** The block type of a block, loop or if that leaves no value. */
const NO_RESULT = 0x40;

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const FUNCTION_TYPE = 0x60;
const EXTERNAL_FUNCTION = 0x00;
const EXTERNAL_MEMORY = 0x02;
const LIMITS_MIN_ONLY = 0x00;
const Section = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;

/** Appends `value` (a non-negative integer below 2³²) as unsigned LEB128. */
export function unsignedLeb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

/** Appends `value` (a 32-bit signed integer) as signed LEB128. */
function signedLeb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** Appends `value` as 8 little-endian IEEE-754 bytes, exactly (−0 and NaN payloads included). */
function f64Bytes(out: number[], value: number): void {
  scratch.setFloat64(0, value, true);
  for (let i = 0; i < 8; i++) out.push(scratch.getUint8(i));
}

function name(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  unsignedLeb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/**
 * The body of one function under construction: declare locals with `local`, then append
 * instructions. Each method returns `this`, so instructions chain.
 */
export class FunctionBody {
  /** The instruction bytes so far, without the local declarations or the final `end`. */
  readonly bytes: number[] = [];
  private readonly locals: ValueType[] = [];

  constructor(readonly signature: Signature) {}

  /** Declares a local of `type` and returns its index (parameters come first). */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.signature.params.length + this.locals.length - 1;
  }

  /** Appends opcodes that take no immediate. */
  op(...codes: number[]): this {
    for (const code of codes) this.bytes.push(code);
    return this;
  }

  f64Const(value: number): this {
    this.bytes.push(Op.f64Const);
    f64Bytes(this.bytes, value);
    return this;
  }

  i32Const(value: number): this {
    this.bytes.push(Op.i32Const);
    signedLeb(this.bytes, value);
    return this;
  }

  localGet(index: number): this {
    return this.indexed(Op.localGet, index);
  }

  localSet(index: number): this {
    return this.indexed(Op.localSet, index);
  }

  localTee(index: number): this {
    return this.indexed(Op.localTee, index);
  }

  /** Calls function `index` (imports are numbered first). */
  call(index: number): this {
    return this.indexed(Op.call, index);
  }

  /** `f64.load offset=byteOffset align=8` from the i32 address on the stack. */
  f64Load(byteOffset: number): this {
    return this.memory(Op.f64Load, 3, byteOffset);
  }

  /** `f64.store offset=byteOffset align=8`: the address, then the value, are on the stack. */
  f64Store(byteOffset: number): this {
    return this.memory(Op.f64Store, 3, byteOffset);
  }

  /** `i32.load offset=byteOffset align=4` from the i32 address on the stack. */
  i32Load(byteOffset: number): this {
    return this.memory(Op.i32Load, 2, byteOffset);
  }

  /** `i32.load8_u offset=byteOffset`: one byte, as an unsigned i32. */
  i32Load8U(byteOffset: number): this {
    return this.memory(Op.i32Load8U, 0, byteOffset);
  }

  /** `i32.store offset=byteOffset align=4`: the address, then the value, are on the stack. */
  i32Store(byteOffset: number): this {
    return this.memory(Op.i32Store, 2, byteOffset);
  }

  /** `i32.store8 offset=byteOffset`: the low byte of the value, at the address (both on the stack). */
  i32Store8(byteOffset: number): this {
    return this.memory(Op.i32Store8, 0, byteOffset);
  }

  /**
   * Opens `if`, with one result of `type` or none; close it with `end`, after an optional `else`.
   */
  if(type?: ValueType): this {
    this.bytes.push(Op.if, type ?? NO_RESULT);
    return this;
  }

  /** Opens a `block` that leaves no value (a branch to it goes to its end). */
  block(): this {
    return this.op(Op.block, NO_RESULT);
  }

  /** Opens a `loop` that leaves no value (a branch to it goes to its start). */
  loop(): this {
    return this.op(Op.loop, NO_RESULT);
  }

  /** Branches out of the `depth`-th enclosing block (0: the innermost). */
  br(depth: number): this {
    return this.indexed(Op.br, depth);
  }

  /** Branches out of the `depth`-th enclosing block if the i32 on the stack is not 0. */
  brIf(depth: number): this {
    return this.indexed(Op.brIf, depth);
  }

  else(): this {
    return this.op(Op.else);
  }

  end(): this {
    return this.op(Op.end);
  }

  /** The encoded body: local declarations (runs of one type), the code, and the closing `end`. */
  encode(): number[] {
    const runs: Array<[ValueType, number]> = [];
    for (const type of this.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[0] === type) last[1]++;
      else runs.push([type, 1]);
    }
    const out: number[] = [];
    unsignedLeb(out, runs.length);
    for (const [type, count] of runs) {
      unsignedLeb(out, count);
      out.push(type);
    }
    for (const b of this.bytes) out.push(b);
    out.push(Op.end);
    return out;
  }

  private indexed(code: number, index: number): this {
    this.bytes.push(code);
    unsignedLeb(this.bytes, index);
    return this;
  }

  /** An instruction with a memory immediate: alignment (log₂ bytes) and offset. */
  private memory(code: number, align: number, byteOffset: number): this {
    this.bytes.push(code, align);
    unsignedLeb(this.bytes, byteOffset);
    return this;
  }
}

/**
 * Structured control flow for `b` with named levels: `open` returns the level of the block, loop
 * or if it opens, and a branch names the level it leaves (a loop's: back to its start), so that
 * code can nest without counting depths by hand.
 */
export function controlFlow(b: FunctionBody) {
  let depth = 0;
  return {
    open(kind: 'block' | 'loop' | 'if'): number {
      if (kind === 'block') b.block();
      else if (kind === 'loop') b.loop();
      else b.if();
      return ++depth;
    },
    /** The `else` of the innermost open `if`. */
    else(): void {
      b.else();
    },
    close(): void {
      b.end();
      depth--;
    },
    leave(level: number): void {
      b.br(depth - level);
    },
    leaveIf(level: number): void {
      b.brIf(depth - level);
    },
  };
}

/** A function imported from the host, such as `Math.pow`. */
export interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly signature: Signature;
}

/**
 * The module's one linear memory, of at least `pages` 64 KiB pages: imported from the host (so that
 * one compiled module serves many instances, each with its own memory), else defined here; exported
 * under `export` if given.
 */
export interface MemoryPart {
  readonly pages: number;
  readonly import?: { readonly module: string; readonly name: string };
  readonly export?: string;
}

/** What a module holds. Function indices count the imports first, then `functions` in order. */
export interface ModuleParts {
  readonly imports: readonly ImportedFunction[];
  readonly functions: readonly { readonly body: FunctionBody; readonly export?: string }[];
  readonly memory?: MemoryPart;
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  unsignedLeb(out, content.length);
  for (const b of content) out.push(b);
}

/** Encodes a module in the WebAssembly 1.0 binary format. */
export function encodeModule(parts: ModuleParts): Uint8Array<ArrayBuffer> {
  const signatures: Signature[] = [];
  const keys: string[] = [];
  const typeOf = (signature: Signature): number => {
    const key = `${signature.params.join(',')}>${signature.results.join(',')}`;
    let index = keys.indexOf(key);
    if (index < 0) {
      index = keys.push(key) - 1;
      signatures.push(signature);
    }
    return index;
  };
  const importTypes = parts.imports.map((f) => typeOf(f.signature));
  const functionTypes = parts.functions.map((f) => typeOf(f.body.signature));

  const out = [...MAGIC_AND_VERSION];
  const types: number[] = [];
  unsignedLeb(types, signatures.length);
  for (const { params, results } of signatures) {
    types.push(FUNCTION_TYPE);
    unsignedLeb(types, params.length);
    types.push(...params);
    unsignedLeb(types, results.length);
    types.push(...results);
  }
  section(out, Section.type, types);

  const memory = parts.memory;
  const importedMemory = memory?.import;
  const imports: number[] = [];
  unsignedLeb(imports, parts.imports.length + (importedMemory === undefined ? 0 : 1));
  parts.imports.forEach((f, i) => {
    name(imports, f.module);
    name(imports, f.name);
    imports.push(EXTERNAL_FUNCTION);
    unsignedLeb(imports, importTypes[i]!);
  });
  if (memory !== undefined && importedMemory !== undefined) {
    name(imports, importedMemory.module);
    name(imports, importedMemory.name);
    imports.push(EXTERNAL_MEMORY, LIMITS_MIN_ONLY);
    unsignedLeb(imports, memory.pages);
  }
  section(out, Section.import, imports);

  const declarations: number[] = [];
  unsignedLeb(declarations, functionTypes.length);
  for (const type of functionTypes) unsignedLeb(declarations, type);
  section(out, Section.function, declarations);

  if (memory !== undefined && importedMemory === undefined) {
    const memories: number[] = [1, LIMITS_MIN_ONLY];
    unsignedLeb(memories, memory.pages);
    section(out, Section.memory, memories);
  }

  const exports: number[] = [];
  const exported = parts.functions.flatMap((f, i) =>
    f.export === undefined ? [] : [{ name: f.export, index: parts.imports.length + i }],
  );
  const memoryExport = memory?.export;
  unsignedLeb(exports, exported.length + (memoryExport === undefined ? 0 : 1));
  for (const e of exported) {
    name(exports, e.name);
    exports.push(EXTERNAL_FUNCTION);
    unsignedLeb(exports, e.index);
  }
  if (memoryExport !== undefined) {
    name(exports, memoryExport);
    exports.push(EXTERNAL_MEMORY, 0);
  }
  section(out, Section.export, exports);

  const code: number[] = [];
  unsignedLeb(code, parts.functions.length);
  for (const f of parts.functions) {
    const body = f.body.encode();
    unsignedLeb(code, body.length);
    for (const b of body) code.push(b);
  }
  section(out, Section.code, code);
  return new Uint8Array(out);
}
