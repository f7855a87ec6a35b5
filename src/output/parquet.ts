import { parquetWriteBuffer } from 'hyparquet-writer';
import { VERSION } from '../core/version.js';

/**
 * One column of a Parquet table. Numbers are DOUBLE (NaN is written as null, since pandas, R and
 * DuckDB read a null as "missing" and NaN differently each), whole numbers INT32, text STRING.
 */
export type ParquetColumn =
  | { readonly name: string; readonly type: 'DOUBLE'; readonly data: ArrayLike<number> }
  | { readonly name: string; readonly type: 'INT32'; readonly data: ArrayLike<number> }
  | { readonly name: string; readonly type: 'STRING'; readonly data: readonly (string | null)[] }
  | { readonly name: string; readonly type: 'BOOLEAN'; readonly data: readonly (boolean | null)[] };

/**
 * A table as the bytes of a Parquet file (hyparquet-writer: pure JavaScript, snappy-compressed,
 * no native code), for `writeRun` to write atomically like any other artifact. Every column must
 * have the same length. The bytes depend only on the columns, so the same table gives the same file.
 */
export function parquetTable(columns: readonly ParquetColumn[]): Uint8Array {
  const rows = columns[0]?.data.length ?? 0;
  for (const column of columns)
    if (column.data.length !== rows)
      throw new RangeError(`parquet column '${column.name}' has ${column.data.length} rows, not ${rows}`);
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

/** Numbers with NaN as null (see `ParquetColumn`). */
function doubles(data: ArrayLike<number>): (number | null)[] {
  return Array.from(data, (v) => (Number.isNaN(v) ? null : v));
}
