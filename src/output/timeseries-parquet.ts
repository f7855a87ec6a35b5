import type { Trajectory } from '../engines/trajectory.js';
import { roundedTime } from './number-format.js';
import { type ParquetColumn, parquetTable } from './parquet.js';

/**
 * `timeseries.parquet`: the table of `timeseries.csv` (see `timeseriesCsvChunks`) as Parquet: with
 * more than one run a leading `run` column (INT32, replicates from 0), then `t` and one column per
 * compartment, in order (DOUBLE). The times are those the CSV prints (12 significant digits, without
 * the float noise of k·every) and the values are the same doubles, so the two files agree exactly.
 */
export function timeseriesParquet(runs: readonly Trajectory[]): Uint8Array {
  const first = runs[0]!;
  const n = first.compartments.length;
  const rows = runs.reduce((sum, run) => sum + run.times.length, 0);
  const run = new Int32Array(rows);
  const t = new Float64Array(rows);
  const values = first.compartments.map(() => new Float64Array(rows));
  let at = 0;
  for (let r = 0; r < runs.length; r++) {
    const { times, values: flat } = runs[r]!;
    for (let row = 0; row < times.length; row++, at++) {
      run[at] = r;
      t[at] = roundedTime(times[row]!);
      for (let c = 0; c < n; c++) values[c]![at] = flat[row * n + c]!;
    }
  }
  const columns: ParquetColumn[] = [
    ...(runs.length > 1 ? [{ name: 'run', type: 'INT32' as const, data: run }] : []),
    { name: 't', type: 'DOUBLE', data: t },
    ...first.compartments.map((name, c) => ({ name, type: 'DOUBLE' as const, data: values[c]! })),
  ];
  return parquetTable(columns);
}
