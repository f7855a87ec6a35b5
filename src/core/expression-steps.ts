/**
 * The closures a compiled expression is made of. Each node becomes one `Step` that computes the
 * node's value and stores it in its own slot of a register file `r` (a Float64Array that the compiler
 * allocates once per expression). Steps return nothing: V8 boxes a double returned from a call it has
 * not inlined, but a double stored into a Float64Array is never boxed, so a step allocates nothing.
 *
 * Leaves (constants, state entries, parameter entries) are not steps: they are read in place by the
 * step above them, and every operator has one factory per pairing of operand kinds.
 */

import type { BinaryOp, FunctionName } from './expression-parser.js';

/** Computes one node into its register; reads the state `x`, the parameters `p` and the time `t`. */
export type Step = (x: Float64Array, p: Float64Array, t: number) => void;

/** A node whose value sits in register `i` once `run` has been called. */
export interface Register {
  readonly k: 'r';
  readonly i: number;
  readonly run: Step;
}

/** A compiled subtree: a folded constant, a bare state or parameter read, or a register. */
export type Operand =
  | { readonly k: 'c'; readonly v: number }
  | { readonly k: 'x'; readonly i: number }
  | { readonly k: 'p'; readonly i: number }
  | Register;

/** Builds the step for `r[k] = a OP b`; `a` and `b` are an index or a constant, `ra`/`rb` their steps. */
type Pair = (r: Float64Array, k: number, a: number, b: number, ra: Step, rb: Step) => Step;

/** One factory per pairing of operand kinds (c = constant, x = state, p = parameter, r = register). */
interface PairTable {
  xx: Pair;
  xp: Pair;
  xc: Pair;
  xr: Pair;
  px: Pair;
  pp: Pair;
  pc: Pair;
  pr: Pair;
  cx: Pair;
  cp: Pair;
  cr: Pair;
  rx: Pair;
  rp: Pair;
  rc: Pair;
  rr: Pair;
}

const ADD: PairTable = {
  xx: (r, k, i, j) => (x) => {
    r[k] = x[i]! + x[j]!;
  },
  xp: (r, k, i, j) => (x, p) => {
    r[k] = x[i]! + p[j]!;
  },
  xc: (r, k, i, v) => (x) => {
    r[k] = x[i]! + v;
  },
  xr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = x[i]! + r[j]!;
  },
  px: (r, k, i, j) => (x, p) => {
    r[k] = p[i]! + x[j]!;
  },
  pp: (r, k, i, j) => (_x, p) => {
    r[k] = p[i]! + p[j]!;
  },
  pc: (r, k, i, v) => (_x, p) => {
    r[k] = p[i]! + v;
  },
  pr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = p[i]! + r[j]!;
  },
  cx: (r, k, v, j) => (x) => {
    r[k] = v + x[j]!;
  },
  cp: (r, k, v, j) => (_x, p) => {
    r[k] = v + p[j]!;
  },
  cr: (r, k, v, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = v + r[j]!;
  },
  rx: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! + x[j]!;
  },
  rp: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! + p[j]!;
  },
  rc: (r, k, i, v, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! + v;
  },
  rr: (r, k, i, j, a, b) => (x, p, t) => {
    a(x, p, t);
    b(x, p, t);
    r[k] = r[i]! + r[j]!;
  },
};

