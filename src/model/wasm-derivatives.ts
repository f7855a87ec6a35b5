/**
 * The mean-field right-hand side of a network compiled to WebAssembly, with every rate inlined:
 * V8 does not unroll the generic loops of `derivativesOf`, and we may not build JavaScript from text.
 */

import { applyBinary, applyCall, type BinaryOp, type Expr, type FunctionName } from '../core/expression.js';
import { encodeModule, FunctionBody, Op, ValueType } from '../core/wasm-module.js';
import type { Network } from './network.js';

/** A compiled right-hand side and the memory it works in. */
export interface WasmDerivatives {
  /**
   * Writes dx/dt at time `t` into the doubles at byte offset `dyOffset` of `memory`, reading the
   * state at `yOffset` and the parameters (in the network's order) at `pOffset`. Use offsets of
   * arrays from `array`. The state is read in full before anything is written, so `y` may be `dy`.
   */
  readonly rhs: (t: number, yOffset: number, dyOffset: number, pOffset: number) => void;
  /** The module's linear memory. It never grows, so views into it stay valid. */
  readonly memory: WebAssembly.Memory;
  /** How many doubles `array` can still hand out. */
  readonly available: () => number;
  /**
   * A zero-filled Float64Array of `length` doubles in `memory`, 8-byte aligned, never handed out
   * twice. Throws RangeError once the memory (`capacity` rounded up to whole 64 KiB pages) is used up.
   */
  readonly array: (length: number) => Float64Array;
}

/** Options of {@link compileDerivatives}. */
export interface CompileDerivativesOptions {
  /**
   * Doubles of memory `array` can hand out. Default: room for a Dormand–Prince integrator (16
   * arrays of the state's size) and the parameters, with plenty to spare.
   */
  capacity?: number;
}

const PAGE_BYTES = 65536;
/** Bytes of a double. */
const F64_BYTES = Float64Array.BYTES_PER_ELEMENT;
/** The default capacity: this many doubles per compartment and parameter (room for an integrator's arrays), and SPARE_DOUBLES more. */
const DOUBLES_PER_NAME = 32;
const SPARE_DOUBLES = 1024;
const T = 0;
const Y = 1;
const DY = 2;
const P = 3;
const MATH_POW = 0;
const MATH_EXP = 1;
const MATH_LOG = 2;
const unary = { params: [ValueType.f64], results: [ValueType.f64] };
const binary = { params: [ValueType.f64, ValueType.f64], results: [ValueType.f64] };
const imports = [
  { module: 'Math', name: 'pow', signature: binary },
  { module: 'Math', name: 'exp', signature: unary },
  { module: 'Math', name: 'log', signature: unary },
];
const COMPARE: Partial<Record<BinaryOp, number>> = {
  '<': Op.f64Lt,
  '<=': Op.f64Le,
  '>': Op.f64Gt,
  '>=': Op.f64Ge,
  '==': Op.f64Eq,
  '!=': Op.f64Ne,
};
const ARITHMETIC: Partial<Record<BinaryOp, number>> = {
  '+': Op.f64Add,
  '-': Op.f64Sub,
  '*': Op.f64Mul,
  '/': Op.f64Div,
};
const ROUND: Partial<Record<FunctionName, number>> = {
  sqrt: Op.f64Sqrt,
  abs: Op.f64Abs,
  floor: Op.f64Floor,
  ceil: Op.f64Ceil,
};

/** Thrown inside the emitter for a construct it cannot compile; the caller falls back to JS. */
class Unsupported extends Error {}

/** Emits the body of `rhs`: loads, derived quantities, rates, then one sum per compartment. */
class Emitter {
  readonly body = new FunctionBody({
    params: [ValueType.f64, ValueType.i32, ValueType.i32, ValueType.i32],
    results: [],
  });
  private readonly folded = new Map<Expr, number | undefined>();
  private readonly stateLocal: number[] = [];
  private readonly paramLocal = new Map<number, number>();
  /** Derived quantities computed so far, by name: what a name may refer to at this point. */
  private readonly derivedLocal = new Map<string, number>();

