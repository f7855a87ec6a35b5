import { basename, resolve } from 'node:path';
import { flagError, InputError, RuntimeFailure } from '../core/errors.js';
import { SnapshotMismatch } from '../core/snapshot-codec.js';
import { VERSION } from '../core/version.js';
import { ssaVariant } from '../engines/ssa/method.js';
import { InterventionRefused, type Trajectory } from '../engines/trajectory.js';
import { QueueFailure } from '../ensemble/queue/queue-failure.js';
import { parseRedisAddress } from '../ensemble/queue/redis-address.js';
import { runEnsemble } from '../ensemble/run-ensemble.js';
import type { RunSpec } from '../ensemble/run-spec.js';
import { CheckpointStore, checkpointFolder } from '../output/checkpoint.js';
import { ensembleArtifacts, replicateLogs, storyAcrossRuns } from '../output/ensemble-files.js';
import { latticeLayoutOf } from '../output/lattice-layout.js';
import { roundFigures } from '../output/number-format.js';
import { outbreakRoles } from '../output/outcomes.js';
import { outputFolder } from '../output/run-folder.js';
import { summarise } from '../output/summary.js';
import { writeRun } from '../output/write-run.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { readScenarioText, scenarioPath } from '../scenario/files.js';
import { framesOption } from './frames-option.js';
import { humanSummary } from './human-summary.js';
import { readFlagFile } from './input-file.js';
import { type InterventionsFile, interventionsJsonl, readInterventions } from './interventions-file.js';
import { openRunner } from './open-runner.js';
import { type ProgressReporter, progressReporter } from './progress.js';
import { resolvedForFolder } from './resolved-scenario.js';
import { type CheckpointedRun, checkpointedRun, checkpointHooks } from './run-checkpoints.js';
import { contrastReport, contrastTarget, FACTIONS_TABLE_SETTING } from './run-contrast.js';
import type { RunOptions } from './run-options.js';
import { planRun } from './run-plan.js';
import { catchStopSignals, Interrupted } from './stop-signals.js';
import { checkWorldSets } from './world-sets.js';

export type { RunOptions } from './run-options.js';
export { Interrupted } from './stop-signals.js';

/**
 * `undead run SCENARIO`: runs it (replicates on a pool of worker threads), writes its output files
 * (`writeRun`) and prints a summary. The output folder is checked before anything runs, and
 * appears whole or not at all (`run-folder.ts`). Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the pool
 * or the writing and exits 130, 143 or 129 with nothing written. A single replicate runs in this
 * thread, where no handler can run until it ends: there the signal keeps its default action and
 * ends the process at once (the shell shows the same 130, 143 or 129), with nothing on disk yet.
 */
export async function runCommand(
  scenarioArg: string,
  options: RunOptions,
  resuming?: CheckpointedRun,
): Promise<void> {
  const progress = progressReporter(options.progress, basename(scenarioArg).replace(/\.ya?ml$/, ''));
  try {
    await runAndReport(scenarioArg, options, progress, resuming);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress.finish(error instanceof Interrupted ? 'interrupted' : 'failed', { message });
    throw error;
  }
}

/**
 * `runCommand`, reporting to `progress`; it ends the progress with `finish('done', …)`. With
 * `resuming`, it continues that run from its checkpoint (`undead resume`).
 */
