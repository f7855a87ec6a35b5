/**
 * Log-pmfs of the Poisson and binomial distributions in Loader's saddle-point form, accurate to about
 * 1e-11 absolute at k ≈ 1e12, where `k·log(λ) − λ − log k!` in doubles is off by up to 4e-3. The
 * samplers' rejection steps use them; so can likelihoods.
 */

import { deviance, HALF_LOG_TWO_PI, stirlingError } from './log-factorial.js';

/** log P(X = k) for X ~ Poisson(mean), for a whole number k ≥ 0 and mean > 0 (not checked). */
export function poissonLogPmf(k: number, mean: number): number {
  if (k === 0) return -mean;
  return -stirlingError(k) - deviance(k, mean) - HALF_LOG_TWO_PI - 0.5 * Math.log(k);
}

/**
 * log P(X = k) for X ~ Binomial(n, p), for whole numbers 0 ≤ k ≤ n and 0 < p < 1 (not checked).
 */
export function binomialLogPmf(k: number, n: number, p: number): number {
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const rest = n - k;
  return (
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(rest) -
    deviance(k, n * p) -
    deviance(rest, n * (1 - p)) -
    HALF_LOG_TWO_PI -
    0.5 * Math.log((k * rest) / n)
  );
}
