import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { zigguratExponential } from '../../src/core/ziggurat.js';

describe('zigguratExponential', () => {
  const n = 400_000;
  const draws = new Float64Array(n);
  const stream = streamFor(11);
  for (let i = 0; i < n; i++) draws[i] = zigguratExponential(stream);

  it('has the mean and variance of Exp(1)', () => {
    let sum = 0;
    let squares = 0;
    for (const x of draws) {
      sum += x;
      squares += x * x;
    }
    const mean = sum / n;
    const variance = squares / n - mean * mean;
    // Standard errors: 1/√n for the mean, √8/√n for the variance.
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan((4 * Math.sqrt(8)) / Math.sqrt(n));
  });

  it('passes a Kolmogorov–Smirnov test against 1 − e^−x', () => {
    const sorted = draws.slice().sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const cdf = 1 - Math.exp(-sorted[i]!);
      d = Math.max(d, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    // The 0.1% critical value of √n·D is 1.95.
    expect(d * Math.sqrt(n)).toBeLessThan(1.95);
  });

  it('reaches the tail beyond the base strip (x > 7.7) as often as e^−7.7', () => {
    const m = 2_000_000;
    const s = streamFor(12);
    let beyond = 0;
    for (let i = 0; i < m; i++) if (zigguratExponential(s) > 7.7) beyond++;
    const p = Math.exp(-7.7);
    expect(Math.abs(beyond - m * p)).toBeLessThan(4 * Math.sqrt(m * p));
  });

  it('never returns a negative or non-finite number', () => {
    expect(draws.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });

  it('keeps its exact sequence for a fixed seed (noreg)', () => {
    const s = streamFor(1);
    const first = Array.from({ length: 5 }, () => Number(zigguratExponential(s).toPrecision(12)));
    expect(first).toMatchInlineSnapshot(`
      [
        2.12570700752,
        0.314973840049,
        0.794130846254,
        1.06902489054,
        0.375012227509,
      ]
    `);
  });
});
