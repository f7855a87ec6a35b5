import type { Trajectory } from '../engines/trajectory.js';
import { CHUNK_CHARS } from './chunk-size.js';
import { formatTime, formatValue } from './number-format.js';

/**
 * `timeseries.csv`: the header `t,<compartments…>` and one row per output time. With more than one
 * run, a leading `run` column numbers the replicates from 0. Yields the text in chunks of about
 * `CHUNK_CHARS` characters, each ending at a line's end, so a long table is never one string.
 */
export function* timeseriesCsvChunks(runs: readonly Trajectory[]): Generator<string> {
  const first = runs[0]!;
  const n = first.compartments.length;
  const withRun = runs.length > 1;
  let chunk = `${withRun ? 'run,' : ''}t,${first.compartments.join(',')}\n`;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    const prefix = withRun ? `${r},` : '';
    for (let row = 0; row < run.times.length; row++) {
      let line = `${prefix}${formatTime(run.times[row]!)}`;
      for (let c = 0; c < n; c++) line += `,${formatValue(run.values[row * n + c]!)}`;
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield chunk;
}
