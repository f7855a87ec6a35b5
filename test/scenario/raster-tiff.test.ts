import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { fromArrayBuffer, writeArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import type { CompiledLattice } from '../../src/scenario/compiled-lattice.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { nodeHost } from '../../src/scenario/raster/node-host.js';
import { RasterProblem } from '../../src/scenario/raster/raster.js';
import { readTiff } from '../../src/scenario/raster/raster-tiff.js';
import { recordingHost, replayHost } from '../../src/scenario/raster/recorded-host.js';
import { temporaryDir } from '../helpers.js';

/**
 * The GeoTIFF reader against the geotiff package: files written by geotiff's own writer, and
 * files in every layout the reader takes (strips and tiles, LZW, Deflate, PackBits, predictors,
 * both byte orders) written here and read back by geotiff too, so that the writer below is held
 * to the format by an independent decoder.
 */

/** The values geotiff reads from a TIFF's bytes (its first band). */
async function geotiffValues(bytes: Uint8Array): Promise<number[]> {
  const copy = bytes.slice().buffer;
  const image = await (await fromArrayBuffer(copy)).getImage();
  const [band] = (await image.readRasters()) as unknown as ArrayLike<number>[];
  return Array.from(band!);
}

/** The message a 2 × 2 GeoTIFF of 64-bit floats with these values is refused with, or 'read'. */
function refusalOf(values: number[]): string {
  try {
    readTiff(
      new Uint8Array(
        writeArrayBuffer(Float64Array.from(values), {
          width: 2,
          height: 2,
          SampleFormat: [3],
          BitsPerSample: [64],
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof RasterProblem)) throw error;
    return error.message;
  }
  return 'read';
}

describe('readTiff on files written by geotiff', () => {
  it('reads the values, the nodata cells and where the grid lies', async () => {
    const values = [1, 2.5, -9999, 4, 0, 6];
    const bytes = new Uint8Array(
      writeArrayBuffer(Float32Array.from(values), {
        width: 3,
        height: 2,
        GDAL_NODATA: '-9999',
        ModelPixelScale: [0.5, 0.25, 0],
        ModelTiepoint: [0, 0, 0, 126, 38, 0],
        SampleFormat: [3],
        BitsPerSample: [32],
      }),
    );
    expect(await geotiffValues(bytes)).toEqual(values);
    const tiff = readTiff(bytes);
    expect([tiff.width, tiff.height]).toEqual([3, 2]);
    expect([...tiff.values]).toEqual([1, 2.5, 0, 4, 0, 6]);
    expect([...tiff.open]).toEqual([1, 1, 0, 1, 1, 1]);
    // geotiff's writer puts its own tie point (-180, 90) in; its reader says where that puts the grid.
    const image = await (await fromArrayBuffer(bytes.slice().buffer)).getImage();
    const [west, north] = image.getOrigin();
    const [cellX, cellY] = image.getResolution();
    expect(tiff.place).toEqual({ west, north, cellX, cellY: -cellY! });
  });

  it('closes NaN cells when nodata is nan, and refuses a nodata that is not a number', () => {
    const file = (nodata: string) =>
      new Uint8Array(
        writeArrayBuffer(Float32Array.of(1, Number.NaN, 3, 4), {
          width: 2,
          height: 2,
          GDAL_NODATA: nodata,
          SampleFormat: [3],
          BitsPerSample: [32],
        }),
      );
    const tiff = readTiff(file('nan'));
    expect([...tiff.values]).toEqual([1, 0, 3, 4]);
    expect([...tiff.open]).toEqual([1, 0, 1, 1]);
    expect(() => readTiff(file('none'))).toThrow("the TIFF's nodata value 'none' is not a number");
  });

  it('refuses NaN, negative and infinite values, naming the cell', () => {
    expect(refusalOf([1, 2, Number.NaN, 4])).toBe("cell (0, 1): 'NaN' is not a number of people");
    expect(refusalOf([1, -3, 2, 4])).toBe('cell (1, 0): -3 people: a cell cannot hold a negative number');
    expect(refusalOf([1, 2, 3, Number.POSITIVE_INFINITY])).toBe(
      "cell (1, 1): 'Infinity' is not a finite number of people",
    );
  });

  it('refuses a cell, or a total, above 2^53 − 1 people, naming the cell', () => {
    expect(refusalOf([1, 1e17, 2, 4])).toBe(
      'cell (1, 0): 100000000000000000 people: counts must be whole numbers up to 2^53 − 1 = 9,007,199,254,740,991, the most the lattice engine counts exactly',
    );
    expect(refusalOf([0, 0, 5e15, 5e15])).toBe(
      "cell (1, 1): the raster's people come to 10,000,000,000,000,000 with this cell, more than 2^53 − 1 = 9,007,199,254,740,991, the most the lattice engine counts exactly",
    );
    expect(refusalOf([Number.MAX_SAFE_INTEGER, 0, 0, 0])).toBe('read');
  });
});

/** How a TIFF is laid out, for `writeTiff`. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly kind: 'u8' | 'u16' | 'i16' | 'u32' | 'f32' | 'f64';
  readonly compression: 1 | 5 | 8 | 32773;
  readonly predictor: 1 | 2 | 3;
  readonly little: boolean;
  /** Tiles of this size, else strips of `rows` rows. */
  readonly tile?: readonly [number, number] | undefined;
  readonly rows: number;
}

const KINDS = {
  u8: { bytes: 1, format: 1 },
  u16: { bytes: 2, format: 1 },
  i16: { bytes: 2, format: 2 },
  u32: { bytes: 4, format: 1 },
  f32: { bytes: 4, format: 3 },
  f64: { bytes: 8, format: 3 },
} as const;

/** A one-band TIFF of `values` (row-major) in `layout`, written from the TIFF 6.0 specification. */
function writeTiff(values: readonly number[], layout: Layout): Uint8Array {
  const { width, height, kind, compression, predictor, little, tile } = layout;
  const { bytes: size, format } = KINDS[kind];
  const [cw, ch] = tile ?? [width, layout.rows];
  const across = Math.ceil(width / cw);
  const down = Math.ceil(height / ch);
  const chunks: Uint8Array[] = [];
  for (let c = 0; c < across * down; c++) {
    const x0 = (c % across) * cw;
    const y0 = Math.floor(c / across) * ch;
    const rows = tile === undefined ? Math.min(ch, height - y0) : ch;
    const raw = new Uint8Array(cw * rows * size);
    const view = new DataView(raw.buffer);
    for (let y = 0; y < rows; y++) {
      const row = new Uint8Array(cw * size);
      const rv = new DataView(row.buffer);
      for (let x = 0; x < cw; x++) {
        const inside = x0 + x < width && y0 + y < height;
        const v = inside ? values[(y0 + y) * width + x0 + x]! : 0;
        // The floating-point predictor works on big-endian bytes.
        const le = predictor === 3 ? false : little;
        const p = x * size;
        if (kind === 'u8') rv.setUint8(p, v);
        else if (kind === 'u16') rv.setUint16(p, v, le);
        else if (kind === 'i16') rv.setInt16(p, v, le);
        else if (kind === 'u32') rv.setUint32(p, v, le);
        else if (kind === 'f32') rv.setFloat32(p, v, le);
        else rv.setFloat64(p, v, le);
      }
      if (predictor === 2)
        for (let x = cw - 1; x >= 1; x--) {
          const p = x * size;
          if (size === 1) row[p] = (row[p]! - row[p - 1]!) & 0xff;
          else if (size === 2)
            rv.setUint16(p, (rv.getUint16(p, little) - rv.getUint16(p - 2, little)) & 0xffff, little);
          else rv.setUint32(p, (rv.getUint32(p, little) - rv.getUint32(p - 4, little)) >>> 0, little);
        }
      if (predictor === 3) {
        const planes = new Uint8Array(cw * size);
        for (let x = 0; x < cw; x++) for (let b = 0; b < size; b++) planes[b * cw + x] = row[x * size + b]!;
        for (let i = planes.length - 1; i >= 1; i--) planes[i] = (planes[i]! - planes[i - 1]!) & 0xff;
        row.set(planes);
      }
      raw.set(row, y * cw * size);
    }
    void view;
    chunks.push(
      compression === 1
        ? raw
        : compression === 8
          ? zlibSync(raw)
          : compression === 5
            ? lzwEncode(raw)
            : packBitsEncode(raw),
    );
  }
  const entries: [number, number, number[] | string][] = [
    [256, 4, [width]],
    [257, 4, [height]],
    [258, 3, [size * 8]],
    [259, 3, [compression]],
    [262, 3, [1]],
    [277, 3, [1]],
    [284, 3, [1]],
    [317, 3, [predictor]],
    [339, 3, [format]],
    [42113, 2, '65535'],
  ];
  const offsets: number[] = [];
  let at = 8;
  for (const chunk of chunks) {
    offsets.push(at);
    at += chunk.length + (chunk.length & 1);
  }
  const counts = chunks.map((c) => c.length);
  if (tile === undefined) entries.push([273, 4, offsets], [278, 4, [ch]], [279, 4, counts]);
  else entries.push([322, 4, [cw]], [323, 4, [ch]], [324, 4, offsets], [325, 4, counts]);
  entries.sort((a, b) => a[0] - b[0]);
  const ifd = at;
  let extra = ifd + 2 + entries.length * 12 + 4;
  const total =
    extra +
    entries.reduce(
      (n, [, type, v]) => n + (typeof v === 'string' ? v.length + 2 : v.length * (type === 3 ? 2 : 4) + 2),
      0,
    );
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, little ? 0x4949 : 0x4d4d);
  dv.setUint16(2, 42, little);
  dv.setUint32(4, ifd, little);
  chunks.forEach((chunk, i) => {
    out.set(chunk, offsets[i]!);
  });
  dv.setUint16(ifd, entries.length, little);
  entries.forEach(([tag, type, v], e) => {
    const p = ifd + 2 + e * 12;
    const items = typeof v === 'string' ? [...v, '\0'].map((ch) => ch.charCodeAt(0)) : v;
    const unit = type === 3 ? 2 : type === 2 ? 1 : 4;
    dv.setUint16(p, tag, little);
    dv.setUint16(p + 2, type, little);
    dv.setUint32(p + 4, items.length, little);
    let q = items.length * unit <= 4 ? p + 8 : extra;
    if (q === extra) {
      dv.setUint32(p + 8, extra, little);
      extra += items.length * unit + ((items.length * unit) & 1);
    }
    for (const item of items) {
      if (unit === 1) dv.setUint8(q, item);
      else if (unit === 2) dv.setUint16(q, item, little);
      else dv.setUint32(q, item, little);
      q += unit;
    }
  });
  return out;
}

/** TIFF's LZW: codes of 9–12 bits, most significant bit first, widened one code early (libtiff's encoder). */
function lzwEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let held = 0;
  const emit = (code: number, width: number) => {
    acc = (acc << width) | code;
    held += width;
    while (held >= 8) {
      out.push((acc >> (held - 8)) & 0xff);
      held -= 8;
    }
    acc &= (1 << held) - 1;
  };
  let table = new Map<string, number>();
  let next = 258;
  let width = 9;
  const added = () => {
    next++;
    if (next >= 4094) {
      emit(256, width);
      table = new Map();
      next = 258;
      width = 9;
    } else if (next > (1 << width) - 1) width++;
  };
  emit(256, width);
  let w = -1;
  let key = '';
  for (const c of data) {
    if (w === -1) {
      w = c;
      key = String(c);
      continue;
    }
    const longer = `${key},${c}`;
    const known = table.get(longer);
    if (known !== undefined) {
      w = known;
      key = longer;
      continue;
    }
    emit(w, width);
    table.set(longer, next);
    added();
    w = c;
    key = String(c);
  }
  if (w !== -1) {
    emit(w, width);
    added();
  }
  emit(257, width);
  if (held > 0) out.push((acc << (8 - held)) & 0xff);
  return Uint8Array.from(out);
}

