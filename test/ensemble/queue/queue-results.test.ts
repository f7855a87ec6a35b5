import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../../helpers.js';
import {
  linesOf,
  NO_REDIS,
  REDIS_SERVER,
  RedisProcess,
  startWorker,
  UndeadProcess,
} from './redis-process.js';

/** A small ensemble: 24 replicates of munz-basic on the SSA, one job each on the queue. */
const RUN = [
  'run',
  'munz-basic',
  '--engine',
  'ssa',
  '--runs',
  '24',
  '--seed',
  '7',
  '--quiet',
  '--progress',
  'none',
];

/** `undead run ARGS` into a fresh folder, to its end. */
async function runTo(out: string, extra: readonly string[] = []) {
  const run = new UndeadProcess([...RUN, '--out', out, ...extra]);
  return { ...(await run.exited), stderr: run.stderr };
}

const files = (dir: string) => ({
  timeseries: readFileSync(join(dir, 'timeseries.csv'), 'utf8'),
  quantiles: readFileSync(join(dir, 'quantiles.csv'), 'utf8'),
});

describe.skipIf(REDIS_SERVER === undefined)(
  "undead run --queue (needs Debian's redis-server package)",
  () => {
    let redis: RedisProcess;
    const workers: UndeadProcess[] = [];
    const dir = temporaryDir();
    let local: ReturnType<typeof files>;

    beforeAll(async () => {
      redis = await RedisProcess.start();
      const result = await runTo(join(dir, 'local'), ['--workers', '2']);
      expect(result.stderr).toBe('');
      local = files(join(dir, 'local'));
    });

    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.kill()));
      await redis?.kill();
    });

    it('gives byte-identical timeseries.csv and quantiles.csv with one worker as locally', async () => {
      workers.push(await startWorker(redis.url));
      const result = await runTo(join(dir, 'one'), ['--queue', redis.url]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(files(join(dir, 'one'))).toEqual(local);
      // Every replicate was one job, run once.
      expect(linesOf(workers[0]!, /done in/)).toHaveLength(24);
    });

    it('and with three workers, each chunk run by exactly one of them', async () => {
      workers.push(await startWorker(redis.url), await startWorker(redis.url));
      const before = workers.map((worker) => linesOf(worker, /done in/).length);
      const result = await runTo(join(dir, 'three'), ['--queue', redis.url]);
      expect(result.status).toBe(0);
      expect(files(join(dir, 'three'))).toEqual(local);
      const ranges = workers.flatMap((worker, k) =>
        linesOf(worker, /done in/)
          .slice(before[k])
          .map((line) => /replicates (\d+)–/.exec(line)![1]),
      );
      expect(ranges.map(Number).sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
    });

    it('refuses a Redis that may evict keys, with exit code 1 and the fix', async () => {
      const evicting = await RedisProcess.start('allkeys-lru');
      try {
        const result = await runTo(join(dir, 'evicting'), ['--queue', evicting.url]);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("maxmemory-policy 'allkeys-lru'");
        expect(result.stderr).toContain('--maxmemory-policy noeviction');
      } finally {
        await evicting.kill();
      }
    });

    it('refuses a --queue that is not redis://HOST:PORT with exit code 2, and a Redis not there with exit code 1', async () => {
      const bad = await runTo(join(dir, 'bad'), ['--queue', 'http://127.0.0.1:1']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--queue: .*expected redis:\/\/HOST:PORT/);
      await redis.kill();
      const gone = await runTo(join(dir, 'gone'), ['--queue', redis.url]);
      expect(gone.status).toBe(1);
      expect(gone.stderr).toContain(`cannot reach Redis at ${redis.url}`);
    });
  },
);

// Vitest needs one test in a file; without redis-server it says why the others did not run.
it.runIf(REDIS_SERVER === undefined)(NO_REDIS, () => {});
