import { unzlibSync } from 'fflate';
import type { GridValues } from './grid-values.js';
import { RasterProblem } from './raster.js';
import { badCell, clip, MAX_PEOPLE, tooManyPeople } from './raster-text.js';

/** A GeoTIFF as read: its values (north row first), closed nodata cells, and where it lies if it says. */
export interface TiffGrid extends GridValues {
  /** 0 for a nodata cell, 1 for the others. */
  readonly open: Uint8Array;
  /** The west and north edges and the cell size, in the file's units, if the file gives them. */
  readonly place?: {
    readonly west: number;
    readonly north: number;
    readonly cellX: number;
    readonly cellY: number;
  };
}

/** TIFF tags read (TIFF 6.0, the GeoTIFF 1.0 model tags, and GDAL's nodata tag). */
const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  predictor: 317,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  sampleFormat: 339,
  pixelScale: 33550,
  tiepoint: 33922,
  geoKeys: 34735,
  gdalNodata: 42113,
} as const;

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
/** Compression codes read: none, LZW, Deflate (Adobe's and the old code), PackBits. */
const COMPRESSIONS: Record<number, string> = {
  1: 'none',
  5: 'LZW',
  8: 'Deflate',
  32946: 'Deflate',
  32773: 'PackBits',
};
/** The most cells a GeoTIFF may have, whatever `admit` allows (32-bit cell numbers, as for a CSV). */
const MAX_TIFF_CELLS = 2 ** 31 - 1;
/** GeoKey GTRasterTypeGeoKey, and its value for a grid whose tie point is a cell's centre. */
const RASTER_TYPE_KEY = 1025;
const PIXEL_IS_POINT = 2;

/**
 * Reads a GeoTIFF (`.tif`, `.tiff`), as WorldPop, GPW and GDAL write them: the first image of a
 * classic (not Big) TIFF, one band (one sample per pixel) of unsigned or signed 8-, 16- or 32-bit
 * integers or 32- or 64-bit floats, in strips or tiles, uncompressed or compressed with LZW,
 * Deflate or PackBits, with or without a horizontal or floating-point predictor. GDAL's nodata
 * tag marks nodata cells: they hold 0 people and are closed (sea, outside the country), as an
 * ESRI ASCII grid's NODATA. The model tie point and pixel scale, if given, say where it lies.
 *
 * Synchronous, in plain JavaScript (Deflate through fflate), because a scenario compiles
 * synchronously, in the browser too; the geotiff package (whose reader is asynchronous) checks it
 * in the tests. The synchronous `tiff` package (7.1) was tried in its place and set aside: it
 * refuses 32-bit integers (LandScan's format), undoes a horizontal predictor across whole rows of a
 * tiled image (wrong values), reads signed samples as unsigned, and decodes LZW 4–11 times slower.
 * `admit` is asked about the grid's size as soon as the header gives it, so that a
 * grid too large is refused before any value is decoded.
 */
