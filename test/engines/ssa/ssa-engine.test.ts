import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { streamFor } from '../../../src/core/random.js';
import { compiledKernel, type SsaMethod, ssaVariant } from '../../../src/engines/ssa/method.js';
import { outputTimes, record, type Trajectory } from '../../../src/engines/trajectory.js';
import { loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { parseText } from '../../helpers.js';
import { randomNetwork } from '../random-network.js';
import { checksum, compiledWith, ssaOf } from '../stochastic.js';

const METHODS: SsaMethod[] = ['direct', 'next-reaction'];

function run(loaded: LoadedScenario, method: SsaMethod, seed = 1, replicate = 0): Trajectory {
  const engine = ssaOf(loaded, streamFor(seed, replicate), { method });
  return record(engine, outputTimes(loaded.scenario.time.until, loaded.scenario.time.every));
}

function column(run: Trajectory, name: string): number[] {
  const c = run.compartments.indexOf(name);
  const n = run.compartments.length;
  return Array.from(run.times, (_, row) => run.values[row * n + c]!);
}

function at(run: Trajectory, name: string, t: number): number {
  const row = run.times.findIndex((time) => Math.abs(time - t) < 1e-9);
  return column(run, name)[row]!;
}

const alemi = loadScenario('alemi-szr', ['S=990', 'Z=10']);

describe.each(METHODS)('SSA, %s method', (method) => {
  it('keeps counts whole, non-negative and S + Z + R constant', () => {
    for (let r = 0; r < 5; r++) {
      const trajectory = run(alemi, method, 3, r);
      for (const v of trajectory.values) expect(Number.isInteger(v) && v >= 0).toBe(true);
      for (let row = 0; row < trajectory.times.length; row++) {
        expect(
          trajectory.values[row * 3]! + trajectory.values[row * 3 + 1]! + trajectory.values[row * 3 + 2]!,
        ).toBe(1000);
      }
    }
  });

  it('counts every reaction as one event: bites + kills = (S₀ − S) + R', () => {
    const engine = ssaOf(alemi, streamFor(4), { method });
    engine.advanceTo(40);
    const x = new Float64Array(3);
    engine.observe(x);
    expect(engine.eventCount).toBe(990 - x[0]! + x[2]!);
    expect(engine.eventCount).toBeGreaterThan(0);
  });

  it('times an extinction exactly: between the last grid time with zombies and the first without', () => {
    const loaded = loadScenario('alemi-szr', ['S=1000', 'Z=1', 'time.every=0.5']);
    let seen = 0;
    for (let r = 0; r < 40; r++) {
      const trajectory = run(loaded, method, 5, r);
      const z = column(trajectory, 'Z');
      const row = z.indexOf(0);
      if (row < 0) continue;
      seen++;
      const extinct = trajectory.milestones!.extinct[1]!;
      expect(extinct).toBeLessThanOrEqual(trajectory.times[row]!);
      expect(extinct).toBeGreaterThan(trajectory.times[row - 1]!);
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('fires a timed event exactly at its time, before the state at that time is observed', () => {
    const loaded = loadScenario('alemi-szr', ['S=900', 'Z=100']);
    const strike = { ...loaded.scenario, events: [{ at: 2.5, set: { Z: 0 } }] };
    const text = JSON.stringify(strike);
    const trajectory = run(parseText(text), method);
    expect(at(trajectory, 'Z', 2.4)).toBeGreaterThan(0);
    expect(at(trajectory, 'Z', 2.5)).toBe(0);
    expect(at(trajectory, 'Z', 10)).toBe(0);
    expect(trajectory.milestones!.extinct[1]).toBe(2.5);
  });

  it('fires a condition on t at exactly that time: when t >= 25, set X to 50', () => {
    const loaded = parseText(`
name: reset
title: immigration–death with a reset
model:
  compartments: [X]
  parameters: { alpha: 1, mu: 0.1 }
  reactions:
    immigration: { from: 0, to: X, law: alpha }
    death: { from: X, to: 0, law: mu * X }
initial: { X: 0 }
time: { until: 30, every: 0.5 }
engine: ssa
events:
  - { when: t >= 25, set: { X: 50 } }
`);
    for (let r = 0; r < 20; r++) {
      const trajectory = run(loaded, method, 6, r);
      expect(at(trajectory, 'X', 25)).toBe(50);
      expect(at(trajectory, 'X', 24.5)).toBeLessThan(40);
    }
  });

  it('fires a condition on counts at the reaction that makes it true: Z never shows 30', () => {
    const base = loadScenario('alemi-szr', ['S=990', 'Z=10', 'kappa=0.5', 'time.every=0.01']).scenario;
    const loaded = parseText(JSON.stringify({ ...base, events: [{ when: 'Z >= 30', set: { Z: 1 } }] }));
    const trajectory = run(loaded, method, 7);
    const z = column(trajectory, 'Z');
    expect(Math.max(...z)).toBeLessThan(30);
    expect(Math.max(...z)).toBeGreaterThanOrEqual(25);
  });

  // The direct method keeps a reaction time drawn past an output time for the next interval rather
  // than drawing it anew, so that where a caller stops does not change the draws.
  it('keeps its exact trajectory for a fixed seed (noreg)', () => {
    expect(checksum(run(alemi, method, 1))).toBe(method === 'direct' ? 1869399389 : 3273722021);
  });
});

describe('SSA on random networks', () => {
  it.each(METHODS)(
    '%s: never makes a count negative or fractional, laws that ignore their reactants included',
    (method) => {
      fc.assert(
        fc.property(randomNetwork('ssa'), fc.nat(1000), (loaded, seed) => {
          const trajectory = run(loaded, method, seed);
          for (const v of trajectory.values) expect(Number.isInteger(v) && v >= 0).toBe(true);
        }),
        { numRuns: 100 },
      );
    },
  );
});

describe('the direct method compiled to WebAssembly', () => {
  const grid = (loaded: LoadedScenario) =>
    outputTimes(loaded.scenario.time.until, loaded.scenario.time.every);
  const builtins = [
    'alemi-szr',
    'munz-basic',
    'munz-impulsive',
    'munz-latent',
    'munz-quarantine',
    'munz-treatment',
  ];

  it.each(builtins)("%s: runs compiled, and gives the JavaScript kernel's trajectory bit for bit", (name) => {
    const loaded = loadScenario(name);
    for (let r = 0; r < 10; r++) {
      expect(compiledKernel(compiledWith(loaded, 'ssa'))).toBeDefined();
      const a = record(ssaOf(loaded, streamFor(2, r)), grid(loaded));
      const b = record(ssaOf(loaded, streamFor(2, r), { compile: false }), grid(loaded));
      expect(b.values).toEqual(a.values);
      expect(b.eventCount).toBe(a.eventCount);
      expect(b.milestones!.extinct).toEqual(a.milestones!.extinct);
    }
  });

  it('keeps engines that share the compiled instance apart, run in turns', () => {
    const loaded = loadScenario('alemi-szr', ['S=9900', 'Z=100']);
    const engines = [0, 1, 2].map((r) => ssaOf(loaded, streamFor(3, r)));
    const alone = [0, 1, 2].map((r) =>
      record(ssaOf(loaded, streamFor(3, r), { compile: false }), grid(loaded)),
    );
    const x = new Float64Array(3);
    grid(loaded).forEach((t, row) => {
      engines.forEach((engine, r) => {
        engine.advanceTo(t);
        engine.observe(x);
        expect([...x]).toEqual([...alone[r]!.values.subarray(3 * row, 3 * row + 3)]);
      });
    });
  });

  it('is bit-identical on random mass-action networks too', () => {
    fc.assert(
      fc.property(randomNetwork('ssa'), fc.nat(1000), (loaded, seed) => {
        const a = run(loaded, 'direct', seed);
        const b = record(ssaOf(loaded, streamFor(seed), { compile: false }), grid(loaded));
        expect(b.values).toEqual(a.values);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves conditional events, laws that are not products and the next-reaction method to JavaScript', () => {
    const base = loadScenario('alemi-szr').scenario;
    const watched = parseText(JSON.stringify({ ...base, events: [{ when: 'Z > 50', set: { Z: 0 } }] }));
    expect(compiledKernel(compiledWith(watched, 'ssa'))).toBeUndefined();
    const saturating = {
      ...base.model,
      reactions: { bite: { from: 'S + Z', to: '2 Z', law: 'beta * S * Z / (1 + Z)' } },
    };
    expect(
      compiledKernel(compiledWith(parseText(JSON.stringify({ ...base, model: saturating })), 'ssa')),
    ).toBeUndefined();
    expect(compiledKernel(compiledWith(alemi, 'ssa', { ssa: { method: 'next-reaction' } }))).toBeUndefined();
  });
});

describe('SSA method choice', () => {
  it('runs the direct method on few reactions and the next-reaction method on many sparse ones', () => {
    expect(ssaVariant(compiledWith(alemi, 'ssa'))).toBe('direct');
    const n = 60;
    const reactions = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`hop${i}`, { from: `X${i}`, to: `X${(i + 1) % n}`, rate: 'k' }]),
    );
    const ring = parseText(
      JSON.stringify({
        name: 'ring',
        title: 'a ring of hops',
        model: {
          compartments: Array.from({ length: n }, (_, i) => `X${i}`),
          parameters: { k: 1 },
          reactions,
        },
        initial: { X0: 100 },
        time: { until: 1, every: 1 },
        engine: 'ssa',
      }),
    );
    expect(ssaVariant(compiledWith(ring, 'ssa'))).toBe('next-reaction');
    expect(ssaVariant(compiledWith(ring, 'ssa', { ssa: { method: 'direct' } }))).toBe('direct');
    expect(ssaVariant(compiledWith(alemi, 'ssa', { ssa: { method: 'next-reaction' } }))).toBe(
      'next-reaction',
    );
  });

  it('gives the same distribution with either method (mean Z at t = 20 over 3000 runs each)', () => {
    const loaded = loadScenario('alemi-szr', ['S=300', 'Z=5', 'time.until=20', 'time.every=20']);
    const stats = METHODS.map((method) => {
      let sum = 0;
      let squares = 0;
      const n = 3000;
      for (let r = 0; r < n; r++) {
        const engine = ssaOf(loaded, streamFor(8, r), { method });
        engine.advanceTo(20);
        const x = new Float64Array(3);
        engine.observe(x);
        sum += x[1]!;
        squares += x[1]! * x[1]!;
      }
      return { mean: sum / n, variance: (squares - (sum * sum) / n) / (n - 1), n };
    });
    const [a, b] = stats as [(typeof stats)[0], (typeof stats)[0]];
    const welch = (a.mean - b.mean) / Math.sqrt(a.variance / a.n + b.variance / b.n);
    expect(Math.abs(welch)).toBeLessThan(4);
  });
});

describe('SSA boundaries', () => {
  it('refuses fractional initial counts with an input error naming the field', () => {
    const loaded = loadScenario('alemi-szr', ['S=990.5']);
    expect(() => ssaOf(loaded, streamFor(1))).toThrow(InputError);
    expect(() => ssaOf(loaded, streamFor(1))).toThrow(/initial\.S: must be a whole number/);
  });

  it('refuses an event that sets a fractional count, on a scenario written for the ODE', () => {
    const base = loadScenario('alemi-szr').scenario;
    const loaded = parseText(
      JSON.stringify({ ...base, engine: 'ode', events: [{ at: 1, set: { Z: 2.5 } }] }),
    );
    expect(() => ssaOf(loaded, streamFor(1))).toThrow(/events\.0\.set\.Z: must be a whole number/);
  });

  it('refuses to go back in time', () => {
    const engine = ssaOf(alemi, streamFor(1));
    engine.advanceTo(2);
    expect(() => engine.advanceTo(1)).toThrow(RangeError);
  });

  it('stops with an error when a propensity becomes infinite', () => {
    const loaded = parseText(`
name: blowup
title: a law that divides by an empty compartment
model:
  compartments: [A, B]
  parameters: { k: 1 }
  reactions:
    grow: { from: 0, to: A, law: k / B }
initial: { A: 0, B: 0 }
time: { until: 1, every: 1 }
engine: ssa
`);
    for (const method of METHODS) {
      expect(() => ssaOf(loaded, streamFor(1), { method }).advanceTo(1)).toThrow(/infinite/);
    }
  });

  it('holds rates that read t piecewise constant over short steps: if(t < 5, 10, 0) immigrates Poisson(50)', () => {
    const loaded = parseText(`
name: pulse
title: immigration for five days
model:
  compartments: [X]
  parameters: { rate: 10 }
  reactions:
    arrive: { from: 0, to: X, law: 'if(t < 5, rate, 0)' }
initial: { X: 0 }
time: { until: 10, every: 1 }
engine: ssa
`);
    let sum = 0;
    const n = 2000;
    for (let r = 0; r < n; r++) {
      const engine = ssaOf(loaded, streamFor(9, r));
      engine.advanceTo(10);
      const x = new Float64Array(1);
      engine.observe(x);
      sum += x[0]!;
    }
    expect(Math.abs(sum / n - 50)).toBeLessThan(4 * Math.sqrt(50 / n));
  });
});
