import { availableParallelism } from 'node:os';
import { runEnsemble } from '../src/ensemble/run-ensemble.js';
import type { RunSpec } from '../src/ensemble/run-spec.js';
import { readScenarioText, scenarioPath } from '../src/scenario/files.js';

/**
 * Ensemble throughput: replicates per second of alemi-szr on the SSA (S₀ = 990, Z₀ = 10, 40 days,
 * 401 output rows, about 1,800 events a replicate) with 1 and 2 worker threads, pool start-up and
 * the transfer of every trajectory included.
 */
const RUNS = 20_000;

export async function run(): Promise<Array<Record<string, unknown>>> {
  const file = scenarioPath('alemi-szr');
  const spec: RunSpec = { text: readScenarioText(file), file, settings: [], engine: 'ssa', seed: 1 };
  const results: Array<Record<string, unknown>> = [];
  for (const workers of [1, 2]) {
    const started = performance.now();
    const runs = await runEnsemble(spec, { runs: RUNS, workers });
    const seconds = (performance.now() - started) / 1000;
    const events = runs.reduce((sum, r) => sum + r.eventCount, 0);
    results.push({
      case: `alemi-szr ssa, ${RUNS} replicates, ${workers} worker${workers > 1 ? 's' : ''}`,
      replicates_per_second: Math.round(RUNS / seconds),
      events_per_second_millions: Number((events / seconds / 1e6).toFixed(2)),
      seconds: Number(seconds.toFixed(2)),
      cores: availableParallelism(),
    });
  }
  return results;
}
