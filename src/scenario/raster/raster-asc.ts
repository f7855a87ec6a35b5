import type { GridValues } from './grid-values.js';
import { RasterProblem } from './raster.js';
import { badValue, clip, decimal } from './raster-text.js';

/** An ESRI ASCII grid as read: its values (north row first), closed NODATA cells, and where it lies. */
export interface AscGrid extends GridValues {
  /** 0 for a NODATA cell, 1 for the others. */
  readonly open: Uint8Array;
  /** The west and south edges and the cell size, in the file's units (degrees for WorldPop and GPW). */
  readonly west: number;
  readonly south: number;
  readonly cellX: number;
  readonly cellY: number;
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

/**
 * Reads an ESRI ASCII grid (`.asc`), the format WorldPop and GPW rasters are exported in: a header
 * of `ncols`, `nrows`, `xllcorner` or `xllcenter`, `yllcorner` or `yllcenter`, `cellsize` (or
 * GDAL's `dx` and `dy`) and an optional `NODATA_value`, then `nrows` lines of `ncols` values, the
 * north row first. A NODATA cell holds 0 people and is closed (sea, outside the country). `admit`
 * is asked about the grid's size as soon as the header gives it, so that a grid too large is
 * refused before its values are read.
 */
export function readAsc(text: string, admit: (width: number, height: number) => void = () => {}): AscGrid {
  const lines = text.split('\n');
  const header = new Map<string, { value: number; text: string; line: number }>();
  let l = 0;
  for (; l < lines.length; l++) {
    const line = lines[l]!.trim();
    if (line === '') continue;
    const match = /^([A-Za-z_]+)\s+(\S+)$/.exec(line);
    if (match === null) break;
    const key = match[1]!.toLowerCase();
    if (!KEYS.includes(key))
      throw new RasterProblem(`unknown header key '${clip(match[1]!)}' of an ESRI ASCII grid`, l + 1, 1);
    if (header.has(key)) throw new RasterProblem(`the header key '${match[1]}' is given twice`, l + 1, 1);
    const valueText = match[2]!;
    const value = decimal(valueText);
    if (Number.isNaN(value) && key !== 'nodata_value')
      throw new RasterProblem(
        `${match[1]} '${clip(valueText)}' is not a number`,
        l + 1,
        lines[l]!.indexOf(valueText) + 1,
      );
    header.set(key, { value, text: valueText, line: l + 1 });
  }
  const need = (key: string) => {
    const entry = header.get(key);
    if (entry === undefined)
      throw new RasterProblem(
        `the header has no '${key}': an ESRI ASCII grid starts with ncols, nrows, xllcorner, yllcorner, cellsize`,
      );
    return entry;
  };
  const count = (key: string) => {
    const entry = need(key);
    if (!Number.isInteger(entry.value) || entry.value < 1)
      throw new RasterProblem(`${key} must be a whole number ≥ 1, not ${clip(entry.text)}`, entry.line, 1);
    return entry.value;
  };
  const width = count('ncols');
  const height = count('nrows');
  const size = (key: string) => {
    const entry = need(key);
    if (!(entry.value > 0 && Number.isFinite(entry.value)))
      throw new RasterProblem(`${key} must be a number > 0, not ${clip(entry.text)}`, entry.line, 1);
    return entry.value;
  };
  const cellX = header.has('cellsize') ? size('cellsize') : size('dx');
  const cellY = header.has('cellsize') ? cellX : size('dy');
  const edge = (corner: string, centre: string, cell: number) => {
    const entry = header.get(corner) ?? header.get(centre);
    if (entry === undefined) throw new RasterProblem(`the header has no '${corner}' (or '${centre}')`);
    if (!Number.isFinite(entry.value))
      throw new RasterProblem(`${corner} must be a finite number`, entry.line, 1);
    return header.has(corner) ? entry.value : entry.value - cell / 2;
  };
  const west = edge('xllcorner', 'xllcenter', cellX);
  const south = edge('yllcorner', 'yllcenter', cellY);
  const nodata = header.get('nodata_value')?.value;
  const nodataIsNaN = nodata !== undefined && Number.isNaN(nodata);
  admit(width, height);

  const values = new Float64Array(width * height);
  const open = new Uint8Array(width * height).fill(1);
  let y = 0;
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
      if (value === nodata || (nodataIsNaN && /^nan$/i.test(m[0]))) open[k] = 0;
      else {
        const problem = badValue(value, m[0]);
        if (problem !== undefined)
          throw new RasterProblem(`row ${y}, column ${x}: ${problem}`, l + 1, m.index + 1);
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
  return { width, height, values, open, west, south, cellX, cellY };
}
