import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DormandPrince } from '../../src/engines/ode/dormand-prince.js';
import { createOde } from '../../src/engines/ode/engine.js';
import { outputTimes, record } from '../../src/engines/trajectory.js';
import { compileNetwork, type ModelSpec, type Network } from '../../src/model/network.js';
import { derivativesOf } from '../../src/model/rates.js';
import { compileDerivatives } from '../../src/model/wasm-derivatives.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { builtins, loadScenario } from '../../src/scenario/files.js';
import { firstDifference } from '../engines/ode/helpers.js';

// The oracle is the JavaScript right-hand side, `derivativesOf`, a second implementation built
// from the closures of the expression compiler rather than from the same AST walk.

function compile(spec: ModelSpec): Network {
  const problems: string[] = [];
  const net = compileNetwork(spec, (path, _offset, message) =>
    problems.push(`${path.join('.')}: ${message}`),
  );
  expect(problems).toEqual([]);
  return net!;
}

/** Checks the wasm right-hand side against `derivativesOf` at (t, x) with parameters p. */
function agree(net: Network, x: readonly number[], p: readonly number[], t: number): void {
  const wasm = compileDerivatives(net);
  expect(wasm).toBeDefined();
  const n = net.compartments.length;
  const y = wasm!.array(n);
  const dy = wasm!.array(n).fill(Number.NaN);
  const params = wasm!.array(p.length);
  y.set(x);
  params.set(p);
  wasm!.rhs(t, y.byteOffset, dy.byteOffset, params.byteOffset);
  const expected = new Float64Array(n);
  derivativesOf(net, Float64Array.from(p))(t, Float64Array.from(x), expected);
  const at = firstDifference(dy, expected);
  if (at >= 0) {
    throw new Error(
      `compartment ${net.compartments[at]}: wasm ${dy[at]}, JS ${expected[at]} at t=${t}, x=${x}, p=${p}`,
    );
  }
}

const SPECIAL = [0, -0, 1, -1, 0.5, 2, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const value = fc.oneof(
  { arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }), weight: 4 },
  { arbitrary: fc.constantFrom(...SPECIAL), weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 500 }), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
);

describe('compileDerivatives on the built-in scenarios', () => {
  for (const { name } of builtins()) {
    it(`${name}: equals derivativesOf bit for bit`, () => {
      const net = loadScenario(name).network;
      const n = net.compartments.length;
      const k = net.parameterNames.length;
      fc.assert(
        fc.property(
          fc.array(value, { minLength: n, maxLength: n }),
          fc.array(value, { minLength: k, maxLength: k }),
          value,
          (x, p, t) => agree(net, x, p, t),
        ),
        { numRuns: 100 },
      );
      agree(
        net,
        Array.from(net.compartments, (_, i) => 100 + i),
        Array.from(net.parameters),
        0,
      );
    });
  }
});

/** A side of a reaction: `0` or up to three `COUNT NAME` terms. */
function side(compartments: readonly string[]) {
  return fc.oneof(
    fc.constant('0'),
    fc
      .uniqueArray(fc.constantFrom(...compartments), { minLength: 1, maxLength: 3 })
      .chain((names) =>
        fc
          .array(fc.integer({ min: 1, max: 3 }), { minLength: names.length, maxLength: names.length })
          .map((counts) => names.map((name, i) => `${counts[i]} ${name}`).join(' + ')),
      ),
  );
}

const LITERALS = ['0', '1', '2', '0.5', '3', '1e-3', '10', '1e308', '.25', '7e+2'];

