import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { flipRows } from '../../src/scenario/raster/grid-values.js';
import { RasterProblem } from '../../src/scenario/raster/raster.js';
import { readAsc } from '../../src/scenario/raster/raster-asc.js';
import { csvKind, readCsvCells, readCsvPoints } from '../../src/scenario/raster/raster-csv.js';
import { readJsonGrid } from '../../src/scenario/raster/raster-json.js';
import { positionOf, rasterText } from '../../src/scenario/raster/raster-text.js';
import { wholeCounts } from '../../src/scenario/raster/whole-counts.js';

/** A grid of people: whole numbers mostly, fractions sometimes (WorldPop's are). */
const gridArbitrary = fc
  .record({ width: fc.integer({ min: 1, max: 7 }), height: fc.integer({ min: 1, max: 7 }) })
  .chain(({ width, height }) =>
    fc.record({
      width: fc.constant(width),
      height: fc.constant(height),
      values: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 1_000_000 }),
          fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
        ),
        { minLength: width * height, maxLength: width * height },
      ),
    }),
  );

const rows = (g: { width: number; values: readonly number[] }) =>
  Array.from({ length: g.values.length / g.width }, (_, y) => g.values.slice(y * g.width, (y + 1) * g.width));

/** What a reader does with any text: returns a grid, or throws a RasterProblem; nothing else. */
function readsOrRefuses(read: () => unknown): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof RasterProblem)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.col).toBeGreaterThanOrEqual(1);
  }
}

describe('the JSON grid reader', () => {
  it('gives back any grid written with JSON.stringify, with its width and height', () => {
    fc.assert(
      fc.property(gridArbitrary, (g) => {
        const read = readJsonGrid(JSON.stringify(rows(g), null, g.width % 2 === 0 ? 1 : undefined));
        expect(read).toMatchObject({ width: g.width, height: g.height });
        expect(Array.from(read.values)).toEqual(g.values);
      }),
      { numRuns: 200 },
    );
  });

  it('names the line and column of a NaN, a negative value, a ragged row and text', () => {
    const at = (text: string) => {
      try {
        readJsonGrid(text);
      } catch (error) {
        const p = error as RasterProblem;
        return `${p.line}:${p.col} ${p.message}`;
      }
      throw new Error('read');
    };
    expect(at('[[1, 2, 3],\n [4, NaN, 6]]')).toBe("2:6 cell (1, 1): 'NaN' is not a number of people");
    expect(at('[[1, 2],\n [3, -4]]')).toBe(
      '2:6 cell (1, 1): -4 people: a cell cannot hold a negative number',
    );
    expect(at('[[1, 2, 3],\n [4, 5]]')).toBe(
      '2:2 row 1 has 2 values, but row 0 has 3: every row must have as many',
    );
    // Every value problem names its cell (text and words did not).
    expect(at('[[1, "2"]]')).toBe(`1:6 cell (1, 0): '"2"' is text, not a number of people`);
    expect(at('[[1, Infinity]]')).toMatch(/^1:6 cell \(1, 0\): 'Infinity' is not a finite number/);
    expect(at('[[1, null]]')).toMatch(/^1:6 .*'null' is not a number of people/);
    expect(at('[[1, 0x10]]')).toMatch(/^1:6 cell \(1, 0\): '0x10' is not a number/);
    expect(at('[]')).toMatch(/no rows/);
    expect(at('[[1], [2]] x')).toMatch(/^1:12 unexpected text after the grid/);
    expect(at('{"grid": []}')).toMatch(/^1:1 expected a JSON grid/);
    expect(at('[[[1]]]')).toMatch(/two levels of brackets/);
  });

  it('reads hostile text without a crash or a hang: a grid, or a RasterProblem', () => {
    const tokens = fc.constantFrom(
      '[',
      ']',
      ',',
      ' ',
      '\n',
      '1',
      '-2',
      '3.5e2',
      'NaN',
      '"x"',
      '{',
      '0',
      '1e999',
      '.',
      '-',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(tokens, { maxLength: 60 }).map((t) => t.join('')),
        ),
        (text) => {
          readsOrRefuses(() => readJsonGrid(text));
        },
      ),
      { numRuns: 500 },
    );
    // Deep nesting is refused at the third bracket, not recursed into.
    readsOrRefuses(() => readJsonGrid('['.repeat(100_000)));
  });
});

