import { type ParquetColumn, parquetTable } from './parquet.js';

/** The Parquet type of a column of one of our CSV tables. */
export type CsvColumnType = 'INT32' | 'DOUBLE' | 'STRING';

/** A number as our CSV tables print one (`String(v)`): decimal, exponent, ±Infinity or NaN. */
const NUMBER = /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|-?Infinity|NaN)$/;

/**
 * One of our CSV tables (a header line, then rows; fields quoted as `csvField` quotes them) as the
 * bytes of a Parquet file with a column per CSV column, in order. `types` gives the type of a
 * column by name: INT32 for whole numbers (such as `run`), DOUBLE for numbers, STRING for text. A
 * column it does not name is DOUBLE if every non-empty cell is a number and STRING otherwise.
 * An empty cell is null in every type; a DOUBLE `NaN` is null too (see `ParquetColumn`). A cell
 * that does not fit its declared type is a bug in the code that wrote the table: a RangeError.
 */
export function csvToParquet(csv: string, types: Readonly<Record<string, CsvColumnType>> = {}): Uint8Array {
  const [header = [], ...rows] = csvRows(csv);
  const columns = header.map((name, c): ParquetColumn => {
    const cells = rows.map((row) => row[c]!);
    const type = Object.hasOwn(types, name) ? types[name]! : inferredType(cells);
    if (type === 'STRING') return { name, type, data: cells.map((cell) => (cell === '' ? null : cell)) };
    const data = cells.map((cell, r) => {
      if (cell === '') return type === 'DOUBLE' ? Number.NaN : null;
      if (!NUMBER.test(cell))
        throw new RangeError(`csv column '${name}' is ${type} but row ${r + 1} holds '${cell}'`);
      return Number(cell);
    });
    return type === 'DOUBLE' ? { name, type, data: data as number[] } : { name, type, data };
  });
  return parquetTable(columns);
}

function inferredType(cells: readonly string[]): CsvColumnType {
  return cells.every((cell) => cell === '' || NUMBER.test(cell)) ? 'DOUBLE' : 'STRING';
}

/** An unquoted field: everything up to the next comma or line break. */
const UNQUOTED = /[^,\n]*/y;

/**
 * The rows of a CSV text, each a list of fields: fields are separated by commas, and a field in
 * double quotes may hold commas, line breaks and doubled quotes (`""`). Lines end with `\n`; the
 * last line may or may not. Every row must have as many fields as the first.
 */
export function csvRows(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let field = '';
    if (csv[i] === '"') {
      // A quoted field: read to its closing quote, a doubled quote being one quote.
      i++;
      for (;;) {
        const close = csv.indexOf('"', i);
        if (close < 0)
          throw new RangeError(`csv: line ${rows.length + 1} has a quoted field that is not closed`);
        field += csv.slice(i, close);
        i = close + 1;
        if (csv[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      UNQUOTED.lastIndex = i;
      field = UNQUOTED.exec(csv)![0];
      i += field.length;
    }
    row.push(field);
    const end = csv[i];
    if (end !== ',' && end !== '\n' && end !== undefined)
      throw new RangeError(`csv: line ${rows.length + 1} has text after a quoted field`);
    i++;
    // A comma at the very end leaves one more, empty field.
    if (end === ',' && i === csv.length) row.push('');
    if (end !== ',' || i >= csv.length) {
      rows.push(row);
      row = [];
    }
  }
  const width = rows[0]?.length ?? 0;
  rows.forEach((fields, r) => {
    if (fields.length !== width)
      throw new RangeError(`csv: line ${r + 1} has ${fields.length} fields, not ${width}`);
  });
  return rows;
}
