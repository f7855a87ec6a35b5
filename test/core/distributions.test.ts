import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomial,
  categorical,
  exponential,
  normal,
  poisson,
  uniform,
} from '../../src/core/distributions.js';
import { deviance, logFactorial, stirlingError } from '../../src/core/log-factorial.js';
import { binomialLogPmf, poissonLogPmf } from '../../src/core/log-pmf.js';
import { type Stream, streamFor } from '../../src/core/random.js';

// Oracles here are closed forms and pmf recurrences (p(k) / p(k − 1)), never the samplers' own
// Stirling-series arithmetic. Seeds are fixed, so every statistical assertion is deterministic; each
// would fail by chance with probability about 1e-3 (chi-square, KS) or 1e-6 (5 standard errors).

/** Sample mean and variance by Welford's update, which stays accurate for means near 1e12. */
function moments(draw: () => number, count: number): { mean: number; variance: number } {
  let mean = 0;
  let sumSquares = 0;
  for (let i = 1; i <= count; i++) {
    const x = draw();
    const delta = x - mean;
    mean += delta / i;
    sumSquares += delta * (x - mean);
  }
  return { mean, variance: sumSquares / (count - 1) };
}

/**
 * Asserts that a sample's mean and variance are within 5 standard errors of `mean` and `variance`;
 * `fourthCentral` is the fourth central moment, which sets the standard error of the variance.
 */
function expectMoments(
  draw: () => number,
  count: number,
  mean: number,
  variance: number,
  fourthCentral: number,
): void {
  const sample = moments(draw, count);
  expect(Math.abs(sample.mean - mean)).toBeLessThanOrEqual(5 * Math.sqrt(variance / count));
  const varianceError = Math.sqrt((fourthCentral - variance * variance) / count);
  expect(Math.abs(sample.variance - variance)).toBeLessThanOrEqual(5 * varianceError);
}

/**
 * The 0.999 quantile of chi-square with `dof` degrees of freedom, by Wilson–Hilferty: slightly above
 * the exact quantile, by at most 0.3 for dof ≥ 3 (checked against scipy).
 */
function chiSquareQuantile999(dof: number): number {
  const z = 3.090232306167813; // the 0.999 quantile of the standard normal
  const h = 2 / (9 * dof);
  return dof * (1 - h + z * Math.sqrt(h)) ** 3;
}

/** A histogram of `count` draws. */
function histogram(draw: () => number, count: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const k = draw();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * Pearson's chi-square test of `counts` against a pmf given on [lo, hi] by its value at lo and the
 * ratio p(k) / p(k − 1). The pmf is normalised over [lo, hi] (the tests choose ranges whose outside
 * mass is below 1e-9) and pooled, in order, into bins of expected count ≥ minExpected; samples
 * outside [lo, hi] fall in the end bins. Asserts the statistic is below its 0.999 quantile.
 */
function expectChiSquareFit(
  counts: Map<number, number>,
  lo: number,
  hi: number,
  first: number,
  ratio: (k: number) => number,
  minExpected: number,
): void {
  let total = 0;
  for (const c of counts.values()) total += c;
  let mass = 0;
  for (let k = lo, p = first; k <= hi; k++, p *= ratio(k)) mass += p;

  const uppers: number[] = [];
  const expected: number[] = [];
  let binExpected = 0;
  for (let k = lo, p = first; k <= hi; k++, p *= ratio(k)) {
    binExpected += (p / mass) * total;
    if (binExpected >= minExpected) {
      uppers.push(k);
      expected.push(binExpected);
      binExpected = 0;
    }
  }
  expected[expected.length - 1]! += binExpected;
  uppers[uppers.length - 1] = hi;

  const observed = new Float64Array(expected.length);
  for (const [k, c] of counts) {
    let low = 0;
    let high = uppers.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (uppers[mid]! < k) low = mid + 1;
      else high = mid;
    }
    observed[low]! += c;
  }
  let statistic = 0;
  for (let i = 0; i < expected.length; i++) statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  expect(expected.length).toBeGreaterThanOrEqual(8);
  expect(statistic).toBeLessThan(chiSquareQuantile999(expected.length - 1));
}

/** Poisson(mean) pmf recurrence on [lo, hi], starting from p(lo) = 1 (normalised later). */
function expectPoissonFit(
  counts: Map<number, number>,
  mean: number,
  lo: number,
  hi: number,
  minExpected = 5,
) {
  const first = lo === 0 ? Math.exp(-mean) : 1;
  expectChiSquareFit(counts, lo, hi, first, (k) => mean / k, minExpected);
}

