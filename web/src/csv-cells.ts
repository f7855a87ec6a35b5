/**
 * The cells of a CSV file the viewer reads, each checked as it is read: a cell that is not a
 * number, or is missing, is an error naming the file, line, column and field, in the form of the
 * CLI's own errors (`FILE:LINE:COL: FIELD: what is wrong`), never a NaN on the page.
 */

/** A row of cells and the line of the file it is on (from 1: the header is line 1). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A file that cannot be read as the viewer expects, with where and why. */
export class CsvUnreadable extends Error {
  override name = 'CsvUnreadable';
}

/** The non-blank lines of a CSV text, split at commas, with their line numbers. */
export function csvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  text.split('\n').forEach((line, k) => {
    const plain = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (plain.trim() !== '') rows.push({ line: k + 1, cells: plain.split(',') });
  });
  return rows;
}

/** The column (from 1) where cell `c` of a row begins; one past the line's end for a missing cell. */
function columnOf(row: CsvRow, c: number): number {
  let column = 1;
  for (let k = 0; k < Math.min(c, row.cells.length); k++) column += row.cells[k]!.length + 1;
  return c < row.cells.length ? column : column - 1;
}

/** Cell `c` of `row` as a finite number, or a `CsvUnreadable` naming `file`, the place and `field`. */
export function numberCell(file: string, row: CsvRow, c: number, field: string): number {
  const cell = row.cells[c];
  const where = `${file}:${row.line}:${columnOf(row, c)}: ${field}`;
  if (cell === undefined)
    throw new CsvUnreadable(`${where}: missing (the row has ${row.cells.length} fields)`);
  const value = cell.trim() === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) throw new CsvUnreadable(`${where}: ${JSON.stringify(cell)} is not a number`);
  return value;
}
