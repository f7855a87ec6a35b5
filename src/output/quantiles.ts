import type { Trajectory } from '../engines/trajectory.js';
import type { ChartBand, ChartSeries } from './chart.js';
import { formatTime, formatValue } from './number-format.js';
import { quantileSorted } from './summary.js';

const LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** For each time and compartment: the mean and the 5/25/50/75/95% quantiles over runs. */
function table(runs: readonly Trajectory[]): { mean: Float64Array; q: Float64Array[] } {
  const first = runs[0]!;
  const n = first.compartments.length;
  const cells = first.times.length * n;
  const mean = new Float64Array(cells);
  const q = LEVELS.map(() => new Float64Array(cells));
  const column = new Float64Array(runs.length);
  for (let cell = 0; cell < cells; cell++) {
    let sum = 0;
    for (let r = 0; r < runs.length; r++) {
      column[r] = runs[r]!.values[cell]!;
      sum += column[r]!;
    }
    column.sort();
    mean[cell] = sum / runs.length;
    LEVELS.forEach((level, i) => {
      q[i]![cell] = quantileSorted(column, level);
    });
  }
  return { mean, q };
}

/** `quantiles.csv`: `t,compartment,mean,q05,q25,q50,q75,q95`, one row per time and compartment. */
export function quantilesCsv(runs: readonly Trajectory[]): string {
  const first = runs[0]!;
  const n = first.compartments.length;
  const { mean, q } = table(runs);
  const lines = ['t,compartment,mean,q05,q25,q50,q75,q95'];
  for (let row = 0; row < first.times.length; row++) {
    for (let c = 0; c < n; c++) {
      const cell = row * n + c;
      const values = [mean[cell]!, ...q.map((level) => level[cell]!)].map(formatValue).join(',');
      lines.push(`${formatTime(first.times[row]!)},${first.compartments[c]},${values}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Chart input for an ensemble: the median of each compartment with 50% and 90% bands. */
export function quantileSeries(runs: readonly Trajectory[]): { series: ChartSeries[]; bands: ChartBand[] } {
  const first = runs[0]!;
  const n = first.compartments.length;
  const rows = first.times.length;
  const { q } = table(runs);
  const pick = (level: number, c: number) =>
    Float64Array.from({ length: rows }, (_, row) => q[level]![row * n + c]!);
  const series = first.compartments.map((name, c) => ({ name, values: pick(2, c) }));
  const bands = first.compartments.flatMap((name, c) => [
    { name, low: pick(0, c), high: pick(4, c), opacity: 0.15 },
    { name, low: pick(1, c), high: pick(3, c), opacity: 0.3 },
  ]);
  return { series, bands };
}
