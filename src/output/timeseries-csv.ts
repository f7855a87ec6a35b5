import type { Trajectory } from '../engines/trajectory.js';
import { formatTime, formatValue } from './number-format.js';

/**
 * `timeseries.csv`: the header `t,<compartments…>` and one row per output time. With more than one
 * run, a leading `run` column numbers the replicates from 0.
 */
export function timeseriesCsv(runs: readonly Trajectory[]): string {
  const first = runs[0]!;
  const n = first.compartments.length;
  const withRun = runs.length > 1;
  const lines = [`${withRun ? 'run,' : ''}t,${first.compartments.join(',')}`];
  runs.forEach((run, r) => {
    for (let row = 0; row < run.times.length; row++) {
      let line = `${withRun ? `${r},` : ''}${formatTime(run.times[row]!)}`;
      for (let c = 0; c < n; c++) line += `,${formatValue(run.values[row * n + c]!)}`;
      lines.push(line);
    }
  });
  return `${lines.join('\n')}\n`;
}