export function readTiff(
  bytes: Uint8Array,
  admit: (width: number, height: number) => void = () => {},
): TiffGrid {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)
    throw new RasterProblem(
      'this TIFF is gzipped: unpack it (a GeoTIFF compresses inside, with Deflate or LZW)',
    );
  const order = bytes.length >= 8 ? view.getUint16(0) : 0;
  if (order !== 0x4949 && order !== 0x4d4d)
    throw new RasterProblem('this is not a TIFF file: it does not start with II or MM');
  const little = order === 0x4949;
  const magic = view.getUint16(2, little);
  if (magic === 43)
    throw new RasterProblem('BigTIFF is not read: write a classic TIFF (gdal_translate -co BIGTIFF=NO)');
  if (magic !== 42) throw new RasterProblem(`this is not a TIFF file: its magic number is ${magic}, not 42`);
  const tags = readDirectory(bytes, view, little, view.getUint32(4, little));

  const one = (tag: number, name: string, fallback?: number): number => {
    const v = tags.get(tag);
    if (v === undefined || typeof v === 'string' || v.length === 0) {
      if (fallback !== undefined) return fallback;
      throw new RasterProblem(`the TIFF has no ${name} tag`);
    }
    return v[0]!;
  };
  const list = (tag: number): number[] | undefined => {
    const v = tags.get(tag);
    return v === undefined || typeof v === 'string' ? undefined : v;
  };
  const width = one(TAG.width, 'ImageWidth');
  const height = one(TAG.height, 'ImageLength');
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1))
    throw new RasterProblem(`the TIFF is ${width} × ${height} pixels: not a grid of whole cells`);
  admit(width, height);
  if (width * height > MAX_TIFF_CELLS)
    throw new RasterProblem(
      `a grid of ${width} × ${height} cells is more than the ${MAX_TIFF_CELLS} cells a raster may have`,
    );
  const samples = one(TAG.samplesPerPixel, 'SamplesPerPixel', 1);
  if (samples !== 1)
    throw new RasterProblem(
      `the TIFF has ${samples} bands (samples per pixel); a population raster has one: extract it (gdal_translate -b 1)`,
    );
  const bits = one(TAG.bitsPerSample, 'BitsPerSample', 1);
  const format = one(TAG.sampleFormat, 'SampleFormat', 1);
  const kind = sampleKind(format, bits);
  const compression = one(TAG.compression, 'Compression', 1);
  if (COMPRESSIONS[compression] === undefined)
    throw new RasterProblem(
      `the TIFF's compression (code ${compression}) is not read: write it uncompressed or with LZW or Deflate (gdal_translate -co COMPRESS=DEFLATE)`,
    );
  const predictor = one(TAG.predictor, 'Predictor', 1);
  if (!(predictor === 1 || (predictor === 2 && kind.integer) || (predictor === 3 && !kind.integer)))
    throw new RasterProblem(`the TIFF's predictor ${predictor} does not go with its ${kind.name} values`);

  const tiled = tags.has(TAG.tileOffsets);
  const chunkWidth = tiled ? one(TAG.tileWidth, 'TileWidth') : width;
  const chunkHeight = tiled
    ? one(TAG.tileLength, 'TileLength')
    : Math.min(height, one(TAG.rowsPerStrip, 'RowsPerStrip', height));
  if (!(Number.isInteger(chunkWidth) && Number.isInteger(chunkHeight) && chunkWidth >= 1 && chunkHeight >= 1))
    throw new RasterProblem(
      `the TIFF's ${tiled ? 'tiles' : 'strips'} are ${chunkWidth} × ${chunkHeight} pixels`,
    );
  // A tile far larger than the image would make us allocate for nothing.
  if (chunkWidth > width + 1024 || chunkHeight > height + 1024)
    throw new RasterProblem(
      `the TIFF's tiles of ${chunkWidth} × ${chunkHeight} pixels are larger than its image`,
    );
  const across = Math.ceil(width / chunkWidth);
  const down = Math.ceil(height / chunkHeight);
  const offsets = list(tiled ? TAG.tileOffsets : TAG.stripOffsets);
  const counts = list(tiled ? TAG.tileByteCounts : TAG.stripByteCounts);
  const what = tiled ? 'tile' : 'strip';
  if (offsets === undefined || counts === undefined)
    throw new RasterProblem(`the TIFF has no ${what} offsets or byte counts`);
  if (offsets.length < across * down || counts.length < across * down)
    throw new RasterProblem(
      `the TIFF lists ${Math.min(offsets.length, counts.length)} ${what}s, but a ${width} × ${height} image needs ${across * down}`,
    );

  const nodata = nodataOf(tags.get(TAG.gdalNodata));
  const place = placeOf(list(TAG.tiepoint), list(TAG.pixelScale), list(TAG.geoKeys));

  const values = new Float64Array(width * height);
  const open = new Uint8Array(width * height).fill(1);
  const size = kind.bytes;
  const read = kind.read;
  // The floating-point predictor leaves its values in the machine-independent big-endian order.
  const valueOrder = predictor === 3 ? false : little;
  // A 32-bit float file's nodata is written in decimal: compare it rounded to a 32-bit float too.
  const nodataAsRead = nodata !== undefined && kind.single ? Math.fround(nodata) : nodata;
  const nodataIsNaN = nodata !== undefined && Number.isNaN(nodata);
  let total = 0;
  for (let c = 0; c < across * down; c++) {
    const cx = (c % across) * chunkWidth;
    const cy = Math.floor(c / across) * chunkHeight;
    // Tiles are always whole; the last strip holds only the rows left.
    const rows = tiled ? chunkHeight : Math.min(chunkHeight, height - cy);
    const need = chunkWidth * rows * size;
    const start = offsets[c]!;
    const end = start + counts[c]!;
    if (!Number.isInteger(start) || !Number.isInteger(end) || end > bytes.length)
      throw new RasterProblem(`${what} ${c} lies past the end of the file: the file is cut short`);
    const data = decompress(bytes.subarray(start, end), compression, need, `${what} ${c}`);
    if (predictor !== 1) unpredict(data, predictor, chunkWidth, rows, size, little);
    const chunk = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let y = 0; y < rows && cy + y < height; y++) {
      for (let x = 0; x < chunkWidth && cx + x < width; x++) {
        const value = read(chunk, (y * chunkWidth + x) * size, valueOrder);
        const k = (cy + y) * width + cx + x;
        if (value === nodata || value === nodataAsRead || (nodataIsNaN && Number.isNaN(value))) {
          open[k] = 0;
          continue;
        }
        // The message's text only for a bad value: String() of every value costs more than the read.
        if (!(value >= 0 && value <= MAX_PEOPLE))
          throw new RasterProblem(badCell(cx + x, cy + y, value, String(value))!);
        total += value;
        if (total > MAX_PEOPLE) throw new RasterProblem(tooManyPeople(cx + x, cy + y, total));
        values[k] = value;
      }
    }
  }
  return { width, height, values, open, ...(place === undefined ? {} : { place }) };
}