/** PackBits: literal runs of up to 128 bytes, and a repeat run wherever 3 or more bytes repeat. */
function packBitsEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 3) {
      out.push((1 - run) & 0xff, data[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(data[i + 1] === data[i] && data[i + 2] === data[i])) i++;
    if (i === start) i++;
    out.push(i - start - 1, ...data.subarray(start, i));
  }
  return Uint8Array.from(out);
}

const layoutArbitrary = fc
  .record({
    width: fc.integer({ min: 1, max: 9 }),
    height: fc.integer({ min: 1, max: 7 }),
    kind: fc.constantFrom('u8', 'u16', 'i16', 'u32', 'f32', 'f64'),
    compression: fc.constantFrom(1, 5, 8, 32773),
    predictor: fc.constantFrom(1, 2, 3),
    little: fc.boolean(),
    tiled: fc.boolean(),
    rows: fc.integer({ min: 1, max: 4 }),
  })
  .map(
    (l): Layout => ({
      ...l,
      kind: l.kind as Layout['kind'],
      compression: l.compression as Layout['compression'],
      // A predictor goes with its kind of values: 2 with integers, 3 with floats.
      predictor: (l.predictor === 1 ? 1 : l.kind.startsWith('f') ? 3 : 2) as Layout['predictor'],
      // Tiles are multiples of 16 pixels (TIFF 6.0).
      tile: l.tiled ? [16, 16] : undefined,
    }),
  );

