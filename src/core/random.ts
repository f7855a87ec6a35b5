/**
 * Seeded random streams: xoshiro128** (Blackman & Vigna) with 32-bit operations, which V8 runs
 * without boxing. Every source of randomness in undead is a `Stream` passed in explicitly.
 */

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;
const MASK_64 = (1n << 64n) - 1n;

/** A xoshiro128** generator. Its whole state is four 32-bit words, which `save` and `restore` copy. */
export class Stream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Builds a stream from four 32-bit state words; they must not all be zero. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /** The next 32 random bits, as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    this.s0 = s0 ^ s3;
    this.s1 = s1 ^ s2;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** A uniform number in [0, 1) with 32 bits of resolution: one draw, for hot loops. */
  next(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
  }

  /** A uniform number in [0, 1) with 53 bits of resolution: two draws. */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  /** A copy of the state, to `restore` later. */
  save(): Uint32Array {
    return Uint32Array.of(this.s0, this.s1, this.s2, this.s3);
  }

  /** Writes the state into `out` (four words), as `save` does, without allocating. */
  saveInto(out: Uint32Array): void {
    out[0] = this.s0;
    out[1] = this.s1;
    out[2] = this.s2;
    out[3] = this.s3;
  }

  /** Returns the stream to a state taken by `save`. */
  restore(state: Uint32Array): void {
    if (state.length !== 4 || (state[0]! | state[1]! | state[2]! | state[3]!) === 0) {
      throw new RangeError('a saved xoshiro128** state is four 32-bit words, not all zero');
    }
    this.s0 = state[0]! | 0;
    this.s1 = state[1]! | 0;
    this.s2 = state[2]! | 0;
    this.s3 = state[3]! | 0;
  }
}

/** One SplitMix64 step: advances `state` and returns the next 64-bit output (used only for seeding). */
function splitMix64(state: { value: bigint }): bigint {
  state.value = (state.value + 0x9e3779b97f4a7c15n) & MASK_64;
  let z = state.value;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

/**
 * The stream of replicate `replicate` under `seed`. It depends on (seed, replicate) alone, so a
 * replicate draws the same numbers whichever worker or machine runs it.
 */
export function streamFor(seed: number, replicate = 0): Stream {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a whole number ≥ 0, not ${seed}`);
  if (!Number.isSafeInteger(replicate) || replicate < 0) {
    throw new RangeError(`replicate must be a whole number ≥ 0, not ${replicate}`);
  }
  const seedState = { value: BigInt(seed) };
  const seedKey = splitMix64(seedState);
  const state = { value: seedKey ^ ((BigInt(replicate) * 0xd1b54a32d192ed03n) & MASK_64) };
  const a = splitMix64(state);
  const b = splitMix64(state);
  const words = [Number(a & 0xffffffffn), Number(a >> 32n), Number(b & 0xffffffffn), Number(b >> 32n)];
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1;
  return new Stream(words[0]!, words[1]!, words[2]!, words[3]!);
}
