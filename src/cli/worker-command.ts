import { availableParallelism } from 'node:os';
import { DEFAULT_LOCK_MS, startQueueWorker } from '../ensemble/queue/queue-worker.js';
import { parseRedisAddress } from '../ensemble/queue/redis-address.js';
import { STOP_SIGNALS, type StopSignal } from './stop-signals.js';

/** The options of `undead worker`, as its `--help` documents them. */
export interface WorkerOptions {
  /** `--queue redis://HOST:PORT[/DB]`. */
  queue: string;
  /** `--concurrency N`: jobs at once, each on a thread; default: all cores. */
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
  const concurrency = options.concurrency ?? availableParallelism();
  const log = (line: string) => process.stderr.write(`undead worker: ${line}\n`);
  const worker = await startQueueWorker({
    address,
    concurrency,
    lockDurationMs: options.lockDuration,
    log,
  });
  log(
    `ready: serving the queue at ${address.shown} on ${concurrency} thread${concurrency === 1 ? '' : 's'} (pid ${process.pid}, job locks of ${options.lockDuration ?? DEFAULT_LOCK_MS} ms)`,
  );
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
      });
    };
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(signal, () => stop(signal));
  });
}