async function runAndReport(
  scenarioArg: string,
  options: RunOptions,
  progress: ProgressReporter,
  resuming: CheckpointedRun | undefined,
): Promise<void> {
  if (options.replicate !== undefined && options.runs > 1)
    throw flagError('--replicate', 'reruns one replicate of an ensemble alone: leave out --runs');
  const file = resuming?.file ?? scenarioPath(scenarioArg);
  const text = resuming?.text ?? readScenarioText(file);
  // Everything is checked before any simulation starts: scenario, flags and memory budget.
  // A note is one line on stderr; with --progress json, an NDJSON line like the progress lines.
  const note = (message: string) =>
    process.stderr.write(
      options.progress === 'json' ? `${JSON.stringify({ note: message })}\n` : `note: ${message}\n`,
    );
  let plan = planRun(file, text, options, note);
  const contrastOn =
    options.contrast === undefined ? undefined : contrastTarget(plan.compiled, options.contrast);
  // A contrast of factions reads factions.csv, which the engine writes only when asked (the notes were given).
  if (contrastOn?.kind === 'factions' && plan.compiled.world?.settings.breakdown.factions !== true)
    plan = planRun(file, text, { ...options, set: [...options.set, FACTIONS_TABLE_SETTING] }, () => {});
  const { loaded, compiled, workers } = plan;
  const { scenario } = loaded;
  if (resuming !== undefined && resuming.fingerprint !== compiled.fingerprint)
    throw new InputError([
      loaded.issueAt(
        '',
        'the checkpoint is of another scenario than this file now compiles to (a file it reads, such as its raster, or a built-in default changed since); put it back as it was, or start the run again',
      ),
    ]);
  const interventionsText =
    options.interventions === undefined
      ? undefined
      : (resuming?.interventionsText ?? readFlagFile('--interventions', options.interventions));
  const interventions =
    options.interventions === undefined || interventionsText === undefined
      ? undefined
      : readInterventions(options.interventions, interventionsText, {
          until: compiled.time.until,
          scale: timeScaleOf(scenario),
          compartments: compiled.network.compartments,
          events: fireableEvents(compiled),
          // On agents a bare name may also be a chance the world names: the engine tells.
          parameters: compiled.engine === 'agents' ? undefined : compiled.network.parameterNames,
        });
  if (interventions !== undefined) checkWorldSets(interventions, file, text, options.set, compiled.engine);
  const frames = framesOption(options, compiled);
  const spec: RunSpec = {
    ...plan.spec,
    ...(frames === undefined ? {} : { frames }),
    firstReplicate: options.replicate,
    keepEvents: options.runs > 1 ? options.keepEvents : 'first',
    ...(interventions === undefined ? {} : { interventions: interventions.log }),
  };
  const started = performance.now();
  const folder = outputFolder(options.out, scenario.name, options.force);
  const dir = folder.name;
  const store = new CheckpointStore(checkpointFolder(dir));
  if (resuming === undefined && store.exists()) {
    // Not even --force takes a folder from a run still going: it would run on, writing over this one.
    const running = store.runningProcess();
    if (running !== undefined)
      throw flagError(
        '--out',
        `'${dir}' is being run now, by process ${running}: choose another folder, or wait until that run ends (if ${running} is some other program, delete ${store.dir}/running.pid)`,
      );
    if (!options.force)
      throw flagError(
        '--out',
        `'${dir}' has the checkpoint of an unfinished run (${store.dir}): continue it with 'undead resume ${dir}', or pass --force to start afresh`,
      );
    store.remove();
  }
  const checkpointing = options.checkpointEvery !== undefined;
  if (checkpointing && resuming === undefined)
    store.begin(
      checkpointedRun({
        scenario: scenarioArg,
        file: resolve(file),
        text,
        interventionsText,
        options: { ...options, out: folder.dir },
        fingerprint: compiled.fingerprint,
      }),
    );
  // This process runs it now: `undead resume` refuses to run it beside it.
  if (checkpointing) store.claim();
  // Without --out the folder's name is made up here: say it, or a killed run could not be found.
  if (checkpointing && resuming === undefined && options.out === undefined)
    note(`checkpoints go beside ${dir}; if this run is killed, continue it with: undead resume ${dir}`);
  const hooks =
    options.checkpointEvery === undefined
      ? {}
      : checkpointHooks(store, compiled, options.runs, options.checkpointEvery, resuming !== undefined);
  const controller = new AbortController();
  // With --queue this process only waits, even for one replicate, so a stop signal can be caught.
  const queued = options.queue !== undefined;
  let release = options.runs > 1 || queued ? catchStopSignals(controller, folder.abandon) : undefined;
  try {
    let runs: Awaited<ReturnType<typeof runEnsemble>>;
    try {
      const runner = queued ? await openRunner({ workers, queue: options.queue, note }) : undefined;
      // Stopped while connecting: runEnsemble would refuse to start, and not close the runner.
      if (controller.signal.aborted) await runner?.close();
      runs = await runEnsemble(
        spec,
        {
          runs: options.runs,
          workers,
          ...(runner === undefined ? {} : { runner }),
          signal: controller.signal,
          // One replicate reports the fraction of its time span done; an ensemble, its finished runs.
          onProgress: (done, total) =>
            total > 1
              ? progress.update(done, total, 'runs')
              : progress.update(done * scenario.time.until, scenario.time.until, scenario.time.unit),
          ...hooks,
        },
        compiled,
      );
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      // A run that failed would fail again from its checkpoint: nothing is left to resume. (A
      // checkpoint this version cannot restore is kept, for the version that wrote it.)
      // A failure of the queue (Redis away, a worker of another version) is not the run's own,
      // but a checkpoint with nothing done in it holds nothing to resume (and a resume could not
      // mend a mistyped --queue).
      const repeats =
        (error instanceof InputError ||
          error instanceof RuntimeFailure ||
          error instanceof InterventionRefused) &&
        !(error instanceof QueueFailure);
      if (checkpointing && (repeats || (error instanceof QueueFailure && !store.holdsWork()))) store.remove();
      throw refusalAsInput(restoreAsInput(error, store), interventions);
    }
    progress.done();
    const wallSeconds = (performance.now() - started) / 1000;
    release ??= catchStopSignals(controller, folder.abandon);
    const roles =
      scenario.engine === 'ode'
        ? undefined
        : outbreakRoles(loaded.network, runs[0]!.values.subarray(0, loaded.network.compartments.length));
    const summary = summarise(runs, { roles });
    const stories = storiesOf(runs);
    const method = scenario.engine === 'ssa' ? ssaVariant(compiled) : undefined;
    const tables = ensembleArtifacts(runs);
    const contrast =
      contrastOn === undefined
        ? undefined
        : await contrastReport(scenario, runs, tables, contrastOn, options.png);
    await writeRun({
      folder,
      signal: controller.signal,
      scenario: resolvedForFolder(scenario, file),
      runs,
      png: options.png,
      parquet: options.parquet,
      artifacts: {
        ...tables,
        ...replicateLogs(runs),
        ...contrast?.files,
        ...(interventions === undefined
          ? {}
          : { 'interventions.jsonl': interventionsJsonl(runs[0]!.interventions ?? []) }),
      },
      summary: roundFigures({
        scenario: scenario.name,
        engine: scenario.engine,
        ...(method === undefined ? {} : { method }),
        seed: options.seed,
        ...(options.replicate === undefined ? {} : { replicate: options.replicate }),
        runs: options.runs,
        // On a queue, the workers are wherever `undead worker` runs: say where, not this machine's threads.
        ...(options.queue === undefined ? { workers } : { queue: parseRedisAddress(options.queue).shown }),
        until: scenario.time.until,
        every: scenario.time.every,
        unit: scenario.time.unit,
        parameters: Object.fromEntries(
          loaded.network.parameterNames.map((name, k) => [name, loaded.network.parameters[k]!]),
        ),
        overrides: {
          set: options.set,
          ...(options.until === undefined ? {} : { until: options.until }),
          ...(options.every === undefined ? {} : { every: options.every }),
          ...(options.interventions === undefined ? {} : { interventions: options.interventions }),
        },
        ...summary,
        ...stories,
        ...latticeField(compiled, frames),
        ...(contrast === undefined ? {} : { contrast: contrast.summary }),
        wall_seconds: Number(wallSeconds.toFixed(3)),
        version: VERSION,
      }),
    });
    if (checkpointing) store.remove();
    progress.finish('done', { out: folder.name });
    if (options.quiet) process.stdout.write(`${folder.name}\n`);
    else {
      const head = {
        scenario: scenario.name,
        engine: scenario.engine,
        runs: options.runs,
        seed: options.seed,
        until: scenario.time.until,
        ...timeScaleOf(scenario),
      };
      process.stdout.write(
        `${humanSummary(summary, head, stories.story, stories.stories)}\n${contrast === undefined ? '' : `${contrast.text}\n`}outputs: ${folder.name}\n`,
      );
    }
  } finally {
    release?.();
  }
}

