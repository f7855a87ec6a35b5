import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Stream, streamFor } from '../../src/core/random.js';

const MASK_32 = 0xffffffffn;

/** rotl on 32-bit BigInt words. */
function rotl(x: bigint, k: bigint): bigint {
  return ((x << k) | (x >> (32n - k))) & MASK_32;
}

/**
 * xoshiro128** 1.1 written from the published algorithm in BigInt arithmetic: slow, and sharing no
 * code or tricks (Math.imul, >>> 0, | 0) with `Stream`.
 */
class ReferenceXoshiro {
  private readonly s: bigint[];

  constructor(words: readonly number[]) {
    this.s = words.map((word) => BigInt(word >>> 0));
  }

  next(): number {
    const s = this.s;
    const result = (rotl((s[1]! * 5n) & MASK_32, 7n) * 9n) & MASK_32;
    const t = (s[1]! << 9n) & MASK_32;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
    return Number(result);
  }
}

/** The first `count` outputs of `nextUint32`. */
function take(stream: Stream, count: number): number[] {
  return Array.from({ length: count }, () => stream.nextUint32());
}

/** The 0.999 quantile of chi-square with 63 degrees of freedom (scipy.stats.chi2.ppf(0.999, 63)). */
const CHI_SQUARE_63_999 = 103.442;

/** Pearson's statistic for `count` draws of `bin()` (in [0, 64)) against the uniform distribution. */
function chiSquareUniform64(bin: () => number, count: number): number {
  const observed = new Float64Array(64);
  for (let i = 0; i < count; i++) observed[bin()]! += 1;
  const expected = count / 64;
  let statistic = 0;
  for (const o of observed) statistic += (o - expected) ** 2 / expected;
  return statistic;
}

