import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ChunkJob, ChunkResult } from '../chunk-job.js';
import type { ChunkRunner } from '../chunk-runner.js';
import { chunkText } from '../chunks.js';
import { type ChunkPayload, chunkJobId, chunkPayload } from './chunk-payload.js';
import { QueueFailure } from './queue-failure.js';
import { doneChannel, JOB_OPTIONS, QUEUE_NAME, resultKey, TAKEN_RESULT_TTL_SECONDS } from './queue-keys.js';
import type { RedisAddress } from './redis-address.js';
import { checkRedisServer, connectionOptions, evictionPolicy, evictionRefusal } from './redis-server.js';
import { decodeChunkResult } from './result-codec.js';

/** How a `QueueRunner` works; only `address` is needed. */
export interface QueueRunnerOptions {
  readonly address: RedisAddress;
  /** The BullMQ queue; default `undead`, the one `undead worker` serves. */
  readonly queueName?: string | undefined;
  /**
   * How long Redis may stay unreachable before every chunk still out fails (exit 1), in
   * milliseconds; default 60 s. Within it, a restarted Redis is simply found again.
   */
  readonly patienceMs?: number | undefined;
  /**
   * How often every chunk still out is looked at, in milliseconds (default 1 s): workers announce
   * finished jobs at once (`doneChannel`), and this catches announcements missed, failed jobs and
   * jobs that vanished.
   */
  readonly checkEveryMs?: number | undefined;
  /**
   * `ChunkRunner.slots` (default 16): an ensemble is cut into 16 × this many chunks, and a sweep
   * keeps 4 × this many chunks out at once, enough for as many worker threads across machines.
   */
  readonly slots?: number | undefined;
  /**
   * Told, in one line, of jobs that vanished from the queue and were added again, and once of a
   * queue that no worker serves (see `idleNoteMs`).
   */
  readonly note?: ((message: string) => void) | undefined;
  /**
   * How long chunks may wait with no worker taking any before one note says so, with how to start
   * one, in milliseconds (default 30 s): without a worker a run waits, and would look hung.
   */
  readonly idleNoteMs?: number | undefined;
}

/** A chunk given to the queue and not yet answered. */
interface Outstanding {
  readonly payload: ChunkPayload;
  readonly promise: Promise<ChunkResult>;
  readonly resolve: (result: ChunkResult) => void;
  readonly reject: (error: unknown) => void;
  /** A check of the job is running; `again`: another was asked for meanwhile. */
  checking: boolean;
  again: boolean;
  /** This runner has added the job (a failed job found before that is an earlier submitter's). */
  added: boolean;
}

/**
 * Opens a `QueueRunner` on the Redis at `options.address`, once the server has been found and
 * does not evict keys (see `checkRedisServer`; a `QueueFailure`, exit 1, otherwise).
 */
export async function openQueueRunner(options: QueueRunnerOptions): Promise<QueueRunner> {
  await checkRedisServer(options.address);
  const runner = new QueueRunner(options);
  await runner.ready();
  return runner;
}

/**
 * A `ChunkRunner` whose chunks run on `undead worker` processes anywhere, through a BullMQ queue on
 * Redis. Each chunk is one job whose data is the chunk itself (scenario text, seed, replicate
 * range: never any state) and whose id is a hash of that data (`chunkJobId`), so the same work is
 * never queued twice and a retried job gives the same numbers. A worker writes the result to its
 * own key (`resultKey`); the runner takes it once, the first that comes, and lets it expire soon
 * after (`TAKEN_RESULT_TTL_SECONDS`), for another submitter of the same work.
 *
 * Faults: a worker killed mid-job loses its lock, and BullMQ's stalled-job check gives the job to
 * another worker. A job that vanished (Redis restarted without persistence) is added again, with
 * the same id, so an ensemble completes across a Redis restart; Redis unreachable for longer than
 * `patienceMs` fails it. A job a worker refused or failed fails the ensemble with the worker's reason.
 */
export class QueueRunner implements ChunkRunner {
  readonly slots: number;
  private readonly queueName: string;
  private readonly address: RedisAddress;
  private readonly patienceMs: number;
  private readonly queue: Queue;
  /** Results, and a watch on the connection. */
  private readonly client: Redis;
  /** Hears workers announce finished jobs. */
  private readonly subscriber: Redis;
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly timer: NodeJS.Timeout;
  private done = 0;
  /** Since when Redis has been unreachable (wall-clock milliseconds), if it is. */
  private lostSince: number | undefined;
  /** Set once the runner cannot go on: every chunk rejects with it. */
  private broken: Error | undefined;
  private closing: Promise<void> | undefined;
  /** Jobs found lost and added again since the last note. */
  private lost = 0;
  private noteTimer: NodeJS.Timeout | undefined;
  private readonly note: (message: string) => void;
  private readonly idleNoteMs: number;
  /** When a worker was last seen at work (a job running, a result taken), in wall-clock ms. */
  private lastWorked = Date.now();
  /** Whether the note of a queue no worker serves was given (once a run). */
  private idleNoted = false;

