import { move, transferableSymbol, valueSymbol } from 'piscina';
import { type ChunkJob, type ChunkResult, runChunkJob } from './chunk-job.js';

/** One task of the thread pool: a chunk, and where to count its finished replicates. */
export interface ChunkTask extends ChunkJob {
  /**
   * An Int32Array's buffer shared by all workers: slot 0 counts finished replicates, slot 1 the
   * progress of those running, in thousandths of a replicate (see `replicateCounter`).
   */
  readonly done: SharedArrayBuffer;
}

/** The progress of a running replicate is counted in these parts. */
export const PROGRESS_PARTS = 1000;

/**
 * A worker's side of the shared counts: `progress` books the running replicate's fraction done
 * (as a change of slot 1, in whole thousandths), `done` swaps that share for one finished replicate.
 */
export function replicateCounter(counts: Int32Array): {
  progress: (fraction: number) => void;
  done: () => void;
} {
  let booked = 0;
  return {
    progress(fraction) {
      const parts = Math.min(PROGRESS_PARTS - 1, Math.floor(fraction * PROGRESS_PARTS));
      if (parts <= booked) return;
      Atomics.add(counts, 1, parts - booked);
      booked = parts;
    },
    done() {
      Atomics.add(counts, 1, -booked);
      booked = 0;
      Atomics.add(counts, 0, 1);
    },
  };
}

/**
 * Runs a chunk in a worker thread and hands the trajectories back as one transferred
 * Float64Array, with the engines' files and stories beside it (or, for a job with `rows`, the
 * sweep's rows, cloned): one message per chunk, none per event.
 */
export default function runChunk(task: ChunkTask): ChunkResult {
  const counter = replicateCounter(new Int32Array(task.done));
  const result = runChunkJob(task, counter.done, counter.progress);
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