/** Binomial(n, p) pmf recurrence on [lo, hi], starting from p(0) = (1 − p)^n or from 1. */
function expectBinomialFit(
  counts: Map<number, number>,
  n: number,
  p: number,
  lo: number,
  hi: number,
  minExpected = 5,
) {
  const first = lo === 0 ? (1 - p) ** n : 1;
  expectChiSquareFit(counts, lo, hi, first, (k) => ((n - k + 1) / k) * (p / (1 - p)), minExpected);
}

/** The standard normal cdf via Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Asserts a Kolmogorov–Smirnov distance below its 0.999 critical value (1.9495 / √n, asymptotic). */
function expectKolmogorovSmirnov(draw: () => number, count: number, cdf: (x: number) => number): void {
  const sample = Float64Array.from({ length: count }, draw).sort();
  let distance = 0;
  for (let i = 0; i < count; i++) {
    const f = cdf(sample[i]!);
    distance = Math.max(distance, (i + 1) / count - f, f - i / count);
  }
  expect(distance).toBeLessThan(1.9495 / Math.sqrt(count));
}

/** A stream whose every `nextUint32` is `word`, to reach the ends of [0, 1). */
function stuckStream(word: number): Stream {
  const stream = streamFor(1);
  stream.nextUint32 = () => word;
  return stream;
}

describe('logFactorial, stirlingError, deviance', () => {
  it('match compensated sums of logs and a published value', () => {
    let sum = 0;
    let compensation = 0;
    for (let k = 0; k <= 3000; k++) {
      if (k > 0) {
        const y = Math.log(k) - compensation;
        const t = sum + y;
        compensation = t - sum - y;
        sum = t;
      }
      expect(Math.abs(logFactorial(k) - sum)).toBeLessThanOrEqual(1e-13 * sum);
    }
    expect(logFactorial(100)).toBeCloseTo(363.73937555556347, 12); // lgamma(101)
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
  });

  it('has a Stirling error that follows its asymptotic series and is smooth at the cut-offs', () => {
    // 1/(12k) − 1/(360k³) + 1/(1260k⁵) − 1/(1680k⁷) + 1/(1188k⁹) − 691/(360360k¹¹) + 1/(156k¹³)
    const coefficients = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];
    for (const k of [16, 20, 36, 50, 81, 200, 501, 1e4, 1e9, 1e12]) {
      const series = coefficients.reduce((sum, c, j) => sum + c / k ** (2 * j + 1), 0);
      // Absolute error is what matters: δ(k) is added to log-pmfs.
      expect(Math.abs(stirlingError(k) - series)).toBeLessThanOrEqual(2e-16);
    }
    for (const k of [1, 14, 15, 16, 35, 80, 500]) {
      // δ(k + 1) − δ(k) = 1 − (k + ½)·log(1 + 1/k)
      const step = 1 - (k + 0.5) * Math.log1p(1 / k);
      expect(stirlingError(k + 1) - stirlingError(k)).toBeCloseTo(step, 14);
    }
  });

  it('computes the deviance without cancellation near x = m', () => {
    for (const m of [1e6, 1e9, 1e12]) {
      const d = Math.sqrt(m);
      // The Taylor series of (m + d)·log(1 + d/m) − d: Σ_{j ≥ 2} (−1)^j d^j / (j(j − 1)·m^(j − 1))
      const taylor =
        d ** 2 / (2 * m) - d ** 3 / (6 * m ** 2) + d ** 4 / (12 * m ** 3) - d ** 5 / (20 * m ** 4);
      expect(deviance(m + d, m)).toBeCloseTo(taylor, 12);
    }
    expect(deviance(7, 7)).toBe(0);
    expect(deviance(3, 10)).toBeCloseTo(3 * Math.log(0.3) + 7, 14);
    expect(deviance(10, 9.5)).toBeCloseTo(10 * Math.log(10 / 9.5) - 0.5, 14);
  });
});

