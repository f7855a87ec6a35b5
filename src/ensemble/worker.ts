import { move, transferableSymbol, valueSymbol } from 'piscina';
import { type ChunkJob, type ChunkResult, runChunkJob } from './chunk-job.js';

/** One task of the thread pool: a chunk, and where to count its finished replicates. */
export interface ChunkTask extends ChunkJob {
  /** An Int32Array's buffer whose slot 0 counts finished replicates across all workers. */
  readonly done: SharedArrayBuffer;
}

/**
 * Runs a chunk in a worker thread and hands the trajectories back as one transferred
 * Float64Array, with the engines' files and stories beside it (or, for a job with `rows`, the
 * sweep's rows, cloned): one message per chunk, none per event.
 */
export default function runChunk(task: ChunkTask): ChunkResult {
  const done = new Int32Array(task.done);
  const result = runChunkJob(task, () => Atomics.add(done, 0, 1));
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
