import type { GridValues } from './grid-values.js';
import type { Place } from './place.js';
import { type LonLatGrid, RasterProblem } from './raster.js';
import { badCell, clip, decimal, MAX_PEOPLE, tooManyPeople } from './raster-text.js';

/** The names a CSV's column of people may have, in order of preference. */
const VALUE_COLUMNS = ['value', 'population', 'people', 'pop', 'count'];
const X_COLUMNS = ['x'];
const Y_COLUMNS = ['y'];
const LON_COLUMNS = ['lon', 'longitude', 'lng'];
const LAT_COLUMNS = ['lat', 'latitude'];
/** The names a CSV of points' column of place names may have (optional). */
const NAME_COLUMNS = ['name', 'place', 'city', 'town'];

/** What a CSV raster holds, from its header: cells by grid position, or points by longitude/latitude. */
export type CsvKind = 'cells' | 'points';

/** One data row of a CSV: its fields, its line, and where each field starts (column, from 1). */
interface CsvRow {
  readonly fields: string[];
  readonly cols: number[];
  readonly line: number;
}

/**
 * The kind of a CSV raster, from its header line: `x,y,value` (cells) or `lon,lat,population`
 * (points), in any order, with other columns allowed (a place's name, say). The people column may
 * be called value, population, people, pop or count.
 */
export function csvKind(text: string): CsvKind {
  const { header } = split(text);
  return find(header, LON_COLUMNS) !== -1 ? 'points' : 'cells';
}

/**
 * Reads a CSV of cells, `x,y,value`: whole-number x (column, west to east) and y (row, in the
 * file's own order: the caller flips a south-origin file), one line per cell with people; cells
 * not listed hold 0. The grid is `size` if given (a cell outside it is an error), else just large
 * enough for the cells listed. A cell listed twice is an error.
 */
export function readCsvCells(text: string, size?: readonly [number, number]): GridValues {
  const { header, rows } = split(text);
  const at = columns(header, [X_COLUMNS, Y_COLUMNS, VALUE_COLUMNS], 'x,y,value');
  const count = rows.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const vs = new Float64Array(count);
  let width = 0;
  let height = 0;
  const total = { people: 0 };
  rows.forEach((row, r) => {
    const x = whole(row, at[0]!, 'x');
    const y = whole(row, at[1]!, 'y');
    xs[r] = x;
    ys[r] = y;
    vs[r] = people(row, at[2]!, x, y, total);
    if (size !== undefined && (x >= size[0] || y >= size[1]))
      throw new RasterProblem(
        `cell (${x}, ${y}) is outside the grid of ${size[0]} × ${size[1]} cells given by size`,
        row.line,
        row.cols[x >= size[0] ? at[0]! : at[1]!],
      );
    width = Math.max(width, x + 1);
    height = Math.max(height, y + 1);
  });
  if (size !== undefined) [width, height] = size;
  if (count === 0 && size === undefined)
    throw new RasterProblem('the CSV lists no cells, and no size is given');
  checkCells(width, height);
  const values = new Float64Array(width * height);
  const firstLine = new Int32Array(width * height);
  for (let r = 0; r < count; r++) {
    const k = ys[r]! * width + xs[r]!;
    const row = rows[r]!;
    if (firstLine[k] !== 0)
      throw new RasterProblem(
        `cell (${xs[r]}, ${ys[r]}) is listed twice (first on line ${firstLine[k]})`,
        row.line,
        1,
      );
    firstLine[k] = row.line;
    values[k] = vs[r]!;
  }
  return { width, height, values };
}

/**
 * Reads a CSV of points, `lon,lat,population` (degrees; GeoNames-style lists of places), and sums
 * the people of each point into the cell of `geo` it falls in. A point off the grid is an error
 * (it would lose people silently). With a column of names (name, place, city or town), the points
 * that have one are also returned as `places`, for seeds, regions and the story to name.
 */
export function readCsvPoints(
  text: string,
  geo: LonLatGrid,
  width: number,
  height: number,
): GridValues & { readonly places: readonly Place[] } {
  const { header, rows } = split(text);
  const at = columns(header, [LON_COLUMNS, LAT_COLUMNS, VALUE_COLUMNS], 'lon,lat,population');
  const nameAt = find(header, NAME_COLUMNS);
  checkCells(width, height);
  const values = new Float64Array(width * height);
  const places: Place[] = [];
  const total = { people: 0 };
  for (const row of rows) {
    const lon = coordinate(row, at[0]!, 'longitude', 180);
    const lat = coordinate(row, at[1]!, 'latitude', 90);
    const x = Math.floor((lon - geo.west) / geo.cellLon);
    const y = Math.floor((geo.north - lat) / geo.cellLat);
    if (!(x >= 0 && x < width && y >= 0 && y < height))
      throw new RasterProblem(
        `the point (${lon}, ${lat}) is outside the map's bounds`,
        row.line,
        row.cols[at[0]!],
      );
    const population = people(row, at[2]!, x, y, total);
    values[y * width + x]! += population;
    const name = nameAt === -1 ? '' : (row.fields[nameAt] ?? '').trim();
    if (name !== '') places.push({ name, lon, lat, population });
  }
  return { width, height, values, places };
}

