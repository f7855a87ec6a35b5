import { RuntimeFailure } from '../core/errors.js';
import { InterventionRefused, outputTimes } from '../engines/trajectory.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { ChunkRunner } from './chunk-runner.js';
import { chunkPlan } from './chunks.js';
import { type Replicate, type ReplicateExtras, unpackTrajectories } from './pack.js';
import { type ReplicateCheckpoints, runReplicates } from './replicates.js';
import { compileSpec, type RunSpec } from './run-spec.js';
import { ThreadRunner } from './thread-runner.js';

/** How an ensemble runs. */
export interface EnsembleOptions {
  /** Replicates. */
  readonly runs: number;
  /** Worker threads; 1 or more. A single replicate runs in this thread. */
  readonly workers: number;
  /**
   * Where the chunks run instead of a pool of `workers` threads (a queue, say); used even for a
   * single replicate. `runEnsemble` closes it when it ends.
   */
  readonly runner?: ChunkRunner | undefined;
  /** Aborting stops the pool; the promise then rejects and no result exists. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called often with the replicates finished so far (throttle on the receiving side); for a
   * single replicate, with the fraction of its time span done.
   */
  readonly onProgress?: ((done: number, runs: number) => void) | undefined;
  /** A single replicate's checkpoints (see `runReplicates`). */
  readonly checkpoints?: ReplicateCheckpoints | undefined;
  /** Replicates finished earlier (by number), from a checkpoint: chunks made only of them are not run again. */
  readonly finished?: ReadonlyMap<number, Replicate> | undefined;
  /**
   * Called as each chunk of replicates finishes, with its first replicate's number, its packed
   * numbers and its extras (for a checkpoint; see `unpackTrajectories`).
   */
  readonly onChunk?:
    | ((first: number, packed: Float64Array, extras: readonly ReplicateExtras[]) => void)
    | undefined;
}

/** How often the finished-replicate counter is read, in milliseconds. */
const POLL_MS = 100;

/**
 * Runs `runs` replicates of a spec on a pool of worker threads and returns their trajectories
 * in replicate order, whatever order they finished in: replicates `firstReplicate` … (0 … by
 * default). Replicate r draws from `streamFor(seed, r)` alone, so the result does not depend on
 * the number of workers, nor on where they are. Each chunk comes back as one packed Float64Array
 * (see `ChunkRunner`).
 *
 * Input problems (an `InputError`) are found here, before any worker starts. Pass `compiled` if
 * the caller has already compiled the spec.
 */
export async function runEnsemble(
  spec: RunSpec,
  options: EnsembleOptions,
  compiled: CompiledScenario = compileSpec(spec),
): Promise<Replicate[]> {
  const { runs, workers, signal, onProgress, finished, onChunk } = options;
  const base = spec.firstReplicate ?? 0;
  signal?.throwIfAborted();
  if (runs === 1 && options.runner === undefined)
    return runReplicates(compiled, spec, base, 1, {
      progress: (fraction) => onProgress?.(fraction, 1),
      checkpoints: options.checkpoints,
    });

  const { compartments } = compiled.network;
  const times = outputTimes(compiled.time.until, compiled.time.every);
  const runner = options.runner ?? new ThreadRunner(workers);
  const stop = () => runner.close();
  // One listener for the whole runner: closing it rejects every chunk still queued or running.
  signal?.addEventListener('abort', stop, { once: true });
  const isFinished = (r: number) => finished?.has(base + r) ?? false;
  const chunks = chunkPlan(runs, runner.slots).filter(({ first, count }) => {
    for (let r = first; r < first + count; r++) if (!isFinished(r)) return true;
    return false;
  });
  const earlier = runs - chunks.reduce((sum, chunk) => sum + chunk.count, 0);
  const poll = setInterval(() => onProgress?.(earlier + runner.finished(), runs), POLL_MS);
  try {
    const results = await Promise.all(
      chunks.map(async ({ first, count }) => {
        const result = await runner.run({ spec, first: base + first, count });
        if (result.failure === undefined && result.refused === undefined)
          onChunk?.(base + first, result.packed, result.extras);
        return result;
      }),
    );
    const failed = results.find((result) => result.failure !== undefined);
    if (failed?.failure !== undefined) throw new RuntimeFailure(failed.failure);
    const refused = results.find((result) => result.refused !== undefined)?.refused;
    if (refused !== undefined)
      throw new InterventionRefused(refused.index, spec.interventions![refused.index]!, refused.reason);
    onProgress?.(runs, runs);
    const all: Replicate[] = [];
    for (let r = 0; r < runs; r++) {
      const kept = finished?.get(base + r);
      if (kept !== undefined) all[r] = kept;
    }
    results.forEach(({ packed, extras }, k) => {
      unpackTrajectories(packed, compartments, times).forEach((run, i) => {
        all[chunks[k]!.first + i] = { ...run, ...extras[i] };
      });
    });
    return all;
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    clearInterval(poll);
    signal?.removeEventListener('abort', stop);
    await stop();
  }
}
