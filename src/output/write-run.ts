import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Trajectory } from '../engines/trajectory.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { Scenario } from '../scenario/schema.js';
import { writeFileAtomic } from './atomic.js';
import { svgToPng } from './chart.js';
import { quantilesCsv } from './quantiles.js';
import { runCharts } from './run-charts.js';
import { withReadableTimes } from './time-format.js';
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
  for (const chart of runCharts(scenario, runs)) {
    write(`${chart.name}.svg`, chart.svg);
    if (png) write(`${chart.name}.png`, svgToPng(chart.svg));
  }
  for (const [name, data] of Object.entries(artifacts ?? {})) write(name, data);
  write('scenario.resolved.yaml', stringify(scenario, { lineWidth: 0 }));
  const full = withReadableTimes({ ...summary, files: [...files, 'summary.json'] }, timeScaleOf(scenario));
  write('summary.json', `${JSON.stringify(full, null, 2)}\n`);
  return [...files];
}
