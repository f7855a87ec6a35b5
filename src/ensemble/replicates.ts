import { streamFor } from '../core/random.js';
import { createEngine } from '../engines/create.js';
import type { Progress } from '../engines/engine.js';
import { outputTimes, record, type Trajectory } from '../engines/trajectory.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { RunSpec } from './run-spec.js';

/**
 * Runs replicates first … first + count − 1 of a loaded scenario in this thread, each on its own
 * stream `streamFor(seed, r)`, so a replicate's numbers do not depend on where it runs.
 * `done` is called after each; `progress` reports the fraction of the current replicate. Engine
 * files are kept whole for replicate 0 only (see `tablesOf`).
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
  const options = spec.method === undefined ? {} : { method: spec.method };
  const runs: Trajectory[] = [];
  for (let r = first; r < first + count; r++) {
    const engine = createEngine(scenario.engine, loaded, streamFor(spec.seed, r), options);
    const run = record(engine, times, progress);
    runs.push(r === 0 ? run : { ...run, artifacts: tablesOf(run.artifacts) });
    done?.(r);
  }
  return runs;
}

/**
 * An engine's files beyond the first replicate: only its tables (`*.csv`), which the ensemble's
 * outputs stack with a run column; logs and replays are of one run, the first.
 */
function tablesOf(files: Record<string, string | Uint8Array> | undefined) {
  if (files === undefined) return undefined;
  return Object.fromEntries(Object.entries(files).filter(([name]) => name.endsWith('.csv')));
}