/** The most cells a CSV grid may have before the engine's own budget is asked (32-bit cell numbers). */
const MAX_CSV_CELLS = 2 ** 31 - 1;

function checkCells(width: number, height: number): void {
  if (width * height > MAX_CSV_CELLS)
    throw new RasterProblem(
      `a grid of ${width} × ${height} cells is more than the ${MAX_CSV_CELLS} cells a raster may have`,
    );
}

/** The header's fields and the data rows (blank lines and lines starting with # skipped). */
function split(text: string): { header: CsvRow; rows: CsvRow[] } {
  const lines = text.split('\n');
  let header: CsvRow | undefined;
  const rows: CsvRow[] = [];
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const row = splitLine(i === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, i + 1);
    if (header === undefined) header = row;
    else rows.push(row);
  });
  if (header === undefined)
    throw new RasterProblem('the CSV is empty: it needs a header line such as x,y,value');
  return { header, rows };
}

/** A line's fields: separated by commas, each optionally in double quotes ("" for a quote inside). */
function splitLine(line: string, lineNumber: number): CsvRow {
  const fields: string[] = [];
  const cols: number[] = [];
  let i = 0;
  for (;;) {
    cols.push(i + 1);
    if (line[i] === '"') {
      let field = '';
      let j = i + 1;
      for (;;) {
        const close = line.indexOf('"', j);
        if (close === -1) throw new RasterProblem('a quoted field is not closed', lineNumber, i + 1);
        field += line.slice(j, close);
        if (line[close + 1] === '"') {
          field += '"';
          j = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(field);
      if (i < line.length && line[i] !== ',')
        throw new RasterProblem("expected ',' after a quoted field", lineNumber, i + 1);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end).trim());
      i = end;
    }
    if (i >= line.length) break;
    i++;
  }
  return { fields, cols, line: lineNumber };
}

/** The index of the first of `names` among the header's fields (case-insensitive), or −1. */
function find(header: CsvRow, names: readonly string[]): number {
  const lower = header.fields.map((f) => f.trim().toLowerCase());
  for (const name of names) {
    const k = lower.indexOf(name);
    if (k !== -1) return k;
  }
  return -1;
}

function columns(header: CsvRow, wanted: readonly (readonly string[])[], example: string): number[] {
  return wanted.map((names) => {
    const k = find(header, names);
    if (k === -1)
      throw new RasterProblem(
        `the header has no column ${names.join(' or ')}: a CSV raster's header is ${example} (other columns are ignored)`,
        header.line,
        1,
      );
    return k;
  });
}

function field(row: CsvRow, k: number, what: string): string {
  const text = row.fields[k];
  if (text === undefined || text === '')
    throw new RasterProblem(
      `the ${what} is missing`,
      row.line,
      row.cols[Math.min(k, row.cols.length - 1)] ?? 1,
    );
  return text;
}

function whole(row: CsvRow, k: number, what: string): number {
  const text = field(row, k, what);
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value))
    throw new RasterProblem(`${what} '${clip(text)}' is not a whole number ≥ 0`, row.line, row.cols[k]);
  return value;
}

function coordinate(row: CsvRow, k: number, what: string, limit: number): number {
  const text = field(row, k, what);
  const value = decimal(text);
  if (!(Math.abs(value) <= limit))
    throw new RasterProblem(
      `${what} '${clip(text)}' is not a number from −${limit} to ${limit}`,
      row.line,
      row.cols[k],
    );
  return value;
}

/** The people of a row, for cell (x, y), added to the running `total` of the rows before it. */
function people(row: CsvRow, k: number, x: number, y: number, total: { people: number }): number {
  const text = field(row, k, 'number of people');
  const value = decimal(text);
  const problem = badCell(x, y, value, text);
  if (problem !== undefined) throw new RasterProblem(problem, row.line, row.cols[k]);
  total.people += value;
  if (total.people > MAX_PEOPLE)
    throw new RasterProblem(tooManyPeople(x, y, total.people), row.line, row.cols[k]);
  return value;
}
