import { availableParallelism, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { flagError, InputError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { parseRedisAddress } from '../ensemble/queue/redis-address.js';
import type { SweepDesign } from '../ensemble/sweep/design.js';
import { designFromFlags } from '../ensemble/sweep/design-from-flags.js';
import { ENGINE_NAME, type PointPlan, planPoints } from '../ensemble/sweep/point-plans.js';
import { runSweep } from '../ensemble/sweep/run-sweep.js';
import { writeChunks } from '../output/chunked-file.js';
import { roundFigures } from '../output/number-format.js';
import { outbreakRoles } from '../output/outcomes.js';
import { parquetTable } from '../output/parquet.js';
import { outputFolder, writeRunFolder } from '../output/run-folder.js';
import type { PointValues } from '../output/sweep-chart.js';
import {
  pointSummaries,
  pointsColumns,
  resultsColumns,
  type SweepMetric,
  sweepMetrics,
  tableCsv,
} from '../output/sweep-tables.js';
import { readScenarioText, scenarioPath } from '../scenario/files.js';
import { parseOverride } from '../scenario/overrides.js';
import type { LoadedScenario } from '../scenario/parse.js';
import { budgetIssue, checkBudget, MAX_RUNS, memoryLimit } from './budget.js';
import { readFlagFile } from './input-file.js';
import { openRunner } from './open-runner.js';
import { type ProgressReporter, progressReporter } from './progress.js';
import { resolvedForFolder } from './resolved-scenario.js';
import { planRun } from './run-plan.js';
import { catchStopSignals, Interrupted } from './stop-signals.js';
import type { SweepOptions } from './sweep-options.js';
import { sweepText } from './sweep-text.js';

export type { SweepOptions } from './sweep-options.js';

/** The metric of a took-off judgement: the share of a point's runs that took off. */
const TOOK_OFF = 'took_off_fraction';

/**
 * `undead sweep SCENARIO`: runs `--runs` replicates at every point of a design (`--vary` grid,
 * `--lhs` sample or `--points` file) on one runner (`openRunner`: threads here, or `--queue`), and
 * writes `results.parquet` (one row per run), `points.parquet` and `points.csv` (one row per
 * point), `sweep.svg`, `scenario.resolved.yaml` and `summary.json` into a folder that appears
 * whole or not at all. Everything is checked before anything runs; Ctrl-C writes nothing.
 */
export async function sweepCommand(scenarioArg: string, options: SweepOptions): Promise<void> {
  const progress = progressReporter(
    options.progress,
    `${basename(scenarioArg).replace(/\.ya?ml$/, '')} sweep`,
  );
  try {
    await sweepAndReport(scenarioArg, options, progress);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress.finish(error instanceof Interrupted ? 'interrupted' : 'failed', { message });
    throw error;
  }
}

async function sweepAndReport(
  scenarioArg: string,
  options: SweepOptions,
  progress: ProgressReporter,
): Promise<void> {
  const note = (message: string) =>
    process.stderr.write(
      options.progress === 'json' ? `${JSON.stringify({ note: message })}\n` : `note: ${message}\n`,
    );
  const file = scenarioPath(scenarioArg);
  const text = readScenarioText(file);
  const design = designFromFlags({
    vary: options.vary,
    lhs: options.lhs,
    points:
      options.points === undefined
        ? undefined
        : { file: options.points, text: readFlagFile('--points', options.points) },
    seed: options.seed,
  });
  const enginesVaried = design.names.includes(ENGINE_NAME);
  if (enginesVaried && options.engine !== undefined)
    throw flagError('--engine', 'the engine is varied by the design: leave out --engine');
  // The base: the scenario with the user's --set, --until, --every and --engine (checked as `run` would).
  const base = planRun(
    file,
    text,
    { ...options, method: 'auto', runs: enginesVaried ? 1 : options.runs },
    note,
  );
  sameFieldTwice(design, base.loaded, options.points === undefined ? '--vary' : '--points');
  const cores = availableParallelism();
  const limit = memoryLimit(options.maxMemory, totalmem());
  // Each point's budget too (a point may vary time.until or the people): the fewest workers any allows.
  let workers = Math.max(1, Math.min(options.workers ?? cores, cores, design.points.length * options.runs));
  const plans = planPoints(base.spec, design, options.runs, (loaded, runs) => {
    workers = checkBudget(
      loaded,
      runs,
      workers,
      limit,
      (path, message) => budgetIssue(loaded, path, message),
      () => {},
    );
  });
  const total = plans.reduce((sum, plan) => sum + plan.runs, 0);
  if (total > MAX_RUNS)
    throw flagError(
      '--runs',
      `${design.points.length.toLocaleString('en-US')} points × ${options.runs} runs is ${total.toLocaleString('en-US')} runs; a sweep has at most ${MAX_RUNS.toLocaleString('en-US')}`,
    );
  if (enginesVaried && options.runs > 1 && plans.some((plan) => plan.engine === 'ode'))
    note('the ode engine is deterministic: its points run once');
  const compartments = plans[0]!.compartments;
  if (plans.some((plan) => plan.compartments.join() !== compartments.join()))
    throw flagError('--vary', 'the points do not all have the same compartments; sweep them separately');
  // The base's budget again, for its notes (fewer workers than asked for).
  workers = checkBudget(
    base.loaded,
    plans.reduce((most, plan) => Math.max(most, plan.runs), 1),
    Math.min(workers, total),
    limit,
    (path, message) => budgetIssue(base.loaded, path, message),
    note,
  );
  const metric = chooseMetric(options.metric, base, plans);
  const started = performance.now();
  const folder = outputFolder(options.out, `${base.loaded.scenario.name}-sweep`, options.force);
  const runner = await openRunner({ workers, queue: options.queue, note });
  const controller = new AbortController();
  const release = catchStopSignals(controller, folder.abandon);
  try {
    let rows: Awaited<ReturnType<typeof runSweep>>;
    try {
      rows = await runSweep(design, plans, {
        runner,
        signal: controller.signal,
        onProgress: (done, all) => progress.update(done, all, 'runs'),
      });
    } finally {
      await runner.close();
    }
    progress.done();
    const wallSeconds = (performance.now() - started) / 1000;
    const metrics = sweepMetrics(compartments, rows);
    const summaries = pointSummaries(design.points.length, rows, metrics);
    const chosen = metric === TOOK_OFF || metrics.some((m) => m.name === metric) ? metric : undefined;
    if (chosen === undefined)
      note(`no run told '${metric}'; the chart is left out (the metrics are ${metricNames(metrics)})`);
    const values = chosen === undefined ? undefined : pointValues(chosen, summaries);
    // A band over one run (the ODE, or --runs 1) or over a share of runs would say nothing.
    const band = chosen !== TOOK_OFF && plans.some((plan) => plan.runs > 1);
    const engines = [...new Set(plans.map((plan) => plan.engine))];
    const caption = `${base.loaded.scenario.name}, ${engines.join('/')}, ${options.runs} run${options.runs === 1 ? '' : 's'} per point`;
    const resultsTable = resultsColumns(design, rows, metrics, options.seed);
    const pointsTable = pointsColumns(design, summaries, metrics);
    const files: [string, string | Uint8Array][] = [
      ['results.parquet', parquetTable(resultsTable)],
      ['points.parquet', parquetTable(pointsTable)],
      ['points.csv', tableCsv(pointsTable)],
    ];
    if (values !== undefined) {
      const [{ sweepChartSvg }, { svgToPng }] = await Promise.all([
        import('../output/sweep-chart.js'),
        import('../output/chart.js'),
      ]);
      const svg = sweepChartSvg({ design, metric: chosen!, values, band, caption });
      files.push(['sweep.svg', svg]);
      if (options.png) files.push(['sweep.png', svgToPng(svg)]);
    }
    files.push([
      'scenario.resolved.yaml',
      stringify(resolvedForFolder(base.loaded.scenario, base.loaded.file), { lineWidth: 0 }),
    ]);
    const summary = roundFigures({
      scenario: base.loaded.scenario.name,
      design: design.kind,
      varied: variedSummary(design),
      points: design.points.length,
      runs: options.runs,
      total_runs: total,
      seed: options.seed,
      engine: engines.length === 1 ? engines[0] : engines,
      // On a queue, the workers are wherever `undead worker` runs: say where, not this machine's threads.
      ...(options.queue === undefined ? { workers } : { queue: parseRedisAddress(options.queue).shown }),
      until: base.loaded.scenario.time.until,
      every: base.loaded.scenario.time.every,
      unit: base.loaded.scenario.time.unit,
      overrides: {
        set: options.set,
        ...(options.until === undefined ? {} : { until: options.until }),
        ...(options.every === undefined ? {} : { every: options.every }),
      },
      metric: chosen ?? null,
      files: [...files.map(([name]) => name), 'summary.json'],
      wall_seconds: Number(wallSeconds.toFixed(3)),
      version: VERSION,
    });
    files.push(['summary.json', `${JSON.stringify(summary, null, 2)}\n`]);
    await writeRunFolder(
      folder,
      async (staging) => {
        for (const [name, data] of files) await writeChunks(join(staging, name), [data], controller.signal);
      },
      controller.signal,
    );
    progress.finish('done', { out: folder.name });
    if (options.quiet) process.stdout.write(`${folder.name}\n`);
    else {
      const head = `${caption}: ${design.points.length} points (${design.kind}: ${design.names.join(', ')}), seed ${options.seed}`;
      const table = values === undefined ? head : sweepText(head, design, chosen!, values, band);
      process.stdout.write(`${table}\noutputs: ${folder.name}\n`);
    }
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    release();
  }
}

/**
 * The metric the chart shows: `--metric`, or by default the hosts' final count (`final_S`: the
 * compartment largest at t = 0). `took_off` means `took_off_fraction`. A name that is none of the
 * columns every run has is refused before anything runs, unless an agents point may tell it in its
 * story.
 */
function chooseMetric(
  asked: string | undefined,
  base: ReturnType<typeof planRun>,
  plans: readonly PointPlan[],
): string {
  const { compartments } = base.compiled.network;
  if (asked === undefined) {
    const hosts = outbreakRoles(base.compiled.network, base.compiled.initial).hosts;
    return `final_${compartments[hosts]}`;
  }
  if (asked === 'took_off' || asked === TOOK_OFF) {
    if (plans.every((plan) => plan.roles === undefined))
      throw flagError('--metric', 'the ode engine is deterministic: no run takes off or fades out');
    return TOOK_OFF;
  }
  const known = sweepMetrics(compartments, []).map((m) => m.name);
  if (known.includes(asked) || plans.some((plan) => plan.engine === 'agents')) return asked;
  throw new InputError([
    flagError(
      '--metric',
      `'${asked}' is not a column of results.parquet; choose one of ${known.join(', ')}, took_off`,
    ).issues[0]!,
  ]);
}

function metricNames(metrics: readonly SweepMetric[]): string {
  return [...metrics.map((m) => m.name), TOOK_OFF].join(', ');
}

/** The metric's mean and 90% band at every point (NaN where a point has no value). */
function pointValues(metric: string, summaries: ReturnType<typeof pointSummaries>): PointValues {
  if (metric === TOOK_OFF) {
    const mean = summaries.map((s) => s.tookOffFraction ?? Number.NaN);
    return { mean, q05: mean, q95: mean };
  }
  const of = (stat: 'mean' | 'q05' | 'q95') =>
    summaries.map((s) => s.spreads.get(metric)?.[stat] ?? Number.NaN);
  return { mean: of('mean'), q05: of('q05'), q95: of('q95') };
}

/** Per varied name: its distinct values (the first 100), how many, and the least and greatest. */
function variedSummary(design: SweepDesign): Record<string, unknown> {
  return Object.fromEntries(
    design.names.map((name, d) => {
      const values = [...new Set(design.points.map((point) => point.values[d]!))];
      const numbers = values.filter((v): v is number => typeof v === 'number');
      return [
        name,
        {
          distinct: values.length,
          values: values.slice(0, 100),
          ...(numbers.length > 0
            ? { min: numbers.reduce((a, b) => Math.min(a, b)), max: numbers.reduce((a, b) => Math.max(a, b)) }
            : {}),
        },
      ];
    }),
  );
}

/**
 * Refuses a design that names one field twice under two names (`beta` and `model.parameters.beta`,
 * `S` and `initial.S`): the later name's values would silently win over the earlier's.
 */
function sameFieldTwice(design: SweepDesign, loaded: LoadedScenario, flag: string): void {
  const fields = design.names.map((name) => {
    const override = parseOverride(`${name}=0`, loaded.scenario);
    return typeof override === 'string' ? name : override.path.join('.');
  });
  fields.forEach((field, k) => {
    const first = fields.indexOf(field);
    if (first < k)
      throw flagError(flag, `${field} is varied twice, as ${design.names[first]} and as ${design.names[k]}`);
  });
}
