import type { ChunkJob, ChunkResult } from './chunk-job.js';

/**
 * Where the chunks of an ensemble or a sweep run: a pool of threads on this machine
 * (`ThreadRunner`) or workers anywhere behind a queue. Every runner runs the same `runChunkJob`, so
 * a chunk gives the same numbers wherever it runs.
 */
export interface ChunkRunner {
  /**
   * How many chunks can usefully run at once: the chunk plan cuts an ensemble into about 16 chunks
   * per slot (see `chunkPlan`).
   */
  readonly slots: number;
  /**
   * Runs one chunk. A failure of the model comes back in the result (`failure`, `refused`); the
   * promise rejects only when the runner itself fails or is closed.
   */
  run(job: ChunkJob): Promise<ChunkResult>;
  /**
   * Replicates finished so far of all the chunks given to `run`, for progress; a runner that can
   * adds the fractions done of those running.
   */
  finished(): number;
  /** Stops: chunks still running or waiting reject. Resolves when everything is released. */
  close(): Promise<void>;
}
