import { RuntimeFailure } from '../../core/errors.js';
import type { ChunkResult } from '../chunk-job.js';
import type { ChunkRunner } from '../chunk-runner.js';
import { chunkPlan, chunkText } from '../chunks.js';
import { pointLabel, type SweepDesign } from './design.js';
import type { PointPlan } from './point-plans.js';
import type { RunRow } from './run-row.js';

/** How a sweep runs. */
export interface SweepRunOptions {
  /** Where the chunks run (`openRunner`: threads here, or a queue); the caller closes it. */
  readonly runner: ChunkRunner;
  /** Aborting closes the runner; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Called often with the runs finished so far, of all points (throttle on the receiving side). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** How often the finished-run counter is read, in milliseconds. */
const POLL_MS = 100;
/** Chunks given to the runner at once, per slot: enough to keep every slot busy, few enough to keep memory small. */
const CHUNKS_IN_FLIGHT_PER_SLOT = 4;

/**
 * Runs every replicate of every point on one runner and returns one row per run, in the order
 * (point, replicate), whatever order the chunks finished in: so the rows are the same for any
 * number of workers, on threads or on a queue. Each point is cut into chunks (`chunkPlan` with the
 * runner's slots); the chunks of all points are handed out point-major, a few per slot at a time.
 * Each chunk is asked for its rows (`ChunkJob.rows`), which are computed where it ran: no
 * trajectory crosses to this thread, nor through Redis, and memory holds rows alone. A runtime
 * failure of a replicate stops the sweep with a `RuntimeFailure` naming the point.
 */
export async function runSweep(
  design: SweepDesign,
  plans: readonly PointPlan[],
  options: SweepRunOptions,
): Promise<RunRow[]> {
  const { runner, signal, onProgress } = options;
  signal?.throwIfAborted();
  const offsets: number[] = [];
  let total = 0;
  for (const plan of plans) {
    offsets.push(total);
    total += plan.runs;
  }
  const jobs = plans.flatMap((plan, point) =>
    chunkPlan(plan.runs, runner.slots).map((chunk) => ({ point, ...chunk })),
  );
  const rows: RunRow[] = new Array(total);
  const take = (point: number, first: number, count: number, result: ChunkResult) => {
    const where = `point ${point} (${pointLabel(design.names, design.points[point]!.values)})`;
    if (result.failure !== undefined) throw new RuntimeFailure(`${where}: ${result.failure}`);
    if (result.refused !== undefined) throw new RuntimeFailure(`${where}: ${result.refused.reason}`);
    const got = result.rows ?? [];
    if (got.length !== count || got.some((row, i) => row.replicate !== first + i))
      throw new Error(`${where}: the chunk of ${chunkText(first, count)} came back without its rows`);
    got.forEach((row, i) => {
      rows[offsets[point]! + first + i] = { point, ...row };
    });
  };
  const stop = () => void runner.close();
  signal?.addEventListener('abort', stop, { once: true });
  const poll = setInterval(() => onProgress?.(runner.finished(), total), POLL_MS);
  try {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < jobs.length && !failed) {
        const { point, first, count } = jobs[next++]!;
        try {
          take(point, first, count, await runner.run({ spec: plans[point]!.spec, first, count, rows: true }));
        } catch (error) {
          // The other lanes stop taking chunks; the caller closes the runner.
          failed = true;
          throw error;
        }
      }
    };
    const lanes = Math.max(1, Math.min(jobs.length, runner.slots * CHUNKS_IN_FLIGHT_PER_SLOT));
    await Promise.all(Array.from({ length: lanes }, worker));
    onProgress?.(total, total);
    return rows;
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    clearInterval(poll);
    signal?.removeEventListener('abort', stop);
  }
}
