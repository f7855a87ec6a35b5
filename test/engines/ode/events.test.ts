import { describe, expect, it } from 'vitest';
import { parseText, runBuiltin, runLoaded, valueAt } from '../../helpers.js';

describe('events on the ODE engine', () => {
  it('munz-impulsive: the fourth strike at t = 10 leaves no zombie', () => {
    const run = runBuiltin('munz-impulsive');
    expect(valueAt(run, 'Z', 10)).toBe(0);
    expect(valueAt(run, 'Z', 9.9)).toBeGreaterThan(1);
  });

  it('munz-impulsive: each strike removes its share of the zombies at once', () => {
    const before = runBuiltin('munz-impulsive', ['time.every=0.5']);
    const without = runBuiltin('munz-impulsive', ['time.until=2.5', 'time.every=0.5']);
    // At t = 2.5 the first strike has fired and kept 75% of the zombies that were there.
    const unstruck = runBuiltin('munz-basic', [
      'alpha=0.0075',
      'beta=0.0055',
      'zeta=0.09',
      'time.until=2.5',
      'time.every=0.5',
    ]);
    expect(valueAt(before, 'Z', 2.5)).toBeCloseTo(0.75 * valueAt(unstruck, 'Z', 2.5), 6);
    expect(valueAt(without, 'Z', 2.5)).toBeCloseTo(valueAt(before, 'Z', 2.5), 9);
  });

  it('notld: parameters change at the phase boundaries, and only there', () => {
    const run = runBuiltin('notld');
    // Phase 3 has no births and no bites: S can only fall after t = 28.
    expect(valueAt(run, 'S', 33)).toBeLessThan(valueAt(run, 'S', 28));
    // Phase 1 has 20 arrivals an hour and no resistance: no zombie is destroyed before t = 4.
    expect(valueAt(run, 'R', 4)).toBe(0);
    expect(valueAt(run, 'R', 10)).toBeGreaterThan(0);
  });

  it('locates a conditional event on the dense output within the tolerance', () => {
    // dS/dt = -S, S(0) = 100: S falls below 50 at ln 2; then the event empties S into R.
    const loaded = parseText(`
name: decay
title: decay
model:
  compartments: [S, R]
  parameters: { k: 1 }
  reactions:
    decay: { from: S, to: R, rate: k }
initial: { S: 100 }
time: { until: 2, every: 0.5 }
solver: { rtol: 1e-10, atol: 1e-10 }
events:
  - { when: S < 50, move: { from: S, to: R, fraction: 1 } }
`);
    const run = runLoaded(loaded);
    expect(run.milestones!.extinct[0]).toBeCloseTo(Math.LN2, 9);
    expect(valueAt(run, 'S', 1)).toBe(0);
    expect(valueAt(run, 'R', 2)).toBeCloseTo(100, 9);
  });

  it('fires a phase change set by a timed event exactly at its time', () => {
    const loaded = parseText(`
name: ramp
title: ramp
model:
  compartments: [X]
  parameters: { a: 1 }
  reactions:
    grow: { from: 0, to: X, law: a }
initial: { X: 0 }
time: { until: 3, every: 0.25 }
events:
  - { at: 1.3, set: { a: 10 } }
`);
    const run = runLoaded(loaded);
    expect(valueAt(run, 'X', 1)).toBeCloseTo(1, 9);
    expect(valueAt(run, 'X', 3)).toBeCloseTo(1.3 + 10 * 1.7, 8);
  });
});
