import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunner } from '../../../src/cli/open-runner.js';
import { InputError } from '../../../src/core/errors.js';
import { QueueFailure } from '../../../src/ensemble/queue/queue-failure.js';
import { openQueueRunner } from '../../../src/ensemble/queue/queue-runner.js';
import { parseRedisAddress } from '../../../src/ensemble/queue/redis-address.js';
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

/** A small sweep: two values of beta, five runs each, two days (ten jobs on the queue). */
const SWEEP = [
  'sweep',
  'munz-basic',
  '--engine',
  'ssa',
  '--vary',
  'beta=0.008,0.012',
  '--runs',
  '5',
  '--seed',
  '5',
  '--until',
  '2',
  '--quiet',
];

/** `undead run ARGS` (or another command) into a fresh folder, to its end. */
async function runTo(out: string, extra: readonly string[] = [], command = RUN) {
  const run = new UndeadProcess([...command, '--out', out, ...extra]);
  return { ...(await run.exited), stderr: run.stderr };
}

/** The files a run writes that must be the same wherever its replicates ran. */
const files = (dir: string) => ({
  timeseries: readFileSync(join(dir, 'timeseries.csv'), 'utf8'),
  quantiles: readFileSync(join(dir, 'quantiles.csv'), 'utf8'),
});

/** A sweep's results.parquet, whose rows are in (point, replicate) order, as bytes. */
const results = (dir: string) => readFileSync(join(dir, 'results.parquet'));

describe.skipIf(REDIS_SERVER === undefined)(
  "undead run --queue (needs Debian's redis-server package)",
  () => {
    let redis: RedisProcess;
    const workers: UndeadProcess[] = [];
    const dir = temporaryDir();
    let local: ReturnType<typeof files>;
    let localSweep: Buffer;

    beforeAll(async () => {
      redis = await RedisProcess.start();
      const [run, sweep] = await Promise.all([
        runTo(join(dir, 'local'), ['--workers', '1']),
        runTo(join(dir, 'local-sweep'), ['--workers', '1'], SWEEP),
      ]);
      expect(run.stderr).toBe('');
      expect(sweep.stderr).toBe('');
      local = files(join(dir, 'local'));
      localSweep = results(join(dir, 'local-sweep'));
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
      // summary.json says where the workers were, not this machine's threads.
      const summary = JSON.parse(readFileSync(join(dir, 'one', 'summary.json'), 'utf8'));
      expect(summary.queue).toBe(redis.url);
      expect(summary.workers).toBeUndefined();
      // Every replicate was one job, run once.
      expect(linesOf(workers[0]!, /done in/)).toHaveLength(24);
    });

    it('a second submitter of the same work, soon after, takes the results the first took: none is run again', async () => {
      const before = linesOf(workers[0]!, /done in/).length;
      const result = await runTo(join(dir, 'again'), ['--queue', redis.url]);
      expect(result.stderr).toBe('');
      expect(files(join(dir, 'again'))).toEqual(local);
      expect(linesOf(workers[0]!, /done in/)).toHaveLength(before);
    });

    it('gives a byte-identical results.parquet for a sweep with one worker as locally', async () => {
      const result = await runTo(join(dir, 'sweep-one'), ['--queue', redis.url], SWEEP);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(results(join(dir, 'sweep-one')).equals(localSweep)).toBe(true);
    });

    it('and with three workers (a run and a sweep), each chunk run by exactly one of them', async () => {
      // The results of the runs above have not expired yet: a run of the same chunks would take them.
      const client = new Redis({ port: redis.port });
      const keys = await client.keys('undead:result:*');
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
      workers.push(await startWorker(redis.url), await startWorker(redis.url));
      const before = workers.map((worker) => linesOf(worker, /done in/).length);
      const result = await runTo(join(dir, 'three'), ['--queue', redis.url]);
      expect(result.status).toBe(0);
      expect(files(join(dir, 'three'))).toEqual(local);
      const ranges = workers.flatMap((worker, k) =>
        linesOf(worker, /done in/)
          .slice(before[k])
          .map((line) => /replicates? (\d+)/.exec(line)![1]),
      );
      expect(ranges.map(Number).sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
      // Chunks of one replicate are told as one.
      expect(workers.flatMap((worker) => linesOf(worker, /done in/))).toContainEqual(
        expect.stringMatching(/: replicate 0 of /),
      );
      const sweep = await runTo(join(dir, 'sweep-three'), ['--queue', redis.url], SWEEP);
      expect(sweep.status).toBe(0);
      expect(results(join(dir, 'sweep-three')).equals(localSweep)).toBe(true);
    });

    // Refusals are checked in this process (openRunner is what `run` and `sweep` call): starting
    // `undead` for each would cost a second of CPU apiece. A QueueFailure exits 1, an InputError 2.
    it('refuses a Redis that may evict keys, with the fix', async () => {
      const evicting = await RedisProcess.start('allkeys-lru');
      try {
        const opening = openRunner({ workers: 1, queue: evicting.url });
        await expect(opening).rejects.toThrow(QueueFailure);
        await expect(opening).rejects.toThrow(
          /maxmemory-policy 'allkeys-lru'.*--maxmemory-policy noeviction/,
        );
      } finally {
        await evicting.kill();
      }
    });

    it('refuses a /DB the server does not have, rather than use database 0 instead', async () => {
      const opening = openRunner({ workers: 1, queue: `${redis.url}/99` });
      await expect(opening).rejects.toThrow(QueueFailure);
      await expect(opening).rejects.toThrow(`Redis at ${redis.url}/99 has no database 99`);
    });

    it('says once, with how to start one, when no worker has taken a job of the run for a while', async () => {
      // A queue no worker serves (the workers above serve 'undead'), with the wait cut to 0.1 s.
      const notes: string[] = [];
      const runner = await openQueueRunner({
        address: parseRedisAddress(redis.url),
        queueName: 'undead-unserved',
        checkEveryMs: 25,
        idleNoteMs: 100,
        note: (message) => notes.push(message),
      });
      const spec = { text: 'name: never-run', file: 'never.yaml', settings: [], seed: 1 };
      const waiting = runner.run({ spec, first: 0, count: 1 }).catch(() => 'closed');
      for (let k = 0; k < 120 && notes.length === 0; k++) await new Promise((done) => setTimeout(done, 25));
      // Four more rounds of checks, and no second note.
      await new Promise((done) => setTimeout(done, 100));
      await runner.close();
      expect(await waiting).toBe('closed');
      expect(notes).toEqual([
        expect.stringMatching(
          new RegExp(
            `^no worker has taken a job of this run for 0 s, and it waits for one: if none serves the queue, start one with npx undead worker --queue ${redis.url}$`,
          ),
        ),
      ]);
    });

    it('refuses a --queue that is not redis://HOST:PORT as bad input, and a Redis not there as a failure', async () => {
      await expect(openRunner({ workers: 1, queue: 'http://127.0.0.1:1' })).rejects.toThrow(InputError);
      await redis.kill();
      const opening = openRunner({ workers: 1, queue: redis.url });
      await expect(opening).rejects.toThrow(QueueFailure);
      await expect(opening).rejects.toThrow(`cannot reach Redis at ${redis.url}`);
    });
  },
);

// Vitest needs one test in a file; without redis-server it says why the others did not run.
it.runIf(REDIS_SERVER === undefined)(NO_REDIS, () => {});
