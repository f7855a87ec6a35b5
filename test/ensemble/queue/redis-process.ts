import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { ROOT, UNDEAD } from '../../helpers.js';

/**
 * Helpers of the queue tests: a real `redis-server` of their own on a free loopback port, and
 * `undead` processes started without blocking the test (a worker's output is read while it runs).
 */

/** The `redis-server` command, if this machine has one (Debian's `redis-server` package). */
export const REDIS_SERVER: string | undefined = (() => {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? 'redis-server' : undefined;
})();

/** Why the queue tests did not run, when they did not. */
export const NO_REDIS =
  "skipped: no redis-server on this machine; install Debian's redis-server package (apt-get install redis-server) to run the queue tests";

if (REDIS_SERVER === undefined) process.stderr.write(`${NO_REDIS}\n`);

/**
 * A free TCP port on 127.0.0.1, below the ephemeral range (32768 and up on Linux). Clients keep
 * trying to reach a Redis the tests stopped; were its port an ephemeral one, a client's own
 * socket could be given it and connect to itself (TCP simultaneous open), and a restarted server
 * could not bind it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!free) continue;
    server.close();
    await once(server, 'close');
    return port;
  }
}

/** A `redis-server` started by a test, with persistence off, on 127.0.0.1. */
export class RedisProcess {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly policy: string,
    private readonly extra: readonly string[],
  ) {}

  /** `redis://127.0.0.1:PORT`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a server on a free port (or `port`), with `maxmemory-policy` `policy` and `extra` settings. */
  static async start(
    policy = 'noeviction',
    port?: number,
    extra: readonly string[] = [],
  ): Promise<RedisProcess> {
    const redis = new RedisProcess(port ?? (await freePort()), policy, extra);
    await redis.launch();
    return redis;
  }

  /** Kills the server at once (SIGKILL: nothing saved, as a crash). */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  }

  /** A fresh server on the same port: everything the old one held is gone. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(REDIS_SERVER!, [...args, '--maxmemory-policy', this.policy, ...this.extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (data: Buffer) => {
        output += data.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.on('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
    });
  }
}

/** An `undead` process a test started and reads as it runs. */
export class UndeadProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly watchers: { matches: () => boolean; resolve: () => void }[] = [];
  /** Resolves with the exit code (or the signal that ended the process) when it ends. */
  readonly exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [...UNDEAD, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (data: Buffer) => {
      this.stdout += data.toString();
    });
    this.child.stderr!.on('data', (data: Buffer) => {
      this.stderr += data.toString();
      for (const watcher of [...this.watchers])
        if (watcher.matches()) {
          this.watchers.splice(this.watchers.indexOf(watcher), 1);
          watcher.resolve();
        }
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (status, signal) => resolve({ status, signal }));
    });
  }

  /**
   * Resolves once stderr from character `from` on (all of it by default; `stderr.length` for what
   * comes next) matches `pattern`; rejects if the process ends first.
   */
  waitFor(pattern: RegExp, from = 0): Promise<void> {
    const matches = () => pattern.test(this.stderr.slice(from));
    if (matches()) return Promise.resolve();
    const seen = new Promise<void>((resolve) => this.watchers.push({ matches, resolve }));
    const ended = this.exited.then(() => {
      if (!matches()) throw new Error(`the process ended before ${pattern}:\n${this.stderr}`);
    });
    return Promise.race([seen, ended]);
  }

  /** Ends the process with SIGKILL, if it still runs. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Starts `undead worker` on `url` and resolves once it is ready. */
export async function startWorker(url: string, args: readonly string[] = []): Promise<UndeadProcess> {
  const worker = new UndeadProcess(['worker', '--queue', url, '--concurrency', '1', ...args]);
  await worker.waitFor(/ready: serving/);
  return worker;
}

/** Lines of a worker's stderr that match `pattern`. */
export function linesOf(worker: UndeadProcess, pattern: RegExp): string[] {
  return worker.stderr.split('\n').filter((line) => pattern.test(line));
}
