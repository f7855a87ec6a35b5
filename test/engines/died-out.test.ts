/**
 * "Z died out at t" means the zombies are gone for good: the time is that of the last fall to zero,
 * and a compartment that is back (the bitten turning after the last zombie fell, an event adding
 * more) has not died out. Every engine that counts, and the ODE, by the same rule.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { compiledKernel } from '../../src/engines/ssa/method.js';
import { outputTimes, record } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import type { CompiledScenario } from '../../src/scenario/compiled.js';
import type { LoadedScenario } from '../../src/scenario/parse.js';
import { parseText } from '../helpers.js';
import { latticeScenario } from './lattice/lattice-scenario.js';
import { compiledWith } from './stochastic.js';

/** The bitten (E) turn one by one, long after the first zombie is killed: Z falls to 0 again and again. */
const RELAPSE = parseText(`name: relapse
title: the bitten turn after the zombie that bit them is killed
model:
  compartments: [E, Z, R]
  parameters: { sigma: 1, k: 50 }
  reactions:
    turn: { from: E, to: Z, rate: sigma }
    kill: { from: Z, to: R, rate: k }
initial: { E: 3, Z: 1, R: 0 }
time: { until: 30, every: 1, unit: hour }
`);

/** Zombies killed off, then more arrive at t = 1 (and, with `k=0` from then on, stay). */
function returning(stay: boolean): LoadedScenario {
  return parseText(`name: returning
title: zombies killed off, then more
model:
  compartments: [Z, R]
  parameters: { k: 5 }
  reactions:
    kill: { from: Z, to: R, rate: k }
initial: { Z: 2, R: 0 }
events:
  - { name: more, at: 1, set: { Z: 3${stay ? ', k: 0' : ''} } }
time: { until: 4, every: 0.5, unit: hour }
`);
}

/** The counting engines (each SSA kernel, tau, both lattice methods on one cell) for a scenario. */
function counting(loaded: LoadedScenario): Array<[string, CompiledScenario]> {
  const wasm = compiledWith(loaded, 'ssa', { ssa: { method: 'direct' } });
  expect(compiledKernel(wasm)).toBeDefined();
  const counts = loaded.scenario.initial as Record<string, number>;
  const initial = loaded.scenario.model.compartments.map((c) => counts[c]!);
  const cell = latticeScenario(loaded, { width: 1, height: 1, counts: () => initial });
  return [
    ['ssa, direct, WebAssembly', wasm],
    ['ssa, direct, JavaScript', compiledWith(loaded, 'ssa', { ssa: { compile: false } })],
    ['ssa, next-reaction', compiledWith(loaded, 'ssa', { ssa: { method: 'next-reaction' } })],
    ['tau', compiledWith(loaded, 'tau')],
    ['lattice, exact', cell],
    ['lattice, fast', { ...cell, lattice: { ...cell.lattice!, method: 'fast' } }],
  ];
}

/** Runs a compiled scenario over its output grid: the final counts and the extinction times. */
function outcome(compiled: CompiledScenario, seed = 1) {
  const engine = createEngine(compiled, streamFor(seed, 0));
  const run = record(engine, outputTimes(compiled.time.until, compiled.time.every));
  const n = run.compartments.length;
  return {
    final: Array.from(run.values.subarray(run.values.length - n)),
    extinct: Array.from(run.milestones!.extinct),
  };
}

describe('a compartment dies out when it falls to zero for good', () => {
  it.each(counting(RELAPSE))(
    '%s: the zombies die out with the last one killed, after the last bitten turned',
    (_, compiled) => {
      for (let seed = 1; seed <= 6; seed++) {
        const { final, extinct } = outcome(compiled, seed);
        expect(final).toEqual([0, 0, 4]);
        const [e, z] = extinct as [number, number];
        // The first zombie is killed within minutes (rate 50 an hour); the bitten take hours to turn.
        expect(e).toBeGreaterThan(0);
        expect(z).toBeGreaterThan(e);
      }
    },
  );

  it.each(counting(returning(true)))(
    '%s: zombies that came back and stayed have not died out',
    (_, compiled) => {
      const { final, extinct } = outcome(compiled);
      expect(final[0]).toBe(3);
      expect(extinct[0]).toBeNaN();
    },
  );

  it.each(counting(returning(false)))(
    '%s: zombies killed off twice died out the second time',
    (_, compiled) => {
      const { final, extinct } = outcome(compiled);
      expect(final[0]).toBe(0);
      expect(extinct[0]).toBeGreaterThan(1);
    },
  );

  it('the ODE: below one zombie at 1 + ln 3 / 5, not at ln 2 / 5; and not at all when they stay', () => {
    const twice = outcome(compileScenario(returning(false), 'ode'));
    expect(twice.extinct[0]).toBeCloseTo(1 + Math.log(3) / 5, 5);
    const stayed = outcome(compileScenario(returning(true), 'ode'));
    expect(stayed.final[0]).toBeCloseTo(3, 9);
    expect(stayed.extinct[0]).toBeNaN();
  });
});
