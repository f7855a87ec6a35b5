import { Gunzip } from 'fflate';
import { crc32 } from '../../core/crc32.js';
import { RasterProblem } from './raster.js';

/**
 * The largest raster text we read, unpacked: a JavaScript string holds at most about 2^29
 * characters, and a grid that large would not fit the engine anyway (see `lattice-memory.ts`).
 */
export const MAX_RASTER_TEXT_BYTES = 512 * 1024 * 1024;

/**
 * The text of a raster file's bytes: unpacked first if they are gzip (by their magic number, not
 * the name), then decoded as UTF-8. A file too large, a broken gzip stream, a binary file and
 * invalid UTF-8 are `RasterProblem`s. gzip through fflate (pure JavaScript), so that this runs in
 * a browser too.
 */
export function rasterText(bytes: Uint8Array): string {
  const data = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipChecked(bytes) : bytes;
  if (data.length > MAX_RASTER_TEXT_BYTES) throw tooLarge(data.length);
  if (data.includes(0))
    throw new RasterProblem('this is a binary file, not a text raster (JSON, CSV or .asc)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new RasterProblem('this file is not valid UTF-8 text');
  }
}

/** Bytes of gzip input unpacked at a time, so that a bomb is stopped at the size limit. */
const GZIP_CHUNK = 1 << 16;

/**
 * Unpacks gzip with every member (pigz and bgzip write several, one after another), stopping at
 * `MAX_RASTER_TEXT_BYTES` of output whatever the header claims, and checks each member's CRC-32
 * and length against its trailer: a damaged file is refused, never read as other numbers.
 */
function gunzipChecked(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 18) throw new RasterProblem('the gzip stream is cut short');
  // The last member's trailer gives its unpacked size (mod 2^32): an honest bomb is refused at once.
  const n = bytes.length;
  const claimed =
    (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
  if (claimed > MAX_RASTER_TEXT_BYTES)
    throw new RasterProblem(
      `the gzip file says it unpacks to ${(claimed / 1048576).toFixed(0)} MB of text (or its end is damaged); at most ${MAX_RASTER_TEXT_BYTES / 1048576} MB is read`,
    );
  const parts: Uint8Array[] = [];
  let size = 0;
  // Where each member starts, in the input and in the output.
  const starts: { input: number; output: number }[] = [];
  const gunzip = new Gunzip((chunk) => {
    size += chunk.length;
    if (size > MAX_RASTER_TEXT_BYTES)
      throw new RasterProblem(
        `the raster unpacks to more than ${MAX_RASTER_TEXT_BYTES / 1048576} MB of text, the most that is read (cut the map, or use coarser cells)`,
      );
    parts.push(chunk);
  });
  gunzip.onmember = (offset) => {
    if (starts.length === 0 || offset > 0) starts.push({ input: offset, output: size });
  };
  try {
    for (let at = 0; at < bytes.length; at += GZIP_CHUNK)
      gunzip.push(bytes.subarray(at, at + GZIP_CHUNK), at + GZIP_CHUNK >= bytes.length);
  } catch (error) {
    if (error instanceof RasterProblem) throw error;
    throw new RasterProblem(`the gzip stream is broken (${(error as Error).message})`);
  }
  if (starts[0]?.input !== 0) starts.unshift({ input: 0, output: 0 });
  const data = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  starts.forEach((start, m) => {
    const end = starts[m + 1] ?? { input: bytes.length, output: size };
    if (end.input - start.input < 18) throw new RasterProblem('the gzip stream is cut short');
    const crc = view.getUint32(end.input - 8, true);
    const length = view.getUint32(end.input - 4, true);
    const member = data.subarray(start.output, end.output);
    if (crc32(member) !== crc || length !== member.length % 2 ** 32)
      throw new RasterProblem(
        `the gzip stream is damaged: member ${m + 1}'s check sum or length does not match what it unpacks to`,
      );
  });
  return data;
}

function tooLarge(bytes: number): RasterProblem {
  return new RasterProblem(
    `the raster's text is ${(bytes / 1048576).toFixed(0)} MB; at most ${MAX_RASTER_TEXT_BYTES / 1048576} MB of text is read (cut the map, or use coarser cells)`,
  );
}

/** The line and column (from 1) of a character of `text`, counted only when a problem is reported. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** A `RasterProblem` at a character of `text`. */
export function problemAt(text: string, offset: number, message: string): RasterProblem {
  const { line, col } = positionOf(text, offset);
  return new RasterProblem(message, line, col);
}

/**
 * The most people a cell, and a whole raster, may hold: 2^53 − 1, the largest count a double holds
 * exactly, which the lattice engine counts up to (`MAX_COUNT` of the stochastic engines).
 */
export const MAX_PEOPLE = Number.MAX_SAFE_INTEGER;

/** `MAX_PEOPLE` as messages give it. */
export const MAX_PEOPLE_TEXT = '2^53 − 1 = 9,007,199,254,740,991';

/**
 * Why a cell's value cannot be people, or undefined if it can: a value must be a finite number
 * from 0 to `MAX_PEOPLE` (fractions are allowed: they are rounded, keeping the total). `text` is
 * the value as written.
 */
function badValue(value: number, text: string): string | undefined {
  if (Number.isNaN(value)) return `'${clip(text)}' is not a number of people`;
  if (!Number.isFinite(value)) return `'${clip(text)}' is not a finite number of people`;
  if (value < 0) return `${clip(text)} people: a cell cannot hold a negative number`;
  if (value > MAX_PEOPLE)
    return `${clip(text)} people: counts must be whole numbers up to ${MAX_PEOPLE_TEXT}, the most the lattice engine counts exactly`;
  return undefined;
}

/** `badValue` for cell (x, y), with the cell named: a message, or undefined for a good value. */
export function badCell(x: number, y: number, value: number, text: string): string | undefined {
  const problem = badValue(value, text);
  return problem === undefined ? undefined : `cell (${x}, ${y}): ${problem}`;
}

/**
 * The message for a raster whose people, added up to cell (x, y), come to `total`, more than
 * `MAX_PEOPLE`: each reader keeps the running total of the values it has read, so that the cell
 * that takes it past the bound is reported where it stands.
 */
export function tooManyPeople(x: number, y: number, total: number): string {
  return `cell (${x}, ${y}): the raster's people come to ${total.toLocaleString('en-US')} with this cell, more than ${MAX_PEOPLE_TEXT}, the most the lattice engine counts exactly`;
}

/** A piece of input short enough to quote in a message. */
export function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/**
 * A decimal number as written in a text raster (no hex, no empty text, no `1_000`); `inf` and
 * `infinity` with a sign as infinities, so that they are reported as such; NaN for anything else.
 */
export function decimal(text: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return Number.NaN;
}
