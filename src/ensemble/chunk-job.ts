import { RuntimeFailure } from '../core/errors.js';
import type { Progress } from '../engines/engine.js';
import { InterventionRefused } from '../engines/trajectory.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { extrasOf, packTrajectories, type ReplicateExtras } from './pack.js';
import { runReplicates } from './replicates.js';
import { compileSpec, type RunSpec } from './run-spec.js';
import { type ReplicateRow, replicateRow, rowRoles } from './sweep/run-row.js';

/**
 * A unit of work of an ensemble, wherever it runs (a thread here, a worker on another machine):
 * replicates `first` … `first + count − 1` of a spec. Small plain data: never any state, since
 * replicate r is rebuilt from (spec, seed, r) alone.
 */
export interface ChunkJob {
  readonly spec: RunSpec;
  readonly first: number;
  readonly count: number;
  /**
   * Send back each replicate's row of a sweep (`ChunkResult.rows`: its summary, computed where it
   * ran) instead of its packed trajectory: a sweep needs one row per run, not the time series.
   */
  readonly rows?: true | undefined;
}

/**
 * What a chunk sends back: the packed numbers, and each replicate's engine files and story; or,
 * for a job with `rows`, each replicate's row alone (then `packed` is empty and `extras` too).
 */
export interface ChunkResult {
  readonly packed: Float64Array;
  readonly extras: ReplicateExtras[];
  /** With `ChunkJob.rows`: one row per replicate, in replicate order. */
  readonly rows?: ReplicateRow[] | undefined;
  /**
   * The message of a `RuntimeFailure` that stopped a replicate of the chunk (an error's class does
   * not survive the trip between threads or machines, so it travels as data and is thrown again).
   */
  readonly failure?: string;
  /** An intervention a replicate refused (`InterventionRefused`, sent as data for the same reason). */
  readonly refused?: { readonly index: number; readonly reason: string };
}

/** The scenario compiled for the last spec, kept because every chunk of an ensemble shares it. */
let cache: { spec: RunSpec; compiled: CompiledScenario } | undefined;

/**
 * No trajectories: what a chunk that failed, or that sends rows, has in their place. A new one
 * each time: a thread hands its buffer over (transfers it), which empties the sender's.
 */
const nothing = () => new Float64Array(0);

function sameSpec(a: RunSpec, b: RunSpec): boolean {
  return (
    a.text === b.text &&
    a.file === b.file &&
    a.engine === b.engine &&
    a.folder === b.folder &&
    a.maxMemory === b.maxMemory &&
    a.seed === b.seed &&
    a.settings.length === b.settings.length &&
    a.settings.every((s, i) => s === b.settings[i])
  );
}

/**
 * Runs a chunk in this thread and packs its trajectories (see `packTrajectories`), with the
 * engines' files and stories beside them; or, for a job with `rows`, reduces each replicate to
 * its row of a sweep (`replicateRow`, with the roles of the compiled scenario, `rowRoles`, as the
 * sweep's plan has them), so the same chunk gives the same rows wherever it ran and whichever
 * way its results travelled. `done` is called after each replicate, `progress` with the fraction
 * done of the one running. A runtime failure or a refused intervention comes back as data;
 * anything else (an `InputError` of a spec that does not compile) is thrown.
 */
export function runChunkJob(
  job: ChunkJob,
  done?: (replicate: number) => void,
  progress?: Progress,
): ChunkResult {
  if (cache === undefined || !sameSpec(cache.spec, job.spec))
    cache = { spec: job.spec, compiled: compileSpec(job.spec) };
  try {
    // A chunk is part of an ensemble or a sweep, even a chunk of replicate 0 alone.
    const runs = runReplicates(cache.compiled, job.spec, job.first, job.count, {
      done,
      progress,
      namesReplicate: true,
    });
    if (job.rows === true) {
      const roles = rowRoles(cache.compiled);
      const rows = runs.map((run, i) => replicateRow(run, job.first + i, roles));
      return { packed: nothing(), extras: [], rows };
    }
    return { packed: packTrajectories(runs), extras: runs.map(extrasOf) };
  } catch (error) {
    if (error instanceof RuntimeFailure) return { packed: nothing(), extras: [], failure: error.message };
    if (error instanceof InterventionRefused)
      return {
        packed: nothing(),
        extras: [],
        refused: { index: error.index, reason: error.reason },
      };
    throw error;
  }
}
