import { describe, expect, it } from 'vitest';
import { StepSize } from '../../../src/engines/tau/step-size.js';
import { parseText } from '../../helpers.js';

const network = (reactions: string) =>
  parseText(`
name: steps
title: step sizes
model:
  compartments: [X, Y]
  parameters: { c: 2 }
  reactions:
${reactions}
initial: { X: 1000 }
time: { until: 1, every: 1 }
`).network;

describe('StepSize (Cao, Gillespie and Petzold 2006)', () => {
  it('decay X → 0 at rate c·X: τ′ = min(εx/|μ|, (εx)²/σ²) = ε/c for x = 1000', () => {
    const step = new StepSize(network('    decay: { from: X, to: 0, rate: c }'), 0.03);
    const y = Float64Array.of(1000, 0);
    const a = Float64Array.of(2 * 1000);
    expect(step.classify(y, a)).toBe(0);
    // μ = −2000, σ² = 2000, εx/g = 30: min(30/2000, 900/2000).
    expect(step.select(y, a)).toBeCloseTo(30 / 2000, 12);
  });

  it('never bounds a change below one molecule: max(εx/g, 1)', () => {
    const step = new StepSize(network('    decay: { from: X, to: 0, rate: c }'), 0.03);
    const y = Float64Array.of(20, 0);
    const a = Float64Array.of(40);
    step.classify(y, a);
    // εx = 0.6 < 1, so the bound is 1: min(1/|μ|, 1²/σ²) with μ = −40, σ² = 40.
    expect(step.select(y, a)).toBeCloseTo(1 / 40, 12);
  });

  it('uses g = 2 + 1/(x − 1) for a species consumed two at a time', () => {
    const step = new StepSize(network('    dimerise: { from: 2 X, to: Y, rate: c }'), 0.03);
    const x = 1000;
    const y = Float64Array.of(x, 0);
    const a = Float64Array.of((2 * x * (x - 1)) / 2);
    step.classify(y, a);
    const bound = (0.03 * x) / (2 + 1 / (x - 1));
    expect(step.select(y, a)).toBeCloseTo(Math.min(bound / (2 * a[0]!), (bound * bound) / (4 * a[0]!)), 12);
  });

  it('marks a reaction critical when fewer than n_c firings would empty a reactant', () => {
    const step = new StepSize(
      network('    decay: { from: X, to: 0, rate: c }\n    pair: { from: 2 Y, to: X, rate: c }'),
      0.03,
      10,
    );
    const a = Float64Array.of(1, 1);
    expect(step.classify(Float64Array.of(9, 19), a)).toBe(2);
    expect([...step.critical]).toEqual([1, 1]);
    expect(step.classify(Float64Array.of(10, 20), a)).toBe(0);
    expect([...step.critical]).toEqual([0, 0]);
    expect(step.select(Float64Array.of(9, 19), Float64Array.of(0, 0))).toBe(Number.POSITIVE_INFINITY);
  });
});