/** Rate-law text over `names`, using every operator and function of the language. */
function expression(names: readonly string[]) {
  const leaf = fc.oneof(
    { arbitrary: fc.constantFrom(...names), weight: 3 },
    { arbitrary: fc.constantFrom(...LITERALS), weight: 1 },
    { arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map(String), weight: 1 },
  );
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('-', '+', '!'), tie('node')).map(([op, a]) => `${op}(${a})`),
      fc
        .tuple(
          tie('node'),
          fc.constantFrom('+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||'),
          tie('node'),
        )
        .map(([a, op, b]) => `(${a}) ${op} (${b})`),
      fc
        .tuple(fc.constantFrom('exp', 'log', 'sqrt', 'abs', 'floor', 'ceil'), tie('node'))
        .map(([fn, a]) => `${fn}(${a})`),
      fc
        .tuple(fc.constantFrom('min', 'max'), fc.array(tie('node'), { minLength: 1, maxLength: 4 }))
        .map(([fn, args]) => `${fn}(${args.join(', ')})`),
      fc.tuple(tie('node'), tie('node')).map(([a, b]) => `pow(${a}, ${b})`),
      fc.tuple(tie('node'), tie('node'), tie('node')).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
    ),
  }));
  return node;
}

/** A network over some of S, I, Z, R, with parameters, derived quantities and mixed reactions. */
const network = fc
  .record({
    compartments: fc.shuffledSubarray(['S', 'I', 'Z', 'R'], { minLength: 1 }),
    parameters: fc.shuffledSubarray(['a', 'b', 'c'], { minLength: 0 }),
    derived: fc.integer({ min: 0, max: 2 }),
    reactions: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ compartments, parameters, derived, reactions }) => {
    // N, the total, is reserved: no compartment or parameter takes its name.
    const implicitN = ['N'];
    const base = [...compartments, ...parameters, 't'];
    const derivedNames = Array.from({ length: derived }, (_, i) => `D${i}`);
    return fc.record({
      compartments: fc.constant(compartments),
      parameters: fc.array(value, { minLength: parameters.length, maxLength: parameters.length }),
      parameterNames: fc.constant(parameters),
      derived: fc.tuple(...derivedNames.map((_, i) => expression([...base, ...derivedNames.slice(0, i)]))),
      reactions: fc.array(
        fc.record({
          from: side(compartments),
          to: side(compartments),
          massAction: fc.boolean(),
          law: expression([...base, ...derivedNames, ...implicitN]),
        }),
        { minLength: reactions, maxLength: reactions },
      ),
      derivedNames: fc.constant(derivedNames),
    });
  })
  .map((g) => {
    const spec: ModelSpec = {
      compartments: g.compartments,
      parameters: Object.fromEntries(g.parameterNames.map((name, i) => [name, g.parameters[i]!])),
      derived: Object.fromEntries(g.derivedNames.map((name, i) => [name, g.derived[i]!])),
      reactions: Object.fromEntries(
        g.reactions.map((r, j) => [
          `r${j}`,
          r.massAction ? { from: r.from, to: r.to, rate: r.law } : { from: r.from, to: r.to, law: r.law },
        ]),
      ),
    };
    return spec;
  });

