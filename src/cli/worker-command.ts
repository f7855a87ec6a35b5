import { availableParallelism } from 'node:os';
import { DEFAULT_LOCK_MS, startQueueWorker } from '../ensemble/queue/queue-worker.js';
import { parseRedisAddress } from '../ensemble/queue/redis-address.js';
import { STOP_SIGNALS, type StopSignal } from './stop-signals.js';

/** How long a stopped worker waits for its last handles to close before it exits anyway. */
const EXIT_GRACE_MS = 1_000;

/** The options of `undead worker`, as its `--help` documents them. */
export interface WorkerOptions {
  /** `--queue redis://HOST:PORT[/DB]`. */
  queue: string;
  /** `--concurrency N`: jobs at once, each on a thread; default and most: all cores. */
  concurrency?: number;
  /** `--lock-duration MS`: a job's lock; a killed worker's jobs are retried one to two of these later. */
  lockDuration?: number;
}

/**
 * `undead worker --queue URL`: serves the chunks that `undead run --queue` and `undead sweep
 * --queue` put on the queue, on `--concurrency` threads, until SIGTERM, Ctrl-C or SIGHUP. It prints a
 * ready line, a line when a job begins and when it ends, to stderr. On the first stop signal it
 * takes no more jobs, lets the running ones finish and deliver their results, and exits 0; a
 * second signal exits at once (the jobs it drops go to other workers once their locks lapse).
 */
export async function workerCommand(options: WorkerOptions): Promise<void> {
  const address = parseRedisAddress(options.queue);
  const log = (line: string) => process.stderr.write(`undead worker: ${line}\n`);
  // Each job is a thread of simulation: more than the cores only queue for them, at a thread's
  // memory each (--concurrency 200 took 2 GB before it was ready), as `run --workers` is capped.
  const cores = availableParallelism();
  if (options.concurrency !== undefined && options.concurrency > cores)
    log(
      `--concurrency ${options.concurrency} is more than the ${cores} cores of this machine; using ${cores}`,
    );
  const concurrency = Math.min(options.concurrency ?? cores, cores);
  const worker = await startQueueWorker({
    address,
    concurrency,
    lockDurationMs: options.lockDuration,
    log,
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: StopSignal) => {
      if (stopping) {
        log(`${signal} again: exiting now`);
        process.exit(STOP_SIGNALS[signal]);
      }
      stopping = true;
      const active = worker.active();
      log(`${signal}: taking no more jobs; finishing ${active} running job${active === 1 ? '' : 's'}`);
      void worker.close().then(() => {
        log('stopped');
        resolve();
        // A client still trying to reach a Redis that is gone would keep the process alive.
        setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
      });
    };
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(signal, () => stop(signal));
    // Ready once a stop signal is caught: a SIGTERM sent on reading this line killed the process.
    log(
      `ready: serving the queue at ${address.shown} on ${concurrency} thread${concurrency === 1 ? '' : 's'} (pid ${process.pid}, job locks of ${options.lockDuration ?? DEFAULT_LOCK_MS} ms)`,
    );
  });
}