  constructor(private readonly net: Network) {}

  emit(): void {
    const { net, body } = this;
    const n = net.compartments.length;
    const reactions = net.reactionNames.length;
    const used = new Array<boolean>(reactions);
    for (let j = 0; j < reactions; j++) used[j] = net.changeStart[j + 1]! > net.changeStart[j]!;

    // Every read happens before any write, so y and dy may overlap.
    for (let i = 0; i < n; i++) {
      const local = body.local(ValueType.f64);
      this.stateLocal.push(local);
      body
        .localGet(Y)
        .f64Load(F64_BYTES * i)
        .localSet(local);
    }
    const exprs = net.coefficientExpr.filter((_, j) => used[j]);
    for (const index of this.parametersRead(exprs)) {
      const local = body.local(ValueType.f64);
      this.paramLocal.set(index, local);
      body
        .localGet(P)
        .f64Load(F64_BYTES * index)
        .localSet(local);
    }
    const needed = this.derivedRead(exprs);
    for (const [name, expr] of this.net.derived) {
      if (needed.has(name)) {
        if (expr === undefined) {
          // As the JS sum: from 0, in compartment order.
          body.f64Const(0);
          for (const local of this.stateLocal) body.localGet(local).op(Op.f64Add);
        } else {
          this.expression(expr);
        }
        const local = body.local(ValueType.f64);
        body.localSet(local);
        this.derivedLocal.set(name, local);
      } else {
        this.derivedLocal.set(name, -1);
      }
    }

    const rate: number[] = [];
    for (let j = 0; j < reactions; j++) {
      if (!used[j]) continue;
      this.expression(net.coefficientExpr[j]!);
      if (net.massAction[j] === 1) {
        for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) {
          const local = this.stateLocal[net.reactantIndex[k]!]!;
          for (let m = net.reactantCount[k]!; m > 0; m--) body.localGet(local).op(Op.f64Mul);
        }
      }
      rate[j] = body.local(ValueType.f64);
      body.localSet(rate[j]!);
    }

