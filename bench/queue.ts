import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChunkRunner } from '../src/ensemble/chunk-runner.js';
import { chunkPlan } from '../src/ensemble/chunks.js';
import { openQueueRunner } from '../src/ensemble/queue/queue-runner.js';
import { parseRedisAddress } from '../src/ensemble/queue/redis-address.js';
import { runEnsemble } from '../src/ensemble/run-ensemble.js';
import type { RunSpec } from '../src/ensemble/run-spec.js';
import { gridDesign } from '../src/ensemble/sweep/grid-design.js';
import { planPoints } from '../src/ensemble/sweep/point-plans.js';
import { runSweep } from '../src/ensemble/sweep/run-sweep.js';
import { parseVaryFlag } from '../src/ensemble/sweep/vary-flag.js';
import { ThreadRunner } from '../src/ensemble/thread-runner.js';
import { readScenarioText, scenarioPath } from '../src/scenario/files.js';

/**
 * The queue's overhead, on a redis-server of its own (Debian's `redis-server` package; skipped
 * without it) and `undead worker` processes started from source:
 * - trivial jobs: munz-basic on the SSA with 20 people over one day (a few microseconds of work),
 *   one replicate a job, through one worker: what a job costs on the way (add, take, run, result,
 *   announce, fetch), as jobs and replicates per second;
 * - a real sweep: alemi-szr on the SSA (the `ensemble` case's workload) at four kill rates
 *   (`--vary kappa=0.6,0.7,0.8,0.9`), 4,000 runs each, cut into jobs as `undead sweep --queue`
 *   cuts them (16 slots: 1,000 jobs of 16 runs) and sent back as rows, through 1 and then 2
 *   worker processes of one thread each (`--concurrency 1`), beside the same sweep on one local
 *   thread.
 */
const TRIVIAL_RUNS = 2000;
/** The sweep: its points, and runs at each. */
const SWEEP_VARY = 'kappa=0.6,0.7,0.8,0.9';
const SWEEP_RUNS = 4000;

const root = fileURLToPath(new URL('..', import.meta.url));

export async function run(): Promise<Array<Record<string, unknown>>> {
  if (spawnSync('redis-server', ['--version']).status !== 0)
    return [{ case: 'queue', skipped: "no redis-server: install Debian's redis-server package" }];
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  const redis = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
  ]);
  const workers: ChildProcess[] = [];
  try {
    await lineFrom(redis, 'stdout', /Ready to accept connections/);
    const url = `redis://127.0.0.1:${port}`;
    const address = parseRedisAddress(url);
    const startWorker = async () => {
      const worker = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queue', url, '--concurrency', '1'],
        { cwd: root },
      );
      workers.push(worker);
      await lineFrom(worker, 'stderr', /ready: serving/);
    };
    const timed = async (spec: RunSpec, runs: number, slots: number) => {
      const runner = await openQueueRunner({ address, slots });
      const started = performance.now();
      await runEnsemble(spec, { runs, workers: 1, runner });
      return (performance.now() - started) / 1000;
    };
    const results: Array<Record<string, unknown>> = [];

    await startWorker();
    const munz = scenarioPath('munz-basic');
    const trivial: RunSpec = {
      text: readScenarioText(munz),
      file: munz,
      settings: ['S=20', 'time.until=1'],
      engine: 'ssa',
      seed: 1,
    };
    // One job a replicate: 16 chunks per slot (chunks.ts).
    const oneEach = Math.ceil(TRIVIAL_RUNS / 16);
    await timed({ ...trivial, seed: 0 }, 64, 4); // warm-up: the worker's thread, its compile, the connections
    const trivialSeconds = await timed(trivial, TRIVIAL_RUNS, oneEach);
    results.push({
      case: `trivial jobs (munz-basic ssa, S=20, 1 day), ${TRIVIAL_RUNS} jobs of 1 replicate, 1 worker process`,
      jobs_per_second: Math.round(TRIVIAL_RUNS / trivialSeconds),
      replicates_per_second: Math.round(TRIVIAL_RUNS / trivialSeconds),
      seconds: Number(trivialSeconds.toFixed(2)),
    });

    const alemi = scenarioPath('alemi-szr');
    const base: RunSpec = {
      text: readScenarioText(alemi),
      file: alemi,
      settings: [],
      engine: 'ssa',
      seed: 1,
    };
    const design = gridDesign([parseVaryFlag(SWEEP_VARY)]);
    const sweep = async (seed: number, runner: ChunkRunner) => {
      const plans = planPoints({ ...base, seed }, design, SWEEP_RUNS);
      const started = performance.now();
      try {
        await runSweep(design, plans, { runner });
      } finally {
        await runner.close();
      }
      const seconds = (performance.now() - started) / 1000;
      const jobs = plans.reduce((sum, plan) => sum + chunkPlan(plan.runs, runner.slots).length, 0);
      return { seconds, jobs };
    };
    const total = design.points.length * SWEEP_RUNS;
    const what = `alemi-szr ssa sweep, ${SWEEP_VARY} × ${SWEEP_RUNS} runs (${total} runs)`;
    const local = await sweep(1, new ThreadRunner(1));
    results.push({
      case: `${what}, 1 local thread (no queue)`,
      runs_per_second: Math.round(total / local.seconds),
      seconds: Number(local.seconds.toFixed(2)),
    });
    for (const count of [1, 2]) {
      while (workers.length < count) await startWorker();
      // Another seed each time: no result of an earlier sweep is taken again from Redis.
      const { seconds, jobs } = await sweep(count + 1, await openQueueRunner({ address }));
      results.push({
        case: `${what} in ${jobs} jobs, ${count} worker process${count > 1 ? 'es' : ''} of 1 thread`,
        runs_per_second: Math.round(total / seconds),
        seconds: Number(seconds.toFixed(2)),
        cores: availableParallelism(),
      });
    }
    return results;
  } finally {
    for (const worker of workers) worker.kill('SIGKILL');
    redis.kill('SIGKILL');
  }
}

/** Resolves once a child's stdout or stderr has printed a line matching `pattern`. */
async function lineFrom(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
  let text = '';
  let found = false;
  const seen = new Promise<void>((resolve) => {
    // The listener stays: it keeps draining the pipe, which would otherwise fill and stall the child.
    child[stream]!.on('data', (data: Buffer) => {
      if (found) return;
      text += data.toString();
      found = pattern.test(text);
      if (found) resolve();
    });
  });
  const ended = once(child, 'exit').then(() => {
    if (!found) throw new Error(`exited before ${pattern}:\n${text}`);
  });
  await Promise.race([seen, ended]);
}
