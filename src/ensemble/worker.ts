import { move, transferableSymbol, valueSymbol } from 'piscina';
import { RuntimeFailure } from '../core/errors.js';
import { InterventionRefused } from '../engines/trajectory.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { extrasOf, packTrajectories, type ReplicateExtras } from './pack.js';
import { runReplicates } from './replicates.js';
import { compileSpec, type RunSpec } from './run-spec.js';

/** One task of the pool: a chunk of consecutive replicates. */
export interface ChunkTask {
  readonly spec: RunSpec;
  readonly first: number;
  readonly count: number;
  /** An Int32Array's buffer whose slot 0 counts finished replicates across all workers. */
  readonly done: SharedArrayBuffer;
}

/** The scenario compiled for the last spec, kept because every task of an ensemble shares it. */
let cache: { spec: RunSpec; compiled: CompiledScenario } | undefined;

function sameSpec(a: RunSpec, b: RunSpec): boolean {
  return (
    a.text === b.text &&
    a.file === b.file &&
    a.engine === b.engine &&
    a.seed === b.seed &&
    a.settings.length === b.settings.length &&
    a.settings.every((s, i) => s === b.settings[i])
  );
}

/** What a chunk sends back: the packed numbers, and each replicate's engine files and story. */
export interface ChunkResult {
  readonly packed: Float64Array;
  readonly extras: ReplicateExtras[];
  /**
   * The message of a `RuntimeFailure` that stopped a replicate of the chunk (an error's class does
   * not survive the trip between threads, so it travels as data and is thrown again).
   */
  readonly failure?: string;
  /** An intervention a replicate refused (`InterventionRefused`, sent as data for the same reason). */
  readonly refused?: { readonly index: number; readonly reason: string };
}

/**
 * Runs a chunk in a worker thread and hands the trajectories back as one transferred
 * Float64Array (see `packTrajectories`), with the engines' files and stories beside it: one
 * message per chunk, none per event.
 */
export default function runChunk(task: ChunkTask): ChunkResult {
  if (cache === undefined || !sameSpec(cache.spec, task.spec))
    cache = { spec: task.spec, compiled: compileSpec(task.spec) };
  const done = new Int32Array(task.done);
  let runs: ReturnType<typeof runReplicates>;
  try {
    runs = runReplicates(cache.compiled, task.spec, task.first, task.count, () => Atomics.add(done, 0, 1));
  } catch (error) {
    if (error instanceof RuntimeFailure)
      return { packed: new Float64Array(0), extras: [], failure: error.message };
    if (error instanceof InterventionRefused)
      return {
        packed: new Float64Array(0),
        extras: [],
        refused: { index: error.index, reason: error.reason },
      };
    throw error;
  }
  const result: ChunkResult = { packed: packTrajectories(runs), extras: runs.map(extrasOf) };
  // piscina's Transferable protocol: the packed buffer travels without a copy, the rest is cloned.
  const transferable = {
    get [transferableSymbol]() {
      return [result.packed.buffer];
    },
    get [valueSymbol]() {
      return result;
    },
  };
  return move(transferable as never) as unknown as ChunkResult;
}
