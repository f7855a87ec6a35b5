/**
 * Random variates drawn from a `Stream`, which is always the first argument. These run in hot loops,
 * so they check nothing: each doc comment states the preconditions, and breaking one gives an
 * unspecified number (or, for `categorical`, −1), never an exception. None of them allocates or
 * keeps state between calls, so a draw depends only on its arguments and the stream's state.
 */

import { binomialLogPmf, poissonLogPmf } from './log-pmf.js';
import type { Stream } from './random.js';

/** Means below this use inversion; transformed rejection (PTRS, BTRS) is valid from 10 up. */
export const INVERSION_LIMIT = 10;

/** The largest mean `poisson` is made for: beyond it PTRS's floating-point steps lose the variate. */
export const POISSON_MAX_MEAN = 1e15;

/**
 * A uniform number in [low, high), for finite low ≤ high. One 32-bit draw. Rounding can return
 * `high` itself when |low| is much larger than high − low.
 */
export function uniform(stream: Stream, low: number, high: number): number {
  return low + (high - low) * stream.next();
}

/**
 * An exponential waiting time with mean 1/rate, for finite rate > 0. One 53-bit draw (two
 * `nextUint32` calls), so the result is finite and at most 36.8/rate; it is 0 with probability 2^-53.
 */
export function exponential(stream: Stream, rate: number): number {
  // log1p(−u) = log(1 − u) with 1 − u in (0, 1], and exact for small u.
  return -Math.log1p(-stream.nextDouble()) / rate;
}

/**
 * A normal variate with the given mean and standard deviation sd ≥ 0, by Marsaglia's polar method.
 * The second variate of each pair is discarded, so nothing is cached between calls. Uses 2.55
 * 32-bit draws on average.
 */
export function normal(stream: Stream, mean = 0, sd = 1): number {
  let x: number;
  let s: number;
  do {
    x = 2 * stream.next() - 1;
    const y = 2 * stream.next() - 1;
    s = x * x + y * y;
  } while (s >= 1 || s === 0);
  return mean + sd * x * Math.sqrt((-2 * Math.log(s)) / s);
}

/**
 * A Poisson variate with the given mean, for 0 ≤ mean ≤ 1e15 (tested up to 1e12). Exact up to
 * floating-point rounding. Below mean 10 it inverts the cdf with one 32-bit draw (so probabilities
 * are resolved to 2^-32); from 10 up it uses Hörmann's PTRS, transformed rejection with squeeze
 * (1993), which takes 1.1 to 1.3 iterations of one 53-bit and one 32-bit draw and evaluates the pmf
 * in a form that stays accurate at huge means. Mean 0 returns 0 without drawing.
 */
export function poisson(stream: Stream, mean: number): number {
  if (mean >= INVERSION_LIMIT) return poissonPtrs(stream, mean);
  if (mean > 0) return poissonInversion(stream, mean);
  return 0;
}

/**
 * A binomial variate: successes in n trials of probability p, for a whole number 0 ≤ n ≤ 2^53 and
 * 0 ≤ p ≤ 1 (tested up to n = 1e9). Exact up to floating-point rounding. For p > ½ it returns
 * n − binomial(n, 1 − p). Then, when n·p < 10, it inverts the cdf with one 32-bit draw; otherwise it
 * uses Hörmann's BTRS transformed rejection (1993), which takes 1.1 to 1.4 iterations of one 53-bit
 * and one 32-bit draw. n = 0, p = 0 and p = 1 return at once without drawing.
 */
export function binomial(stream: Stream, n: number, p: number): number {
  if (p > 0.5) return n - binomialAtMostHalf(stream, n, 1 - p);
  return binomialAtMostHalf(stream, n, p);
}

/**
 * An index i drawn with probability weights[i] / total, by a linear scan. Weights must be finite and
 * ≥ 0, with at least one positive; `total` must be their sum, and is computed when left out (pass it
 * when you already have it).
 * An index whose weight is 0 is never returned: if rounding (or a stale `total`) carries the scan
 * past the end, the last index with a positive weight is returned. With no positive weight, −1.
 */
export function categorical(stream: Stream, weights: ArrayLike<number>, total?: number): number {
  const count = weights.length;
  let sum = total;
  if (sum === undefined) {
    sum = 0;
    for (let i = 0; i < count; i++) sum += weights[i]!;
  }
  let u = stream.next() * sum;
  let last = -1;
  for (let i = 0; i < count; i++) {
    const weight = weights[i]!;
    if (weight > 0) {
      if (u < weight) return i;
      u -= weight;
      last = i;
    }
  }
  return last;
}

/** Sequential search of the Poisson cdf, for 0 < mean < 10. */
function poissonInversion(stream: Stream, mean: number): number {
  const u = stream.next();
  let k = 0;
  let pk = Math.exp(-mean);
  let cdf = pk;
  // Terminates: cdf reaches 1 − 1e-15 or so, and u ≤ 1 − 2^-32.
  while (u >= cdf) {
    k++;
    pk *= mean / k;
    cdf += pk;
  }
  return k;
}

/** Hörmann's PTRS, for mean ≥ 10. */
function poissonPtrs(stream: Stream, mean: number): number {
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    // 53 bits for u, because the hat maps u onto ~2.5·√mean integers.
    const u = stream.nextDouble() - 0.5;
    const v = stream.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log((v * inverseAlpha) / (a / (us * us) + b)) <= poissonLogPmf(k, mean)) return k;
  }
}

/** `binomial` for p ≤ ½. */
function binomialAtMostHalf(stream: Stream, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (n * p < INVERSION_LIMIT) return binomialInversion(stream, n, p);
  return binomialBtrs(stream, n, p);
}

/** Sequential search of the binomial cdf, for p ≤ ½ and n·p < 10. */
function binomialInversion(stream: Stream, n: number, p: number): number {
  const odds = p / (1 - p);
  const u = stream.next();
  let k = 0;
  let pk = Math.exp(n * Math.log1p(-p));
  let cdf = pk;
  while (u >= cdf && k < n) {
    k++;
    pk *= (odds * (n - k + 1)) / k;
    cdf += pk;
  }
  return k;
}

/** Hörmann's BTRS, for p ≤ ½ and n·p ≥ 10. */
function binomialBtrs(stream: Stream, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const mode = Math.floor((n + 1) * p);
  let logPmfMode = Number.NaN;
  for (;;) {
    // 53 bits for u, because the hat maps u onto ~2.5·√(npq) integers.
    const u = stream.nextDouble() - 0.5;
    const v = stream.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    // The mode's pmf is needed only here, on about one iteration in five.
    if (Number.isNaN(logPmfMode)) logPmfMode = binomialLogPmf(mode, n, p);
    if (Math.log((v * alpha) / (a / (us * us) + b)) <= binomialLogPmf(k, n, p) - logPmfMode) return k;
  }
}
