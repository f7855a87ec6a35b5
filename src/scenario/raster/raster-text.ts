import { gunzipSync } from 'fflate';
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
  let data = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (bytes.length < 18) throw new RasterProblem('the gzip stream is cut short');
    // The last 4 bytes give the unpacked size (mod 2^32): refuse a bomb before unpacking it.
    const n = bytes.length;
    const size = (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
    if (size > MAX_RASTER_TEXT_BYTES) throw tooLarge(size);
    try {
      data = gunzipSync(bytes);
    } catch (error) {
      throw new RasterProblem(`the gzip stream is broken (${(error as Error).message})`);
    }
  }
  if (data.length > MAX_RASTER_TEXT_BYTES) throw tooLarge(data.length);
  if (data.includes(0))
    throw new RasterProblem('this is a binary file, not a text raster (JSON, CSV or .asc)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new RasterProblem('this file is not valid UTF-8 text');
  }
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
 * Why a cell's value cannot be people, or undefined if it can: a value must be a finite number
 * ≥ 0. `text` is the value as written.
 */
export function badValue(value: number, text: string): string | undefined {
  if (Number.isNaN(value)) return `'${clip(text)}' is not a number of people`;
  if (!Number.isFinite(value)) return `'${clip(text)}' is not a finite number of people`;
  if (value < 0) return `${clip(text)} people: a cell cannot hold a negative number`;
  return undefined;
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
