import { flagError } from '../core/errors.js';
import type { ChunkRunner } from '../ensemble/chunk-runner.js';
import { parseRedisAddress } from '../ensemble/queue/redis-address.js';
import { ThreadRunner } from '../ensemble/thread-runner.js';

/** Where a command's chunks run: `--queue redis://HOST:PORT`, or `--workers` threads here. */
export interface RunnerOptions {
  /** Worker threads on this machine (already capped at the cores). */
  readonly workers: number;
  /** `--queue redis://HOST:PORT`: BullMQ workers anywhere, started with `undead worker`. */
  readonly queue?: string | undefined;
  /** Told of things the user may want to know: with `--queue`, jobs lost and added again. */
  readonly note?: ((message: string) => void) | undefined;
}

/**
 * How long a command waits for a Redis that went away before it fails, in milliseconds:
 * `UNDEAD_QUEUE_PATIENCE_MS`, or 60 s.
 */
function queuePatience(): number | undefined {
  const text = process.env.UNDEAD_QUEUE_PATIENCE_MS;
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw flagError('UNDEAD_QUEUE_PATIENCE_MS', `must be a whole number of milliseconds, not '${text}'`);
  return value;
}

/**
 * Opens the runner that `options` ask for. A `--queue` that is not redis://HOST:PORT[/DB] is an
 * `InputError` (exit 2); a Redis that cannot be reached, or that may evict keys (its
 * maxmemory-policy is not noeviction), is a `QueueFailure` (a `RuntimeFailure`, exit 1) whose
 * message says how to put it right.
 */
export async function openRunner(options: RunnerOptions): Promise<ChunkRunner> {
  if (options.queue === undefined) return new ThreadRunner(options.workers);
  const address = parseRedisAddress(options.queue);
  // BullMQ and its Redis client load only for a queue: every other command starts without them.
  const { openQueueRunner } = await import('../ensemble/queue/queue-runner.js');
  return openQueueRunner({ address, patienceMs: queuePatience(), note: options.note });
}
