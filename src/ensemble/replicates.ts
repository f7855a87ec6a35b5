import { RuntimeFailure } from '../core/errors.js';
import { streamFor } from '../core/random.js';
import { createEngine } from '../engines/create.js';
import type { Progress } from '../engines/engine.js';
import { outputTimes, record, type Trajectory } from '../engines/trajectory.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { RunSpec } from './run-spec.js';

/**
 * Runs replicates first … first + count − 1 of a loaded scenario in this thread, each on its own
 * stream `streamFor(seed, r)`, so a replicate's numbers do not depend on where it runs.
 * `done` is called after each; `progress` reports the fraction of the current replicate. Of the
 * engine's files, replicates after the first keep only their tables: an ensemble writes the first
 * run's logs and replays, and stacks every run's tables.
 */
export function runReplicates(
  loaded: LoadedScenario,
  spec: RunSpec,
  first: number,
  count: number,
  done?: (replicate: number) => void,
  progress?: Progress,
): Trajectory[] {
  const { scenario } = loaded;
  const times = outputTimes(scenario.time.until, scenario.time.every);
  const options = {
    ...(spec.method === undefined ? {} : { method: spec.method }),
    ...(spec.maxEvents === undefined ? {} : { maxEvents: spec.maxEvents }),
  };
  const runs: Trajectory[] = [];
  for (let r = first; r < first + count; r++) {
    const engine = createEngine(scenario.engine, loaded, streamFor(spec.seed, r), options);
    try {
      runs.push(record(engine, times, progress, r > 0));
    } catch (error) {
      // In an ensemble, say which replicate failed: `--seed S` and its number reproduce it.
      if (error instanceof RuntimeFailure && (first > 0 || count > 1))
        throw new RuntimeFailure(`replicate ${r}: ${error.message}`);
      throw error;
    }
    done?.(r);
  }
  return runs;
}
