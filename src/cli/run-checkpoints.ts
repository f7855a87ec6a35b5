/**
 * Checkpoints of `undead run --checkpoint-every T`, and what `undead resume` continues from. A
 * single run saves its rows and its engine's snapshot at the first output time at or after each
 * multiple of T; an ensemble saves each chunk of replicates as it finishes (replicate granularity:
 * a replicate that was running when the run was killed runs again, which gives the same numbers).
 * The files are described in `output/checkpoint.ts`.
 */

import { InputError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { outputTimes } from '../engines/trajectory.js';
import { type Replicate, type ReplicateExtras, unpackTrajectories } from '../ensemble/pack.js';
import type { EnsembleOptions } from '../ensemble/run-ensemble.js';
import type { CheckpointStore } from '../output/checkpoint.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { RunOptions } from './run-options.js';

/** Bumped when what `run.json` holds changes. */
const FORMAT = 1;
/** A checkpoint is due at an output time within this fraction of T before a multiple of T (rounding). */
const DUE_TOLERANCE = 1e-9;

/** `run.json`: everything needed to start the run again, as it was started. */
export interface CheckpointedRun {
  readonly format: number;
  /** The undead version that wrote it: another version does not continue it. */
  readonly version: string;
  /** The scenario as given on the command line, and the file it named. */
  readonly scenario: string;
  readonly file: string;
  /** The scenario's text when the run started. */
  readonly text: string;
  /** The text of the `--interventions` file, if one was given. */
  readonly interventionsText?: string | undefined;
  /** The flags of `undead run`, with `out` resolved. */
  readonly options: RunOptions;
  /** `CompiledScenario.fingerprint`: the resumed run must compile to the same. */
  readonly fingerprint: string;
}

/** A run's description for `run.json`. */
export function checkpointedRun(fields: Omit<CheckpointedRun, 'format' | 'version'>): CheckpointedRun {
  return { format: FORMAT, version: VERSION, ...fields };
}

/**
 * Reads and checks `run.json`: it must be of this version's format and written by this version.
 * Throws an `InputError` (exit 2) that says why not.
 */
export function readCheckpointedRun(store: CheckpointStore): CheckpointedRun {
  const refuse = (path: string, message: string): never => {
    throw new InputError([{ file: `${store.dir}/run.json`, line: 1, col: 1, path, message }]);
  };
  let run: Partial<CheckpointedRun>;
  try {
    run = store.run() as Partial<CheckpointedRun>;
  } catch (error) {
    // The store's own refusal already names the file: its reason alone, not the place twice.
    if (error instanceof InputError) throw error;
    return refuse('', `the checkpoint cannot be read: ${(error as Error).message}`);
  }
  if (run.version !== VERSION)
    refuse(
      'version',
      `the checkpoint was written by undead ${String(run.version)}; this is undead ${VERSION}: continue it with that version, or start the run again`,
    );
  if (run.format !== FORMAT || typeof run.text !== 'string' || typeof run.options !== 'object')
    refuse('format', 'the checkpoint is damaged or of another format; start the run again');
  return run as CheckpointedRun;
}

/**
 * The hooks that make a run checkpoint into `store` every `every` time units, continuing from what
 * `store` holds if `resuming`: for a single run, its last progress; for an ensemble, its finished
 * replicates.
 */
export function checkpointHooks(
  store: CheckpointStore,
  compiled: CompiledScenario,
  runs: number,
  every: number,
  resuming: boolean,
): Pick<EnsembleOptions, 'checkpoints' | 'finished' | 'onChunk'> {
  const times = outputTimes(compiled.time.until, compiled.time.every);
  if (runs > 1) {
    const finished = new Map<number, Replicate>();
    if (resuming) {
      for (const chunk of store.chunks()) {
        const trajectories = unpackTrajectories(chunk.packed, compiled.network.compartments, times);
        trajectories.forEach((run, i) => {
          finished.set(chunk.first + i, { ...run, ...(chunk.extras[i] as ReplicateExtras) });
        });
      }
    }
    return {
      finished,
      onChunk: (first, packed, extras) => {
        store.saveChunk({ first, count: extras.length, packed, extras });
      },
    };
  }
  const progress = resuming ? store.progress() : undefined;
  const last = times.length - 1;
  /** The next multiple of T at or after which a checkpoint is due. */
  const nextAfter = (t: number) => (Math.floor(t / every + DUE_TOLERANCE) + 1) * every;
  let due = progress === undefined ? every : nextAfter(times[progress.rows - 1]!);
  return {
    checkpoints: {
      resume: progress,
      afterRow: (engine, row, values) => {
        const t = times[row]!;
        if (row === last || t < due * (1 - DUE_TOLERANCE)) return;
        store.saveProgress({ rows: row + 1, values: values.slice(), snapshot: engine.snapshot() });
        due = nextAfter(t);
      },
    },
  };
}
