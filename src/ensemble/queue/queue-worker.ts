import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError } from '../../core/errors.js';
import { chunkText } from '../chunks.js';
import { compileSpec, type RunSpec } from '../run-spec.js';
import { ThreadRunner } from '../thread-runner.js';
import { chunkJobId, chunkPayload, RefusedPayload, readChunkPayload } from './chunk-payload.js';
import { doneChannel, QUEUE_NAME, RESULT_TTL_SECONDS, resultKey } from './queue-keys.js';
import type { RedisAddress } from './redis-address.js';
import { checkRedisServer, connectionOptions } from './redis-server.js';
import { encodeChunkResult } from './result-codec.js';
import { workerHost } from './worker-host.js';

/** How an `undead worker` serves the queue. */
export interface QueueWorkerOptions {
  readonly address: RedisAddress;
  /** The BullMQ queue; default `undead`. */
  readonly queueName?: string | undefined;
  /** Jobs at once, each on a worker thread of its own. */
  readonly concurrency: number;
  /**
   * How long a job's lock lasts unless renewed (every half of it), in milliseconds; default 30 s.
   * Workers look for stalled jobs as often: the jobs of a worker that was killed go back to the
   * queue between one and two of these later.
   */
  readonly lockDurationMs?: number | undefined;
  /** One line for each job begun, finished or refused, and for the connection lost and found. */
  readonly log: (line: string) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** Jobs running now. */
  active(): number;
  /** Takes no more jobs, lets those running finish (their results are delivered), then releases everything. */
  close(): Promise<void>;
}

/** The default lock of a job, in milliseconds (BullMQ's). */
export const DEFAULT_LOCK_MS = 30_000;

/**
 * How often a job may stall (its worker died or stopped renewing its lock) before it fails: a
 * killed worker is a stall, and so is a machine too loaded to renew a lock in time.
 */
const MAX_STALLS = 3;

/** How long a closing worker with no job running waits for BullMQ's own close before it drops the connections. */
const CLOSE_GRACE_MS = 2_000;
/** How often a closing worker looks whether its jobs have ended. */
const IDLE_POLL_MS = 100;

/**
 * Starts serving the queue at `options.address`: a BullMQ worker that takes up to `concurrency`
 * jobs at once and runs each on a pool of as many worker threads. `runChunkJob` is synchronous
 * and may take minutes; on the main thread it would stop BullMQ from renewing its locks, and the
 * job would be taken for stalled and handed to another worker.
 *
 * A job is checked before it runs (`readChunkPayload`: shape, sizes, version; its id must be the
 * hash of its data; its scenario must compile here): one that fails the check fails at once and
 * for good (`UnrecoverableError`), and the worker goes on serving. Throws a `QueueFailure` when
 * Redis cannot be reached or evicts keys (see `checkRedisServer`).
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { address, concurrency, log } = options;
  const queueName = options.queueName ?? QUEUE_NAME;
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
  await checkRedisServer(address);
  const connection = connectionOptions(address);
  const threads = new ThreadRunner(concurrency);
  const results = new Redis(connection);
  results.on('error', () => {});
  const compiles = new CompileCache();
  let running = 0;
  let lastError = '';

  const worker = new Worker(
    queueName,
    async (job) => {
      let chunk: ReturnType<typeof readChunkPayload>;
      try {
        chunk = readChunkPayload(job.data);
        if (job.id !== chunkJobId(chunkPayload(chunk)))
          throw new RefusedPayload(`the job's id ${job.id} is not the hash of its data`);
        compiles.check(chunk.spec);
      } catch (error) {
        if (error instanceof RefusedPayload || error instanceof InputError) {
          log(`job ${short(job.id)} refused: ${firstLine(error.message)}`);
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
      const { first, count } = chunk;
      const range = `${chunkText(first, count)} of ${basename(chunk.spec.file)}`;
      const retry = job.stalledCounter > 0 ? ` (again: its worker stalled ${job.stalledCounter}×)` : '';
      log(`job ${short(job.id)} started: ${range}${retry}`);
      lastError = '';
      const started = performance.now();
      running++;
      try {
        const result = await threads.run(chunk);
        // The result first, then the job completes: a submitter that finds the job gone finds its result.
        await results.set(resultKey(queueName, job.id!), encodeChunkResult(result), 'EX', RESULT_TTL_SECONDS);
        await results.publish(doneChannel(queueName), job.id!);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const outcome = result.failure ?? result.refused?.reason;
        log(
          `job ${short(job.id)} done in ${seconds} s: ${range}${outcome === undefined ? '' : ` (the model failed: ${outcome})`}`,
        );
        return { replicates: count };
      } finally {
        running--;
      }
    },
    {
      connection,
      concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: MAX_STALLS,
    },
  );
  worker.on('error', (error) => {
    // BullMQ reports a lost connection on every retry: one line until something else happens
    // (or a job starts).
    if (error.message !== lastError) log(`queue error: ${error.message}`);
    lastError = error.message;
  });
  worker.on('failed', (job, error) => {
    if (!(error instanceof UnrecoverableError))
      log(`job ${short(job?.id)} failed: ${firstLine(error.message)}`);
    // The submitter looks at the job at once (a failure may be for good).
    if (job?.id !== undefined) void results.publish(doneChannel(queueName), job.id).catch(() => {});
  });
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    active: () => running,
    close() {
      closing ??= (async () => {
        // With Redis gone, BullMQ's close waits for a connection that never comes back: once no
        // job runs here (each has delivered its result, or could not), it has a few seconds more,
        // then the connections are dropped (the worker sent SIGTERM with Redis down never ended).
        const graceful = worker.close();
        // The grace timer does not hold the process once the close is done.
        await Promise.race([graceful, idle().then(() => delay(CLOSE_GRACE_MS, undefined, { ref: false }))]);
        await threads.close();
        results.disconnect();
        // Not awaited: with Redis gone, it does not settle either.
        void worker.disconnect().catch(() => {});
      })();
      return closing;
    },
  };

  /** Resolves once no job is running here. */
  async function idle(): Promise<void> {
    while (running > 0) await delay(IDLE_POLL_MS);
  }
}

/**
 * Specs already compiled on this worker's main thread, by a hash of their content: a scenario that
 * does not compile is refused before it takes a thread, and each spec compiles here once.
 */
class CompileCache {
  private readonly compiled = new Set<string>();

  /** Compiles `spec` unless it has been; throws its `InputError`. */
  check(spec: RunSpec): void {
    const key = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
    if (this.compiled.has(key)) return;
    compileSpec(spec, workerHost(spec));
    // Bounded: a long-lived worker sees many specs over its life.
    if (this.compiled.size >= 256) this.compiled.clear();
    this.compiled.add(key);
  }
}

/** A job id short enough for a log line. */
function short(id: string | undefined): string {
  return id === undefined ? '?' : id.slice(0, 14);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