const SUB: PairTable = {
  xx: (r, k, i, j) => (x) => {
    r[k] = x[i]! - x[j]!;
  },
  xp: (r, k, i, j) => (x, p) => {
    r[k] = x[i]! - p[j]!;
  },
  xc: (r, k, i, v) => (x) => {
    r[k] = x[i]! - v;
  },
  xr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = x[i]! - r[j]!;
  },
  px: (r, k, i, j) => (x, p) => {
    r[k] = p[i]! - x[j]!;
  },
  pp: (r, k, i, j) => (_x, p) => {
    r[k] = p[i]! - p[j]!;
  },
  pc: (r, k, i, v) => (_x, p) => {
    r[k] = p[i]! - v;
  },
  pr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = p[i]! - r[j]!;
  },
  cx: (r, k, v, j) => (x) => {
    r[k] = v - x[j]!;
  },
  cp: (r, k, v, j) => (_x, p) => {
    r[k] = v - p[j]!;
  },
  cr: (r, k, v, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = v - r[j]!;
  },
  rx: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! - x[j]!;
  },
  rp: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! - p[j]!;
  },
  rc: (r, k, i, v, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! - v;
  },
  rr: (r, k, i, j, a, b) => (x, p, t) => {
    a(x, p, t);
    b(x, p, t);
    r[k] = r[i]! - r[j]!;
  },
};

const MUL: PairTable = {
  xx: (r, k, i, j) => (x) => {
    r[k] = x[i]! * x[j]!;
  },
  xp: (r, k, i, j) => (x, p) => {
    r[k] = x[i]! * p[j]!;
  },
  xc: (r, k, i, v) => (x) => {
    r[k] = x[i]! * v;
  },
  xr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = x[i]! * r[j]!;
  },
  px: (r, k, i, j) => (x, p) => {
    r[k] = p[i]! * x[j]!;
  },
  pp: (r, k, i, j) => (_x, p) => {
    r[k] = p[i]! * p[j]!;
  },
  pc: (r, k, i, v) => (_x, p) => {
    r[k] = p[i]! * v;
  },
  pr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = p[i]! * r[j]!;
  },
  cx: (r, k, v, j) => (x) => {
    r[k] = v * x[j]!;
  },
  cp: (r, k, v, j) => (_x, p) => {
    r[k] = v * p[j]!;
  },
  cr: (r, k, v, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = v * r[j]!;
  },
  rx: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! * x[j]!;
  },
  rp: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! * p[j]!;
  },
  rc: (r, k, i, v, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! * v;
  },
  rr: (r, k, i, j, a, b) => (x, p, t) => {
    a(x, p, t);
    b(x, p, t);
    r[k] = r[i]! * r[j]!;
  },
};

const DIV: PairTable = {
  xx: (r, k, i, j) => (x) => {
    r[k] = x[i]! / x[j]!;
  },
  xp: (r, k, i, j) => (x, p) => {
    r[k] = x[i]! / p[j]!;
  },
  xc: (r, k, i, v) => (x) => {
    r[k] = x[i]! / v;
  },
  xr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = x[i]! / r[j]!;
  },
  px: (r, k, i, j) => (x, p) => {
    r[k] = p[i]! / x[j]!;
  },
  pp: (r, k, i, j) => (_x, p) => {
    r[k] = p[i]! / p[j]!;
  },
  pc: (r, k, i, v) => (_x, p) => {
    r[k] = p[i]! / v;
  },
  pr: (r, k, i, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = p[i]! / r[j]!;
  },
  cx: (r, k, v, j) => (x) => {
    r[k] = v / x[j]!;
  },
  cp: (r, k, v, j) => (_x, p) => {
    r[k] = v / p[j]!;
  },
  cr: (r, k, v, j, _, b) => (x, p, t) => {
    b(x, p, t);
    r[k] = v / r[j]!;
  },
  rx: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! / x[j]!;
  },
  rp: (r, k, i, j, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! / p[j]!;
  },
  rc: (r, k, i, v, a) => (x, p, t) => {
    a(x, p, t);
    r[k] = r[i]! / v;
  },
  rr: (r, k, i, j, a, b) => (x, p, t) => {
    a(x, p, t);
    b(x, p, t);
    r[k] = r[i]! / r[j]!;
  },
};

const TABLES: Readonly<Record<'+' | '-' | '*' | '/', PairTable>> = { '+': ADD, '-': SUB, '*': MUL, '/': DIV };

const noop: Step = () => {};

function payload(o: Operand): number {
  return o.k === 'c' ? o.v : o.i;
}

function runner(o: Operand): Step {
  return o.k === 'r' ? o.run : noop;
}

