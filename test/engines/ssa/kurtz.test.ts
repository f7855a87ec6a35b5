import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createOde } from '../../../src/engines/ode/engine.js';
import { outputTimes, record } from '../../../src/engines/trajectory.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { ssaOf } from '../stochastic.js';

/**
 * Kurtz's law of large numbers: the SSA of alemi-szr scaled by N converges to the ODE solution,
 * with fluctuations of order 1/√N. For N = 10³ … 10⁶ (1% zombies at the start) the largest
 * deviation over the run, median of 5 runs, should fall by about √10 per decade.
 */

const SIZES = [1e3, 1e4, 1e5, 1e6];
const RUNS = 5;

function largestDeviation(n: number): number {
  const settings = [`S=${0.99 * n}`, `Z=${0.01 * n}`, 'R=0', 'time.until=40', 'time.every=0.5'];
  const loaded = loadScenario('alemi-szr', settings);
  const times = outputTimes(40, 0.5);
  const ode = record(createOde(loaded), times).values;
  const deviations = Array.from({ length: RUNS }, (_, r) => {
    const ssa = record(ssaOf(loaded, streamFor(23, r)), times).values;
    let largest = 0;
    for (let i = 0; i < ssa.length; i++) largest = Math.max(largest, Math.abs(ssa[i]! - ode[i]!) / n);
    return largest;
  });
  return deviations.sort((a, b) => a - b)[RUNS >> 1]!;
}

describe('SSA → ODE as N grows (Kurtz)', () => {
  it('the largest deviation of SSA/N from the ODE shrinks like 1/√N', () => {
    const deviations = SIZES.map(largestDeviation);
    for (let k = 1; k < SIZES.length; k++) expect(deviations[k]!).toBeLessThan(deviations[k - 1]!);
    // Least-squares slope of log(deviation) against log(N): −½ for 1/√N.
    const xs = SIZES.map(Math.log);
    const ys = deviations.map(Math.log);
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope =
      xs.reduce((sum, x, k) => sum + (x - mx) * (ys[k]! - my), 0) /
      xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-0.7);
    expect(slope).toBeLessThan(-0.3);
    expect(deviations[3]!).toBeLessThan(0.01);
  });
});