/** GDAL's nodata value (its text: a number, or nan), or undefined if the file has none. */
function nodataOf(tag: number[] | string | undefined): number | undefined {
  if (typeof tag !== 'string' || tag.trim() === '') return undefined;
  const text = tag.trim();
  if (/^[-+]?nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new RasterProblem(`the TIFF's nodata value '${clip(text)}' is not a number`);
  return value;
}

/** What a sample is, and how to read one. */
interface SampleKind {
  readonly name: string;
  readonly bytes: number;
  readonly integer: boolean;
  /** 32-bit floats: a nodata value is compared after rounding it to one. */
  readonly single: boolean;
  read(view: DataView, at: number, little: boolean): number;
}

function sampleKind(format: number, bits: number): SampleKind {
  const kind = (name: string, bytes: number, read: SampleKind['read'], integer = true): SampleKind => ({
    name,
    bytes,
    integer,
    single: name === '32-bit float',
    read,
  });
  if (format === 1 && bits === 8) return kind('8-bit unsigned', 1, (v, i) => v.getUint8(i));
  if (format === 1 && bits === 16) return kind('16-bit unsigned', 2, (v, i, l) => v.getUint16(i, l));
  if (format === 1 && bits === 32) return kind('32-bit unsigned', 4, (v, i, l) => v.getUint32(i, l));
  if (format === 2 && bits === 8) return kind('8-bit signed', 1, (v, i) => v.getInt8(i));
  if (format === 2 && bits === 16) return kind('16-bit signed', 2, (v, i, l) => v.getInt16(i, l));
  if (format === 2 && bits === 32) return kind('32-bit signed', 4, (v, i, l) => v.getInt32(i, l));
  if (format === 3 && bits === 32) return kind('32-bit float', 4, (v, i, l) => v.getFloat32(i, l), false);
  if (format === 3 && bits === 64) return kind('64-bit float', 8, (v, i, l) => v.getFloat64(i, l), false);
  const formats: Record<number, string> = { 1: 'unsigned', 2: 'signed', 3: 'float' };
  throw new RasterProblem(
    `the TIFF's values are ${bits}-bit ${formats[format] ?? `format ${format}`}: a population raster is read as 8-, 16- or 32-bit integers or 32- or 64-bit floats`,
  );
}

/** The tags of the first image file directory: numbers, or text for ASCII tags. */
function readDirectory(
  bytes: Uint8Array,
  view: DataView,
  little: boolean,
  at: number,
): Map<number, number[] | string> {
  if (at < 8 || at + 2 > bytes.length)
    throw new RasterProblem('the TIFF is cut short: its first directory lies past the end');
  const entries = view.getUint16(at, little);
  if (at + 2 + entries * 12 > bytes.length)
    throw new RasterProblem('the TIFF is cut short: its directory does not fit');
  const tags = new Map<number, number[] | string>();
  for (let e = 0; e < entries; e++) {
    const p = at + 2 + e * 12;
    const tag = view.getUint16(p, little);
    const type = view.getUint16(p + 2, little);
    const count = view.getUint32(p + 4, little);
    const size = TYPE_SIZE[type];
    if (size === undefined) continue; // a type we do not know (such as BigTIFF's LONG8) on a tag we do not read
    const total = size * count;
    const start = total <= 4 ? p + 8 : view.getUint32(p + 8, little);
    if (start + total > bytes.length)
      throw new RasterProblem(`the TIFF is cut short: tag ${tag}'s ${count} values lie past the end`);
    if (type === 2) {
      const text = new TextDecoder('latin1').decode(bytes.subarray(start, start + total));
      tags.set(tag, text.replace(/\0.*$/s, ''));
      continue;
    }
    const read = (i: number): number => {
      const q = start + i * size;
      switch (type) {
        case 1:
        case 7:
          return view.getUint8(q);
        case 6:
          return view.getInt8(q);
        case 3:
          return view.getUint16(q, little);
        case 8:
          return view.getInt16(q, little);
        case 4:
          return view.getUint32(q, little);
        case 9:
          return view.getInt32(q, little);
        case 5:
          return view.getUint32(q, little) / view.getUint32(q + 4, little);
        case 10:
          return view.getInt32(q, little) / view.getInt32(q + 4, little);
        case 11:
          return view.getFloat32(q, little);
        default:
          return view.getFloat64(q, little);
      }
    };
    tags.set(
      tag,
      Array.from({ length: count }, (_, i) => read(i)),
    );
  }
  return tags;
}

/**
 * Where the grid lies, from the model tie point (pixel I, J at X, Y) and pixel scale: the west
 * and north edges of the grid. A PixelIsPoint grid ties a cell's centre, so its edges lie half a
 * cell out. Undefined without both tags, or with a scale that is not positive.
 */
function placeOf(
  tiepoint: number[] | undefined,
  scale: number[] | undefined,
  keys: number[] | undefined,
): TiffGrid['place'] {
  if (tiepoint === undefined || scale === undefined || tiepoint.length < 6 || scale.length < 2)
    return undefined;
  const [i, j, , x, y] = tiepoint as [number, number, number, number, number];
  const [cellX, cellY] = scale as [number, number];
  if (!(cellX > 0 && cellY > 0 && Number.isFinite(x) && Number.isFinite(y))) return undefined;
  let point = false;
  for (let k = 4; keys !== undefined && k + 3 < keys.length; k += 4)
    if (keys[k] === RASTER_TYPE_KEY && keys[k + 1] === 0) point = keys[k + 3] === PIXEL_IS_POINT;
  const half = point ? 0.5 : 0;
  return { west: x - (i + half) * cellX, north: y + (j + half) * cellY, cellX, cellY };
}

/** A strip or tile's bytes, decompressed into exactly `need` bytes (fewer is an error). */
function decompress(data: Uint8Array, compression: number, need: number, what: string): Uint8Array {
  const out = new Uint8Array(need);
  let length: number;
  if (compression === 1) {
    out.set(data.subarray(0, need));
    length = Math.min(need, data.length);
  } else if (compression === 5) length = lzw(data, out);
  else if (compression === 32773) length = packBits(data, out);
  else {
    try {
      length = unzlibSync(data, { out }).length;
    } catch (error) {
      throw new RasterProblem(`${what}'s Deflate stream is broken (${(error as Error).message})`);
    }
  }
  if (length < need)
    throw new RasterProblem(
      `${what} holds ${length} bytes of values, but its pixels need ${need}: the file is cut short or broken`,
    );
  return out;
}

/**
 * TIFF's LZW (codes of 9 to 12 bits, most significant bit first, the code width growing one
 * code early, 256 clears the table and 257 ends), into `out`; returns the bytes written.
 */
function lzw(input: Uint8Array, out: Uint8Array): number {
  const prefix = new Int16Array(4096);
  const last = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    last[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let width = 9;
  let old = -1;
  let o = 0;
  const bits = input.length * 8;
  for (let bit = 0; bit + width <= bits && o < out.length; ) {
    const b = bit >> 3;
    // A code spans at most 3 bytes: read them as one 24-bit window.
    const window = (input[b]! << 16) | ((input[b + 1] ?? 0) << 8) | (input[b + 2] ?? 0);
    const code = (window >> (24 - (bit & 7) - width)) & ((1 << width) - 1);
    bit += width;
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      width = 9;
      old = -1;
      continue;
    }
    if (code > next || (code === next && (old === -1 || next === 4096)))
      throw new RasterProblem('an LZW stream is broken: a code not yet in its table');
    if (old !== -1 && next < 4096) {
      // The new entry is the previous string and the first byte of this one (of itself, if this code is the new entry).
      prefix[next] = old;
      first[next] = first[old]!;
      last[next] = code === next ? first[old]! : first[code]!;
      length[next] = length[old]! + 1;
      next++;
    }
    const n = length[code]!;
    for (let c = code, p = o + n - 1; c !== -1; c = prefix[c]!, p--) if (p < out.length) out[p] = last[c]!;
    o = Math.min(out.length, o + n);
    old = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return o;
}

/** PackBits (a run-length code), into `out`; returns the bytes written. */
function packBits(input: Uint8Array, out: Uint8Array): number {
  let o = 0;
  for (let i = 0; i < input.length && o < out.length; ) {
    const n = (input[i++]! << 24) >> 24;
    if (n >= 0) {
      const end = Math.min(i + n + 1, input.length);
      while (i < end && o < out.length) out[o++] = input[i++]!;
    } else if (n !== -128) {
      const value = input[i++] ?? 0;
      for (let r = 0; r < 1 - n && o < out.length; r++) out[o++] = value;
    }
  }
  return o;
}

/**
 * Undoes a predictor, row by row: 2 (horizontal differences of integers, in the file's byte
 * order) or 3 (floating point: each row's bytes split into planes, most significant first, and
 * differenced bytewise; the values come out big-endian).
 */
function unpredict(
  data: Uint8Array,
  predictor: number,
  width: number,
  rows: number,
  size: number,
  little: boolean,
): void {
  const rowBytes = width * size;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const plane = new Uint8Array(rowBytes);
  for (let y = 0; y < rows; y++) {
    const at = y * rowBytes;
    if (predictor === 2) {
      for (let x = 1; x < width; x++) {
        const p = at + x * size;
        const q = p - size;
        if (size === 1) data[p] = (data[p]! + data[q]!) & 0xff;
        else if (size === 2)
          view.setUint16(p, (view.getUint16(p, little) + view.getUint16(q, little)) & 0xffff, little);
        else view.setUint32(p, (view.getUint32(p, little) + view.getUint32(q, little)) >>> 0, little);
      }
      continue;
    }
    for (let i = 1; i < rowBytes; i++) data[at + i] = (data[at + i]! + data[at + i - 1]!) & 0xff;
    plane.set(data.subarray(at, at + rowBytes));
    for (let x = 0; x < width; x++)
      for (let b = 0; b < size; b++) data[at + x * size + b] = plane[b * width + x]!;
  }
}
