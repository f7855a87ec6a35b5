import type { GridValues } from './grid-values.js';
import { RasterProblem } from './raster.js';
import { badCell, clip, decimal, MAX_PEOPLE, tooManyPeople } from './raster-text.js';

/** A header line of an ESRI ASCII grid: its key as written, its value, and where they stand. */
export interface AscHeaderLine {
  /** The key as written (`XLLCORNER`, `xllcorner`). */
  readonly key: string;
  readonly value: number;
  /** The value as written. */
  readonly text: string;
  /** The line (from 1), and the columns of the key and of the value (from 1). */
  readonly line: number;
  readonly keyCol: number;
  readonly col: number;
}

/** An ESRI ASCII grid as read: its values (north row first), closed NODATA cells, and where it lies. */
export interface AscGrid extends GridValues {
  /** 0 for a NODATA cell, 1 for the others. */
  readonly open: Uint8Array;
  /** The west and south edges and the cell size, in the file's units (degrees for WorldPop and GPW). */
  readonly west: number;
  readonly south: number;
  readonly cellX: number;
  readonly cellY: number;
  /** The header lines that place the grid (xll…, yll…), for messages about where it lies. */
  readonly corner: { readonly x: AscHeaderLine; readonly y: AscHeaderLine };
}

const KEYS = [
  'ncols',
  'nrows',
  'xllcorner',
  'xllcenter',
  'yllcorner',
  'yllcenter',
  'cellsize',
  'dx',
  'dy',
  'nodata_value',
];

/** What a header holds, for messages. */
const HEADER =
  'an ESRI ASCII grid starts with the header lines ncols, nrows, xllcorner (or xllcenter), yllcorner (or yllcenter), cellsize (or dx and dy) and optionally NODATA_value, each a key and one number';

/** Whether a word is a number (or nan) as a grid value, so that the values have begun. */
function isValue(word: string): boolean {
  return !Number.isNaN(decimal(word)) || /^[+-]?nan$/i.test(word);
}

/** What each header key's value is, for messages. */
const MEANING: Record<string, string> = {
  ncols: 'the number of columns, a whole number ≥ 1',
  nrows: 'the number of rows, a whole number ≥ 1',
  xllcorner: "the x, or longitude, of the grid's west edge",
  xllcenter: "the x, or longitude, of the centre of the grid's westmost cells",
  yllcorner: "the y, or latitude, of the grid's south edge",
  yllcenter: "the y, or latitude, of the centre of the grid's southmost cells",
  cellsize: 'the side of a cell, a number > 0',
  dx: 'the width of a cell, a number > 0',
  dy: 'the height of a cell, a number > 0',
  nodata_value: 'the value of cells with no data, a number (or nan)',
};

/**
 * Reads an ESRI ASCII grid (`.asc`), the format WorldPop and GPW rasters are exported in: a header
 * of `ncols`, `nrows`, `xllcorner` or `xllcenter`, `yllcorner` or `yllcenter`, `cellsize` (or
 * GDAL's `dx` and `dy`) and an optional `NODATA_value`, then `nrows` lines of `ncols` values, the
 * north row first. A NODATA cell holds 0 people and is closed (sea, outside the country). `admit`
 * is asked about the grid's size as soon as the header gives it, so that a grid too large is
 * refused before its values are read.
 *
 * Every problem of the header is reported at its line and column, naming the key: a key missing
 * (where the values begin), a value that is not a number, a line that is not `KEY NUMBER`, a key
 * given twice, a corner given both ways (xllcorner and xllcenter) or half one way and half the
 * other (xllcenter with yllcorner).
 */