/** A snapshot the engine refused to restore, as an input error about the checkpoint. */
function restoreAsInput(error: unknown, store: CheckpointStore): unknown {
  if (!(error instanceof SnapshotMismatch)) return error;
  return new InputError([
    {
      file: store.dir,
      line: 1,
      col: 1,
      path: '',
      message: `the checkpoint cannot be continued: ${error.message}`,
    },
  ]);
}

/** An intervention the engine refused, as an input error at the line of the file that asked for it. */
function refusalAsInput(error: unknown, file: InterventionsFile | undefined): unknown {
  if (!(error instanceof InterventionRefused) || file === undefined) return error;
  return new InputError([file.issueAt(error.index, error.reason)]);
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

/** A lattice run's map geometry for summary.json (`lattice-layout.ts`): what the viewer's replay reads. */
function latticeField(
  compiled: Parameters<typeof latticeLayoutOf>[0],
  frames: Parameters<typeof latticeLayoutOf>[1],
): { lattice?: ReturnType<typeof latticeLayoutOf> } {
  const lattice = latticeLayoutOf(compiled, frames);
  return lattice === undefined ? {} : { lattice };
}

/** The events an intervention may fire: the scenario's own, a lattice's spatial ones and an agents world's. */
function fireableEvents(compiled: CompiledScenario): string[] {
  const named = (events: readonly { name?: string | undefined }[] | undefined) =>
    (events ?? []).flatMap((event) => (event.name === undefined ? [] : [event.name]));
  return [
    ...named(compiled.events),
    ...named(compiled.lattice?.spatialEvents),
    ...(compiled.engine === 'agents' ? named(compiled.world?.settings.events) : []),
  ];
}
