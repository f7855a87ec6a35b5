import { Piscina } from 'piscina';
import type { ChunkJob, ChunkResult } from './chunk-job.js';
import type { ChunkRunner } from './chunk-runner.js';
import { type ChunkTask, PROGRESS_PARTS } from './worker.js';
import { workerLocation } from './worker-location.js';

/**
 * A `ChunkRunner` on a pool of `threads` worker threads of this process (piscina). Workers count
 * finished replicates, and the progress of those running, in one shared Int32Array (see
 * `replicateCounter`), so no message crosses threads per replicate, and an ensemble of long runs
 * shows progress before its first run ends.
 */
export class ThreadRunner implements ChunkRunner {
  readonly slots: number;
  private readonly pool: Piscina<ChunkTask, ChunkResult>;
  private readonly done = new SharedArrayBuffer(8);
  private readonly counter = new Int32Array(this.done);
  /** The most `finished` has said: a reading between a worker's two updates may dip below it. */
  private shown = 0;
  private closing: Promise<void> | undefined;

  constructor(threads: number) {
    this.slots = threads;
    const { filename, execArgv } = workerLocation();
    this.pool = new Piscina<ChunkTask, ChunkResult>({
      filename,
      minThreads: threads,
      maxThreads: threads,
      ...(execArgv === undefined ? {} : { execArgv }),
    });
  }

  run(job: ChunkJob): Promise<ChunkResult> {
    return this.pool.run({ ...job, done: this.done });
  }

  /** Replicates finished, plus the fractions done of those running. */
  finished(): number {
    const now = Atomics.load(this.counter, 0) + Atomics.load(this.counter, 1) / PROGRESS_PARTS;
    this.shown = Math.max(this.shown, now);
    return this.shown;
  }

  /** Destroying the pool rejects every task still queued or running. */
  close(): Promise<void> {
    this.closing ??= this.pool.destroy();
    return this.closing;
  }
}
