/**
 * Compiles a parsed rate law into a tree of small closures (see `expression-steps.ts`), one per
 * operator node, each specialised by node kind and by what its operands are. Constant subtrees are
 * folded to numbers here, once. No text is ever turned into code.
 */

import {
  type BinaryOp,
  type Expr,
  ExpressionError,
  type FunctionName,
  namesIn,
} from './expression-parser.js';
import {
  apply1,
  arithmetic,
  choose,
  extremum,
  load,
  loadDerived,
  loadTime,
  negate,
  not,
  type Operand,
  type Register,
  relation,
  type Step,
} from './expression-steps.js';

/**
 * A compiled expression: reads the state vector `x`, the parameter vector `p` and the time `t`,
 * and returns a number. A call creates no objects and boxes no intermediate value (each node stores
 * into a private Float64Array); only the returned number may be boxed by V8, at a call site that does
 * not inline it. `CompiledInto` avoids even that. Not reentrant: it must not call itself through a
 * derived binding.
 */
export type Compiled = (x: Float64Array, p: Float64Array, t: number) => number;

/**
 * A compiled expression that stores its value in `out[at]` instead of returning it, so that a loop
 * over many laws (propensities, ODE right-hand sides) boxes nothing at all.
 */
export type CompiledInto = (
  x: Float64Array,
  p: Float64Array,
  t: number,
  out: Float64Array,
  at: number,
) => void;

/**
 * What a free name stands for: entry `index` of the state vector, entry `index` of the parameter
 * vector, the time `t`, or a derived quantity (such as `N`) computed by its own compiled function.
 * A derived quantity that gives its `expr` (and the `resolve` its names were bound with) is
 * compiled into each expression that reads it and computed there once per evaluation, however
 * often it is read: a chain of derived quantities that each read the one before several times
 * costs its length, not the product of the reads.
 */
export type Binding =
  | { kind: 'state'; index: number }
  | { kind: 'param'; index: number }
  | { kind: 'time' }
  | { kind: 'derived'; fn: Compiled; expr?: Expr; resolve?: (name: string) => Binding | undefined };

/** What an expression reads. Indices are sorted and unique. */
export interface Dependencies {
  /** State-vector indices read directly (not through a derived quantity). */
  states: number[];
  /** Parameter-vector indices read directly (not through a derived quantity). */
  params: number[];
  /** Whether `t` is read directly. */
  time: boolean;
  /** Whether a derived quantity is read; the caller must add that quantity's own dependencies. */
  derived: boolean;
}

type Resolve = (name: string) => Binding | undefined;

function unknownName(name: string, offset: number, length: number): ExpressionError {
  return new ExpressionError(`unknown name '${name}'`, offset, length);
}

/** A binary operator on constants, exactly as compiled code computes it (used for constant folding). */
export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return a ** b;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '&&':
      return a !== 0 && b !== 0 ? 1 : 0;
    case '||':
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}

/** A function call on constants, exactly as compiled code computes it (used for constant folding). */
export function applyCall(fn: FunctionName, v: readonly number[]): number {
  switch (fn) {
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'exp':
      return Math.exp(v[0]!);
    case 'log':
      return Math.log(v[0]!);
    case 'sqrt':
      return Math.sqrt(v[0]!);
    case 'abs':
      return Math.abs(v[0]!);
    case 'floor':
      return Math.floor(v[0]!);
    case 'ceil':
      return Math.ceil(v[0]!);
    case 'pow':
      return v[0]! ** v[1]!;
    case 'if':
      return v[0] !== 0 ? v[1]! : v[2]!;
  }
}

/**
 * Registers an expression needs: one per node, plus, for every derived quantity it reads (through
 * others too) with an `expr`, that expression's nodes and one more, each counted once.
 */
function countRegisters(expr: Expr, resolve: Resolve, seen: Set<Expr>): number {
  let total = countNodes(expr);
  for (const { name } of namesIn(expr)) {
    const binding = resolve(name);
    if (binding?.kind !== 'derived' || binding.expr === undefined || seen.has(binding.expr)) continue;
    seen.add(binding.expr);
    total += 1 + countRegisters(binding.expr, binding.resolve ?? resolve, seen);
  }
  return total;
}

function countNodes(node: Expr): number {
  switch (node.kind) {
    case 'num':
    case 'name':
      return 1;
    case 'unary':
      return 1 + countNodes(node.arg);
    case 'binary':
      return 1 + countNodes(node.left) + countNodes(node.right);
    case 'call':
      return node.args.reduce((sum, arg) => sum + countNodes(arg), 1);
  }
}

/**
 * Compiles one expression. Every node takes at most one register (a leaf only when an operator needs
 * it in one), so a register file with one slot per node never overflows.
 */