/** `r[k] = a OP b` for `+ - * /`, specialised to the kinds of `a` and `b` (not both constants). */
export function arithmetic(
  op: '+' | '-' | '*' | '/',
  r: Float64Array,
  k: number,
  a: Operand,
  b: Operand,
): Step {
  const table = TABLES[op];
  const key = `${a.k}${b.k}` as keyof PairTable;
  return table[key](r, k, payload(a), payload(b), runner(a), runner(b));
}

/** `r[k] = a`, so that any operand can sit in a register. */
export function load(r: Float64Array, k: number, a: Operand): Step {
  switch (a.k) {
    case 'c': {
      const v = a.v;
      return () => {
        r[k] = v;
      };
    }
    case 'x': {
      const i = a.i;
      return (x) => {
        r[k] = x[i]!;
      };
    }
    case 'p': {
      const i = a.i;
      return (_x, p) => {
        r[k] = p[i]!;
      };
    }
    case 'r': {
      const { i, run } = a;
      return (x, p, t) => {
        run(x, p, t);
        r[k] = r[i]!;
      };
    }
  }
}

/** `r[k] = t`. */
export function loadTime(r: Float64Array, k: number): Step {
  return (_x, _p, t) => {
    r[k] = t;
  };
}

/** `r[k] = fn(x, p, t)` for a derived quantity. */
export function loadDerived(
  r: Float64Array,
  k: number,
  fn: (x: Float64Array, p: Float64Array, t: number) => number,
): Step {
  return (x, p, t) => {
    r[k] = fn(x, p, t);
  };
}

/** `r[k] = -a`. */
export function negate(r: Float64Array, k: number, a: Operand): Step {
  const i = payload(a);
  if (a.k === 'x') {
    return (x) => {
      r[k] = -x[i]!;
    };
  }
  if (a.k === 'p') {
    return (_x, p) => {
      r[k] = -p[i]!;
    };
  }
  const run = runner(a);
  return (x, p, t) => {
    run(x, p, t);
    r[k] = -r[i]!;
  };
}

/** `r[k] = !a`: 1 when a is 0, else 0. */
export function not(r: Float64Array, k: number, a: Register): Step {
  const { i, run } = a;
  return (x, p, t) => {
    run(x, p, t);
    r[k] = r[i] === 0 ? 1 : 0;
  };
}

/** `r[k] = a OP v` for power and comparisons with a constant right side, the common case (`t < 4`, `S^2`). */
function withConstant(op: BinaryOp, r: Float64Array, k: number, a: Register, v: number): Step {
  const { i, run: f } = a;
  switch (op) {
    case '^':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i]! ** v;
      };
    case '<':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i]! < v ? 1 : 0;
      };
    case '<=':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i]! <= v ? 1 : 0;
      };
    case '>':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i]! > v ? 1 : 0;
      };
    case '>=':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i]! >= v ? 1 : 0;
      };
    case '==':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i] === v ? 1 : 0;
      };
    default:
      return (x, p, t) => {
        f(x, p, t);
        r[k] = r[i] !== v ? 1 : 0;
      };
  }
}

/**
 * `r[k] = a OP b` for `^`, comparisons, `&&` and `||`. The logical operators evaluate `b` only when
 * `a` does not decide the result. `b` must be a register unless it is a constant and OP is not logical.
 */
