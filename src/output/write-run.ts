import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Trajectory } from '../engines/trajectory.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { Scenario } from '../scenario/schema.js';
import { writeChunks } from './chunked-file.js';
import { quantilesCsvChunks } from './quantiles.js';
import { type RunFolder, writeRunFolder } from './run-folder.js';
import { withReadableTimes } from './time-format.js';
import { timeseriesCsvChunks } from './timeseries-csv.js';

/** What a run directory holds besides the tables: the summary fields and output options. */
export interface RunFiles {
  /** Where the files go, checked before the run (`checkRunFolder`). */
  folder: RunFolder;
  scenario: Scenario;
  summary: Record<string, unknown>;
  runs: readonly Trajectory[];
  png: boolean;
  /**
   * Also write `timeseries.parquet` and the Parquet twin of each engine table (`parquetTwin`:
   * groups.parquet, factions.parquet, agents.parquet), each beside its CSV.
   */
  parquet?: boolean | undefined;
  /** Engine-specific files from the first run (`Engine.artifacts`), written as they are. */
  artifacts?: Record<string, string | Uint8Array> | undefined;
  /** Aborting stops the writing at the next chunk and throws the signal's reason; nothing is left. */
  signal?: AbortSignal | undefined;
}

/**
 * Writes every output file of a run into its folder (`summary.json`, `timeseries.csv`, with
 * `quantiles.csv` for an ensemble, the charts, `scenario.resolved.yaml` and the engine's own
 * files; with `parquet`, the Parquet twins of the tables), the long tables in chunks and `summary.json` last, and returns the file names. The files go into a staging folder that then
 * replaces the folder in one step: a run that fails or is stopped while writing leaves the old
 * folder as it was (`writeRunFolder`); a file error becomes an `OutputError`.
 */
export function writeRun(files: RunFiles): Promise<string[]> {
  return writeRunFolder(files.folder, (staging) => writeFiles(staging, files), files.signal);
}

/**
 * The first line of `scenario.resolved.yaml`: the command that reproduces every number from the
 * run's folder. The seed alone does not, for a replicate of an ensemble (`--replicate`), an
 * ensemble, or a run with interventions (their log, `interventions.jsonl`, is a file they read).
 */
function rerunLine(summary: Record<string, unknown>, artifacts: RunFiles['artifacts']): string {
  const flags = typeof summary.seed === 'number' ? [`--seed ${summary.seed}`] : [];
  if (typeof summary.runs === 'number' && summary.runs > 1) flags.push(`--runs ${summary.runs}`);
  if (summary.replicate !== undefined) flags.push(`--replicate ${summary.replicate}`);
  if (artifacts?.['interventions.jsonl'] !== undefined) flags.push('--interventions interventions.jsonl');
  return `# From this folder, \`undead run scenario.resolved.yaml ${flags.join(' ')}\` reproduces every number.\n`;
}

async function writeFiles(dir: string, files: RunFiles): Promise<string[]> {
  const { scenario, summary, runs, png, parquet, artifacts, signal } = files;
  const written: string[] = [];
  const write = async (name: string, data: string | Uint8Array | Iterable<string>) => {
    const path = join(dir, name);
    // An engine file may sit in a subfolder (`frames/0001.svg`).
    if (name.includes('/')) await mkdir(dirname(path), { recursive: true });
    await writeChunks(path, typeof data === 'string' || data instanceof Uint8Array ? [data] : data, signal);
    written.push(name);
  };
  await write('timeseries.csv', timeseriesCsvChunks(runs));
  // Like the charts, the Parquet writer is loaded only by a run that asks for it.
  const twins = parquet === true ? await import('./parquet-twins.js') : undefined;
  if (twins !== undefined) await write('timeseries.parquet', twins.timeseriesParquet(runs));
  if (runs.length > 1) await write('quantiles.csv', quantilesCsvChunks(runs));
  signal?.throwIfAborted();
  // The charting libraries take a quarter of a second to load: only a run that draws pays for it.
  const [{ runCharts }, { svgToPng }] = await Promise.all([import('./run-charts.js'), import('./chart.js')]);
  for (const chart of runCharts(scenario, runs)) {
    await write(`${chart.name}.svg`, chart.svg);
    if (png) await write(`${chart.name}.png`, svgToPng(chart.svg));
  }
  for (const [name, data] of Object.entries(artifacts ?? {})) {
    await write(name, data);
    const twin = twins?.parquetTwin(name, data);
    if (twin !== undefined) await write(twin.path, twin.bytes);
  }
  await write(
    'scenario.resolved.yaml',
    `${rerunLine(summary, artifacts)}${stringify(scenario, { lineWidth: 0 })}`,
  );
  const full = withReadableTimes({ ...summary, files: [...written, 'summary.json'] }, timeScaleOf(scenario));
  await write('summary.json', `${JSON.stringify(full, null, 2)}\n`);
  return [...written];
}