  constructor(options: QueueRunnerOptions) {
    this.address = options.address;
    this.queueName = options.queueName ?? QUEUE_NAME;
    this.patienceMs = options.patienceMs ?? 60_000;
    this.slots = options.slots ?? 16;
    this.note = options.note ?? (() => {});
    this.idleNoteMs = options.idleNoteMs ?? 30_000;
    const connection = connectionOptions(this.address);
    this.client = new Redis(connection);
    // The queue shares `client`: one connection to watch, and to drop at once when Redis is gone.
    this.queue = new Queue(this.queueName, { connection: this.client });
    this.subscriber = new Redis(connection);
    // The connection is watched on `client`; the errors of the others while Redis is away say nothing more.
    this.queue.on('error', () => {});
    this.client.on('error', () => {});
    this.subscriber.on('error', () => {});
    this.client.on('close', () => {
      this.lostSince ??= Date.now();
    });
    this.client.on('ready', () => {
      this.lostSince = undefined;
      void this.afterReconnect();
    });
    this.subscriber.on('message', (_channel: string, jobId: string) => void this.check(jobId));
    this.timer = setInterval(() => this.checkAll(), options.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  /** Resolves once the queue is connected and workers' announcements are heard (ioredis subscribes again after a reconnect). */
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.subscriber.subscribe(doneChannel(this.queueName))]);
  }

  run(job: ChunkJob): Promise<ChunkResult> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    if (this.closing !== undefined) return Promise.reject(new Error('the queue runner is closed'));
    const payload = chunkPayload(job);
    const id = chunkJobId(payload);
    // The same chunk twice is the same job, with one result.
    const known = this.outstanding.get(id);
    if (known !== undefined) return known.promise;
    let resolve!: (result: ChunkResult) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<ChunkResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.outstanding.set(id, {
      payload,
      promise,
      resolve,
      reject,
      checking: false,
      again: false,
      added: false,
    });
    void this.check(id);
    return promise;
  }

  finished(): number {
    return this.done;
  }

  /**
   * Stops: chunks still out reject, their jobs still waiting are removed (best effort: a job a
   * worker has begun runs to its end, and its result expires unread), and the connections close.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.timer);
    this.flushNote();
    const ids = [...this.outstanding.keys()];
    for (const entry of this.outstanding.values())
      entry.reject(this.broken ?? new Error('the queue runner was closed'));
    this.outstanding.clear();
    // Closing waits on Redis; a Redis that is gone must not hold the command open.
    const patience = (work: Promise<unknown>) =>
      Promise.race([work, new Promise((done) => setTimeout(done, 2000).unref())]);
    if (this.lostSince === undefined && this.client.status === 'ready')
      await patience(
        (async () => {
          await Promise.allSettled(ids.map((id) => this.queue.remove(id)));
          await this.queue.close();
        })(),
      );
    this.subscriber.disconnect();
    this.client.disconnect();
  }

  /** Looks at every chunk still out, or gives up on a Redis that has been away too long. */
  private checkAll(): void {
    if (this.lostSince !== undefined) {
      const away = Date.now() - this.lostSince;
      if (away > this.patienceMs)
        this.breakDown(
          new QueueFailure(
            `lost Redis at ${this.address.shown} for ${Math.round(away / 1000)} s: gave up on ${this.outstanding.size} chunks still out, and nothing was written; run the command again once Redis is back (set UNDEAD_QUEUE_PATIENCE_MS to wait longer than ${this.patienceMs} ms)`,
          ),
        );
      return;
    }
    for (const id of this.outstanding.keys()) void this.check(id);
    const idle = Date.now() - this.lastWorked;
    if (!this.idleNoted && this.outstanding.size > 0 && idle >= this.idleNoteMs) {
      this.idleNoted = true;
      this.note(
        `no worker has taken a job of this run for ${Math.round(idle / 1000)} s, and it waits for one: if none serves the queue, start one with npx undead worker --queue ${this.address.shown}`,
      );
    }
  }

  /** Back on Redis: it may be another server now, or the same one restarted with other settings. */
  private async afterReconnect(): Promise<void> {
    try {
      const policy = await evictionPolicy(this.client);
      if (policy !== 'noeviction') this.breakDown(new QueueFailure(evictionRefusal(this.address, policy)));
      else this.checkAll();
    } catch {
      // Lost again at once; the next 'ready' tries again.
    }
  }

  /**
   * Where a chunk's job is, and what follows: its result taken if it is there; the job added
   * (again) if it is not in the queue; the ensemble failed if the job failed for good.
   */
  private async check(id: string): Promise<void> {
    const entry = this.outstanding.get(id);
    if (entry === undefined) return;
    if (entry.checking) {
      entry.again = true;
      return;
    }
    entry.checking = true;
    try {
      // A result is the answer whatever the job's state: a worker announces it before its job
      // completes, and every result of a job holds the same numbers.
      const result = () => this.client.get(resultKey(this.queueName, id));
      const early = await result();
      if (early !== null) {
        this.take(id, early);
        return;
      }
      // State first, result again second: a worker writes the result before its job completes
      // (and is removed), so a job found gone whose result is not there either is truly lost.
      const state = await this.queue.getJobState(id);
      if (state === 'unknown' || state === 'completed') {
        const text = await result();
        if (text !== null) {
          this.take(id, text);
          return;
        }
        if (state === 'completed') await this.queue.remove(id);
        await this.queue.add('chunk', entry.payload, { jobId: id, ...JOB_OPTIONS });
        if (entry.added) this.noteLost();
        entry.added = true;
      } else if (state === 'failed') {
        const job = await this.queue.getJob(id);
        await this.queue.remove(id);
        if (!entry.added) {
          // An earlier submitter's failure of the same work: this one tries afresh.
          await this.queue.add('chunk', entry.payload, { jobId: id, ...JOB_OPTIONS });
          entry.added = true;
          return;
        }
        const { first, count } = entry.payload;
        this.settle(
          id,
          undefined,
          new QueueFailure(
            `a worker could not run ${chunkText(first, count)}: ${job?.failedReason ?? 'no reason given'}`,
          ),
        );
      } else {
        if (state === 'active') this.lastWorked = Date.now();
        entry.added = true;
      }
    } catch (error) {
      // Redis went away mid-check: the next round tries again (or patience runs out).
      if (this.lostSince === undefined && this.client.status === 'ready') this.settle(id, undefined, error);
    } finally {
      entry.checking = false;
      if (entry.again && this.outstanding.has(id)) {
        entry.again = false;
        void this.check(id);
      }
    }
  }

  /** Counts a job that vanished; one note tells of those found within half a second (or before closing). */
  private noteLost(): void {
    if (this.lost++ > 0) return;
    this.noteTimer = setTimeout(() => this.flushNote(), 500);
    this.noteTimer.unref();
  }

  private flushNote(): void {
    clearTimeout(this.noteTimer);
    const n = this.lost;
    this.lost = 0;
    if (n > 0)
      this.note(
        `${n} job${n === 1 ? '' : 's'} vanished from the queue (Redis was restarted, or another submitter of the same runs stopped and took them off) and ${n === 1 ? 'was' : 'were'} added again`,
      );
  }

  /** The first result of a chunk: decoded, counted, handed over, and left to expire from Redis. */
  private take(id: string, text: string): void {
    const entry = this.outstanding.get(id);
    if (entry === undefined) return;
    let result: ChunkResult;
    try {
      result = decodeChunkResult(text);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.settle(id, undefined, new QueueFailure(`a worker sent back a result that cannot be read: ${why}`));
      return;
    }
    // A job of rows comes back as rows, and nothing else as anything but extras (one per replicate).
    const expected = result.failure === undefined && result.refused === undefined ? entry.payload.count : 0;
    const sent = entry.payload.rows === true ? (result.rows?.length ?? 0) : result.extras.length;
    if (sent !== expected || (entry.payload.rows !== true && result.rows !== undefined)) {
      this.settle(
        id,
        undefined,
        new QueueFailure(`a worker sent back ${sent} replicates for a job of ${entry.payload.count}`),
      );
      return;
    }
    this.done += entry.payload.count;
    this.lastWorked = Date.now();
    this.settle(id, result);
    // Not deleted at once: another submitter of the same work may not have taken it yet.
    void this.client.expire(resultKey(this.queueName, id), TAKEN_RESULT_TTL_SECONDS).catch(() => {});
  }

  /** Answers a chunk once; later answers of the same chunk find nothing to answer. */
  private settle(id: string, result: ChunkResult | undefined, error?: unknown): void {
    const entry = this.outstanding.get(id);
    if (entry === undefined) return;
    this.outstanding.delete(id);
    if (result !== undefined) entry.resolve(result);
    else entry.reject(error);
  }

  /** Every chunk still out fails with `error`, and so does every chunk given later. */
  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const id of [...this.outstanding.keys()]) this.settle(id, undefined, this.broken);
  }
}