export function readAsc(text: string, admit: (width: number, height: number) => void = () => {}): AscGrid {
  const lines = text.split('\n');
  const header = new Map<string, AscHeaderLine>();
  /** The keys the header still needs, as a message names them. */
  const missing = (): string[] => {
    const out = ['ncols', 'nrows'].filter((key) => !header.has(key));
    if (!header.has('xllcorner') && !header.has('xllcenter')) out.push('xllcorner (or xllcenter)');
    if (!header.has('yllcorner') && !header.has('yllcenter')) out.push('yllcorner (or yllcenter)');
    if (!header.has('cellsize') && !(header.has('dx') && header.has('dy')))
      out.push(header.has('dx') ? 'dy' : header.has('dy') ? 'dx' : 'cellsize (or dx and dy)');
    return out;
  };
  let l = 0;
  for (; l < lines.length; l++) {
    const raw = lines[l]!;
    const line = raw.trim();
    if (line === '') continue;
    const first = /^\S+/.exec(line)![0];
    // A number (or nan) begins the values; a header line begins with a key.
    if (isValue(first)) break;
    const keyCol = raw.indexOf(first) + 1;
    const match = /^([A-Za-z_]+)\s+(\S+)$/.exec(line);
    if (match === null) {
      const word = /^[A-Za-z_]+/.exec(first)?.[0];
      if (word !== undefined && KEYS.includes(word.toLowerCase()))
        throw new RasterProblem(
          `the header line '${clip(line)}' is not '${word} NUMBER', the key, a space and one number: ${MEANING[word.toLowerCase()]}`,
          l + 1,
          keyCol,
        );
      // A complete header: the values begin, with a word that the values' reader reports.
      if (missing().length === 0) break;
      throw new RasterProblem(
        `'${clip(line)}' is not a header line (a key and one number), and the header has no ${missing().join(', ')} yet: ${HEADER}`,
        l + 1,
        keyCol,
      );
    }
    const written = match[1]!;
    const valueText = match[2]!;
    const key = written.toLowerCase();
    if (!KEYS.includes(key))
      throw new RasterProblem(
        `unknown header key '${clip(written)}' of an ESRI ASCII grid: ${HEADER}`,
        l + 1,
        keyCol,
      );
    const before = header.get(key);
    if (before !== undefined)
      throw new RasterProblem(
        `the header key '${written}' is given twice (first on line ${before.line})`,
        l + 1,
        keyCol,
      );
    const col = raw.lastIndexOf(valueText) + 1;
    const value = decimal(valueText);
    if (Number.isNaN(value) && !(key === 'nodata_value' && /^[+-]?nan$/i.test(valueText)))
      throw new RasterProblem(
        `${written} '${clip(valueText)}' is not a number: expected ${MEANING[key]}`,
        l + 1,
        col,
      );
    header.set(key, { key: written, value, text: valueText, line: l + 1, keyCol, col });
  }

  /** Two keys that do not go together: reported at the later one. */
  const clash = (a: string, b: string, message: (first: AscHeaderLine, second: AscHeaderLine) => string) => {
    const p = header.get(a);
    const q = header.get(b);
    if (p === undefined || q === undefined) return;
    const [first, second] = p.line < q.line ? [p, q] : [q, p];
    throw new RasterProblem(message(first, second), second.line, second.keyCol);
  };
  for (const axis of ['x', 'y']) {
    const corner = `${axis}llcorner`;
    const centre = `${axis}llcenter`;
    clash(
      corner,
      centre,
      (first, second) =>
        `the header gives both ${first.key} (line ${first.line}) and ${second.key}: give one, ${corner} (${MEANING[corner]}) or ${centre} (${MEANING[centre]})`,
    );
  }
  for (const [a, b] of [
    ['xllcorner', 'yllcenter'],
    ['xllcenter', 'yllcorner'],
  ] as const)
    clash(
      a,
      b,
      (first, second) =>
        `${second.key} does not go with ${first.key} (line ${first.line}): give xllcorner and yllcorner (the grid's lower-left corner), or xllcenter and yllcenter (the centre of its lower-left cell)`,
    );
  // cellsize with dx or dy is no clash: cellsize wins, as in GDAL's reader, which ignores dx and dy then.
  const lacking = missing();
  if (lacking.length > 0) {
    const ended = l === lines.length;
    throw new RasterProblem(
      `the header has no ${lacking.join(', ')}${ended ? ', and the file ends' : ' before the values begin here'}: ${HEADER}`,
      ended ? lines.length : l + 1,
      1,
    );
  }

  const count = (key: string) => {
    const entry = header.get(key)!;
    if (!Number.isInteger(entry.value) || entry.value < 1)
      throw new RasterProblem(
        `${entry.key} must be a whole number ≥ 1, not ${clip(entry.text)}: expected ${MEANING[key]}`,
        entry.line,
        entry.col,
      );
    return entry.value;
  };
  const width = count('ncols');
  const height = count('nrows');
  const size = (key: string) => {
    const entry = header.get(key)!;
    if (!(entry.value > 0 && Number.isFinite(entry.value)))
      throw new RasterProblem(
        `${entry.key} must be a number > 0, not ${clip(entry.text)}: expected ${MEANING[key]}`,
        entry.line,
        entry.col,
      );
    return entry.value;
  };
  const cellX = header.has('cellsize') ? size('cellsize') : size('dx');
  const cellY = header.has('cellsize') ? cellX : size('dy');
  const edge = (corner: string, centre: string) => {
    const entry = (header.get(corner) ?? header.get(centre))!;
    if (!Number.isFinite(entry.value))
      throw new RasterProblem(
        `${entry.key} must be a finite number, not ${clip(entry.text)}: expected ${MEANING[entry.key.toLowerCase()]}`,
        entry.line,
        entry.col,
      );
    return entry;
  };
  const xll = edge('xllcorner', 'xllcenter');
  const yll = edge('yllcorner', 'yllcenter');
  const west = header.has('xllcorner') ? xll.value : xll.value - cellX / 2;
  const south = header.has('yllcorner') ? yll.value : yll.value - cellY / 2;
  const nodata = header.get('nodata_value')?.value;
  const nodataIsNaN = nodata !== undefined && Number.isNaN(nodata);
  admit(width, height);
  const values = new Float64Array(width * height);
  const open = new Uint8Array(width * height).fill(1);
  let y = 0;
  let total = 0;
  for (; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.trim() === '') continue;
    if (y === height) throw new RasterProblem(`more than nrows = ${height} rows of values`, l + 1, 1);
    let x = 0;
    const token = /\S+/g;
    for (let m = token.exec(line); m !== null; m = token.exec(line)) {
      if (x === width)
        throw new RasterProblem(`row ${y} has more than ncols = ${width} values`, l + 1, m.index + 1);
      const value = decimal(m[0]);
      const k = y * width + x;
      if (value === nodata || (nodataIsNaN && /^[+-]?nan$/i.test(m[0]))) open[k] = 0;
      else {
        const problem = badCell(x, y, value, m[0]);
        if (problem !== undefined) throw new RasterProblem(problem, l + 1, m.index + 1);
        total += value;
        if (total > MAX_PEOPLE) throw new RasterProblem(tooManyPeople(x, y, total), l + 1, m.index + 1);
        values[k] = value;
      }
      x++;
    }
    if (x < width)
      throw new RasterProblem(`row ${y} has ${x} values, but ncols = ${width}`, l + 1, line.length + 1);
    y++;
  }
  if (y < height)
    throw new RasterProblem(`the grid has ${y} rows of values, but nrows = ${height}`, lines.length, 1);
  return { width, height, values, open, west, south, cellX, cellY, corner: { x: xll, y: yll } };
}
