import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Binding,
  type Compiled,
  compileExpression,
  compileExpressionInto,
  dependencies,
  type Expr,
  ExpressionError,
  namesIn,
  parseExpression,
} from '../../src/core/expression.js';

// A small world: states S, Z, R; parameters beta, gamma; N = S + Z + R; t.
const x = Float64Array.of(500, 3, 7);
const p = Float64Array.of(0.0095, 0.5);
const sumStates: Compiled = (xs) => xs[0]! + xs[1]! + xs[2]!;
const BINDINGS = new Map<string, Binding>([
  ['S', { kind: 'state', index: 0 }],
  ['Z', { kind: 'state', index: 1 }],
  ['R', { kind: 'state', index: 2 }],
  ['beta', { kind: 'param', index: 0 }],
  ['gamma', { kind: 'param', index: 1 }],
  ['N', { kind: 'derived', fn: sumStates }],
  ['t', { kind: 'time' }],
]);
const resolve = (name: string): Binding | undefined => BINDINGS.get(name);

function evaluate(text: string, t = 2.5): number {
  return compileExpression(parseExpression(text), resolve)(x, p, t);
}

/** The shape of the error that parsing and compiling `text` throws. */
function failure(text: string): { message: string; offset: number; length: number } {
  try {
    compileExpression(parseExpression(text), resolve);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { message: error.message, offset: error.offset, length: error.length };
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('evaluation', () => {
  it.each([
    ['12', 12],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1e-3', 1e-3],
    ['1E+2', 100],
    ['1.e2', 100],
    ['7.', 7],
    [' \t\n 1 \n+\t2 ', 3],
    ['S', 500],
    ['gamma', 0.5],
    ['t', 2.5],
    ['N', 510],
    ['beta * S * Z / N', (0.0095 * 500 * 3) / 510],
    ['S - 1 - Z', 496],
    ['gamma * (S + Z)', 251.5],
    ['4 / 0', Number.POSITIVE_INFINITY],
    ['0 / 0', Number.NaN],
    ['S^2', 250000],
    ['-S^2', -250000],
    ['R / Z', 7 / 3],
  ])('%s = %d', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it.each([
    ['2^3^2', 512],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['2^-1', 0.5],
    ['2^-1^2', 0.5],
    ['-2^-2', -0.25],
    ['2^3*2', 16],
    ['2*3^2', 18],
    ['1 - 2 - 3', -4],
    ['1 - (2 - 3)', 2],
    ['8/4/2', 1],
    ['8/(4/2)', 4],
    ['2*3+4', 10],
    ['2+3*4', 14],
    ['12/3*2', 8],
    ['2 * -3', -6],
    ['2 - -3', 5],
    ['+-+3', -3],
    ['--3', 3],
    ['1 < 2 == 1', 1],
    ['2 == 2 < 3', 0],
    ['3 > 2 > 1', 0],
    ['1 + 1 < 3', 1],
    ['2 <= 2', 1],
    ['2 >= 3', 0],
    ['2 != 3', 1],
    ['1 < 2 < 3 == 1', 1],
    ['!0', 1],
    ['!5', 0],
    ['!!5', 1],
    ['-!0', -1],
    ['!1 + 1', 1],
    ['!(1 + 1)', 0],
    ['1 || 0 && 0', 1],
    ['0 && 1 || 1', 1],
    ['(1 || 0) && 0', 0],
    ['2 && 3', 1],
    ['0 || -0.5', 1],
    ['0 || 0', 0],
    ['1 < 2 && 3 < 4', 1],
    ['0 / 0 && 1', 1],
  ])('%s = %d (precedence and associativity)', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it.each([
    ['min(3)', 3],
    ['max(3)', 3],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(S, Z)', 3],
    ['max(0, S - 1)', 499],
    ['max(S - 1, 0)', 499],
    ['min(S, Z, R, 1, beta)', 0.0095],
    ['max(S, Z, R, 1, beta)', 500],
    ['exp(0)', 1],
    ['exp(Z)', Math.exp(3)],
    ['log(R)', Math.log(7)],
    ['log(0)', Number.NEGATIVE_INFINITY],
    ['log(-1)', Number.NaN],
    ['sqrt(16)', 4],
    ['sqrt(Z)', Math.sqrt(3)],
    ['abs(-3)', 3],
    ['abs(Z - S)', 497],
    ['pow(2, 10)', 1024],
    ['pow(Z, 2)', 9],
    ['pow(2, Z)', 8],
    ['floor(-1.5)', -2],
    ['floor(R / 2)', 3],
    ['ceil(-1.5)', -1],
    ['ceil(R / 2)', 4],
    ['if(1, 1, log(-1))', 1],
    ['if(0, log(-1), 2)', 2],
    ['if(Z > 0, 1, log(-1))', 1],
    ['if(Z < 0, log(-1), 2)', 2],
    ['if(t < 4, 20, 2) * max(0, S - 1)', 20 * 499],
  ])('%s = %d (functions)', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it('reads t at call time', () => {
    const law = compileExpression(parseExpression('if(t < 4, 20, 2) * max(0, S - 1)'), resolve);
    expect(law(x, p, 3.9)).toBe(20 * 499);
    expect(law(x, p, 4)).toBe(2 * 499);
    expect(law(Float64Array.of(0, 3, 7), p, 5)).toBe(0);
  });

  it('evaluates only the branch that if, && and || pick', () => {
    let calls = 0;
    const boom: Compiled = () => {
      calls++;
      return Number.NaN;
    };
    const withBoom = (name: string): Binding | undefined =>
      name === 'boom' ? { kind: 'derived', fn: boom } : resolve(name);
    const run = (text: string): number => compileExpression(parseExpression(text), withBoom)(x, p, 0);
    expect(run('if(S > 0, 1, boom)')).toBe(1);
    expect(run('if(S < 0, boom, 2)')).toBe(2);
    expect(run('Z < 0 && boom')).toBe(0);
    expect(run('Z > 0 || boom')).toBe(1);
    expect(run('0 && boom')).toBe(0);
    expect(run('1 || boom')).toBe(1);
    expect(calls).toBe(0);
    expect(run('if(S > 0, boom, 1)')).toBeNaN();
    expect(run('Z > 0 && boom')).toBe(1);
    expect(calls).toBe(2);
  });

  it('writes into an array with compileExpressionInto', () => {
    const out = new Float64Array(4);
    const laws = ['beta * S * Z / N', '3', 'gamma', 'R'].map((text) =>
      compileExpressionInto(parseExpression(text), resolve),
    );
    laws.forEach((law, j) => {
      law(x, p, 0, out, j);
    });
    expect([...out]).toEqual([(0.0095 * 500 * 3) / 510, 3, 0.5, 7]);
  });

  it('keeps each compiled law to itself, including laws used as derived quantities', () => {
    const n = compileExpression(parseExpression('S + Z + R + 0 * t'), resolve);
    const withN = (name: string): Binding | undefined =>
      name === 'N' ? { kind: 'derived', fn: n } : resolve(name);
    const a = compileExpression(parseExpression('S / N + (Z - 1) * 2'), withN);
    const b = compileExpression(parseExpression('S / N + (Z - 1) * 2'), withN);
    const y = Float64Array.of(1, 2, 1);
    expect(a(x, p, 0)).toBe(500 / 510 + 4);
    expect(b(y, p, 0)).toBe(1 / 4 + 2);
    expect(a(x, p, 0)).toBe(500 / 510 + 4);
    expect(n(y, p, 0)).toBe(4);
  });

  it('specialises every operand pairing of + - * / the same way', () => {
    // Constant, state, parameter and sub-expression on each side of each operator.
    const operands: Array<[string, number]> = [
      ['3', 3],
      ['R', 7],
      ['gamma', 0.5],
      ['(Z + 1)', 4],
      ['N', 510],
      ['t', 2.5],
    ];
    const ops: Array<[string, (a: number, b: number) => number]> = [
      ['+', (a, b) => a + b],
      ['-', (a, b) => a - b],
      ['*', (a, b) => a * b],
      ['/', (a, b) => a / b],
    ];
    for (const [op, apply] of ops) {
      for (const [a, va] of operands) {
        for (const [b, vb] of operands) {
          expect(evaluate(`${a} ${op} ${b}`), `${a} ${op} ${b}`).toBe(apply(va, vb));
        }
        expect(evaluate(`-${a}`)).toBe(-va);
      }
    }
  });

  it('gives a compiled law that matches the declared type', () => {
    expectTypeOf(compileExpression).returns.toEqualTypeOf<Compiled>();
    expectTypeOf<Compiled>().toEqualTypeOf<(x: Float64Array, p: Float64Array, t: number) => number>();
    expectTypeOf(parseExpression).returns.toEqualTypeOf<Expr>();
  });
});

describe('errors', () => {
  it.each([
    ['', 'unexpected end of expression', 0, 0],
    ['   ', 'unexpected end of expression', 3, 0],
    ['1 +', 'unexpected end of expression', 3, 0],
    ['-', 'unexpected end of expression', 1, 0],
    [')', "unexpected ')'", 0, 1],
    ['1 + )', "unexpected ')'", 4, 1],
    ['()', "unexpected ')'", 1, 1],
    ['(1))', "unexpected ')'", 3, 1],
    ['1 2', "unexpected '2'", 2, 1],
    ['S Z', "unexpected 'Z'", 2, 1],
    ['S (Z)', "unknown function 'S'", 0, 1],
    ['1 , 2', "unexpected ','", 2, 1],
    ['2 ** 3', "unexpected '*'", 3, 1],
    ['1 < < 2', "unexpected '<'", 4, 1],
    ['(1 + 2', "expected ')' to close '(' at column 1", 6, 0],
    ['2 * (S + 1', "expected ')' to close '(' at column 5", 10, 0],
    ['(1 2)', "expected ')' to close '(' at column 1", 3, 1],
    ['foo(1)', "unknown function 'foo'", 0, 3],
    ['2 * constructor(1)', "unknown function 'constructor'", 4, 11],
    ['S + Min(1)', "unknown function 'Min'", 4, 3],
    ['min()', 'min needs at least 1 argument', 0, 5],
    ['1 + max( )', 'max needs at least 1 argument', 4, 6],
    ['exp(1, 2)', 'exp takes 1 argument, not 2', 0, 9],
    ['log()', 'log takes 1 argument, not 0', 0, 5],
    ['pow(2)', 'pow takes 2 arguments, not 1', 0, 6],
    ['if(1, 2)', 'if takes 3 arguments, not 2', 0, 8],
    ['if(1, 2, 3, 4)', 'if takes 3 arguments, not 4', 0, 14],
    ['min(1,)', "unexpected ')'", 6, 1],
    ['min(,1)', "unexpected ','", 4, 1],
    ['min(1 2)', "expected ',' or ')' to close '(' at column 4", 6, 1],
    ['min(1', "expected ',' or ')' to close '(' at column 4", 5, 0],
    ['1 = 2', "unexpected '='; use '==' to compare", 2, 1],
    ['S & Z', "unexpected '&'; use '&&'", 2, 1],
    ['S | Z', "unexpected '|'; use '||'", 2, 1],
    ['1e', "malformed number '1e'", 0, 2],
    ['2 * 1.5e-', "malformed number '1.5e'", 4, 4],
    ['1.2.3', "malformed number '1.2.3'", 0, 5],
    ['2S', "malformed number '2S'", 0, 2],
    ['1e999', "number '1e999' is too large", 0, 5],
    ['.', "unexpected character '.'", 0, 1],
    ['S.Z', "unexpected character '.'", 1, 1],
    ['S # 2', "unexpected character '#'", 2, 1],
    ['S $', "unexpected character '$'", 2, 1],
    ['S \u0000', 'unexpected character U+0000', 2, 1],
    ['1 + \u{1F9DF}', "unexpected character '\u{1F9DF}'", 4, 2],
    ['bta * S', "unknown name 'bta'", 0, 3],
    ['S + 2 * gama', "unknown name 'gama'", 8, 4],
    ['exp', "unknown name 'exp'", 0, 3],
    ['if(1, 2, nope)', "unknown name 'nope'", 9, 4],
    ['0 && nope', "unknown name 'nope'", 5, 4],
  ])('%j', (text, message, offset, length) => {
    expect(failure(text)).toEqual({ message, offset, length });
  });

  it('shapes the error like other errors', () => {
    expect(() => parseExpression('(')).toThrow(ExpressionError);
    try {
      parseExpression('S +* 2');
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        name: 'ExpressionError',
        message: "unexpected '*'",
        offset: 3,
        length: 1,
      });
    }
  });

  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(failure(`${'('.repeat(200)}1${')'.repeat(200)}`)).toMatchInlineSnapshot(`
      {
        "length": 1,
        "message": "expression nested too deeply",
        "offset": 100,
      }
    `);
    expect(failure(`${'-'.repeat(101)}1`)).toEqual({
      message: 'expression nested too deeply',
      offset: 100,
      length: 1,
    });
    expect(failure(`${'exp('.repeat(150)}1${')'.repeat(150)}`).message).toBe('expression nested too deeply');
    expect(failure(`${'2^'.repeat(150)}2`).message).toBe('expression nested too deeply');
    // A left-leaning chain needs no recursion to parse, but it still makes a tall tree.
    expect(failure(`1${'+1'.repeat(1000)}`)).toEqual({
      message: 'expression nested too deeply',
      offset: 1999,
      length: 1,
    });
    expect(failure(`${'('.repeat(100_000)}1`).message).toBe('expression nested too deeply');
    // Just inside the limits.
    expect(evaluate(`${'('.repeat(99)}1${')'.repeat(99)}`)).toBe(1);
    expect(evaluate(`1${'+1'.repeat(999)}`)).toBe(1000);
  });
});

describe('namesIn and dependencies', () => {
  it('lists free names in source order, without function names', () => {
    expect(namesIn(parseExpression('max(0, S - 1) * beta + S'))).toEqual([
      { name: 'S', offset: 7, length: 1 },
      { name: 'beta', offset: 16, length: 4 },
      { name: 'S', offset: 23, length: 1 },
    ]);
    expect(namesIn(parseExpression('if(t < 4, 20, 2)'))).toEqual([{ name: 't', offset: 3, length: 1 }]);
    expect(namesIn(parseExpression('exp(1) + 2'))).toEqual([]);
  });

  it('reports sorted unique indices and whether t or a derived quantity is read', () => {
    expect(dependencies(parseExpression('R * gamma + S * beta * S + t / N'), resolve)).toEqual({
      states: [0, 2],
      params: [0, 1],
      time: true,
      derived: true,
    });
    expect(dependencies(parseExpression('beta'), resolve)).toEqual({
      states: [],
      params: [0],
      time: false,
      derived: false,
    });
    expect(dependencies(parseExpression('2 * 3'), resolve)).toEqual({
      states: [],
      params: [],
      time: false,
      derived: false,
    });
    expect(() => dependencies(parseExpression('S * nope'), resolve)).toThrow(
      expect.objectContaining({ message: "unknown name 'nope'", offset: 4 }),
    );
  });

  it('gives each node the span of its own text, operand parentheses included', () => {
    const root = parseExpression(' (S + 1) * 2 ');
    expect(root).toMatchObject({ kind: 'binary', op: '*', offset: 1, length: 11 });
    expect(root.kind === 'binary' && root.left).toMatchObject({ kind: 'binary', offset: 2, length: 5 });
    expect(parseExpression('min(S, 2)')).toMatchObject({ kind: 'call', fn: 'min', offset: 0, length: 9 });
    expect(parseExpression('-(S)')).toMatchObject({ kind: 'unary', offset: 0, length: 4 });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. The oracle is a separate tree type with its own printer and its own evaluator.

type Tree =
  | { k: 'num'; v: number }
  | { k: 'name'; n: string }
  | { k: 'unary'; op: string; a: Tree }
  | { k: 'binary'; op: string; a: Tree; b: Tree }
  | { k: 'call'; fn: string; args: Tree[] };

const BINARY_OPS = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||'];
const UNARY_OPS = ['-', '+', '!'];
const ARITY: Record<string, [number, number]> = {
  min: [1, 4],
  max: [1, 4],
  exp: [1, 1],
  log: [1, 1],
  sqrt: [1, 1],
  abs: [1, 1],
  pow: [2, 2],
  floor: [1, 1],
  ceil: [1, 1],
  if: [3, 3],
};

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'tree' },
    fc.oneof(
      fc.constantFrom(0, 1, 2, 0.5, 3, 10).map((v): Tree => ({ k: 'num', v })),
      fc.double({ min: 0, max: 1e3, noNaN: true }).map((v): Tree => ({ k: 'num', v: Math.abs(v) })),
      fc.constantFrom(...BINDINGS.keys()).map((n): Tree => ({ k: 'name', n })),
    ),
    fc.record({ k: fc.constant('unary' as const), op: fc.constantFrom(...UNARY_OPS), a: tie('tree') }),
    fc.record({
      k: fc.constant('binary' as const),
      op: fc.constantFrom(...BINARY_OPS),
      a: tie('tree'),
      b: tie('tree'),
    }),
    fc
      .constantFrom(...Object.keys(ARITY))
      .chain((fn) =>
        fc
          .array(tie('tree'), { minLength: ARITY[fn]![0], maxLength: ARITY[fn]![1] })
          .map((args): Tree => ({ k: 'call', fn, args })),
      ),
  ),
}));

