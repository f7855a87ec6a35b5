import { parquetWriteBuffer } from 'hyparquet-writer';
import { VERSION } from '../core/version.js';

/**
 * One column of a Parquet table. Numbers are DOUBLE: NaN is written as null, since pandas, R and
 * DuckDB read a null as "missing" and NaN differently each, while ±Infinity stays ±Infinity (IEEE
 * 754 has it, and every reader gives it back as inf). Whole numbers are INT32 (or null), text
 * STRING (or null).
 */
export type ParquetColumn =
  | { readonly name: string; readonly type: 'DOUBLE'; readonly data: ArrayLike<number> }
  | { readonly name: string; readonly type: 'INT32'; readonly data: ArrayLike<number | null> }
  | { readonly name: string; readonly type: 'STRING'; readonly data: readonly (string | null)[] }
  | { readonly name: string; readonly type: 'BOOLEAN'; readonly data: readonly (boolean | null)[] };

/**
 * A table as the bytes of a Parquet file (hyparquet-writer: pure JavaScript, snappy-compressed,
 * no native code), for `writeRun` to write atomically like any other artifact. Every column must
 * have the same length, and an INT32 column hold only 32-bit integers (the writer would silently
 * wrap or truncate anything else). The bytes depend only on the columns, so the same table gives
 * the same file.
 */
export function parquetTable(columns: readonly ParquetColumn[]): Uint8Array {
  const rows = columns[0]?.data.length ?? 0;
  for (const column of columns) {
    if (column.data.length !== rows)
      throw new RangeError(`parquet column '${column.name}' has ${column.data.length} rows, not ${rows}`);
    if (column.type === 'INT32') checkInt32(column.name, column.data);
  }
  const buffer = parquetWriteBuffer({
    columnData: columns.map((column) => ({
      name: column.name,
      type: column.type,
      data: column.type === 'DOUBLE' ? doubles(column.data) : Array.from<unknown>(column.data),
    })),
    createdBy: `undead ${VERSION}`,
  });
  return new Uint8Array(buffer);
}

/** Throws unless every value is null or a 32-bit integer. */
function checkInt32(name: string, data: ArrayLike<number | null>): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== null && (v | 0) !== v)
      throw new RangeError(`parquet column '${name}' is INT32 but row ${i} holds ${v}`);
  }
}

/**
 * Numbers with NaN as null (see `ParquetColumn`). A column without NaN is passed as a
 * Float64Array, so a long time series is not copied into a JavaScript array of numbers.
 */
function doubles(data: ArrayLike<number>): Float64Array | (number | null)[] {
  for (let i = 0; i < data.length; i++)
    if (Number.isNaN(data[i])) return Array.from(data, (v) => (Number.isNaN(v) ? null : v));
  return data instanceof Float64Array ? data : Float64Array.from(data);
}
