/**
 * Typed arrays laid one after another in one buffer (a WebAssembly memory, so that a compiled
 * kernel and JavaScript work on the same arrays), or, without a buffer, each on its own.
 * Every array starts at a multiple of 8 bytes.
 */
export class Arena {
  private at: number;

  /** Arrays in `buffer` from byte `start` on; none given: plain arrays. */
  constructor(
    private readonly buffer?: ArrayBuffer,
    start = 0,
  ) {
    this.at = start;
  }

  /** The bytes an array of `bytes` takes in an arena's buffer. */
  static size(bytes: number): number {
    return Math.ceil(bytes / 8) * 8;
  }

  f64(length: number): Float64Array {
    return this.buffer === undefined
      ? new Float64Array(length)
      : new Float64Array(this.buffer, this.take(8 * length), length);
  }

  i32(length: number): Int32Array {
    return this.buffer === undefined
      ? new Int32Array(length)
      : new Int32Array(this.buffer, this.take(4 * length), length);
  }

  u8(length: number): Uint8Array {
    return this.buffer === undefined
      ? new Uint8Array(length)
      : new Uint8Array(this.buffer, this.take(length), length);
  }

  private take(bytes: number): number {
    const start = this.at;
    this.at += Arena.size(bytes);
    if (this.buffer !== undefined && this.at > this.buffer.byteLength)
      throw new RangeError(`arena of ${this.buffer.byteLength} bytes is full`);
    return start;
  }
}
