import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { outputTimes, record } from '../../../src/engines/trajectory.js';
import { loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { parseText } from '../../helpers.js';
import { randomNetwork } from '../random-network.js';
import { checksum, ssaOf, tauOf, tauWithKernel } from '../stochastic.js';

/** A zombie SIR: bites at beta·S·Z/N, zombies decay at gamma·Z. Its final size has a wide distribution. */
const OUTBREAK = (s0: number, z0: number) =>
  parseText(`
name: outbreak
title: bites and decay
model:
  compartments: [S, Z, R]
  parameters: { beta: 1, gamma: 0.5 }
  reactions:
    bite: { from: S + Z, to: 2 Z, law: beta * S * Z / N }
    decay: { from: Z, to: R, rate: gamma }
initial: { S: ${s0}, Z: ${z0}, R: 0 }
time: { until: 200, every: 200 }
engine: tau
`);

/** S at the end of each of `runs` runs: the humans never bitten. */
function finalS(loaded: LoadedScenario, engine: 'ssa' | 'tau', runs: number, seed: number): Float64Array {
  const out = new Float64Array(runs);
  const x = new Float64Array(3);
  for (let r = 0; r < runs; r++) {
    const e = engine === 'ssa' ? ssaOf(loaded, streamFor(seed, r)) : tauOf(loaded, streamFor(seed, r));
    e.advanceTo(loaded.scenario.time.until);
    e.observe(x);
    out[r] = x[0]!;
  }
  return out.sort();
}

/** The two-sample Kolmogorov–Smirnov statistic of two sorted samples. */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

describe('tau-leaping', () => {
  it('agrees with the SSA on the final-size distribution of a mid-sized outbreak (two-sample KS)', () => {
    const loaded = OUTBREAK(4000, 20);
    const n = 1500;
    const ssa = finalS(loaded, 'ssa', n, 41);
    const tau = finalS(loaded, 'tau', n, 42);
    // The 0.1% critical value: 1.95·√(2/n).
    expect(ksStatistic(ssa, tau)).toBeLessThan(1.95 * Math.sqrt(2 / n));
  });

  it('can fail: the KS test tells a bite rate 5% higher apart', () => {
    const n = 1500;
    const ssa = finalS(OUTBREAK(4000, 20), 'ssa', n, 41);
    const faster = {
      ...OUTBREAK(4000, 20).scenario,
      model: { ...OUTBREAK(4000, 20).scenario.model, parameters: { beta: 1.05, gamma: 0.5 } },
    };
    const tau = finalS(parseText(JSON.stringify(faster)), 'tau', n, 42);
    expect(ksStatistic(ssa, tau)).toBeGreaterThan(1.95 * Math.sqrt(2 / n));
  });

  it('leaps over many reactions at a time when counts are large', () => {
    const loaded = OUTBREAK(100_000, 500);
    const engine = tauWithKernel(loaded, streamFor(5));
    engine.advanceTo(200);
    expect(engine.kernel.leaps).toBeGreaterThan(50);
    expect(engine.eventCount / engine.kernel.leaps).toBeGreaterThan(100);
  });

  it('falls back to exact steps when leaps would be too small: then it is the direct method, draw for draw', () => {
    const loaded = loadScenario('alemi-szr', ['S=990', 'Z=10']);
    const times = outputTimes(40, 0.1);
    const tau = tauWithKernel(loaded, streamFor(3));
    const tauRun = record(tau, times);
    const ssaRun = record(ssaOf(loaded, streamFor(3), { method: 'direct' }), times);
    expect(tau.kernel.leaps).toBe(0);
    expect(tauRun.values).toEqual(ssaRun.values);
  });

  it('counts reaction firings as events: bites + kills = (S₀ − S) + R', () => {
    const loaded = loadScenario('alemi-szr', ['S=99000', 'Z=1000']);
    const engine = tauWithKernel(loaded, streamFor(4));
    engine.advanceTo(40);
    const x = new Float64Array(3);
    engine.observe(x);
    expect(engine.kernel.leaps).toBeGreaterThan(0);
    expect(engine.eventCount).toBe(99000 - x[0]! + x[2]!);
  });

  it('never makes a count negative or fractional, in any small network', () => {
    fc.assert(
      fc.property(randomNetwork('tau'), fc.nat(1000), (loaded, seed) => {
        const run = record(tauOf(loaded, streamFor(seed)), outputTimes(1, 0.25));
        for (const v of run.values) expect(Number.isInteger(v) && v >= 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps its exact trajectory for a fixed seed, leaps, exact steps and events (noreg)', () => {
    const base = loadScenario('alemi-szr', ['S=20000', 'Z=20']).scenario;
    const loaded = parseText(
      JSON.stringify({ ...base, engine: 'tau', events: [{ at: 5, scale: { Z: 0.5 } }] }),
    );
    const engine = tauWithKernel(loaded, streamFor(1));
    const run = record(engine, outputTimes(base.time.until, base.time.every));
    expect(engine.kernel.leaps).toBeGreaterThan(0);
    expect(engine.kernel.exactEvents).toBeGreaterThan(0);
    expect(checksum(run)).toBe(4196120718);
  });

  it('fires timed and conditional events as the SSA does', () => {
    const base = loadScenario('alemi-szr', ['S=99000', 'Z=1000']).scenario;
    const loaded = parseText(
      JSON.stringify({
        ...base,
        engine: 'tau',
        events: [
          { at: 5, scale: { Z: 0.5 } },
          { when: 't >= 7.25', set: { Z: 0 } },
        ],
      }),
    );
    const run = record(tauOf(loaded, streamFor(6)), outputTimes(10, 0.25));
    const z = (t: number) => run.values[Math.round(t / 0.25) * 3 + 1]!;
    expect(z(7)).toBeGreaterThan(0);
    expect(z(7.25)).toBe(0);
    expect(run.milestones!.extinct[1]).toBe(7.25);
  });
});