export function relation(op: BinaryOp, r: Float64Array, k: number, a: Register, b: Operand): Step {
  if (b.k === 'c' && op !== '&&' && op !== '||') return withConstant(op, r, k, a, b.v);
  const { i, run: f } = a;
  const j = payload(b);
  const g = runner(b);
  switch (op) {
    case '&&':
      return (x, p, t) => {
        f(x, p, t);
        if (r[i] === 0) {
          r[k] = 0;
        } else {
          g(x, p, t);
          r[k] = r[j] !== 0 ? 1 : 0;
        }
      };
    case '||':
      return (x, p, t) => {
        f(x, p, t);
        if (r[i] !== 0) {
          r[k] = 1;
        } else {
          g(x, p, t);
          r[k] = r[j] !== 0 ? 1 : 0;
        }
      };
    case '^':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i]! ** r[j]!;
      };
    case '<':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i]! < r[j]! ? 1 : 0;
      };
    case '<=':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i]! <= r[j]! ? 1 : 0;
      };
    case '>':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i]! > r[j]! ? 1 : 0;
      };
    case '>=':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i]! >= r[j]! ? 1 : 0;
      };
    case '==':
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i] === r[j] ? 1 : 0;
      };
    default:
      return (x, p, t) => {
        f(x, p, t);
        g(x, p, t);
        r[k] = r[i] !== r[j] ? 1 : 0;
      };
  }
}

/** `r[k] = fn(a)` for the one-argument functions. */
export function apply1(fn: FunctionName, r: Float64Array, k: number, a: Register): Step {
  const { i, run: f } = a;
  switch (fn) {
    case 'exp':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.exp(r[i]!);
      };
    case 'log':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.log(r[i]!);
      };
    case 'sqrt':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.sqrt(r[i]!);
      };
    case 'abs':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.abs(r[i]!);
      };
    case 'floor':
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.floor(r[i]!);
      };
    default:
      return (x, p, t) => {
        f(x, p, t);
        r[k] = Math.ceil(r[i]!);
      };
  }
}

/** `r[k] = min(args)` or `max(args)` for two or more arguments, all registers but perhaps a constant first. */
export function extremum(isMin: boolean, r: Float64Array, k: number, args: readonly Operand[]): Step {
  if (args.length === 2) {
    const a = args[0]!;
    const b = args[1]!;
    const j = payload(b);
    const g = runner(b);
    if (a.k === 'c') {
      const v = a.v;
      return isMin
        ? (x, p, t) => {
            g(x, p, t);
            r[k] = Math.min(v, r[j]!);
          }
        : (x, p, t) => {
            g(x, p, t);
            r[k] = Math.max(v, r[j]!);
          };
    }
    const i = payload(a);
    const f = runner(a);
    return isMin
      ? (x, p, t) => {
          f(x, p, t);
          g(x, p, t);
          r[k] = Math.min(r[i]!, r[j]!);
        }
      : (x, p, t) => {
          f(x, p, t);
          g(x, p, t);
          r[k] = Math.max(r[i]!, r[j]!);
        };
  }
  const steps = args.map(runner);
  const slots = Int32Array.from(args, payload);
  const n = steps.length;
  return isMin
    ? (x, p, t) => {
        for (let m = 0; m < n; m++) steps[m]!(x, p, t);
        let best = r[slots[0]!]!;
        for (let m = 1; m < n; m++) best = Math.min(best, r[slots[m]!]!);
        r[k] = best;
      }
    : (x, p, t) => {
        for (let m = 0; m < n; m++) steps[m]!(x, p, t);
        let best = r[slots[0]!]!;
        for (let m = 1; m < n; m++) best = Math.max(best, r[slots[m]!]!);
        r[k] = best;
      };
}

/** `r[k] = if(c, a, b)`, evaluating only the branch it picks; the branches are registers or constants. */
export function choose(r: Float64Array, k: number, c: Register, a: Operand, b: Operand): Step {
  const { i, run: f } = c;
  if (a.k === 'c' && b.k === 'c') {
    const va = a.v;
    const vb = b.v;
    return (x, p, t) => {
      f(x, p, t);
      r[k] = r[i] !== 0 ? va : vb;
    };
  }
  const ja = payload(a);
  const ga = runner(a);
  const jb = payload(b);
  const gb = runner(b);
  return (x, p, t) => {
    f(x, p, t);
    if (r[i] !== 0) {
      ga(x, p, t);
      r[k] = r[ja]!;
    } else {
      gb(x, p, t);
      r[k] = r[jb]!;
    }
  };
}
