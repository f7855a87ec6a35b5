import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Trajectory } from '../engines/trajectory.js';
import type { Scenario } from '../scenario/schema.js';
import { renderChartSvg, svgToPng } from './chart.js';
import { writeChunks } from './chunked-file.js';
import { quantileSeries, quantilesCsvChunks } from './quantiles.js';
import { type RunFolder, writeRunFolder } from './run-folder.js';
import { timeseriesCsvChunks } from './timeseries-csv.js';

/** What a run directory holds besides the tables: the summary fields and output options. */
export interface RunFiles {
  /** Where the files go, checked before the run (`checkRunFolder`). */
  folder: RunFolder;
  scenario: Scenario;
  summary: Record<string, unknown>;
  runs: readonly Trajectory[];
  png: boolean;
  /** Engine-specific files from the first run (`Engine.artifacts`), written as they are. */
  artifacts?: Record<string, string | Uint8Array> | undefined;
  /** Aborting stops the writing at the next chunk and throws the signal's reason; nothing is left. */
  signal?: AbortSignal | undefined;
}

/** The most output times a chart draws: more would not show on 800 pixels, only slow it down. */
export const CHART_POINTS = 5000;

/**
 * Writes every output file of DESIGN.md §4 into the run's folder, the long tables in chunks and
 * `summary.json` last, and returns the file names. The files go into a staging folder that then
 * replaces the folder in one step: a run that fails or is stopped while writing leaves the old
 * folder as it was (`writeRunFolder`); a file error becomes an `OutputError`.
 */
export function writeRun(files: RunFiles): Promise<string[]> {
  return writeRunFolder(files.folder, (staging) => writeFiles(staging, files), files.signal);
}

async function writeFiles(dir: string, files: RunFiles): Promise<string[]> {
  const { scenario, summary, runs, png, artifacts, signal } = files;
  const written: string[] = [];
  const write = async (name: string, data: string | Uint8Array | Iterable<string>) => {
    const path = join(dir, name);
    // An engine file may sit in a subfolder (`frames/0001.svg`).
    if (name.includes('/')) await mkdir(dirname(path), { recursive: true });
    await writeChunks(path, typeof data === 'string' || data instanceof Uint8Array ? [data] : data, signal);
    written.push(name);
  };
  await write('timeseries.csv', timeseriesCsvChunks(runs));
  if (runs.length > 1) await write('quantiles.csv', quantilesCsvChunks(runs));
  const first = runs[0]!;
  const rows = chartRows(first.times.length);
  const title = `${scenario.title}${runs.length > 1 ? ` (${runs.length} runs: median, 50% and 90% bands)` : ''}`;
  const chart = {
    title,
    xLabel: `t (${scenario.time.unit})`,
    yLabel: 'count',
    times: Float64Array.from(rows, (row) => first.times[row]!),
    ...(runs.length > 1 ? quantileSeries(runs, rows) : { series: singleSeries(first, rows) }),
  };
  signal?.throwIfAborted();
  const svg = renderChartSvg(chart);
  await write('chart.svg', svg);
  if (png) await write('chart.png', svgToPng(svg));
  for (const [name, data] of Object.entries(artifacts ?? {})) await write(name, data);
  await write('scenario.resolved.yaml', stringify(scenario, { lineWidth: 0 }));
  await write(
    'summary.json',
    `${JSON.stringify({ ...summary, files: [...written, 'summary.json'] }, null, 2)}\n`,
  );
  return [...written];
}

/** The rows a chart draws: all of them, or every k-th and the last when there are more than `CHART_POINTS`. */
export function chartRows(count: number): Uint32Array {
  if (count <= CHART_POINTS) return Uint32Array.from({ length: count }, (_, row) => row);
  const stride = Math.ceil((count - 1) / (CHART_POINTS - 1));
  const rows = Uint32Array.from({ length: Math.ceil((count - 1) / stride) + 1 }, (_, k) => k * stride);
  rows[rows.length - 1] = count - 1;
  return rows;
}

function singleSeries(run: Trajectory, rows: Uint32Array) {
  const n = run.compartments.length;
  return run.compartments.map((name, c) => ({
    name,
    values: Float64Array.from(rows, (row) => run.values[row * n + c]!),
  }));
}
