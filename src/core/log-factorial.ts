/**
 * log k! for whole k, and the two pieces of Loader's saddle-point form of the Poisson and binomial
 * pmfs (C. Loader, "Fast and accurate computation of binomial probabilities", 2000): the Stirling
 * error and the deviance. Written this way, a log-pmf at k ≈ 1e12 keeps about 1e-10 absolute
 * accuracy, where `k·log(λ) − log k!` would lose everything but the first few digits to cancellation.
 */

/** log(2π) / 2. */
export const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

const TABLE_SIZE = 16;
const LOG_FACTORIAL = new Float64Array(TABLE_SIZE);
const STIRLING_ERROR = new Float64Array(TABLE_SIZE);
{
  // k! is exact in a double up to 22!, so each table entry is a correctly rounded logarithm.
  let factorial = 1;
  for (let k = 1; k < TABLE_SIZE; k++) {
    factorial *= k;
    LOG_FACTORIAL[k] = Math.log(factorial);
    STIRLING_ERROR[k] = LOG_FACTORIAL[k]! - ((k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI);
  }
}

const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/**
 * The error of Stirling's formula, δ(k) = log k! − [(k + ½)·log k − k + ½·log 2π], for a whole
 * number k ≥ 1 (δ(0) is undefined; 0 is returned). Exact table below 16, the asymptotic series above,
 * with as many terms as double precision needs.
 */
export function stirlingError(k: number): number {
  if (k < TABLE_SIZE) return STIRLING_ERROR[k]!;
  const kk = k * k;
  if (k > 500) return (S0 - S1 / kk) / k;
  if (k > 80) return (S0 - (S1 - S2 / kk) / kk) / k;
  if (k > 35) return (S0 - (S1 - (S2 - S3 / kk) / kk) / kk) / k;
  return (S0 - (S1 - (S2 - (S3 - S4 / kk) / kk) / kk) / kk) / k;
}

/**
 * log k! for a whole number k ≥ 0 (not checked): a table of exact values below 16, and Stirling's
 * formula with its error term above. Relative accuracy is a few units in the last place.
 */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return LOG_FACTORIAL[k]!;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + stirlingError(k);
}

/**
 * The deviance term `x·log(x/m) + m − x` for x > 0 and m > 0 (Loader's `bd0`), accurate even when
 * x ≈ m are both huge: near m it sums a series in (x − m)/(x + m) instead of cancelling large terms.
 */
export function deviance(x: number, m: number): number {
  const difference = x - m;
  if (Math.abs(difference) < 0.1 * (x + m)) {
    let v = difference / (x + m);
    let sum = difference * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 3; ; j += 2) {
      term *= v;
      const next = sum + term / j;
      if (next === sum) return next;
      sum = next;
    }
  }
  return x * Math.log(x / m) + m - x;
}
