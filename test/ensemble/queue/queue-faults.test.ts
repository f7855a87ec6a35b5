import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { parquetReadObjects } from 'hyparquet';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/core/version.js';
import { chunkJobId, chunkPayload } from '../../../src/ensemble/queue/chunk-payload.js';
import { JOB_OPTIONS, QUEUE_NAME, resultKey } from '../../../src/ensemble/queue/queue-keys.js';
import { decodeChunkResult } from '../../../src/ensemble/queue/result-codec.js';
import type { RunSpec } from '../../../src/ensemble/run-spec.js';
import { readScenarioText, scenarioPath } from '../../../src/scenario/files.js';
import { temporaryDir } from '../../helpers.js';
import {
  linesOf,
  NO_REDIS,
  REDIS_SERVER,
  RedisProcess,
  startWorker,
  UndeadProcess,
} from './redis-process.js';

/**
 * A sweep of two points (two kill rates) of munz-basic on the SSA with five million people, two
 * runs each: four replicates of about 0.15 s of a core each, one job each on the queue, long
 * enough that a worker is caught in the middle of one.
 */
const SWEEP = [
  'sweep',
  'munz-basic',
  '--engine',
  'ssa',
  '--vary',
  'alpha=0.005,0.006',
  '--runs',
  '2',
  '--set',
  'S=5000000',
  '--quiet',
  '--progress',
  'none',
];

/** Locks of a second: a killed worker's job goes back to the queue within about two. */
const QUICK = ['--lock-duration', '1000'];

/** A sweep folder's results.parquet, as bytes. */
const results = (dir: string) => readFileSync(join(dir, 'results.parquet'));

/**
 * The (point, replicate) of every row of a results.parquet, read back by hyparquet (a reader
 * independent of our writer), in the order of the file.
 */
async function runsOf(file: Buffer): Promise<string[]> {
  const bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file: bytes, columns: ['point', 'replicate'] });
  return rows.map((row) => `${row.point}/${row.replicate}`);
}

/** Every run of the sweep exactly once, in (point, replicate) order. */
const EVERY_RUN = ['0/0', '0/1', '1/0', '1/1'];

/**
 * What a sweep that lived through a fault must have written: every (point, replicate) exactly
 * once, and the very bytes of the sweep run locally (the same numbers, none counted twice).
 */
async function expectComplete(dir: string, local: Buffer): Promise<void> {
  const file = results(dir);
  const runs = await runsOf(file);
  expect(new Set(runs).size).toBe(runs.length);
  expect(runs).toEqual(EVERY_RUN);
  expect(file.equals(local)).toBe(true);
}