describe('the CSV readers', () => {
  it('give back any grid written as x,y,value lines (zeros left out), and points summed into cells', () => {
    fc.assert(
      fc.property(gridArbitrary, (g) => {
        const lines = ['x,y,value'];
        g.values.forEach((v, k) => {
          if (v !== 0) lines.push(`${k % g.width},${Math.floor(k / g.width)},${v}`);
        });
        const read = readCsvCells(lines.join('\r\n'), [g.width, g.height]);
        expect(Array.from(read.values)).toEqual(g.values);
        // The same people as points at the cells' centres, on a 1° grid from (0°E, 50°N).
        const points = ['name,lat,lon,population'];
        g.values.forEach((v, k) => {
          points.push(`"p, ${k}",${50 - Math.floor(k / g.width) - 0.5},${(k % g.width) + 0.5},${v}`);
        });
        const geo = { west: 0, north: 50, cellLon: 1, cellLat: 1 };
        expect(csvKind(points.join('\n'))).toBe('points');
        expect(Array.from(readCsvPoints(points.join('\n'), geo, g.width, g.height).values)).toEqual(g.values);
      }),
      { numRuns: 150 },
    );
  });

  it('name the line and column of a bad value, a cell outside size, a duplicate and a missing column', () => {
    const at = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        const p = error as RasterProblem;
        return `${p.line}:${p.col} ${p.message}`;
      }
      throw new Error('read');
    };
    expect(at(() => readCsvCells('x,y,value\n0,0,1\n1,0,NaN'))).toBe(
      "3:5 cell (1, 0): 'NaN' is not a number of people",
    );
    expect(at(() => readCsvCells('x,y,people\n0,0,-3'))).toBe(
      '2:5 cell (0, 0): -3 people: a cell cannot hold a negative number',
    );
    expect(at(() => readCsvCells('x,y,value\n0,0,1\n5,0,1', [2, 2]))).toMatch(
      /^3:1 cell \(5, 0\) is outside the grid of 2 × 2/,
    );
    expect(at(() => readCsvCells('x,y,value\n0,0,1\n\n0,0,2'))).toBe(
      '4:1 cell (0, 0) is listed twice (first on line 2)',
    );
    expect(at(() => readCsvCells('x,y,value\n1.5,0,1'))).toBe("2:1 x '1.5' is not a whole number ≥ 0");
    expect(at(() => readCsvCells('a,b,c\n0,0,1'))).toMatch(/^1:1 the header has no column x/);
    expect(at(() => readCsvCells('x,y,value\n0,0'))).toMatch(/^2:3 the number of people is missing/);
    expect(at(() => readCsvCells('x,y,value\n999999999,999999999,1'))).toMatch(
      /more than the \d+ cells a raster may have/,
    );
    expect(
      at(() => readCsvPoints('lon,lat,pop\n10,10,5', { west: 0, north: 5, cellLon: 1, cellLat: 1 }, 5, 5)),
    ).toBe("2:1 the point (10, 10) is outside the map's bounds");
  });

  it('read hostile text without a crash: a grid, or a RasterProblem', () => {
    const tokens = fc.constantFrom(
      'x',
      'y',
      'value',
      'lon',
      'lat',
      ',',
      '\n',
      '"',
      '1',
      '-1',
      '2e3',
      'nan',
      ' ',
      '#',
    );
    fc.assert(
      fc.property(
        fc.array(tokens, { maxLength: 50 }).map((t) => t.join('')),
        (text) => {
          readsOrRefuses(() => readCsvCells(text));
          readsOrRefuses(() => readCsvPoints(text, { west: 0, north: 3, cellLon: 1, cellLat: 1 }, 3, 3));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the ESRI ASCII grid reader', () => {
  const asc = (g: { width: number; height: number; values: readonly number[] }, nodata?: number) =>
    [
      `ncols ${g.width}`,
      `nrows ${g.height}`,
      'xllcorner 126.5',
      'yllcorner 33',
      'cellsize 0.5',
      ...(nodata === undefined ? [] : [`NODATA_value ${nodata}`]),
      ...rows(g).map((r) => r.join(' ')),
    ].join('\n');

  it('gives back any grid, north row first, with its corner, and NODATA cells closed at 0 people', () => {
    fc.assert(
      fc.property(gridArbitrary, fc.boolean(), (g, holes) => {
        const values = holes ? g.values.map((v, k) => (k % 3 === 1 ? -9999 : v)) : g.values;
        const read = readAsc(asc({ ...g, values }, holes ? -9999 : undefined));
        expect(read).toMatchObject({ width: g.width, height: g.height, west: 126.5, south: 33, cellX: 0.5 });
        expect(Array.from(read.values)).toEqual(values.map((v) => (v === -9999 ? 0 : v)));
        expect(Array.from(read.open)).toEqual(values.map((v) => (v === -9999 ? 0 : 1)));
      }),
      { numRuns: 150 },
    );
  });

  it('asks about the size before reading the values, and names bad rows and values', () => {
    const sizes: number[][] = [];
    expect(() =>
      readAsc('ncols 100000\nnrows 100000\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2', (w, h) => {
        sizes.push([w, h]);
        throw new RasterProblem('too large');
      }),
    ).toThrow('too large');
    expect(sizes).toEqual([[100000, 100000]]);
    const head = 'ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n';
    const at = (text: string) => {
      try {
        readAsc(text);
      } catch (error) {
        const p = error as RasterProblem;
        return `${p.line}:${p.col} ${p.message}`;
      }
      throw new Error('read');
    };
    expect(at(`${head}1 2 3\n4 5`)).toBe('7:4 row 1 has 2 values, but ncols = 3');
    expect(at(`${head}1 2 3\n4 5 6 7`)).toBe('7:7 row 1 has more than ncols = 3 values');
    expect(at(`${head}1 2 3`)).toMatch(/^6:1 the grid has 1 rows of values, but nrows = 2/);
    expect(at(`${head}1 -2 3\n4 5 6`)).toBe(
      '6:3 cell (1, 0): -2 people: a cell cannot hold a negative number',
    );
    expect(at(`${head}1 2 x\n4 5 6`)).toBe("6:5 cell (2, 0): 'x' is not a number of people");
    expect(at('ncols 0\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n')).toMatch(
      /^1:7 ncols must be a whole number ≥ 1, not 0/,
    );
    expect(at('ncols 3\nbands 2\n')).toMatch(/^2:1 unknown header key 'bands'/);
  });

  it('names the line, column and key of every header problem, and what it expected', () => {
    const at = (...header: string[]) => {
      try {
        readAsc(`${['ncols 2', 'nrows 1', ...header].join('\n')}\n1 2\n`);
      } catch (error) {
        const p = error as RasterProblem;
        return `${p.line}:${p.col} ${p.message}`;
      }
      throw new Error('read');
    };
    const ok = ['yllcorner 0', 'cellsize 1'];
    expect(at('xllcorner abc', ...ok)).toBe(
      "3:11 xllcorner 'abc' is not a number: expected the x, or longitude, of the grid's west edge",
    );
    expect(at('xllcorner 1e400', ...ok)).toMatch(
      /^3:11 xllcorner must be a finite number, not 1e400: expected/,
    );
    // Missing: at the line where the values begin (or the file ends), naming the key.
    expect(at(...ok)).toMatch(
      /^5:1 the header has no xllcorner \(or xllcenter\) before the values begin here/,
    );
    expect(at('xllcorner 0', 'yllcorner 0')).toMatch(
      /^5:1 the header has no cellsize \(or dx and dy\) before the values begin here/,
    );
    expect(at('xllcorner 0', 'yllcorner 0', 'dx 1')).toMatch(/^6:1 the header has no dy before/);
    // A line that is not KEY NUMBER: reported itself, not as a key missing further on.
    for (const line of ['xllcorner', 'xllcorner 1 2', 'xllcorner: 0', 'XLLCORNER=0'])
      expect(at(line, ...ok)).toMatch(new RegExp(`^3:1 the header line '${line}' is not '\\w+ NUMBER'`));
    expect(at('  xllcorner', ...ok)).toMatch(/^3:3 the header line 'xllcorner'/);
    expect(at('where 0 0', ...ok)).toMatch(
      /^3:1 'where 0 0' is not a header line \(a key and one number\), and the header has no xllcorner \(or xllcenter\), yllcorner/,
    );
    // Corners given both ways, or half one way and half the other.
    expect(at('xllcorner 0', 'xllcenter 0', ...ok)).toMatch(
      /^4:1 the header gives both xllcorner \(line 3\) and xllcenter: give one/,
    );
    expect(at('xllcenter 0.5', ...ok)).toMatch(
      /^4:1 yllcorner does not go with xllcenter \(line 3\): give xllcorner/,
    );
    expect(at('YLLCENTER 0.5', 'xllcorner 0', 'cellsize 1')).toMatch(
      /^4:1 xllcorner does not go with YLLCENTER \(line 3\)/,
    );
    // cellsize with dx is read with cellsize, as GDAL reads it.
    expect(readAsc('ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 2\ndx 1\n5\n').cellX).toBe(2);
    expect(at('xllcorner 0', ...ok, 'NODATA_value none')).toMatch(
      /^6:14 NODATA_value 'none' is not a number: expected the value of cells with no data/,
    );
    expect(at('xllcorner 0', ...ok, 'cellsize 2')).toBe(
      "6:1 the header key 'cellsize' is given twice (first on line 5)",
    );
    // A header complete, a row of nan (NODATA) is values, not an unknown key 'nan'.
    const grid = readAsc(
      'ncols 2\nnrows 1\nxllcenter 0.5\nyllcenter 0.5\ncellsize 1\nNODATA_value nan\nnan 2\n',
    );
    expect([grid.west, grid.south, ...grid.open]).toEqual([0, 0, 0, 1]);
    // glibc writes a NaN with its sign bit set as -nan, in the header and the cells alike.
    const signed = readAsc(
      'ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -nan\n-nan 2\n',
    );
    expect([...signed.open]).toEqual([0, 1]);
    expect(grid.corner.x).toMatchObject({ key: 'xllcenter', line: 3, col: 11 });
  });

  it('reads hostile text without a crash: a grid, or a RasterProblem', () => {
    const tokens = fc.constantFrom(
      'ncols 2\n',
      'nrows 2\n',
      'xllcorner 0\n',
      'yllcorner 0\n',
      'cellsize 1\n',
      'NODATA_value -1\n',
      '1 ',
      '-1 ',
      'nan ',
      '\n',
      'x ',
    );
    fc.assert(
      fc.property(
        fc.array(tokens, { maxLength: 30 }).map((t) => t.join('')),
        (text) => {
          readsOrRefuses(() => readAsc(text));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('people beyond 2^53 − 1', () => {
  /** Where a reader refuses a text, and why: `LINE:COL message`, or 'read'. */
  const at = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof RasterProblem)) throw error;
      return `${error.line}:${error.col} ${error.message}`;
    }
    return 'read';
  };
  const most = '2^53 − 1 = 9,007,199,254,740,991, the most the lattice engine counts exactly';
  const cell = `people: counts must be whole numbers up to ${most}`;
  const total = `the raster's people come to 10,000,000,000,000,000 with this cell, more than ${most}`;
  const asc = (rows: string) => `ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n${rows}`;
  const geo = { west: 0, north: 2, cellLon: 1, cellLat: 1 };

  it('are refused in one cell at its line and column, naming the cell (x, y), in every text format', () => {
    expect(at(() => readJsonGrid('[[1, 2],\n [3, 1e17]]'))).toBe(`2:6 cell (1, 1): 1e17 ${cell}`);
    expect(at(() => readCsvCells('x,y,value\n0,0,1\n1,1,1e17'))).toBe(`3:5 cell (1, 1): 1e17 ${cell}`);
    expect(at(() => readCsvPoints('lon,lat,pop\n1.5,0.5,1e17', geo, 2, 2))).toBe(
      `2:9 cell (1, 1): 1e17 ${cell}`,
    );
    expect(at(() => readAsc(asc('1 2\n3 1e17\n')))).toBe(`7:3 cell (1, 1): 1e17 ${cell}`);
    // 2^53 itself is one too many; 2^53 − 1 is counted.
    expect(at(() => readJsonGrid('[[9007199254740992]]'))).toMatch(
      /^1:3 cell \(0, 0\): 9007199254740992 people/,
    );
    expect(at(() => readJsonGrid('[[9007199254740991]]'))).toBe('read');
  });

  it('are refused in all the cells together at the cell that passes the bound', () => {
    expect(at(() => readJsonGrid('[[0, 5e15],\n [5e15, 0]]'))).toBe(`2:3 cell (0, 1): ${total}`);
    expect(at(() => readCsvCells('x,y,value\n0,0,5e15\n1,1,0\n1,0,5e15'))).toBe(`4:5 cell (1, 0): ${total}`);
    // Points summed into one cell: the bound is on the total, so a cell beyond it cannot slip past.
    expect(at(() => readCsvPoints('lon,lat,pop\n0.5,0.5,5e15\n0.6,0.6,0\n0.7,0.7,5e15', geo, 2, 2))).toBe(
      `4:9 cell (0, 1): ${total}`,
    );
    expect(at(() => readAsc(asc('0 0\n5e15 5e15\n')))).toBe(`7:6 cell (1, 1): ${total}`);
  });

  it('NaN, infinities and negative values are refused the same way; fractions are people, rounded later', () => {
    for (const bad of ['NaN', 'Infinity', '-2'])
      for (const message of [
        at(() => readJsonGrid(`[[1, 2],\n [3, ${bad}]]`)),
        at(() => readCsvCells(`x,y,value\n1,1,${bad}`)),
        at(() => readCsvPoints(`lon,lat,pop\n1.5,0.5,${bad}`, geo, 2, 2)),
        at(() => readAsc(asc(`1 2\n3 ${bad}\n`))),
      ])
        expect(message).toMatch(/^\d+:\d+ cell \(1, 1\): /);
    expect(at(() => readAsc(asc('1 2\n3 -inf\n')))).toBe(
      "7:3 cell (1, 1): '-inf' is not a finite number of people",
    );
    expect(Array.from(readJsonGrid('[[0.4, 2.6]]').values)).toEqual([0.4, 2.6]);
    expect(Array.from(readAsc(asc('0.5 0.5\n0.5 0.5\n')).values)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('raster text', () => {
  it('unpacks gzip by its magic number, and refuses broken gzip, binary files and bad UTF-8', () => {
    const text = '[[1, 2], [3, 4]]';
    expect(rasterText(gzipSync(new TextEncoder().encode(text)))).toBe(text);
    const broken = gzipSync(new TextEncoder().encode(text.repeat(50))).slice(0, 30);
    expect(() => rasterText(broken)).toThrow(RasterProblem);
    expect(() => rasterText(new Uint8Array([0x31, 0, 0x32]))).toThrow(/binary file/);
    expect(() => rasterText(new Uint8Array([0x31, 0xff, 0x32]))).toThrow(/not valid UTF-8/);
    // A gzip stream that says it unpacks to 4 GB is refused before it is unpacked.
    const bomb = gzipSync(new TextEncoder().encode(text));
    bomb.set([0xff, 0xff, 0xff, 0xff], bomb.length - 4);
    expect(() => rasterText(bomb)).toThrow(/says it unpacks to 4096 MB of text/);
  });

  it('reads every member of a gzip file, and refuses one whose check sum does not match', () => {
    const encode = (t: string) => new TextEncoder().encode(t);
    const first = gzipSync(encode('x,y,value\n0,0,10\n'));
    const second = gzipSync(encode('1,1,20\n'));
    const both = new Uint8Array(first.length + second.length);
    both.set(first);
    both.set(second, first.length);
    // As pigz and bgzip write them: the second member is not dropped.
    expect(rasterText(both)).toBe('x,y,value\n0,0,10\n1,1,20\n');
    // A stored (level 0) member with one digit changed unpacks, but its CRC-32 no longer matches.
    const stored = gzipSync(encode('x,y,value\n1,1,20\n'), { level: 0 });
    const at = stored.indexOf(0x32, 20); // the 2 of 20
    stored[at] = 0x39;
    expect(() => rasterText(stored)).toThrow(/gzip stream is damaged: member 1's check sum/);
  });

  it('counts lines and columns from 1', () => {
    expect(positionOf('ab\ncd\nef', 0)).toEqual({ line: 1, col: 1 });
    expect(positionOf('ab\ncd\nef', 4)).toEqual({ line: 2, col: 2 });
    expect(positionOf('ab\ncd\nef', 6)).toEqual({ line: 3, col: 1 });
  });

  it('flips a south-origin grid so that row 0 is the north', () => {
    const flipped = flipRows({ width: 2, height: 3, values: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    expect(Array.from(flipped.values)).toEqual([5, 6, 3, 4, 1, 2]);
  });
});

describe('whole counts', () => {
  it('keep the rounded total, stay within 1 of each value, keep zeros and whole numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), { maxLength: 200 }),
        (values) => {
          const v = Float64Array.from(values);
          const counts = wholeCounts(v);
          let total = 0;
          let sum = 0;
          counts.forEach((c, k) => {
            expect(Number.isInteger(c)).toBe(true);
            expect(Math.abs(c - v[k]!)).toBeLessThanOrEqual(1);
            if (v[k] === 0) expect(c).toBe(0);
            total += c;
            sum += v[k]!;
          });
          expect(total).toBe(Math.round(sum));
        },
      ),
      { numRuns: 200 },
    );
    expect(Array.from(wholeCounts(Float64Array.from([3, 0, 7])))).toEqual([3, 0, 7]);
  });
});
