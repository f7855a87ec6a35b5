import { beforeAll, describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../src/engines/trajectory.js';
import { runBuiltin, valueAt } from '../../helpers.js';

// Reference figures for Munz et al. (2009), basic model, with the parameters of the built-in munz-basic.
const ZOMBIES_OUTNUMBER_HUMANS = 2.7505;
const HUMANS_BELOW_ONE = 5.1712;
const S_AT_3 = 106.6;
const Z_AT_3 = 187.31;

const within = (actual: number, expected: number, relative: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThan(relative);

describe('munz-basic on the ODE engine', () => {
  let run: Trajectory;
  beforeAll(() => {
    run = runBuiltin('munz-basic');
  });

  it('has S(3) and Z(3) within 0.1% of the reference', () => {
    within(valueAt(run, 'S', 3), S_AT_3, 1e-3);
    within(valueAt(run, 'Z', 3), Z_AT_3, 1e-3);
  });

  it('times the zombies overtaking the humans within 0.1%', () => {
    const overtake = run.milestones!.overtakes.find((o) => o.a === 1 && o.b === 0);
    expect(overtake).toBeDefined();
    within(overtake!.t, ZOMBIES_OUTNUMBER_HUMANS, 1e-3);
  });

  it('times the humans falling below 1 within 0.1%', () => {
    within(run.milestones!.extinct[0]!, HUMANS_BELOW_ONE, 1e-3);
  });

  it('reports values exactly on the output grid, from 0 to until', () => {
    expect(run.times.length).toBe(101);
    expect(run.times[0]).toBe(0);
    expect(run.times[100]).toBe(10);
    expect(Array.from(run.values.subarray(0, 3))).toEqual([500, 1, 0]);
  });

  it('gives the same numbers however the output grid is spaced (dense output, not nearest step)', () => {
    const coarse = runBuiltin('munz-basic', ['time.every=0.5']);
    const fine = runBuiltin('munz-basic', ['time.every=0.01']);
    for (const t of [1, 2.5, 3, 7.5]) {
      for (const name of ['S', 'Z', 'R']) {
        expect(valueAt(coarse, name, t)).toBeCloseTo(valueAt(fine, name, t), 3);
      }
    }
  });

  it('runs births of 1e160 a day (no bites): S(t) = Pi/delta·(1 − e^−delta·t) + 500·e^−delta·t, about 1e162 at 100', () => {
    // The first step's norm squared f/sk ≈ 2e162 to Infinity: the step was 0, and the run failed
    // at t = 0 saying the model blows up there.
    const big = runBuiltin('munz-basic', [
      'Pi=1e160',
      'beta=0',
      'alpha=0',
      'time.until=100',
      'time.every=10',
    ]);
    const [pi, delta] = [1e160, 1e-4];
    for (const t of [10, 50, 100]) {
      const exact = (pi / delta) * -Math.expm1(-delta * t) + 500 * Math.exp(-delta * t);
      within(valueAt(big, 'S', t), exact, 1e-9);
    }
    expect(valueAt(big, 'S', 100)).toBeGreaterThan(9.9e161);
  });
});