    const terms = Array.from({ length: n }, () => [] as Array<{ amount: number; rate: number }>);
    for (let j = 0; j < reactions; j++) {
      for (let c = net.changeStart[j]!; c < net.changeStart[j + 1]!; c++) {
        terms[net.changeIndex[c]!]!.push({ amount: net.changeAmount[c]!, rate: rate[j]! });
      }
    }
    terms.forEach((sum, i) => {
      // As derivativesOf: start from 0 and add amount·rate in reaction order.
      body.localGet(DY).f64Const(0);
      for (const term of sum) body.f64Const(term.amount).localGet(term.rate).op(Op.f64Mul, Op.f64Add);
      body.f64Store(F64_BYTES * i);
    });
  }

  /** The parameters the expressions read, directly or through derived quantities. */
  private parametersRead(exprs: readonly Expr[]): Set<number> {
    const out = new Set<number>();
    const visit = (e: Expr): void =>
      walk(e, (name) => {
        const binding = this.net.resolve(name);
        if (binding?.kind === 'param') out.add(binding.index);
      });
    for (const e of exprs) visit(e);
    for (const e of this.net.derived.values()) if (e !== undefined) visit(e);
    return out;
  }

  /** The derived quantities the expressions need, including those other needed ones read. */
  private derivedRead(exprs: readonly Expr[]): Set<string> {
    const out = new Set<string>();
    const mark = (e: Expr): void =>
      walk(e, (name) => {
        if (this.net.derived.has(name)) out.add(name);
      });
    for (const e of exprs) mark(e);
    const definitions = [...this.net.derived].reverse();
    for (const [name, expr] of definitions) if (out.has(name) && expr !== undefined) mark(expr);
    return out;
  }

  /** The constant value of `e` where the JS compiler folds it, else undefined. */
  private constant(e: Expr): number | undefined {
    if (this.folded.has(e)) return this.folded.get(e);
    let value: number | undefined;
    switch (e.kind) {
      case 'num':
        value = e.value;
        break;
      case 'name':
        value = undefined;
        break;
      case 'unary': {
        const a = this.constant(e.arg);
        if (a !== undefined) value = e.op === '-' ? -a : e.op === '+' ? a : a === 0 ? 1 : 0;
        break;
      }
      case 'binary': {
        const a = this.constant(e.left);
        const b = this.constant(e.right);
        if (a !== undefined && b !== undefined) value = applyBinary(e.op, a, b);
        else if (a !== undefined && (e.op === '&&' || e.op === '||') && (a !== 0) === (e.op === '||'))
          value = e.op === '||' ? 1 : 0;
        break;
      }
      case 'call': {
        const args = e.args.map((arg) => this.constant(arg));
        if (e.fn === 'if' && args[0] !== undefined) value = args[0] !== 0 ? args[1] : args[2];
        else if ((e.fn === 'min' || e.fn === 'max') && e.args.length === 1) value = args[0];
        else if (args.every((v) => v !== undefined)) value = applyCall(e.fn, args as number[]);
        break;
      }
    }
    this.folded.set(e, value);
    return value;
  }

  /** Pushes the f64 value of `e`. */
  private expression(e: Expr): void {
    const body = this.body;
    const value = this.constant(e);
    if (value !== undefined) {
      body.f64Const(value);
      return;
    }
    switch (e.kind) {
      case 'num':
        body.f64Const(e.value);
        return;
      case 'name':
        body.localGet(this.nameLocal(e.name));
        return;
      case 'unary':
        this.expression(e.arg);
        if (e.op === '-') body.op(Op.f64Neg);
        else if (e.op === '!') body.f64Const(0).op(Op.f64Eq, Op.f64ConvertI32U);
        return;
      case 'binary':
        this.binary(e.op, e.left, e.right);
        return;
      case 'call':
        this.call(e.fn, e.args);
        return;
    }
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): void {
    const body = this.body;
    if (op === '&&' || op === '||') {
      // Lazy, as in JS: the right side runs only when the left does not decide.
      this.truth(left);
      body.if(ValueType.i32);
      if (op === '&&') {
        this.truth(right);
        body.else().i32Const(0);
      } else {
        body.i32Const(1).else();
        this.truth(right);
      }
      body.end().op(Op.f64ConvertI32U);
      return;
    }
    this.expression(left);
    this.expression(right);
    if (op === '^') body.call(MATH_POW);
    else if (ARITHMETIC[op] !== undefined) body.op(ARITHMETIC[op]);
    else body.op(COMPARE[op]!, Op.f64ConvertI32U);
  }

  private call(fn: FunctionName, args: readonly Expr[]): void {
    const body = this.body;
    switch (fn) {
      case 'min':
      case 'max': {
        // Folded left to right like the JS loop; f64.min/max treat NaN and ±0 as Math.min/max do.
        this.expression(args[0]!);
        for (let m = 1; m < args.length; m++) {
          this.expression(args[m]!);
          body.op(fn === 'min' ? Op.f64Min : Op.f64Max);
        }
        return;
      }
      case 'if': {
        const cond = this.constant(args[0]!);
        if (cond !== undefined) {
          this.expression(cond !== 0 ? args[1]! : args[2]!);
          return;
        }
        this.truth(args[0]!);
        body.if(ValueType.f64);
        this.expression(args[1]!);
        body.else();
        this.expression(args[2]!);
        body.end();
        return;
      }
      case 'pow':
        this.binary('^', args[0]!, args[1]!);
        return;
      case 'exp':
      case 'log':
        this.expression(args[0]!);
        body.call(fn === 'exp' ? MATH_EXP : MATH_LOG);
        return;
      default:
        this.expression(args[0]!);
        body.op(ROUND[fn]!);
    }
  }

  /** Pushes the i32 truth of `e`: 1 unless `e` is ±0, so NaN counts as true, as in JS. */
  private truth(e: Expr): void {
    this.expression(e);
    this.body.f64Const(0).op(Op.f64Ne);
  }

  private nameLocal(name: string): number {
    const binding = this.net.resolve(name);
    switch (binding?.kind) {
      case 'state':
        return this.stateLocal[binding.index]!;
      case 'param':
        return this.paramLocal.get(binding.index)!;
      case 'time':
        return T;
      case 'derived': {
        const local = this.derivedLocal.get(name);
        if (local !== undefined && local >= 0) return local;
        // A derived quantity defined later: only `t` may be shadowed so, and here it is still time.
        if (name === 't' && local === undefined) return T;
        throw new Unsupported(`derived '${name}' read before it is defined`);
      }
      default:
        throw new Unsupported(`unknown name '${name}'`);
    }
  }
}