function fullyParenthesised(node: Tree): string {
  switch (node.k) {
    case 'num':
      return String(node.v);
    case 'name':
      return node.n;
    case 'unary':
      return `(${node.op}${fullyParenthesised(node.a)})`;
    case 'binary':
      return `(${fullyParenthesised(node.a)} ${node.op} ${fullyParenthesised(node.b)})`;
    case 'call':
      return `${node.fn}(${node.args.map(fullyParenthesised).join(', ')})`;
  }
}

/** Binding strength as documented: or < and < equality < relational < additive < multiplicative < prefix < power. */
const STRENGTH: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};
const PREFIX = 7;
const POWER = 8;
const ATOM = 9;

function strength(node: Tree): number {
  if (node.k === 'unary') return PREFIX;
  if (node.k === 'binary') return node.op === '^' ? POWER : STRENGTH[node.op]!;
  return ATOM;
}

/** Prints with only the parentheses that the documented precedence needs, and `gap` around operators. */
function minimal(node: Tree, gap: string): string {
  const wrap = (child: Tree, needs: boolean): string =>
    needs ? `(${minimal(child, gap)})` : minimal(child, gap);
  switch (node.k) {
    case 'num':
      return String(node.v);
    case 'name':
      return node.n;
    case 'unary':
      return `${node.op}${gap}${wrap(node.a, strength(node.a) < PREFIX)}`;
    case 'binary': {
      if (node.op === '^') {
        return `${wrap(node.a, strength(node.a) < ATOM)}${gap}^${gap}${wrap(node.b, strength(node.b) < PREFIX)}`;
      }
      const s = STRENGTH[node.op]!;
      return `${wrap(node.a, strength(node.a) < s)}${gap}${node.op}${gap}${wrap(node.b, strength(node.b) <= s)}`;
    }
    case 'call':
      return `${node.fn}(${gap}${node.args.map((a) => minimal(a, gap)).join(`,${gap}`)}${gap})`;
  }
}

