import { zlibSync } from 'fflate';
import { crc32 } from '../core/crc32.js';

/**
 * PNG and animated PNG (APNG) files of 8-bit indexed images, written by hand from their chunks
 * (PNG specification, 3rd edition, which includes APNG): a map frame has at most 256 colours, so
 * one byte a pixel, compressed once with zlib (fflate), serves both the frame's own PNG and its
 * frame of the animation (an APNG frame's `fdAT` holds the same zlib stream as an `IDAT`).
 * Hand-written because the encoders on npm (upng-js, fast-png) would compress every frame of a
 * country map twice, once for its PNG and once for the animation, and upng-js quantises colours.
 */

/** One image's pixels, compressed: what `frameData` makes and the files are built from. */
export interface IndexedFrame {
  readonly width: number;
  readonly height: number;
  /** The zlib stream of the scanlines, each a filter byte (0, none) and one palette index a pixel. */
  readonly zlib: Uint8Array;
}

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

/** Compresses an image of palette indices (row-major, `width · height` bytes). */
export function frameData(width: number, height: number, pixels: Uint8Array): IndexedFrame {
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  // Level 4: most of the size for a fraction of the time of level 9, on maps of flat colour.
  return { width, height, zlib: zlibSync(raw, { level: 4 }) };
}

/** A PNG file of one frame, coloured by `palette` (`[r, g, b, r, g, b, …]`, at most 256 colours). */
export function indexedPng(frame: IndexedFrame, palette: Uint8Array): Uint8Array {
  return concat([
    SIGNATURE,
    chunk('IHDR', header(frame.width, frame.height)),
    chunk('PLTE', palette),
    chunk('IDAT', frame.zlib),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * An APNG file of `frames` (all of one size), each shown `delayMs` milliseconds, the last
 * `lastDelayMs`, looping forever. A viewer without APNG shows the first frame.
 */
export function animatedPng(
  frames: readonly IndexedFrame[],
  palette: Uint8Array,
  delayMs: number,
  lastDelayMs = delayMs,
): Uint8Array {
  const first = frames[0];
  if (first === undefined) throw new Error('an animation needs a frame');
  const parts: Uint8Array[] = [SIGNATURE, chunk('IHDR', header(first.width, first.height))];
  const control = new Uint8Array(8);
  const view = new DataView(control.buffer);
  view.setUint32(0, frames.length);
  view.setUint32(4, 0); // plays: 0, forever
  parts.push(chunk('acTL', control), chunk('PLTE', palette));
  let sequence = 0;
  frames.forEach((frame, f) => {
    if (frame.width !== first.width || frame.height !== first.height)
      throw new Error('the frames of an animation are all of one size');
    const fc = new Uint8Array(26);
    const v = new DataView(fc.buffer);
    v.setUint32(0, sequence++);
    v.setUint32(4, frame.width);
    v.setUint32(8, frame.height);
    // x and y offsets 0; delay as a fraction of a second: milliseconds over 1000.
    v.setUint16(20, f === frames.length - 1 ? lastDelayMs : delayMs);
    v.setUint16(22, 1000);
    // dispose 0 (none) and blend 0 (source): each frame replaces the whole image.
    parts.push(chunk('fcTL', fc));
    if (f === 0) parts.push(chunk('IDAT', frame.zlib));
    else {
      const data = new Uint8Array(4 + frame.zlib.length);
      new DataView(data.buffer).setUint32(0, sequence++);
      data.set(frame.zlib, 4);
      parts.push(chunk('fdAT', data));
    }
  });
  parts.push(chunk('IEND', new Uint8Array(0)));
  return concat(parts);
}

/** IHDR: size, bit depth 8, colour type 3 (indexed), deflate, filter method 0, no interlace. */
function header(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data[8] = 8;
  data[9] = 3;
  return data;
}

/** A chunk: length, type, data and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