describe('poissonLogPmf, binomialLogPmf', () => {
  // Reference values from mpmath at 60 digits: −λ + k·log λ − log Γ(k + 1), and
  // log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1) + k·log p + (n − k)·log(1 − p), with p the double.
  // At k ≈ 1e12 the naive formula in doubles is off by up to 4e-3.
  it.each([
    [0, 10, -10],
    [7, 10, -2.4070657101070947],
    [1, 0.5, -1.1931471805599454],
    [17, 4.5, -12.43575770494023],
    [15, 15, -2.2785183673077407],
    [50, 30, -8.417897868665264],
    [1_001_000, 1e6, -8.327027062220134],
    [1e12, 1e12, -14.73444909116903],
    [1_000_003_000_000, 1e12, -19.23444609117353],
    [999_995_000_000, 1e12, -27.234467424548196],
    [2_000_000, 1e12, -999971755281.4185],
  ])('poissonLogPmf(%d, %d) matches a 60-digit reference', (k, mean, want) => {
    expect(Math.abs(poissonLogPmf(k, mean) - want)).toBeLessThanOrEqual(1e-11 + 1e-15 * Math.abs(want));
  });

  it.each([
    [40, 100, 0.4, -2.51060428379114],
    [0, 100, 0.4, -51.08256237659907],
    [100, 100, 0.4, -91.6290731874155],
    [1, 2, 0.5, -Math.LN2],
    [300_020_000, 1e9, 0.3, -11.452635483351232],
    [5, 1e9, 5e-9, -1.7403021781115442],
    [970_000, 1e6, 0.97, -6.058188040139562],
    [969_000, 1e6, 0.97, -23.07421578920275],
    [10, 20, 0.999, -56.960766478554746],
  ])('binomialLogPmf(%d, %d, %s) matches a 60-digit reference', (k, n, p, want) => {
    expect(Math.abs(binomialLogPmf(k, n, p) - want)).toBeLessThanOrEqual(1e-11 + 1e-15 * Math.abs(want));
  });
});

describe('uniform', () => {
  it('has the right mean and variance and stays in [low, high)', () => {
    const stream = streamFor(11);
    expectMoments(() => uniform(stream, -2, 6), 200_000, 2, 64 / 12, 4 ** 4 / 5);
    expect(uniform(stuckStream(0), -2, 6)).toBe(-2);
    expect(uniform(stuckStream(0xffffffff), -2, 6)).toBeLessThan(6);
  });
});

describe('exponential', () => {
  it('has mean 1/rate and variance 1/rate²', () => {
    const stream = streamFor(12);
    const rate = 2.5;
    expectMoments(() => exponential(stream, rate), 200_000, 1 / rate, 1 / rate ** 2, 9 / rate ** 4);
  });

  it('passes a Kolmogorov–Smirnov test', () => {
    const stream = streamFor(13);
    expectKolmogorovSmirnov(
      () => exponential(stream, 0.3),
      100_000,
      (x) => -Math.expm1(-0.3 * x),
    );
  });

  it('is finite at both ends of the uniform draw', () => {
    expect(exponential(stuckStream(0), 1)).toBe(0);
    const top = exponential(stuckStream(0xffffffff), 1);
    expect(top).toBeCloseTo(53 * Math.LN2, 12);
    expect(exponential(stuckStream(0xffffffff), 1e-300)).toBeLessThan(Number.POSITIVE_INFINITY);
  });
});

describe('normal', () => {
  it('has the requested mean and standard deviation', () => {
    const stream = streamFor(14);
    expectMoments(() => normal(stream, 3, 2), 200_000, 3, 4, 3 * 16);
  });

  it('passes a Kolmogorov–Smirnov test', () => {
    const stream = streamFor(15);
    expectKolmogorovSmirnov(() => normal(stream), 100_000, normalCdf);
  });

  it('is mean + sd · standard normal, and depends on its own stream alone', () => {
    const a = streamFor(16);
    const state = a.save();
    const standard = Array.from({ length: 50 }, () => normal(a));
    a.restore(state);
    const other = streamFor(17);
    for (let i = 0; i < 50; i++) {
      normal(other);
      expect(normal(a, -1, 0.5)).toBeCloseTo(-1 + 0.5 * standard[i]!, 14);
    }
  });
});

