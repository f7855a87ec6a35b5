import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { streamFor } from '../core/random.js';
import { createSsa } from '../engines/ssa/engine.js';
import type { SsaMethod } from '../engines/ssa/method.js';
import type { Trajectory } from '../engines/trajectory.js';
import { runEnsemble } from '../ensemble/run-ensemble.js';
import { loadSpec, type RunSpec } from '../ensemble/run-spec.js';
import { ensembleArtifacts, storyAcrossRuns } from '../output/ensemble-files.js';
import { summarise } from '../output/summary.js';
import { writeRun } from '../output/write-run.js';
import { readScenarioText, scenarioPath } from '../scenario/files.js';
import type { EngineName } from '../scenario/schema.js';
import { humanSummary } from './human-summary.js';
import { type ProgressMode, progressReporter } from './progress.js';
import { VERSION } from './version.js';

/** The options of `undead run` (DESIGN.md §3). */
export interface RunOptions {
  engine?: EngineName;
  method: SsaMethod;
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
  /** `--max-events`: reaction events per run (a tau leap counts as 100). */
  maxEvents?: number;
}

/** Ctrl-C stopped the run before its outputs were written; the command exits 130. */
export class Interrupted extends Error {
  readonly exitCode = 130;

  constructor() {
    super('interrupted: no outputs were written');
    this.name = 'Interrupted';
  }
}

/**
 * `undead run SCENARIO`: runs it (replicates on a pool of worker threads), writes the outputs of
 * DESIGN.md §4 and prints a summary. Ctrl-C stops the pool and exits 130 with nothing written:
 * outputs are written only once every replicate is done.
 */
export async function runCommand(scenarioArg: string, options: RunOptions): Promise<void> {
  const file = scenarioPath(scenarioArg);
  const spec: RunSpec = {
    text: readScenarioText(file),
    file,
    settings: [
      ...options.set,
      ...(options.until === undefined ? [] : [`time.until=${options.until}`]),
      ...(options.every === undefined ? [] : [`time.every=${options.every}`]),
    ],
    engine: options.engine,
    method: options.method,
    seed: options.seed,
    maxEvents: options.maxEvents,
  };
  const loaded = loadSpec(spec);
  const { scenario } = loaded;
  const workers = Math.min(options.workers ?? availableParallelism(), options.runs);
  const started = performance.now();
  const progress = progressReporter(options.progress, scenario.name);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  // A single replicate runs in this thread, where no handler could run: Ctrl-C then simply ends the process.
  if (options.runs > 1) process.on('SIGINT', interrupt);
  try {
    let runs: Awaited<ReturnType<typeof runEnsemble>>;
    try {
      runs = await runEnsemble(
        spec,
        {
          runs: options.runs,
          workers,
          signal: controller.signal,
          onProgress: (done, total) =>
            progress.update(done / total, total > 1 ? `${Math.floor(done)}/${total} runs` : undefined),
        },
        loaded,
      );
    } catch (error) {
      if (controller.signal.aborted) throw new Interrupted();
      throw error;
    }
    progress.done();
    const wallSeconds = (performance.now() - started) / 1000;

    process.on('SIGINT', interrupt);
    const dir = options.out ?? defaultOutDir(scenario.name);
    const summary = summarise(runs);
    const stories = storiesOf(runs);
    const method =
      scenario.engine === 'ssa'
        ? createSsa(loaded, streamFor(0), { method: options.method }).kernel.name
        : undefined;
    writeRun({
      dir,
      scenario,
      runs,
      png: options.png,
      artifacts: ensembleArtifacts(runs),
      summary: {
        scenario: scenario.name,
        engine: scenario.engine,
        ...(method === undefined ? {} : { method }),
        seed: options.seed,
        runs: options.runs,
        workers,
        until: scenario.time.until,
        every: scenario.time.every,
        unit: scenario.time.unit,
        ...summary,
        ...stories,
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
      process.stdout.write(
        `${humanSummary(summary, head, stories.story, stories.stories)}\noutputs: ${dir}\n`,
      );
    }
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/**
 * The engine's story for summary.json: the run's; for an ensemble, the first run's (whose events
 * and replay are written) and `stories`, all of them summarised (see `storyAcrossRuns`).
 */
function storiesOf(runs: readonly Trajectory[]): { story?: Record<string, unknown>; stories?: unknown } {
  const first = runs[0]!.story;
  if (first === undefined) return {};
  if (runs.length === 1) return { story: first };
  return { story: first, stories: storyAcrossRuns(runs.map((run) => run.story)) };
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