function toTree(node: Expr): Tree {
  switch (node.kind) {
    case 'num':
      return { k: 'num', v: node.value };
    case 'name':
      return { k: 'name', n: node.name };
    case 'unary':
      return { k: 'unary', op: node.op, a: toTree(node.arg) };
    case 'binary':
      return { k: 'binary', op: node.op, a: toTree(node.left), b: toTree(node.right) };
    case 'call':
      return { k: 'call', fn: node.fn, args: node.args.map(toTree) };
  }
}

function children(node: Expr): readonly Expr[] {
  if (node.kind === 'unary') return [node.arg];
  if (node.kind === 'binary') return [node.left, node.right];
  if (node.kind === 'call') return node.args;
  return [];
}

interface Env {
  S: number;
  Z: number;
  R: number;
  beta: number;
  gamma: number;
  t: number;
}

function oracle(node: Tree, env: Env): number {
  const truthy = (v: number): boolean => v < 0 || v > 0 || Number.isNaN(v);
  const bit = (b: boolean): number => (b ? 1 : 0);
  switch (node.k) {
    case 'num':
      return node.v;
    case 'name':
      return node.n === 'N' ? env.S + env.Z + env.R : env[node.n as keyof Env];
    case 'unary': {
      const a = oracle(node.a, env);
      return node.op === '-' ? -a : node.op === '+' ? a : bit(!truthy(a));
    }
    case 'binary': {
      const a = oracle(node.a, env);
      if (node.op === '&&') return bit(truthy(a) && truthy(oracle(node.b, env)));
      if (node.op === '||') return bit(truthy(a) || truthy(oracle(node.b, env)));
      const b = oracle(node.b, env);
      const table: Record<string, number> = {
        '+': a + b,
        '-': a - b,
        '*': a * b,
        '/': a / b,
        '^': a ** b,
        '<': bit(a < b),
        '<=': bit(a <= b),
        '>': bit(a > b),
        '>=': bit(a >= b),
        '==': bit(a === b),
        '!=': bit(a !== b),
      };
      return table[node.op]!;
    }
    case 'call': {
      if (node.fn === 'if') {
        return truthy(oracle(node.args[0]!, env)) ? oracle(node.args[1]!, env) : oracle(node.args[2]!, env);
      }
      const v = node.args.map((a) => oracle(a, env));
      if (node.fn === 'min') return Math.min(...v);
      if (node.fn === 'max') return Math.max(...v);
      if (node.fn === 'pow') return v[0]! ** v[1]!;
      const unaryFns: Record<string, (v: number) => number> = {
        exp: Math.exp,
        log: Math.log,
        sqrt: Math.sqrt,
        abs: Math.abs,
        floor: Math.floor,
        ceil: Math.ceil,
      };
      return unaryFns[node.fn]!(v[0]!);
    }
  }
}

