import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { streamFor } from '../core/random.js';
import { createEngine } from '../engines/create.js';
import { outputTimes, record, type Trajectory } from '../engines/trajectory.js';
import { summarise } from '../output/summary.js';
import { writeRun } from '../output/write-run.js';
import { loadScenario } from '../scenario/files.js';
import type { EngineName } from '../scenario/schema.js';
import { humanSummary } from './human-summary.js';
import { type ProgressMode, progressReporter } from './progress.js';
import { VERSION } from './version.js';

/** The options of `undead run` (DESIGN.md §3). */
export interface RunOptions {
  engine?: EngineName;
  seed: number;
  runs: number;
  until?: number;
  every?: number;
  set: string[];
  out?: string;
  workers?: number;
  progress: ProgressMode;
  quiet: boolean;
  png: boolean;
}

/** `undead run SCENARIO`: runs it, writes the outputs of DESIGN.md §4 and prints a summary. */
export function runCommand(scenarioArg: string, options: RunOptions): void {
  const settings = [
    ...options.set,
    ...(options.until === undefined ? [] : [`time.until=${options.until}`]),
    ...(options.every === undefined ? [] : [`time.every=${options.every}`]),
    ...(options.engine === undefined ? [] : [`engine=${options.engine}`]),
  ];
  const loaded = loadScenario(scenarioArg, settings);
  const { scenario } = loaded;
  const times = outputTimes(scenario.time.until, scenario.time.every);
  const started = performance.now();
  const progress = progressReporter(options.progress, scenario.name);
  const runs: Trajectory[] = [];
  for (let r = 0; r < options.runs; r++) {
    const engine = createEngine(scenario.engine, loaded, streamFor(options.seed, r));
    runs.push(record(engine, times, (fraction) => progress.update((r + fraction) / options.runs)));
  }
  progress.done();
  const wallSeconds = (performance.now() - started) / 1000;

  const dir = options.out ?? defaultOutDir(scenario.name);
  const summary = summarise(runs);
  writeRun({
    dir,
    scenario,
    runs,
    png: options.png,
    artifacts: runs[0]!.artifacts,
    summary: {
      scenario: scenario.name,
      engine: scenario.engine,
      seed: options.seed,
      runs: options.runs,
      workers: options.workers ?? availableParallelism(),
      until: scenario.time.until,
      every: scenario.time.every,
      unit: scenario.time.unit,
      ...summary,
      ...(runs[0]!.story === undefined ? {} : { story: runs[0]!.story }),
      wall_seconds: Number(wallSeconds.toFixed(3)),
      version: VERSION,
    },
  });
  if (!options.quiet) {
    const head = {
      scenario: scenario.name,
      engine: scenario.engine,
      runs: options.runs,
      seed: options.seed,
      until: scenario.time.until,
      unit: scenario.time.unit,
    };
    process.stdout.write(`${humanSummary(summary, head)}\noutputs: ${dir}\n`);
  }
}

/** `runs/NAME-YYYYMMDD-HHMMSS`, with a suffix if that folder already exists. */
function defaultOutDir(name: string): string {
  const now = new Date();
  const pad = (v: number) => String(v).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = join('runs', `${name}-${stamp}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}
