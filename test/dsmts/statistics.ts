/**
 * The Discrete Stochastic Model Test Suite's statistics for n runs against exact moments:
 * the mean test Z = √n (mean − μ) / σ, passed within (−3, 3), and the variance test
 * Y = √(n/2) (s² / σ² − 1), passed within (−5, 5). Where σ = 0 (a count known exactly, such as at
 * t = 0) the sample must match exactly instead.
 */
export interface SuiteCheck {
  readonly label: string;
  readonly z: number;
  readonly y: number;
  readonly meanFailed: boolean;
  readonly varianceFailed: boolean;
}

/** Running sums for the mean and unbiased variance of one quantity. */
export class Moments {
  private count = 0;
  private sum = 0;
  private squares = 0;

  add(value: number): void {
    this.count++;
    this.sum += value;
    this.squares += value * value;
  }

  get mean(): number {
    return this.sum / this.count;
  }

  get variance(): number {
    return this.count > 1 ? (this.squares - (this.sum * this.sum) / this.count) / (this.count - 1) : 0;
  }

  get n(): number {
    return this.count;
  }
}

/** The suite's check of sample moments against the exact mean μ and standard deviation σ. */
export function suiteCheck(label: string, moments: Moments, mu: number, sigma: number): SuiteCheck {
  const n = moments.n;
  if (sigma === 0) {
    const exact = Math.abs(moments.mean - mu) <= 1e-9 * Math.max(1, Math.abs(mu));
    return {
      label,
      z: exact ? 0 : Number.POSITIVE_INFINITY,
      y: 0,
      meanFailed: !exact,
      varianceFailed: moments.variance > 1e-9,
    };
  }
  const z = (Math.sqrt(n) * (moments.mean - mu)) / sigma;
  const y = Math.sqrt(n / 2) * (moments.variance / (sigma * sigma) - 1);
  return { label, z, y, meanFailed: !(Math.abs(z) < 3), varianceFailed: !(Math.abs(y) < 5) };
}