/** Calls `use` with each free name in `e`. */
function walk(e: Expr, use: (name: string) => void): void {
  switch (e.kind) {
    case 'num':
      return;
    case 'name':
      use(e.name);
      return;
    case 'unary':
      walk(e.arg, use);
      return;
    case 'binary':
      walk(e.left, use);
      walk(e.right, use);
      return;
    case 'call':
      for (const arg of e.args) walk(arg, use);
  }
}

/** Compiled modules by network: one compile serves every engine of a network (and shares its tier-up). */
const modules = new WeakMap<Network, WebAssembly.Module | null>();

/** The module of `rhs` for a network, importing its memory; null where it cannot be compiled. */
function moduleOf(net: Network): WebAssembly.Module | null {
  let module = modules.get(net);
  if (module !== undefined) return module;
  module = null;
  const emitter = new Emitter(net);
  try {
    emitter.emit();
    const bytes = encodeModule({
      imports,
      functions: [{ body: emitter.body, export: 'rhs' }],
      memory: { pages: 1, import: { module: 'env', name: 'memory' } },
    });
    // Bytes we emitted from the validated AST: compiling our own IR, not running scenario text.
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    // Fall back to JS for what we do not compile, and where WebAssembly is refused: a content
    // security policy (CompileError), a browser's main-thread size limit (RangeError).
    const refused = error instanceof WebAssembly.CompileError || error instanceof RangeError;
    if (!(error instanceof Unsupported || refused)) throw error;
  }
  modules.set(net, module);
  return module;
}

/**
 * Compiles the network's mean-field right-hand side (the same numbers as `derivativesOf`, bit for
 * bit up to NaN payloads) to WebAssembly, and instantiates it with a memory of its own. The module
 * is compiled once per network and cached. Returns undefined where WebAssembly is unavailable or
 * refused, so callers fall back to `derivativesOf`.
 */
export function compileDerivatives(
  net: Network,
  options: CompileDerivativesOptions = {},
): WasmDerivatives | undefined {
  if (typeof WebAssembly !== 'object') return undefined;
  const n = net.compartments.length;
  const capacity = options.capacity ?? DOUBLES_PER_NAME * (n + net.parameterNames.length) + SPARE_DOUBLES;
  if (!Number.isInteger(capacity) || capacity < 0) {
    throw new RangeError(`compileDerivatives: capacity must be a non-negative integer, got ${capacity}`);
  }
  const module = moduleOf(net);
  if (module === null) return undefined;
  let memory: WebAssembly.Memory;
  let rhs: WasmDerivatives['rhs'];
  try {
    // Sized once, here: growing would detach every view `array` has handed out.
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((capacity * F64_BYTES) / PAGE_BYTES)) });
    const instance = new WebAssembly.Instance(module, {
      env: { memory },
      Math: { pow: Math.pow, exp: Math.exp, log: Math.log },
    });
    rhs = instance.exports.rhs as WasmDerivatives['rhs'];
  } catch {
    return undefined;
  }
  const limit = memory.buffer.byteLength;
  let next = 0;
  return {
    rhs,
    memory,
    available: () => (limit - next) / F64_BYTES,
    array: (length) => {
      if (!Number.isInteger(length) || length < 0 || next + F64_BYTES * length > limit) {
        throw new RangeError(
          `compileDerivatives: cannot hand out ${length} doubles, ${(limit - next) / F64_BYTES} are left`,
        );
      }
      const view = new Float64Array(memory.buffer, next, length);
      next += F64_BYTES * length;
      return view;
    },
  };
}