describe('poisson', () => {
  it.each([
    [0.5, 1],
    [5, 2],
    [9.999, 3],
    [10, 4],
    [30, 5],
    [1e3, 6],
    [1e6, 7],
    [1e12, 8],
  ])('has mean = variance = %d', (mean, seed) => {
    const stream = streamFor(20, seed);
    expectMoments(() => poisson(stream, mean), 200_000, mean, mean, mean + 3 * mean * mean);
  });

  it('returns 0 for mean 0 without drawing', () => {
    const stream = streamFor(21);
    const state = stream.save();
    expect(poisson(stream, 0)).toBe(0);
    expect(stream.save()).toEqual(state);
  });

  it('fits the exact pmf by inversion (mean 4.5)', () => {
    const stream = streamFor(22);
    expectPoissonFit(
      histogram(() => poisson(stream, 4.5), 500_000),
      4.5,
      0,
      60,
    );
  });

  it.each([
    [15, 23],
    [50, 24],
  ])('fits the exact pmf by PTRS (mean %d)', (mean, seed) => {
    const stream = streamFor(seed);
    expectPoissonFit(
      histogram(() => poisson(stream, mean), 1_000_000),
      mean,
      0,
      Math.ceil(mean + 20 * Math.sqrt(mean) + 20),
    );
  });

  it.each([
    [1e6, 25],
    [1e12, 26],
  ])('fits the exact pmf in 60 pooled bins at mean %d', (mean, seed) => {
    const stream = streamFor(seed);
    const count = 300_000;
    const width = Math.ceil(6.5 * Math.sqrt(mean));
    expectPoissonFit(
      histogram(() => poisson(stream, mean), count),
      mean,
      mean - width,
      mean + width,
      count / 60,
    );
  });

  it('always returns a whole number ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.oneof(
          fc.double({ min: 0, max: 20, noNaN: true }),
          fc.double({ min: 0, max: 1e12, noNaN: true }),
          fc.constantFrom(0, 5e-324, 9.999999999999998, 10, 1e12),
        ),
        (seed, mean) => {
          const stream = streamFor(seed);
          for (let i = 0; i < 20; i++) {
            const k = poisson(stream, mean);
            expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('binomial', () => {
  it.each([
    [20, 0.1, 1],
    [3, 0.5, 2],
    [100, 0.4, 3],
    [50, 0.999, 4],
    [1e6, 0.3, 5],
    [1e6, 0.97, 6],
    [1e9, 5e-9, 7],
    [1e9, 0.5, 8],
  ])('has mean np and variance np(1 − p) for n = %d, p = %s', (n, p, seed) => {
    const stream = streamFor(30, seed);
    const q = 1 - p;
    const variance = n * p * q;
    const fourthCentral = variance * (1 + 3 * (n - 2) * p * q);
    expectMoments(() => binomial(stream, n, p), 200_000, n * p, variance, fourthCentral);
  });

  it('returns 0 for n = 0 or p = 0 and n for p = 1, without drawing', () => {
    const stream = streamFor(31);
    const state = stream.save();
    expect(binomial(stream, 0, 0.3)).toBe(0);
    expect(binomial(stream, 0, 0.9)).toBe(0);
    expect(binomial(stream, 1e9, 0)).toBe(0);
    expect(binomial(stream, 1e9, 1)).toBe(1e9);
    expect(stream.save()).toEqual(state);
  });

  it.each([
    [30, 0.1, 32],
    [20, 0.75, 33],
    [1e9, 4e-9, 34],
  ])('fits the exact pmf by inversion (n = %d, p = %s)', (n, p, seed) => {
    const stream = streamFor(seed);
    expectBinomialFit(
      histogram(() => binomial(stream, n, p), 500_000),
      n,
      p,
      0,
      Math.min(n, 60),
    );
  });

  it.each([
    [100, 0.4, 35],
    [25, 0.4, 36],
    [60, 0.8, 37],
  ])('fits the exact pmf by BTRS (n = %d, p = %s)', (n, p, seed) => {
    const stream = streamFor(seed);
    expectBinomialFit(
      histogram(() => binomial(stream, n, p), 1_000_000),
      n,
      p,
      0,
      n,
    );
  });

  it.each([
    [1e9, 0.3, 38],
    [1e6, 0.97, 39],
  ])('fits the exact pmf in 60 pooled bins (n = %d, p = %s)', (n, p, seed) => {
    const stream = streamFor(seed);
    const count = 300_000;
    const mean = n * p;
    const width = Math.ceil(6.5 * Math.sqrt(mean * (1 - p)));
    expectBinomialFit(
      histogram(() => binomial(stream, n, p), count),
      n,
      p,
      Math.round(mean) - width,
      Math.round(mean) + width,
      count / 60,
    );
  });

  it('always returns a whole number in [0, n]', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.oneof(fc.nat({ max: 100 }), fc.nat(), fc.maxSafeNat()),
        fc.oneof(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.constantFrom(0, 1, 0.5, 5e-324, 1 - 2 ** -53),
        ),
        (seed, n, p) => {
          const stream = streamFor(seed);
          for (let i = 0; i < 20; i++) {
            const k = binomial(stream, n, p);
            expect(Number.isSafeInteger(k) && k >= 0 && k <= n).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('categorical', () => {
  it('draws each index in proportion to its weight, with or without the total', () => {
    const weights = Float64Array.of(2, 0, 5, 3, 0, 0.5);
    const total = 10.5;
    for (const [seed, given] of [
      [40, undefined],
      [41, total],
    ] as const) {
      const stream = streamFor(seed);
      const counts = new Float64Array(weights.length);
      const count = 200_000;
      for (let i = 0; i < count; i++) counts[categorical(stream, weights, given)]! += 1;
      expect(counts[1]).toBe(0);
      expect(counts[4]).toBe(0);
      let statistic = 0;
      for (const i of [0, 2, 3, 5]) {
        const expected = (count * weights[i]!) / total;
        statistic += (counts[i]! - expected) ** 2 / expected;
      }
      expect(statistic).toBeLessThan(16.266); // chi-square 0.999 quantile, 3 dof
    }
  });

  it('uses the default total exactly as an explicit one', () => {
    const a = streamFor(42);
    const b = streamFor(42);
    const weights = [1, 2, 3, 4];
    for (let i = 0; i < 1000; i++) expect(categorical(a, weights)).toBe(categorical(b, weights, 10));
  });

  it('falls back to the last positive weight at rounding edges and with a stale total', () => {
    const top = stuckStream(0xffffffff);
    expect(categorical(top, [0.1, 0.2, 0.3, 0, 0])).toBe(2);
    expect(categorical(top, [0, 1e-300, 0])).toBe(1);
    expect(categorical(streamFor(43), [1, 2, 0], 1e9)).toBe(1);
    expect(categorical(stuckStream(0), [0, 0, 4, 0])).toBe(2);
    expect(categorical(streamFor(44), [0, 0])).toBe(-1);
  });

  it('never returns an index whose weight is 0', () => {
    const weight = fc.oneof(
      fc.constant(0),
      fc.double({ min: 0, max: 1e300, noNaN: true }),
      fc.constantFrom(5e-324, 1e-300, 0.1, 0.7, 1),
    );
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(weight, { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        fc.boolean(),
        (seed, weights, stuck) => {
          const stream = stuck ? stuckStream(0xffffffff) : streamFor(seed);
          for (let i = 0; i < 20; i++) {
            const index = categorical(stream, weights);
            expect(weights[index]).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('noreg', () => {
  it('freezes the first draws of every sampler for streamFor(2024, 0)', () => {
    const stream = streamFor(2024, 0);
    const round = (x: number) => Number(x.toPrecision(12));
    const draws = {
      uniform: [0, 1, 2].map(() => round(uniform(stream, -1, 1))),
      exponential: [0, 1, 2].map(() => round(exponential(stream, 0.5))),
      normal: [0, 1, 2].map(() => round(normal(stream, 0, 1))),
      poissonSmall: [0, 1, 2, 3, 4].map(() => poisson(stream, 3)),
      poissonLarge: [0, 1, 2, 3, 4].map(() => poisson(stream, 1e6)),
      binomialSmall: [0, 1, 2, 3, 4].map(() => binomial(stream, 40, 0.1)),
      binomialLarge: [0, 1, 2, 3, 4].map(() => binomial(stream, 1e9, 0.7)),
      categorical: [0, 1, 2, 3, 4].map(() => categorical(stream, [1, 0, 2, 3])),
    };
    expect(draws).toEqual({
      uniform: [-0.782285846304, -0.543661585078, 0.443623244297],
      exponential: [0.200064952022, 1.47027196027, 0.786462001274],
      normal: [-0.410074348248, -1.31579662527, 0.0129578042756],
      poissonSmall: [1, 4, 2, 4, 7],
      poissonLarge: [1000258, 999612, 1001366, 999912, 1000817],
      binomialSmall: [1, 2, 4, 3, 0],
      binomialLarge: [700019420, 700017846, 700007393, 700002024, 699994021],
      categorical: [3, 3, 3, 2, 2],
    });
  });
});