describe('readTiff on every layout it takes', () => {
  it('reads what geotiff reads, in strips and tiles, compressed or not, with predictors, either byte order', async () => {
    const cases = fc.sample(
      layoutArbitrary.chain((layout) =>
        fc
          .array(
            layout.kind.startsWith('f')
              ? fc
                  .double({ min: 0, max: 1e6, noNaN: true })
                  .map((v) => (layout.kind === 'f32' ? Math.fround(v) : v))
              : fc.integer({ min: 0, max: layout.kind === 'u8' ? 255 : layout.kind === 'u32' ? 4e9 : 32767 }),
            { minLength: layout.width * layout.height, maxLength: layout.width * layout.height },
          )
          // Repeats, so that LZW and PackBits find runs.
          .map((values) => ({ layout, values: values.map((v, i) => (i % 3 === 2 ? values[i - 1]! : v)) })),
      ),
      { seed: 14, numRuns: 120 },
    );
    for (const { layout, values } of cases) {
      const bytes = writeTiff(values, layout);
      const label = JSON.stringify(layout);
      // geotiff undoes a predictor before it swaps the bytes of a big-endian file, where libtiff
      // swaps first (swabHorAcc16/32) and, for the floating-point predictor, takes the planes most
      // significant first whatever the order (fpAcc). The little-endian files check this writer.
      if (layout.little || layout.predictor === 1) expect(await geotiffValues(bytes), label).toEqual(values);
      // 65535 is the nodata value written: it closes the cell.
      const tiff = readTiff(bytes);
      expect([...tiff.values], label).toEqual(values.map((v) => (v === 65535 ? 0 : v)));
      expect([...tiff.open], label).toEqual(values.map((v) => (v === 65535 ? 0 : 1)));
    }
  });

  it('refuses broken, cut and hostile files with a RasterProblem, never a crash or a hang', () => {
    const files = fc.sample(
      layoutArbitrary.map((layout) =>
        writeTiff(
          Array.from({ length: layout.width * layout.height }, (_, i) => i % 5),
          layout,
        ),
      ),
      { seed: 7, numRuns: 20 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (good, changes, keep) => {
          const bytes = good.slice(0, Math.max(1, Math.round(good.length * keep)));
          for (const [i, byte] of changes) bytes[i % bytes.length] = byte;
          try {
            // As the lattice's memory check would (`lattice-raster.ts`): a grid past a budget is refused.
            readTiff(bytes, (width, height) => {
              if (width * height > 1e6) throw new RasterProblem('too large');
            });
          } catch (error) {
            if (!(error instanceof RasterProblem)) throw error;
          }
        },
      ),
      { numRuns: 400, seed: 14 },
    );
  });
});

