import { binomial } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import { Arena } from './arena.js';

/** Trials up to which the table serves; more go to the general sampler. */
export const MAX_TRIALS = 512;

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
 *
 * Built with an arena (a compiled hop stage's memory, `hop-stage-kernel.ts`), its arrays lie there
 * while the table fits the room it was given, so that the kernel draws from the same table.
 */
export class BinomialTable {
  private p = Number.NaN;
  /** Per n: where its entries start in `cdf` and `guide`, and how many there are (n ≤ 512). */
  private readonly start: Int32Array;
  private cdf: Float64Array;
  private guide: Int32Array;
  /** The room in the arena (empty without one). */
  private readonly roomCdf: Float64Array;
  private readonly roomGuide: Int32Array;

  /** A table, its arrays in `arena` (room for `capacity` entries, see `entries`) or on their own. */
  constructor(arena?: Arena, capacity = 0) {
    const from = arena ?? new Arena();
    this.start = from.i32(MAX_TRIALS + 2);
    this.roomCdf = from.f64(capacity);
    this.roomGuide = from.i32(capacity);
    this.cdf = this.roomCdf;
    this.guide = this.roomGuide;
  }

  /** The entries a table for p takes (over every n ≤ 512). */
  static entries(p: number): number {
    if (!(p > 0 && p <= 0.5)) return 0;
    return lengthsOf(p).reduce((a, b) => a + b, 0);
  }

  /** The chance the table was last prepared for. */
  get chance(): number {
    return this.p;
  }

  /** Whether the table serves its chance (else every draw goes to the general sampler). */
  get serves(): boolean {
    return this.p > 0 && this.p <= 0.5;
  }

  /**
   * Writes at `header[at…at + 2]` the byte offsets of the table's arrays (per n its start, then
   * the cdf and the guide), for a kernel that shares the arena's memory; false if the table does
   * not lie there (it outgrew its room).
   */
  locate(header: Int32Array, at: number): boolean {
    if (this.cdf !== this.roomCdf || this.roomCdf.length === 0) return false;
    header[at] = this.start.byteOffset;
    header[at + 1] = this.cdf.byteOffset;
    header[at + 2] = this.guide.byteOffset;
    return true;
  }

  /** Makes the table serve Binomial(·, p) (nothing to do if it already does). */
  prepare(p: number): void {
    if (p === this.p || !(p > 0 && p <= 0.5)) {
      this.p = p;
      return;
    }
    this.p = p;
    const odds = p / (1 - p);
    const lengths = lengthsOf(p);
    const total = lengths.reduce((a, b) => a + b, 0);
    if (total <= this.roomCdf.length) {
      this.cdf = this.roomCdf;
      this.guide = this.roomGuide;
    } else if (this.cdf.length < total || this.cdf === this.roomCdf) {
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

/** Per n ≤ 512, the entries of its cdf (n = 0: 1), up to where the upper tail is below `TAIL`. */
function lengthsOf(p: number): number[] {
  const odds = p / (1 - p);
  const lengths: number[] = [1];
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
  }
  return lengths;
}
