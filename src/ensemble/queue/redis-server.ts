import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueFailure } from './queue-failure.js';
import type { RedisAddress } from './redis-address.js';

/** How long the first connection to Redis may take before the command gives up, in milliseconds. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The ioredis options of every long-lived connection to `address`: commands wait while the
 * connection is down (`maxRetriesPerRequest: null`, as BullMQ needs) and ioredis reconnects every
 * 0.1 … 2 s, so a restarted Redis is found again within two seconds.
 */
export function connectionOptions(address: RedisAddress): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    // ioredis waits this long for a socket to close; a socket that died with Redis never says so.
    disconnectTimeout: 200,
  };
}

/**
 * Why Redis must not evict: BullMQ keeps each job, and this queue each result, as keys; a server
 * that evicts keys under memory pressure would drop work or results without a word.
 */
export function evictionRefusal(address: RedisAddress, policy: string): string {
  return (
    `Redis at ${address.shown} has maxmemory-policy '${policy}': it may evict keys when memory runs short, ` +
    'and an evicted job or result is lost work, so the queue refuses to use it. Run Redis with ' +
    "'redis-server --maxmemory-policy noeviction', or set it on the running server with " +
    "'redis-cli -h HOST -p PORT CONFIG SET maxmemory-policy noeviction'"
  );
}

/** The server's `maxmemory-policy`: `CONFIG GET`, or `INFO memory` where CONFIG is not allowed. */
export async function evictionPolicy(client: Redis): Promise<string> {
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    if (reply.length >= 2 && typeof reply[1] === 'string') return reply[1];
  } catch {
    // Managed servers often rename or forbid CONFIG; INFO says the same.
  }
  const info = await client.info('memory');
  const match = /^maxmemory_policy:(\S+)/m.exec(info);
  if (match === null)
    throw new QueueFailure(`cannot tell the maxmemory-policy of Redis (INFO memory has none)`);
  return match[1]!;
}

/**
 * Before a queue is used: connects once to `address` (without retrying) and checks that the server
 * answers and does not evict keys. Throws a `QueueFailure` (exit 1) that says what is wrong and
 * how to put it right.
 */
export async function checkRedisServer(address: RedisAddress): Promise<void> {
  const client = new Redis({
    ...connectionOptions(address),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's error (ECONNREFUSED …) says more than the rejection of connect() ("Connection is closed").
  let cause: unknown;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    try {
      await client.connect();
    } catch (error) {
      const why = cause ?? error;
      const text = why instanceof Error ? why.message : String(why);
      // Reached, but the password was wrong or missing: starting Redis is no advice then.
      if (/\b(NOAUTH|WRONGPASS)\b/.test(text))
        throw new QueueFailure(
          `Redis at ${address.shown} refused the credentials (${text}): give its password in the address, redis://:PASSWORD@HOST:PORT (or redis://USER:PASSWORD@HOST:PORT)`,
        );
      throw new QueueFailure(
        `cannot reach Redis at ${address.shown} (${text}): start it (see 'Across machines' in the README) or check the address`,
      );
    }
    // ioredis selects the database on connecting, but when the server has no such database it
    // says so only in an 'error' event and carries on in database 0: ask again, and refuse.
    if (address.db !== 0) {
      try {
        await client.select(address.db);
      } catch (error) {
        throw new QueueFailure(
          `Redis at ${address.shown} has no database ${address.db} (${error instanceof Error ? error.message : String(error)}): use a number below its 'databases' setting (16 unless changed), or none for database 0`,
        );
      }
    }
    const policy = await evictionPolicy(client);
    if (policy !== 'noeviction') throw new QueueFailure(evictionRefusal(address, policy));
  } finally {
    // A client that never connected has ended already; disconnecting it again would leave a
    // 2-second timer of ioredis holding the process open.
    if (client.status !== 'end') client.disconnect();
  }
}