/** A scenario whose raster is `file`, with the raster block's other fields. */
const scenario = (raster: string) => `name: tiff-map
title: A GeoTIFF map
model:
  compartments: [S, Z]
  parameters: { beta: 0.1 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
time: { until: 1, every: 1, unit: hour }
engine: lattice
world:
  lattice:
    raster: ${raster}
`;

function compileIn(
  files: Record<string, Uint8Array>,
  raster: string,
  host = nodeHost,
): CompiledLattice | string {
  const dir = temporaryDir();
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  const file = join(dir, 'map.yaml');
  try {
    return compileScenario(parseScenario(scenario(raster), file, [], host), 'lattice').lattice!;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues
      .map(
        (i) =>
          `${i.file.replace(`${dir}/`, '')}:${i.line}:${i.col}: ${i.path}: ${i.message.replaceAll(`${dir}/`, '')}`,
      )
      .join('\n');
  }
}

describe('a GeoTIFF as a scenario’s raster', () => {
  const map = new Uint8Array(
    writeArrayBuffer(Float32Array.from([10, 20, -1, 40, 50, 60]), {
      width: 3,
      height: 2,
      GDAL_NODATA: '-1',
      ModelPixelScale: [0.05, 0.05, 0],
      ModelTiepoint: [0, 0, 0, 127, 37.5, 0],
      SampleFormat: [3],
      BitsPerSample: [32],
    }),
  );

  it('gives the lattice its people, closed nodata cells, and its cell size from its degrees', () => {
    const lattice = compileIn({ 'map.tif': map }, '{ file: map.tif }') as CompiledLattice;
    expect(typeof lattice).toBe('object');
    expect([lattice.width, lattice.height]).toEqual([3, 2]);
    expect([...lattice.initial].filter((_, i) => i % 2 === 0)).toEqual([10, 20, 0, 40, 50, 60]);
    expect([...lattice.open]).toEqual([1, 1, 0, 1, 1, 1]);
    expect(lattice.cellKm).toBeCloseTo((0.05 * 6371 * Math.PI) / 180, 9);
  });

  it('compiles in the viewer’s worker from the bytes `undead view` recorded, as on the command line', () => {
    const recording = recordingHost(nodeHost);
    const direct = compileIn({ 'map.tif': map }, '{ file: map.tif }', recording.host) as CompiledLattice;
    const record = JSON.parse(JSON.stringify(recording.record()));
    const dir = record.files[0].scenarioFile as string;
    const again = compileScenario(
      parseScenario(scenario('{ file: map.tif }'), dir, [], replayHost(record)),
      'lattice',
    ).lattice!;
    expect([...again.initial]).toEqual([...direct.initial]);
    expect([...again.open]).toEqual([...direct.open]);
  });

  it('refuses a wrong size, a south origin, a grid too large for memory and a file that is not a TIFF, naming the file', () => {
    expect(compileIn({ 'map.tif': map }, '{ file: map.tif, size: [2, 3] }')).toBe(
      'map.tif:1:1: world.lattice.raster.file: the grid is 3 × 2 cells, but size says 2 × 3 (the raster of map.yaml:12:21)',
    );
    expect(compileIn({ 'map.tif': map }, '{ file: map.tif, origin: south }')).toMatch(
      /^map\.yaml:12:\d+: world\.lattice\.raster\.origin: a GeoTIFF always starts with its north row/,
    );
    const huge = writeTiff([1], {
      width: 1,
      height: 1,
      kind: 'u8',
      compression: 1,
      predictor: 1,
      little: true,
      rows: 1,
    });
    // ImageWidth and ImageLength (the first two entries) say 100,000 × 100,000: refused before any decoding.
    const dv = new DataView(huge.buffer);
    const ifd = dv.getUint32(4, true);
    dv.setUint32(ifd + 2 + 8, 100_000, true);
    dv.setUint32(ifd + 2 + 12 + 8, 100_000, true);
    expect(compileIn({ 'huge.tif': huge }, '{ file: huge.tif, cell_km: 1 }')).toMatch(
      /^map\.yaml:12:\d+: world\.lattice\.raster\.file: a grid of 100000 × 100000 = 10,000,000,000 cells with 2 compartments needs ≈ [\d.]+ [GT]B of memory/,
    );
    expect(
      compileIn({ 'map.tif': new TextEncoder().encode('x,y,value\n') }, '{ file: map.tif, cell_km: 1 }'),
    ).toBe(
      'map.tif:1:1: world.lattice.raster.file: this is not a TIFF file: it does not start with II or MM (the raster of map.yaml:12:21)',
    );
  });
});