class Compiler {
  private readonly resolve: Resolve;
  private readonly r: Float64Array;
  private used = 0;
  /** The register of each derived quantity compiled in, by its expression. */
  private readonly derived = new Map<Expr, Register>();
  /** Counts evaluations, so a derived quantity knows whether it is computed for this one yet. */
  private readonly epoch = new Float64Array(1);
  /** Per derived quantity compiled in: the evaluation it was last computed for. */
  private readonly stamps: Float64Array;

  constructor(expr: Expr, resolve: Resolve) {
    this.resolve = resolve;
    const seen = new Set<Expr>();
    this.r = new Float64Array(countRegisters(expr, resolve, seen));
    this.stamps = new Float64Array(seen.size);
  }

  finish(root: Operand): Compiled {
    const r = this.r;
    if (root.k === 'r' && this.derived.size > 0) {
      const { i, run } = root;
      const epoch = this.epoch;
      return (x, p, t) => {
        epoch[0]!++;
        run(x, p, t);
        return r[i]!;
      };
    }
    switch (root.k) {
      case 'c': {
        const v = root.v;
        return () => v;
      }
      case 'x': {
        const i = root.i;
        return (x) => x[i]!;
      }
      case 'p': {
        const i = root.i;
        return (_x, p) => p[i]!;
      }
      case 'r': {
        const { i, run } = root;
        return (x, p, t) => {
          run(x, p, t);
          return r[i]!;
        };
      }
    }
  }

  finishInto(root: Operand): CompiledInto {
    const r = this.r;
    if (root.k === 'r' && this.derived.size > 0) {
      const { i, run } = root;
      const epoch = this.epoch;
      return (x, p, t, out, at) => {
        epoch[0]!++;
        run(x, p, t);
        out[at] = r[i]!;
      };
    }
    switch (root.k) {
      case 'c': {
        const v = root.v;
        return (_x, _p, _t, out, at) => {
          out[at] = v;
        };
      }
      case 'x': {
        const i = root.i;
        return (x, _p, _t, out, at) => {
          out[at] = x[i]!;
        };
      }
      case 'p': {
        const i = root.i;
        return (_x, p, _t, out, at) => {
          out[at] = p[i]!;
        };
      }
      case 'r': {
        const { i, run } = root;
        return (x, p, t, out, at) => {
          run(x, p, t);
          out[at] = r[i]!;
        };
      }
    }
  }

  private register(build: (r: Float64Array, k: number) => Step): Register {
    if (this.used === this.r.length) throw new Error('expression compiler: register file overflow');
    const k = this.used++;
    return { k: 'r', i: k, run: build(this.r, k) };
  }

  private inRegister(o: Operand): Register {
    return o.k === 'r' ? o : this.register((r, k) => load(r, k, o));
  }

  compile(node: Expr, resolve: Resolve = this.resolve): Operand {
    switch (node.kind) {
      case 'num':
        return { k: 'c', v: node.value };
      case 'name':
        return this.name(node.name, node.offset, node.length, resolve);
      case 'unary': {
        const a = this.compile(node.arg, resolve);
        if (node.op === '+') return a;
        if (a.k === 'c') return { k: 'c', v: node.op === '-' ? -a.v : a.v === 0 ? 1 : 0 };
        if (node.op === '-') return this.register((r, k) => negate(r, k, a));
        const reg = this.inRegister(a);
        return this.register((r, k) => not(r, k, reg));
      }
      case 'binary':
        return this.binary(node.op, this.compile(node.left, resolve), this.compile(node.right, resolve));
      case 'call':
        return this.call(
          node.fn,
          node.args.map((arg) => this.compile(arg, resolve)),
        );
    }
  }

  private name(name: string, offset: number, length: number, resolve: Resolve): Operand {
    const binding = resolve(name);
    if (binding === undefined) throw unknownName(name, offset, length);
    switch (binding.kind) {
      case 'state':
        return { k: 'x', i: binding.index };
      case 'param':
        return { k: 'p', i: binding.index };
      case 'time':
        return this.register(loadTime);
      case 'derived': {
        if (binding.expr !== undefined) return this.inlineDerived(binding.expr, binding.resolve ?? resolve);
        const fn = binding.fn;
        return this.register((r, k) => loadDerived(r, k, fn));
      }
    }
  }

  /**
   * A derived quantity compiled into this expression, computed at most once per evaluation: its
   * register's step runs the quantity's own steps only if it has not yet run for this evaluation.
   */
  private inlineDerived(expr: Expr, resolve: Resolve): Register {
    const known = this.derived.get(expr);
    if (known !== undefined) return known;
    const value = this.inRegister(this.compile(expr, resolve));
    const slot = this.derived.size;
    const { i, run } = value;
    const { epoch, stamps } = this;
    const register = this.register((r, k) => (x, p, t) => {
      if (stamps[slot] !== epoch[0]) {
        stamps[slot] = epoch[0]!;
        run(x, p, t);
        r[k] = r[i]!;
      }
    });
    this.derived.set(expr, register);
    return register;
  }

