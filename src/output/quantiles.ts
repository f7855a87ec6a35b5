import type { Trajectory } from '../engines/trajectory.js';
import type { ChartBand, ChartSeries } from './chart.js';
import { CHUNK_CHARS } from './chunked-file.js';
import { formatTime, formatValue, roundFigures } from './number-format.js';
import { quantileSorted } from './summary.js';

const LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * The statistics of one cell (a time and a compartment) over runs: the mean, then the
 * 5/25/50/75/95% quantiles, written into `out` (6 values); `column` is scratch of one value a run.
 */
function cellStats(runs: readonly Trajectory[], cell: number, column: Float64Array, out: Float64Array): void {
  let sum = 0;
  for (let r = 0; r < runs.length; r++) {
    column[r] = runs[r]!.values[cell]!;
    sum += column[r]!;
  }
  column.sort();
  out[0] = sum / runs.length;
  for (let i = 0; i < LEVELS.length; i++) out[i + 1] = quantileSorted(column, LEVELS[i]!);
}

/**
 * `quantiles.csv`: `t,compartment,mean,q05,q25,q50,q75,q95`, one row per time and compartment.
 * Yields the text in chunks of about `CHUNK_CHARS` characters, computing each row as it goes, so
 * memory stays bounded whatever the length of the runs.
 */
export function* quantilesCsvChunks(runs: readonly Trajectory[]): Generator<string> {
  const first = runs[0]!;
  const n = first.compartments.length;
  const column = new Float64Array(runs.length);
  const stats = new Float64Array(1 + LEVELS.length);
  let chunk = 't,compartment,mean,q05,q25,q50,q75,q95\n';
  for (let row = 0; row < first.times.length; row++) {
    const t = formatTime(first.times[row]!);
    for (let c = 0; c < n; c++) {
      cellStats(runs, row * n + c, column, stats);
      let line = `${t},${first.compartments[c]}`;
      // A mean or an interpolated quantile of counts, to 12 figures as in summary.json (3.4, not 3.3999999999999986).
      for (let i = 0; i < stats.length; i++) line += `,${formatValue(roundFigures(stats[i]!))}`;
      chunk += `${line}\n`;
    }
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/**
 * Chart input for an ensemble: the median of each compartment with 50% and 90% bands, at the
 * given output rows (default: all of them).
 */
export function quantileSeries(
  runs: readonly Trajectory[],
  rows: ArrayLike<number> = Array.from(runs[0]!.times, (_, row) => row),
): { series: ChartSeries[]; bands: ChartBand[] } {
  const first = runs[0]!;
  const n = first.compartments.length;
  const column = new Float64Array(runs.length);
  const stats = new Float64Array(1 + LEVELS.length);
  const q = LEVELS.map(() => first.compartments.map(() => new Float64Array(rows.length)));
  for (let k = 0; k < rows.length; k++) {
    for (let c = 0; c < n; c++) {
      cellStats(runs, rows[k]! * n + c, column, stats);
      for (let i = 0; i < LEVELS.length; i++) q[i]![c]![k] = stats[i + 1]!;
    }
  }
  const series = first.compartments.map((name, c) => ({ name, values: q[2]![c]! }));
  const bands = first.compartments.flatMap((name, c) => [
    { name, low: q[0]![c]!, high: q[4]![c]!, opacity: 0.15 },
    { name, low: q[1]![c]!, high: q[3]![c]!, opacity: 0.3 },
  ]);
  return { series, bands };
}