describe('Stream (xoshiro128**)', () => {
  it('has a BigInt reference that reproduces the published test vector', () => {
    // From the reference C implementation (xoshiro128starstar.c v1.1), as quoted by the Rust
    // rand_xoshiro crate's test for the state {1, 2, 3, 4}.
    const published = [
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ];
    const reference = new ReferenceXoshiro([1, 2, 3, 4]);
    expect(published.map(() => reference.next())).toEqual(published);
    expect(take(new Stream(1, 2, 3, 4), 10)).toEqual(published);
  });

  it.each([
    [[1, 2, 3, 4]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]],
    [[0x80000000, 0, 0, 0]],
    [[0, 0, 0, 1]],
    [[0x9e3779b9, 0x243f6a88, 0xb7e15162, 0xdeadbeef]],
    [[0x7fffffff, 0x80000001, 0x00000001, 0xfffffffe]],
  ])('matches the BigInt reference for 10,000 outputs from state %j', (words) => {
    const stream = new Stream(words[0]!, words[1]!, words[2]!, words[3]!);
    const reference = new ReferenceXoshiro(words);
    for (let i = 0; i < 10_000; i++) {
      const got = stream.nextUint32();
      const want = reference.next();
      if (got !== want) expect.fail(`output ${i}: ${got} !== ${want}`);
    }
  });

  it('matches the BigInt reference from arbitrary states', () => {
    const word = fc.nat({ max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.tuple(word, word, word, word).filter((words) => words.some((word) => word !== 0)),
        (words) => {
          const stream = new Stream(words[0], words[1], words[2], words[3]);
          const reference = new ReferenceXoshiro(words);
          for (let i = 0; i < 100; i++) expect(stream.nextUint32()).toBe(reference.next());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('noreg: streamFor(1, 0) and streamFor(42, 7) start with frozen outputs', () => {
    expect(take(streamFor(1, 0), 8)).toEqual([
      3314038723, 1195724289, 3751949849, 613079718, 2774112346, 3035708787, 856877456, 2674383518,
    ]);
    expect(take(streamFor(42, 7), 8)).toEqual([
      2214684329, 1569994648, 547527247, 2319512825, 1902504065, 1705073508, 1376206656, 3237595636,
    ]);
  });

  it('gives the same sequence for the same (seed, replicate), and replicate defaults to 0', () => {
    expect(take(streamFor(123, 4), 100)).toEqual(take(streamFor(123, 4), 100));
    expect(take(streamFor(123), 100)).toEqual(take(streamFor(123, 0), 100));
  });

  it('gives different sequences for different (seed, replicate) pairs', () => {
    const pairs: [number, number][] = [];
    for (const seed of [0, 1, 2, 42, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER]) {
      for (const replicate of [0, 1, 2, 7, 1000, Number.MAX_SAFE_INTEGER]) pairs.push([seed, replicate]);
    }
    const starts = new Set(pairs.map(([seed, replicate]) => take(streamFor(seed, replicate), 4).join(',')));
    expect(starts.size).toBe(pairs.length);
  });

  it('round-trips save and restore, and save returns a copy', () => {
    const stream = streamFor(9, 3);
    take(stream, 17);
    const state = stream.save();
    expect(state).toBeInstanceOf(Uint32Array);
    expect(state).toHaveLength(4);
    const ahead = take(stream, 100);
    stream.restore(state);
    expect(take(stream, 100)).toEqual(ahead);

    const copy = stream.save();
    const twin = stream.save();
    copy.fill(7);
    expect(stream.save()).toEqual(twin);

    const other = streamFor(0);
    other.restore(state);
    stream.restore(state);
    expect(take(other, 50)).toEqual(take(stream, 50));
  });

  it('rejects bad seeds, replicates and states', () => {
    for (const seed of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => streamFor(seed)).toThrow(RangeError);
    }
    for (const replicate of [-1, 0.5, Number.NaN, 2 ** 53]) {
      expect(() => streamFor(1, replicate)).toThrow(RangeError);
    }
    expect(() => new Stream(0, 0, 0, 0)).toThrow(RangeError);
    const stream = streamFor(1);
    expect(() => stream.restore(new Uint32Array(4))).toThrow(RangeError);
    expect(() => stream.restore(Uint32Array.of(1, 2, 3))).toThrow(RangeError);
    expect(() => stream.restore(Uint32Array.of(1, 2, 3, 4, 5))).toThrow(RangeError);
  });

  it('keeps next() and nextDouble() in [0, 1)', () => {
    const stream = streamFor(5, 5);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const a = stream.next();
      const b = stream.nextDouble();
      min = Math.min(min, a, b);
      max = Math.max(max, a, b);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(max).toBeGreaterThan(0.9999);

    const top = streamFor(1);
    top.nextUint32 = () => 0xffffffff;
    expect(top.next()).toBe(1 - 2 ** -32);
    expect(top.nextDouble()).toBe(1 - 2 ** -53);
    const bottom = streamFor(1);
    bottom.nextUint32 = () => 0;
    expect(bottom.next()).toBe(0);
    expect(bottom.nextDouble()).toBe(0);
  });

  it('gives nextDouble() 53 bits of resolution', () => {
    const stream = streamFor(77);
    let odd = 0;
    for (let i = 0; i < 1000; i++) {
      const scaled = stream.nextDouble() * 2 ** 53;
      expect(Number.isInteger(scaled)).toBe(true);
      if (scaled % 2 === 1) odd++;
    }
    expect(odd).toBeGreaterThan(400);
    expect(odd).toBeLessThan(600);
  });

  it('passes a 64-bin chi-square uniformity test (high bits, low bits, nextDouble)', () => {
    const stream = streamFor(2024, 1);
    const count = 640_000;
    expect(chiSquareUniform64(() => Math.floor(stream.next() * 64), count)).toBeLessThan(CHI_SQUARE_63_999);
    expect(chiSquareUniform64(() => stream.nextUint32() & 63, count)).toBeLessThan(CHI_SQUARE_63_999);
    expect(chiSquareUniform64(() => Math.floor(stream.nextDouble() * 64), count)).toBeLessThan(
      CHI_SQUARE_63_999,
    );
  });
});
