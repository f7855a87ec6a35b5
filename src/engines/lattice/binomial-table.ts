import { binomial } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';

/** Trials up to which the table serves; more go to the general sampler. */
const MAX_TRIALS = 512;

/** The table's cdf stops where what is left of the upper tail is below this (then it is 1). */
const TAIL = 2 ** -40;

/**
 * Binomial(n, p) for one p and every n ≤ 512, by inversion of a table: for each n its cdf, and a
 * guide table (Chen and Asau 1974) that maps a uniform u to the first k worth checking, so that a
 * draw is one 32-bit uniform, a lookup and a step or two. Built once per p (a hop stage's chance
 * of leaving, the same stage after stage), it serves the hop stage's many small counts (most cells
 * of a country hold 100–300 people) at a few nanoseconds where the general sampler's rejection
 * step costs tens. Exact up to the rounding of the cdf in doubles, the 32-bit resolution of u (as
 * the general sampler's inversion) and an upper tail of at most 2^−40 folded into the last entry.
 * Larger n, and p > ½, go to `binomial`.
 */
export class BinomialTable {
  private p = Number.NaN;
  /** Per n: where its entries start in `cdf` and `guide`, and how many there are (n ≤ 512). */
  private readonly start = new Int32Array(MAX_TRIALS + 2);
  private cdf = new Float64Array(0);
  private guide = new Int32Array(0);

  /** Makes the table serve Binomial(·, p) (nothing to do if it already does). */
  prepare(p: number): void {
    if (p === this.p || !(p > 0 && p <= 0.5)) {
      this.p = p;
      return;
    }
    this.p = p;
    const odds = p / (1 - p);
    const lengths: number[] = [0];
    let total = 1;
    for (let n = 1; n <= MAX_TRIALS; n++) {
      let pk = (1 - p) ** n;
      let sum = pk;
      let k = 0;
      while (k < n && 1 - sum > TAIL) {
        k++;
        pk *= (odds * (n - k + 1)) / k;
        sum += pk;
      }
      lengths.push(k + 1);
      total += k + 1;
    }
    if (this.cdf.length < total) {
      this.cdf = new Float64Array(total);
      this.guide = new Int32Array(total);
    }
    const { start, cdf, guide } = this;
    start[0] = 0;
    cdf[0] = 1;
    guide[0] = 0;
    start[1] = 1;
    for (let n = 1; n <= MAX_TRIALS; n++) {
      const base = start[n]!;
      const length = lengths[n]!;
      start[n + 1] = base + length;
      let pk = (1 - p) ** n;
      let sum = pk;
      cdf[base] = sum;
      for (let k = 1; k < length; k++) {
        pk *= (odds * (n - k + 1)) / k;
        sum += pk;
        cdf[base + k] = sum;
      }
      cdf[base + length - 1] = 1;
      // guide[j]: the first k whose cdf passes j / length.
      let k = 0;
      for (let j = 0; j < length; j++) {
        while (cdf[base + k]! <= j / length) k++;
        guide[base + j] = k;
      }
    }
  }

  /** A Binomial(n, p) variate for the prepared p. */
  draw(stream: Stream, n: number): number {
    const p = this.p;
    if (n > MAX_TRIALS || !(p > 0 && p <= 0.5)) return binomial(stream, n, p);
    const base = this.start[n]!;
    const length = this.start[n + 1]! - base;
    const u = stream.next();
    let k = this.guide[base + Math.floor(u * length)]!;
    while (u >= this.cdf[base + k]!) k++;
    return k;
  }
}
