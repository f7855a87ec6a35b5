/** The BullMQ queue that `undead run --queue`, `undead sweep --queue` and `undead worker` share. */
export const QUEUE_NAME = 'undead';

/**
 * The Redis key of a finished job's result. Results live beside the queue, not in BullMQ's
 * `returnvalue`: BullMQ copies a return value into its event stream too, where thousands of
 * large results would stay until the stream is trimmed; a result key expires
 * `TAKEN_RESULT_TTL_SECONDS` after a submitter has taken it.
 */
export function resultKey(queueName: string, jobId: string): string {
  return `undead:result:${queueName}:${jobId}`;
}

/**
 * The Redis channel on which a worker announces each job it has finished (its id), so that the
 * submitter takes the result at once. A message can be missed (pub/sub keeps nothing); the
 * submitter also looks at its jobs every second.
 */
export function doneChannel(queueName: string): string {
  return `undead:done:${queueName}`;
}

/**
 * How long a result waits for its submitter, in seconds: the results of a submitter that was
 * killed do not stay in Redis for ever (Redis expiring a key is not eviction).
 */
export const RESULT_TTL_SECONDS = 24 * 3600;

/**
 * How long a result stays once a submitter has taken it, in seconds: two submitters of the same
 * work share its job (one id), and the one told second must find the result still there rather
 * than think the job vanished and queue it again. Each submitter looks every second.
 */
export const TAKEN_RESULT_TTL_SECONDS = 10;

/**
 * BullMQ options of every chunk job. A job that threw is tried three times, a second apart (a
 * worker thread that crashed); a job refused as malformed is not retried at all
 * (`UnrecoverableError`). A finished job's record is removed at once: its result is in its own
 * key. A failed job is kept a day, for its reason.
 */
export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
} as const;
