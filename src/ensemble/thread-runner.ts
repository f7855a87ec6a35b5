import { Piscina } from 'piscina';
import type { ChunkJob, ChunkResult } from './chunk-job.js';
import type { ChunkRunner } from './chunk-runner.js';
import type { ChunkTask } from './worker.js';
import { workerLocation } from './worker-location.js';

/**
 * A `ChunkRunner` on a pool of `threads` worker threads of this process (piscina). Workers count
 * finished replicates in one shared Int32Array, so no message crosses threads per replicate.
 */
export class ThreadRunner implements ChunkRunner {
  readonly slots: number;
  private readonly pool: Piscina<ChunkTask, ChunkResult>;
  private readonly done = new SharedArrayBuffer(4);
  private readonly counter = new Int32Array(this.done);
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

  finished(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Destroying the pool rejects every task still queued or running. */
  close(): Promise<void> {
    this.closing ??= this.pool.destroy();
    return this.closing;
  }
}