  private binary(op: BinaryOp, a: Operand, b: Operand): Operand {
    if (a.k === 'c' && b.k === 'c') return { k: 'c', v: applyBinary(op, a.v, b.v) };
    if (op === '+' || op === '-' || op === '*' || op === '/') {
      return this.register((r, k) => arithmetic(op, r, k, a, b));
    }
    if (a.k === 'c' && (op === '&&' || op === '||')) {
      if ((a.v !== 0) === (op === '||')) return { k: 'c', v: op === '||' ? 1 : 0 };
      return this.binary('!=', b, { k: 'c', v: 0 });
    }
    const left = this.inRegister(a);
    const right = b.k === 'c' && op !== '&&' && op !== '||' ? b : this.inRegister(b);
    return this.register((r, k) => relation(op, r, k, left, right));
  }

  private call(fn: FunctionName, args: readonly Operand[]): Operand {
    if (fn === 'if' && args[0]!.k === 'c') return args[0]!.v !== 0 ? args[1]! : args[2]!;
    if (args.every((a) => a.k === 'c')) {
      const values = args.map((a) => (a.k === 'c' ? a.v : Number.NaN));
      return { k: 'c', v: applyCall(fn, values) };
    }
    switch (fn) {
      case 'min':
      case 'max': {
        if (args.length === 1) return args[0]!;
        const regs = args.map((a, m) =>
          m === 0 && a.k === 'c' && args.length === 2 ? a : this.inRegister(a),
        );
        return this.register((r, k) => extremum(fn === 'min', r, k, regs));
      }
      case 'pow':
        return this.binary('^', args[0]!, args[1]!);
      case 'if': {
        const cond = this.inRegister(args[0]!);
        const constant = args[1]!.k === 'c' && args[2]!.k === 'c';
        const a = constant ? args[1]! : this.inRegister(args[1]!);
        const b = constant ? args[2]! : this.inRegister(args[2]!);
        return this.register((r, k) => choose(r, k, cond, a, b));
      }
      default: {
        const a = this.inRegister(args[0]!);
        return this.register((r, k) => apply1(fn, r, k, a));
      }
    }
  }
}

/**
 * Compiles an expression to a closure `(x, p, t) => number`.
 *
 * `resolve` maps each free name to a `Binding`; a name it does not know is an `ExpressionError`
 * (`unknown name 'X'`) located at that name. Every name is checked, including names in an `if`
 * branch that a constant condition discards.
 *
 * Semantics: IEEE-754 doubles throughout; comparisons, `!`, `&&` and `||` yield 1 or 0, and any
 * value other than 0 (NaN included) counts as true; `&&`, `||` and `if` evaluate lazily, so
 * `if(S > 0, log(S), 0)` never takes the log of 0. Constant subtrees are folded once, here.
 */
export function compileExpression(expr: Expr, resolve: (name: string) => Binding | undefined): Compiled {
  const compiler = new Compiler(expr, resolve);
  return compiler.finish(compiler.compile(expr));
}

/**
 * Like `compileExpression`, but the closure stores its value in `out[at]` rather than returning it:
 * `law(x, p, t, propensities, j)`. Same semantics, same errors.
 */
export function compileExpressionInto(
  expr: Expr,
  resolve: (name: string) => Binding | undefined,
): CompiledInto {
  const compiler = new Compiler(expr, resolve);
  return compiler.finishInto(compiler.compile(expr));
}

/**
 * Which state entries, parameter entries and derived quantities an expression reads, and whether it
 * reads `t`: what the stochastic engines need for their dependency graphs, and what tells a
 * constant `rate:` (no states, no time, no derived) from a varying one. Counts every occurrence,
 * even in an `if` branch that can never be taken. Throws `ExpressionError` for an unknown name.
 */
export function dependencies(expr: Expr, resolve: (name: string) => Binding | undefined): Dependencies {
  const states = new Set<number>();
  const params = new Set<number>();
  let time = false;
  let derived = false;
  for (const ref of namesIn(expr)) {
    const binding = resolve(ref.name);
    if (binding === undefined) throw unknownName(ref.name, ref.offset, ref.length);
    if (binding.kind === 'state') states.add(binding.index);
    else if (binding.kind === 'param') params.add(binding.index);
    else if (binding.kind === 'time') time = true;
    else derived = true;
  }
  const ascending = (a: number, b: number): number => a - b;
  return { states: [...states].sort(ascending), params: [...params].sort(ascending), time, derived };
}