describe.skipIf(REDIS_SERVER === undefined)(
  "the queue's faults (needs Debian's redis-server package)",
  () => {
    let redis: RedisProcess;
    let queue: Queue;
    const processes: UndeadProcess[] = [];
    const dir = temporaryDir();
    /** The sweep's results.parquet when run on threads here: what every test's sweep must give. */
    let local: Buffer;

    /** `undead sweep` of the four replicates on the queue, left running. */
    const submit = (name: string, extra: readonly string[] = []) => {
      const sweep = new UndeadProcess([...SWEEP, ...extra, '--queue', redis.url, '--out', join(dir, name)]);
      processes.push(sweep);
      return sweep;
    };
    const worker = async () => {
      const started = await startWorker(redis.url, QUICK);
      processes.push(started);
      return started;
    };

    beforeAll(async () => {
      redis = await RedisProcess.start();
      queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
      queue.on('error', () => {});
      const reference = new UndeadProcess([...SWEEP, '--workers', '1', '--out', join(dir, 'local')]);
      expect((await reference.exited).status).toBe(0);
      local = results(join(dir, 'local'));
      // The reference itself has every run once: the checks below can tell a sweep that has not.
      expect(await runsOf(local)).toEqual(EVERY_RUN);
    });

    afterAll(async () => {
      await queue?.close();
      await Promise.all(processes.map((process) => process.kill()));
      await redis?.kill();
    });

    /**
     * Deletes the results left in Redis by earlier tests (a job run twice leaves its second
     * result unread): a run of the same chunks would take them at once, and find no work to lose.
     */
    const forgetResults = async () => {
      const client = new Redis({ port: redis.port });
      const keys = await client.keys('undead:result:*');
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    };

    /** Waits until a job reaches `state`, polling (the hang guard is vitest's time limit). */
    const waitForState = async (id: string, state: string) => {
      while ((await queue.getJobState(id)) !== state) await new Promise((done) => setTimeout(done, 50));
    };

    /** The one worker serving: each test hands it on to the next, to start fewer processes. */
    let serving: UndeadProcess;

    it('refuses malformed and hostile jobs at once, without retrying them, and goes on serving', async () => {
      serving = await worker();
      const file = scenarioPath('munz-basic');
      const spec: RunSpec = { text: readScenarioText(file), file, settings: [], engine: 'ssa', seed: 3 };
      const good = { version: VERSION, spec, first: 0, count: 2 };
      const hostile: [string, unknown, RegExp][] = [
        ['not-an-object', 'rm -rf /', /malformed job: the job: .*object/i],
        ['other-version', { ...good, version: '0.0.1' }, /made by undead 0\.0\.1 and this worker is undead/],
        ['unknown-key', { ...good, evil: '__proto__' }, /malformed job: .*evil/],
        ['huge-count', { ...good, count: 1e9 }, /malformed job: count/],
        [
          'huge-text',
          { ...good, spec: { ...spec, text: 'x'.repeat(2_000_001) } },
          /malformed job: spec\.text/,
        ],
        ['wrong-id', good, /is not the hash of its data/],
        ['no-compile', { ...good, spec: { ...spec, settings: ['beta=oops'] } }, /the scenario|beta/],
      ];
      for (const [name, data, reason] of hostile) {
        // A job must carry the hash of its data as its id; this one does, to reach the scenario's check.
        const id = name === 'no-compile' ? chunkJobId(data as never) : `chunk-${name}`;
        await queue.add('chunk', data, { jobId: id, ...JOB_OPTIONS });
        await waitForState(id, 'failed');
        const job = (await queue.getJob(id))!;
        expect(job.failedReason, name).toMatch(reason);
        expect(job.attemptsMade, name).toBe(1);
      }
      // Then a good job, added the same way, is served.
      const payload = chunkPayload({ spec, first: 0, count: 2 });
      const id = chunkJobId(payload);
      await queue.add('chunk', payload, { jobId: id, ...JOB_OPTIONS });
      const client = new Redis({ port: redis.port });
      let text = await client.get(resultKey(QUEUE_NAME, id));
      while (text === null) {
        await new Promise((done) => setTimeout(done, 50));
        text = await client.get(resultKey(QUEUE_NAME, id));
      }
      client.disconnect();
      expect(decodeChunkResult(text).extras).toHaveLength(2);
      expect(linesOf(serving, /refused/)).toHaveLength(hostile.length);
    });

    it('finishes a sweep whose worker was killed with SIGKILL mid-job on another worker: complete, identical, no duplicates', async () => {
      const doomed = serving;
      const sweep = submit('killed');
      await doomed.waitFor(/started: replicates? /, doomed.stderr.length);
      await doomed.kill();
      const rescuer = await worker();
      serving = rescuer;
      const { status } = await sweep.exited;
      expect(sweep.stderr).toBe('');
      expect(status).toBe(0);
      // The job the killed worker held came back to the queue through BullMQ's stalled-job check.
      expect(linesOf(rescuer, /again: its worker stalled/).length, rescuer.stderr).toBeGreaterThan(0);
      await expectComplete(join(dir, 'killed'), local);
    });

    it('completes a sweep across a Redis restart (jobs lost with the server are added again), identical', async () => {
      await forgetResults();
      const sweep = submit('restarted');
      await serving.waitFor(/done in/, serving.stderr.length);
      await redis.restart();
      const { status } = await sweep.exited;
      // The server came back empty: the jobs still out were added again, and the sweep says so.
      expect(sweep.stderr).toMatch(
        /^note: \d+ jobs? vanished from the queue \(Redis was restarted, or another submitter of the same runs stopped and took them off\) and w[a-z]+ added again\n$/,
      );
      expect(status).toBe(0);
      await expectComplete(join(dir, 'restarted'), local);
    });

    it('stops a worker on SIGTERM once its running job is done (exit 0), and a stopped sweep removes its waiting jobs', async () => {
      const stopping = serving;
      const mark = stopping.stderr.length;
      // Fifty zombies: no replicate dies out at once, so every job takes a while (about 0.3 s).
      const sweep = submit('stopped', ['--set', 'S=10000000', '--set', 'Z=50']);
      await stopping.waitFor(/started: replicates? /, mark);
      stopping.child.kill('SIGTERM');
      expect((await stopping.exited).status).toBe(0);
      const log = stopping.stderr.slice(mark);
      expect(log).toMatch(/SIGTERM: taking no more jobs; finishing 1 running job\n/);
      // The job it had begun ended after the signal, and nothing began after it.
      const after = log.slice(log.indexOf('SIGTERM'));
      expect(after).toMatch(/done in .*\n.*stopped\n$/);
      expect(after).not.toMatch(/started/);
      sweep.child.kill('SIGTERM');
      expect((await sweep.exited).status).toBe(143);
      expect(await queue.getWaitingCount()).toBe(0);
    });

    it('fails a sweep with exit code 1 when Redis stays away longer than its patience', async () => {
      // No worker serves: the jobs wait in the queue when Redis goes.
      await forgetResults();
      const sweep = new UndeadProcess([...SWEEP, '--queue', redis.url, '--out', join(dir, 'lost')], {
        UNDEAD_QUEUE_PATIENCE_MS: '500',
      });
      processes.push(sweep);
      while ((await queue.getWaitingCount()) === 0) await new Promise((done) => setTimeout(done, 50));
      await redis.kill();
      expect((await sweep.exited).status).toBe(1);
      expect(sweep.stderr).toMatch(
        /lost Redis at redis:\/\/127\.0\.0\.1:\d+ for \d+ s: gave up on \d+ chunks still out, and nothing was written/,
      );
    });

    it('stops a worker on SIGTERM while Redis is down (exit 0; it waited for its connection for ever)', async () => {
      const gone = await RedisProcess.start();
      // Its threads are capped at the cores too (--concurrency 200 took 2 GB before it was ready).
      const worker = await startWorker(gone.url, ['--concurrency', '1000']);
      expect(worker.stderr).toMatch(
        /--concurrency 1000 is more than the \d+ cores of this machine; using \d+\n/,
      );
      processes.push(worker);
      await gone.kill();
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.stderr).toEqual({ status: 0, signal: null });
      expect(worker.stderr).toMatch(
        /SIGTERM: taking no more jobs; finishing 0 running jobs\n(.*\n)*.*stopped\n$/,
      );
    });

    it('names a refused password as such, not as a Redis to start', async () => {
      const locked = await RedisProcess.start('noeviction', undefined, ['--requirepass', 's3cret']);
      try {
        const run = new UndeadProcess([...SWEEP, '--queue', locked.url, '--out', join(dir, 'locked')]);
        expect((await run.exited).status).toBe(1);
        expect(run.stderr).toMatch(
          /^undead: Redis at redis:\/\/127\.0\.0\.1:\d+ refused the credentials \(NOAUTH .*\): give its password in the address, redis:\/\/:PASSWORD@HOST:PORT/,
        );
      } finally {
        await locked.kill();
      }
    });
  },
);

it.runIf(REDIS_SERVER === undefined)(NO_REDIS, () => {});