describe('compileDerivatives on random networks', () => {
  it('equals derivativesOf bit for bit, laws with if/min/max/pow/^/comparisons/logic/N included', () => {
    fc.assert(
      fc.property(
        network,
        fc.array(value, { minLength: 5, maxLength: 5 }),
        fc.array(value, { minLength: 3, maxLength: 3 }),
        value,
        (spec, x, p, t) => {
          const net = compile(spec);
          agree(net, x.slice(0, net.compartments.length), p.slice(0, net.parameterNames.length), t);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('equals it on ordinary states too, where few values are NaN', () => {
    const positive = fc.double({ min: 0, max: 1000, noNaN: true });
    fc.assert(
      fc.property(
        network,
        fc.array(positive, { minLength: 5, maxLength: 5 }),
        fc.array(positive, { minLength: 3, maxLength: 3 }),
        positive,
        (spec, x, p, t) => {
          const net = compile(spec);
          agree(net, x.slice(0, net.compartments.length), p.slice(0, net.parameterNames.length), t);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('matches Math.min, Math.max, ** and truth (NaN is true) on ±0, NaN and infinities', () => {
    const laws = [
      'min(a, b)',
      'max(a, b)',
      'min(a, b, a)',
      'max(b, a, 0)',
      'a ^ b',
      'pow(a, b)',
      'if(a, b, 7)',
      'a && b',
      'a || b',
      '!a',
      'a == b',
      'a != b',
      'a < b',
      'a >= b',
      '-a',
      'a / b',
      'exp(a) + log(b)',
      'sqrt(a) - abs(b)',
      'floor(a) * ceil(b)',
    ];
    const net = compile({
      compartments: ['X'],
      parameters: { a: 0, b: 0 },
      reactions: Object.fromEntries(laws.map((law, j) => [`r${j}`, { from: 0, to: 'X', law }])),
    });
    // One compartment sums every law; so check each law alone too, through its own network.
    for (const law of laws) {
      const single = compile({
        compartments: ['X'],
        parameters: { a: 0, b: 0 },
        reactions: { r: { from: 0, to: 'X', law } },
      });
      for (const a of SPECIAL) for (const b of SPECIAL) agree(single, [1], [a, b], 0);
    }
    for (const a of SPECIAL) for (const b of SPECIAL) agree(net, [1], [a, b], 0);
  });

  it('sums the implicit N from +0, as the JS sum does: all −0 compartments give N = +0', () => {
    const net = compile({
      compartments: ['S', 'Z'],
      parameters: {},
      reactions: { r: { from: 0, to: 'S', law: '1 / N' } },
    });
    agree(net, [-0, -0], [], 0);
    agree(net, [-0, 0], [], 0);
  });

  it('reads N as redefined in model.derived, and t as time', () => {
    const net = compile({
      compartments: ['S'],
      parameters: { k: 2 },
      derived: { A: 't * 3', N: 'S + 1', B: 'N * A' },
      reactions: { grow: { from: 0, to: 'S', law: 'B + t' } },
    });
    agree(net, [5], [2], 0.25);
    const wasm = compileDerivatives(net)!;
    const y = wasm.array(1).fill(5);
    const dy = wasm.array(1);
    const p = wasm.array(1).fill(2);
    wasm.rhs(0.25, y.byteOffset, dy.byteOffset, p.byteOffset);
    expect(dy[0]).toBe(6 * (0.25 * 3) + 0.25);
  });

  it('folds mass action as k·Πx in reactant order, with 2 X as X·X', () => {
    const net = compile({
      compartments: ['X', 'Y'],
      parameters: { k: 0.1 },
      reactions: { r: { from: '2 X + Y', to: '3 Y', rate: 'k * 2' } },
    });
    const wasm = compileDerivatives(net)!;
    const y = wasm.array(2);
    y.set([3, 7]);
    const dy = wasm.array(2);
    const p = wasm.array(1).fill(0.1);
    wasm.rhs(0, y.byteOffset, dy.byteOffset, p.byteOffset);
    const rate = 0.1 * 2 * 3 * 3 * 7;
    expect(Array.from(dy)).toEqual([0 + -2 * rate, 0 + 2 * rate]);
  });
});

describe('the memory of a compiled right-hand side', () => {
  let net: Network;
  beforeAll(() => {
    net = loadScenario('munz-basic').network;
  });

  it('hands out disjoint, 8-byte aligned, zeroed views and never grows', () => {
    const wasm = compileDerivatives(net, { capacity: 20 })!;
    const buffer = wasm.memory.buffer;
    const a = wasm.array(3);
    const b = wasm.array(5);
    expect(a.buffer).toBe(buffer);
    expect(b.byteOffset).toBe(a.byteOffset + 24);
    expect(b.byteOffset % 8).toBe(0);
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0]);
    expect(wasm.available()).toBe(buffer.byteLength / 8 - 8);
    expect(() => wasm.array(wasm.available() + 1)).toThrow(RangeError);
    expect(() => wasm.array(-1)).toThrow(RangeError);
    wasm.array(wasm.available());
    expect(wasm.memory.buffer).toBe(buffer);
    expect(a.length).toBe(3);
  });

  it('reads all of y before writing dy, so they may be one array', () => {
    const wasm = compileDerivatives(net)!;
    const y = wasm.array(3);
    const p = wasm.array(5);
    p.set(net.parameters);
    y.set([500, 20, 3]);
    const expected = new Float64Array(3);
    derivativesOf(net, net.parameters.slice())(0, y.slice(), expected);
    wasm.rhs(0, y.byteOffset, y.byteOffset, p.byteOffset);
    expect(Array.from(y)).toEqual(Array.from(expected));
  });
});

describe('DormandPrince storage', () => {
  it('allocates every working array from storage and passes f their byte offsets', () => {
    const memory = new Float64Array(64);
    let next = 0;
    const storage = (length: number) => {
      const view = memory.subarray(next, next + length);
      next += length;
      return view;
    };
    const seen = new Set<string>();
    const ode = new DormandPrince(
      2,
      (_t, y, dydt, yOffset, dydtOffset) => {
        expect(y.buffer).toBe(memory.buffer);
        expect(dydt.buffer).toBe(memory.buffer);
        expect([yOffset, dydtOffset]).toEqual([y.byteOffset, dydt.byteOffset]);
        seen.add(`${yOffset}>${dydtOffset}`);
        dydt[0] = y[1]!;
        dydt[1] = -y[0]!;
      },
      { storage },
    );
    expect(next).toBe(2 * 15);
    ode.reset(0, [1, 0]);
    while (ode.t < 1) ode.step(1);
    expect(ode.y.buffer).toBe(memory.buffer);
    expect(ode.y[0]).toBeCloseTo(Math.cos(1), 6);
    expect(seen.size).toBeGreaterThanOrEqual(7);
  });

  it('refuses storage of the wrong length', () => {
    expect(() => new DormandPrince(3, () => {}, { storage: (n) => new Float64Array(n + 1) })).toThrow(
      /storage gave 4 elements, expected 3/,
    );
  });
});

/** The ODE engine for a built-in, with `--set`-style settings. */
function odeOf(name: string, settings: string[] = []) {
  return createOde(compileScenario(loadScenario(name, settings), 'ode'));
}

describe('the ODE engine with the compiled right-hand side', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // Well mixed, lattice-critical's hundreds of thousands under Alemi's rates
  // (per pair, not divided by N) is far too stiff for an explicit solver: the ODE refuses it, with
  // the fix, in both forms.
  const stiff = new Set(['lattice-critical']);
  for (const name of stiff)
    it(`${name}: is refused as stiff when well mixed, with or without the compiled right-hand side`, () => {
      const { until, every } = loadScenario(name).scenario.time;
      for (const settings of [[], ['options.ode.wasm=false']])
        expect(() => record(odeOf(name, settings), outputTimes(until, every))).toThrow(
          /has become stiff .*use the tau engine/,
        );
    });

  for (const { name } of builtins().filter((builtin) => !stiff.has(builtin.name))) {
    it(`${name}: gives the same trajectory and milestones as with derivativesOf, bit for bit`, () => {
      const { until, every } = loadScenario(name).scenario.time;
      const times = outputTimes(until, every);
      const fast = record(odeOf(name), times);
      const slow = record(odeOf(name, ['options.ode.wasm=false']), times);
      expect(firstDifference(fast.values, slow.values)).toBe(-1);
      expect(fast.milestones).toEqual(slow.milestones);
    });
  }

  it('keeps the parameters in wasm memory, so a restart with new parameters takes effect', () => {
    const loaded = loadScenario('munz-basic');
    const times = outputTimes(10, 0.5);
    const engine = odeOf('munz-basic');
    const slow = odeOf('munz-basic', ['options.ode.wasm=false']);
    const parameters = loaded.network.parameters.slice();
    parameters[loaded.network.parameterNames.indexOf('beta')] = 0.012;
    engine.restart(parameters);
    slow.restart(parameters);
    expect(firstDifference(record(engine, times).values, record(slow, times).values)).toBe(-1);
  });

  it('falls back to derivativesOf where WebAssembly is missing', () => {
    const loaded = loadScenario('munz-basic');
    const times = outputTimes(10, 0.1);
    const expected = record(odeOf('munz-basic'), times).values;
    vi.stubGlobal('WebAssembly', undefined);
    expect(compileDerivatives(loaded.network)).toBeUndefined();
    expect(firstDifference(record(odeOf('munz-basic'), times).values, expected)).toBe(-1);
  });
});
