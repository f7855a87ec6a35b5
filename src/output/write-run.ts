import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Trajectory } from '../engines/trajectory.js';
import type { Scenario } from '../scenario/schema.js';
import { writeFileAtomic } from './atomic.js';
import { renderChartSvg, svgToPng } from './chart.js';
import { quantileSeries, quantilesCsv } from './quantiles.js';
import { timeseriesCsv } from './timeseries-csv.js';

/** What a run directory holds besides the tables: the summary fields and output options. */
export interface RunFiles {
  dir: string;
  scenario: Scenario;
  summary: Record<string, unknown>;
  runs: readonly Trajectory[];
  png: boolean;
  /** Engine-specific files from the first run (`Engine.artifacts`), written as they are. */
  artifacts?: Record<string, string | Uint8Array> | undefined;
}

/** Writes every output file of DESIGN.md §4 into `dir`, each atomically. Returns the file names. */
export function writeRun({ dir, scenario, summary, runs, png, artifacts }: RunFiles): string[] {
  const files: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(dir, name), data);
    files.push(name);
  };
  write('timeseries.csv', timeseriesCsv(runs));
  if (runs.length > 1) write('quantiles.csv', quantilesCsv(runs));
  const first = runs[0]!;
  const title = `${scenario.title}${runs.length > 1 ? ` (${runs.length} runs: median, 50% and 90% bands)` : ''}`;
  const chart = {
    title,
    xLabel: `t (${scenario.time.unit})`,
    yLabel: 'count',
    times: first.times,
    ...(runs.length > 1 ? quantileSeries(runs) : { series: singleSeries(first) }),
  };
  const svg = renderChartSvg(chart);
  write('chart.svg', svg);
  if (png) write('chart.png', svgToPng(svg));
  for (const [name, data] of Object.entries(artifacts ?? {})) write(name, data);
  write('scenario.resolved.yaml', stringify(scenario, { lineWidth: 0 }));
  write('summary.json', `${JSON.stringify({ ...summary, files: [...files, 'summary.json'] }, null, 2)}\n`);
  return [...files];
}

function singleSeries(run: Trajectory) {
  const n = run.compartments.length;
  return run.compartments.map((name, c) => ({
    name,
    values: Float64Array.from({ length: run.times.length }, (_, row) => run.values[row * n + c]!),
  }));
}
