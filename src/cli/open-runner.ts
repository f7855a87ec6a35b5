import { flagError } from '../core/errors.js';
import type { ChunkRunner } from '../ensemble/chunk-runner.js';
import { ThreadRunner } from '../ensemble/thread-runner.js';

/** Where a command's chunks run: `--queue redis://HOST:PORT`, or `--workers` threads here. */
export interface RunnerOptions {
  /** Worker threads on this machine (already capped at the cores). */
  readonly workers: number;
  /** `--queue redis://HOST:PORT`: BullMQ workers anywhere, started with `undead worker`. */
  readonly queue?: string | undefined;
}

/** Opens the runner that `options` ask for. Throws an `InputError` (exit 2) for a bad `--queue`. */
export async function openRunner(options: RunnerOptions): Promise<ChunkRunner> {
  if (options.queue !== undefined) throw flagError('--queue', 'is not built yet');
  return new ThreadRunner(options.workers);
}