const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -20, max: 20, noNaN: true }));
const env = fc.record({ S: value, Z: value, R: value, beta: value, gamma: value, t: value });

describe('properties', () => {
  it('never throws anything but ExpressionError, on any text', () => {
    const alphabet = fc.constantFrom(...'()+-*/^<>=!&|,.0123456789eSZx tminmaxif '.split(''));
    const loose = (name: string): Binding | undefined =>
      name === 'S' || name === 'Z' ? { kind: 'state', index: name === 'S' ? 0 : 1 } : undefined;
    const check = (text: string): void => {
      let expr: Expr;
      try {
        expr = parseExpression(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
        const { offset, length } = error as ExpressionError;
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset + length).toBeLessThanOrEqual(text.length);
        return;
      }
      expect(expr.offset + expr.length).toBeLessThanOrEqual(text.length);
      try {
        expect(typeof compileExpression(expr, loose)(x, p, 1)).toBe('number');
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionError);
      }
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 80 }), check), { numRuns: 5000 });
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('(', '-', '!', '2', '^', '+'), maxLength: 400 }), check),
    );
  });

  it('parses what it prints, to the same tree, with the documented precedence', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('', ' ', '\n\t'), (t, gap) => {
        expect(toTree(parseExpression(fullyParenthesised(t)))).toEqual(t);
        expect(toTree(parseExpression(minimal(t, gap)))).toEqual(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every node a span that is itself the text of that node', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('', ' '), (t, gap) => {
        const text = ` ${minimal(t, gap)} `;
        const visit = (node: Expr): void => {
          const slice = text.slice(node.offset, node.offset + node.length);
          expect(toTree(parseExpression(slice))).toEqual(toTree(node));
          for (const child of children(node)) visit(child);
        };
        visit(parseExpression(text));
      }),
      { numRuns: 500 },
    );
  });

  it('compiles to the same numbers as an independent evaluator', () => {
    fc.assert(
      fc.property(tree, env, (t, e) => {
        const xs = Float64Array.of(e.S, e.Z, e.R);
        const ps = Float64Array.of(e.beta, e.gamma);
        const want = oracle(t, e);
        const out = new Float64Array(2);
        for (const text of [fullyParenthesised(t), minimal(t, ' ')]) {
          const expr = parseExpression(text);
          const got = compileExpression(expr, resolve)(xs, ps, e.t);
          expect(Object.is(got, want), `${text}: got ${got}, want ${want}`).toBe(true);
          compileExpressionInto(expr, resolve)(xs, ps, e.t, out, 1);
          expect(Object.is(out[1], want), `${text} (into): got ${out[1]}, want ${want}`).toBe(true);
          expect(out[0]).toBe(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reports exactly the names the tree holds', () => {
    const collect = (node: Tree, out: string[]): string[] => {
      if (node.k === 'name') out.push(node.n);
      if (node.k === 'unary') collect(node.a, out);
      if (node.k === 'binary') {
        collect(node.a, out);
        collect(node.b, out);
      }
      if (node.k === 'call') for (const a of node.args) collect(a, out);
      return out;
    };
    fc.assert(
      fc.property(tree, (t) => {
        const text = fullyParenthesised(t);
        const refs = namesIn(parseExpression(text));
        expect(refs.map((r) => r.name)).toEqual(collect(t, []));
        for (const r of refs) expect(text.slice(r.offset, r.offset + r.length)).toBe(r.name);
        const deps = dependencies(parseExpression(text), resolve);
        const index = (kind: string): number[] =>
          [
            ...new Set(
              refs.flatMap((r) => {
                const b = BINDINGS.get(r.name)!;
                return b.kind === kind && 'index' in b ? [b.index] : [];
              }),
            ),
          ].sort((a, b) => a - b);
        expect(deps).toEqual({
          states: index('state'),
          params: index('param'),
          time: refs.some((r) => r.name === 't'),
          derived: refs.some((r) => r.name === 'N'),
        });
      }),
      { numRuns: 500 },
    );
  });
});
