import { expect } from 'vitest';

/**
 * Paired comparisons of two variants run on the same seeds: the mean of the differences x − y,
 * seed by seed, and its standard error. z = mean / se is how many standard errors the effect
 * clears; a change in the engine's draw order reshuffles every run, and then flips an assertion
 * that the effect clears `margin` standard errors with a chance of about Φ(margin − z).
 */
export function pairedDifference(x: readonly number[], y: readonly number[]): { mean: number; se: number } {
  const d = x.map((v, k) => v - y[k]!);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1);
  return { mean, se: Math.sqrt(variance / d.length) };
}

/**
 * Expects x to exceed y, seed by seed, by more than `margin` standard errors of the paired
 * difference on average (a difference with no spread at all must still be above zero).
 */
export function expectPairedAbove(x: readonly number[], y: readonly number[], margin: number): void {
  const { mean, se } = pairedDifference(x, y);
  const message = `paired difference ${mean.toFixed(2)} (se ${se.toFixed(2)}), x ${x.join(',')}, y ${y.join(',')}`;
  expect(mean, message).toBeGreaterThan(0);
  expect(mean, message).toBeGreaterThan(margin * se);
}
