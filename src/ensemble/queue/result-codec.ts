import type { ChunkResult } from '../chunk-job.js';

/**
 * A `ChunkResult` as JSON text, to travel through Redis, and back. A thread hands its result over
 * by structured clone; this keeps everything that clone keeps and JSON does not, so a chunk run
 * on another machine gives the very same outputs: Float64Array and Uint8Array (as base64 of their
 * bytes), NaN, ±Infinity and −0, members whose value is undefined, and Maps (a sweep's row keeps
 * its story in one, in order: entries as a list). Each of those becomes an
 * object with one `$` key; a plain object that happens to have a `$` key is wrapped too, so
 * nothing is taken for what it is not.
 */
export function encodeChunkResult(result: ChunkResult): string {
  return JSON.stringify(encode(result, 0));
}

/** The `ChunkResult` of `encodeChunkResult`'s text. Throws on text it did not make. */
export function decodeChunkResult(text: string): ChunkResult {
  const value = decode(JSON.parse(text), 0);
  if (
    !isRecord(value) ||
    !(value.packed instanceof Float64Array) ||
    !Array.isArray(value.extras) ||
    !(value.rows === undefined || Array.isArray(value.rows))
  )
    throw new Error('not the result of a chunk');
  return value as unknown as ChunkResult;
}

/** How deep results nest at most (stories are a few levels deep); deeper is refused, not followed. */
const MAX_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function encode(value: unknown, depth: number): Json {
  if (depth > MAX_DEPTH) throw new Error('a chunk result nests too deep to send');
  if (value === undefined) return { $: 'undefined' };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $: 'NaN' };
    if (value === Infinity) return { $: 'Infinity' };
    if (value === -Infinity) return { $: '-Infinity' };
    if (Object.is(value, -0)) return { $: '-0' };
    return value;
  }
  if (value instanceof Float64Array) return { $: 'f64', data: base64(value) };
  if (value instanceof Uint8Array) return { $: 'u8', data: base64(value) };
  if (Array.isArray(value)) return value.map((item) => encode(item, depth + 1));
  if (value instanceof Map) return { $: 'map', entries: [...value].map((entry) => encode(entry, depth + 1)) };
  if (isRecord(value)) {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) out[key] = encode(item, depth + 1);
    return '$' in value ? { $: 'object', value: out } : out;
  }
  throw new Error(
    `a chunk result holds a ${typeof value} (${Object.prototype.toString.call(value)}), which cannot be sent`,
  );
}

function decode(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Error('a chunk result nests too deep');
  if (Array.isArray(value)) return value.map((item) => decode(item, depth + 1));
  if (!isRecord(value)) return value;
  if (!('$' in value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = decode(item, depth + 1);
    return out;
  }
  switch (value.$) {
    case 'undefined':
      return undefined;
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case '-0':
      return -0;
    case 'f64': {
      const bytes = fromBase64(value.data);
      if (bytes.byteLength % 8 !== 0) throw new Error('a Float64Array of a chunk result is cut short');
      return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    }
    case 'u8':
      return fromBase64(value.data);
    case 'map': {
      if (!Array.isArray(value.entries)) throw new Error('a Map of a chunk result has no entries');
      const entries = value.entries.map((entry) => decode(entry, depth + 1));
      if (!entries.every((entry) => Array.isArray(entry) && entry.length === 2))
        throw new Error('an entry of a Map of a chunk result is not a [key, value] pair');
      return new Map(entries as [unknown, unknown][]);
    }
    case 'object': {
      if (!isRecord(value.value)) throw new Error('a wrapped object of a chunk result is not an object');
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value.value)) out[key] = decode(item, depth + 1);
      return out;
    }
    default:
      throw new Error(`unknown tag ${JSON.stringify(value.$)} in a chunk result`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

/** The bytes of base64 text, copied into a buffer of their own (aligned for a Float64Array). */
function fromBase64(data: unknown): Uint8Array {
  if (typeof data !== 'string') throw new Error('binary data of a chunk result is not base64 text');
  const decoded = Buffer.from(data, 'base64');
  const bytes = new Uint8Array(decoded.byteLength);
  bytes.set(decoded);
  return bytes;
}
