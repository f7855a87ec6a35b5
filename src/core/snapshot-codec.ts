/**
 * The byte format of engine snapshots. A snapshot starts with a header: the magic bytes
 * `UNDEADSS`, the format number, the undead version, the engine's name and the fingerprint of the
 * compiled scenario. `SnapshotReader` refuses bytes whose header differs from what the restoring
 * engine expects, with a message that says what differs. After the header an engine writes its
 * state as it likes, as a sequence of numbers, strings and typed arrays, read back in the same
 * order. The last four bytes are a checksum of all before them, so that a damaged snapshot is
 * refused rather than restored into a wrong state. All numbers are little-endian; no allocation
 * happens per value beyond the output buffer.
 */

import { VERSION } from './version.js';

const MAGIC = 'UNDEADSS';
/** Bumped when the header changes. */
const FORMAT = 1;

/** A snapshot that cannot be restored here: another version, scenario or engine, or damaged bytes. */
export class SnapshotMismatch extends Error {
  override readonly name = 'SnapshotMismatch';
}

/** What a snapshot is of: the restoring engine checks it against its own. */
export interface SnapshotIdentity {
  /** The engine that wrote it: ode, ssa, tau, agents, lattice. */
  readonly engine: string;
  /** `CompiledScenario.fingerprint`: the scenario, its overrides and the engine options. */
  readonly fingerprint: string;
}

/** The typed arrays a snapshot stores. */
export type TypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Writes a snapshot: the header, then an engine's values in order. */
export class SnapshotWriter {
  private bytes = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  private at = 0;

  constructor(identity: SnapshotIdentity) {
    for (let i = 0; i < MAGIC.length; i++) this.u8(MAGIC.charCodeAt(i));
    this.u32(FORMAT);
    this.string(VERSION);
    this.string(identity.engine);
    this.string(identity.fingerprint);
  }

  u8(value: number): this {
    this.room(1);
    this.view.setUint8(this.at, value);
    this.at += 1;
    return this;
  }

  u32(value: number): this {
    this.room(4);
    this.view.setUint32(this.at, value, true);
    this.at += 4;
    return this;
  }

  f64(value: number): this {
    this.room(8);
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  string(value: string): this {
    const encoded = encoder.encode(value);
    this.u32(encoded.length);
    this.room(encoded.length);
    this.bytes.set(encoded, this.at);
    this.at += encoded.length;
    return this;
  }

  /** A typed array of any element type, with its length; read back into an array of the same type and length. */
  array(values: TypedArray): this {
    this.u32(values.length);
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.room(raw.length);
    this.bytes.set(raw, this.at);
    this.at += raw.length;
    return this;
  }

  /** The finished snapshot (a copy, sized to fit), its checksum appended. */
  finish(): Uint8Array {
    this.u32(checksum(this.bytes, this.at));
    return this.bytes.slice(0, this.at);
  }

  private room(count: number): void {
    if (this.at + count <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** Reads a snapshot written by `SnapshotWriter`, after checking its header against `expected`. */
export class SnapshotReader {
  private readonly view: DataView;
  private at = 0;
  /** Where the values end and the checksum begins. */
  private readonly limit: number;

  constructor(
    private readonly bytes: Uint8Array,
    expected: SnapshotIdentity,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limit = Math.max(0, bytes.length - 4);
    let magic = '';
    for (let i = 0; i < MAGIC.length && i < bytes.length; i++) magic += String.fromCharCode(bytes[i]!);
    if (magic !== MAGIC) throw new SnapshotMismatch('this is not an undead snapshot');
    this.at = MAGIC.length;
    const format = this.u32();
    if (format !== FORMAT)
      throw new SnapshotMismatch(`snapshot format ${format} is not this version's (${FORMAT})`);
    const version = this.string();
    if (version !== VERSION)
      throw new SnapshotMismatch(`the snapshot was written by undead ${version}; this is undead ${VERSION}`);
    const engine = this.string();
    if (engine !== expected.engine)
      throw new SnapshotMismatch(
        `the snapshot is of the ${engine} engine, not the ${expected.engine} engine`,
      );
    const fingerprint = this.string();
    if (fingerprint !== expected.fingerprint)
      throw new SnapshotMismatch(
        'the snapshot is of another scenario (or the same one with other overrides or engine options)',
      );
    if (this.view.getUint32(this.limit, true) !== checksum(bytes, this.limit))
      throw new SnapshotMismatch('the snapshot is damaged (its checksum does not match its contents)');
  }

  u8(): number {
    this.need(1);
    const value = this.view.getUint8(this.at);
    this.at += 1;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  string(): string {
    const length = this.u32();
    this.need(length);
    let text: string;
    try {
      text = decoder.decode(this.bytes.subarray(this.at, this.at + length));
    } catch {
      throw new SnapshotMismatch('the snapshot is damaged (a name in it is not UTF-8)');
    }
    this.at += length;
    return text;
  }

  /** Fills `into` (whose length must match the stored one) with a stored typed array. */
  arrayInto<T extends TypedArray>(into: T): T {
    const length = this.u32();
    if (length !== into.length)
      throw new SnapshotMismatch(
        `the snapshot is damaged (an array of ${length} values where ${into.length} belong)`,
      );
    const size = into.byteLength;
    this.need(size);
    new Uint8Array(into.buffer, into.byteOffset, size).set(this.bytes.subarray(this.at, this.at + size));
    this.at += size;
    return into;
  }

  /** Reads a stored typed array into a new array of the given type. */
  array<T extends TypedArray>(make: (length: number) => T): T {
    this.need(4);
    const length = this.view.getUint32(this.at, true);
    // At least a byte an element must follow: a damaged length never allocates a huge array.
    this.need(4 + length);
    return this.arrayInto(make(length));
  }

  /** Throws unless every byte was read: a restore that reads less than was written is a bug. */
  end(): void {
    if (this.at !== this.limit)
      throw new SnapshotMismatch(`the snapshot is damaged (${this.limit - this.at} bytes left over)`);
  }

  private need(count: number): void {
    if (this.at + count > this.limit)
      throw new SnapshotMismatch('the snapshot is damaged (it ends too soon)');
  }
}

/** FNV-1a over the first `length` bytes: enough to tell a damaged snapshot from a sound one. */
function checksum(bytes: Uint8Array, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}
