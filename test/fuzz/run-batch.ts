import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostileCase } from './hostile-case.js';

/** What became of one hostile case. */
export interface CaseOutcome {
  readonly i: number;
  /** The exit code `main` returned, or null if the process died (or overran `caseMs`). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Why the case failed the contract, or undefined if it kept it. */
  readonly problem?: string;
}

export interface BatchOptions {
  /**
   * A case that runs longer than this is killed and counted a hang. For reports only: a test
   * leaves it out, as every case bounds its own work (`--max-events`, `--max-memory`, `--until`)
   * and a slow machine must not fail a case.
   */
  readonly caseMs?: number;
  /** The child's heap limit, `--max-old-space-size`. */
  readonly heapMb: number;
  /** Stops the batch (a test's own signal, aborted at its time limit): the child is killed. */
  readonly signal?: AbortSignal;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSX = pathToFileURL(
  fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url)),
).href;

/** How often the watchdog of `caseMs` looks at the running case. */
const WATCHDOG_MS = 200;

/** A stack frame line, such as `    at main (file.ts:12:3)`. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|native\)?)$/m;

/** The contract of the command line under hostile input: exit 0, 1 or 2, a message on failure, never a stack trace. */
export function problemOf(outcome: Omit<CaseOutcome, 'problem'>): string | undefined {
  if (outcome.status === null) return 'the process died or overran its time bound';
  if (![0, 1, 2].includes(outcome.status)) return `exit code ${outcome.status}`;
  if (outcome.status !== 0 && outcome.stderr.trim() === '') return 'failed without a message';
  if (STACK_FRAME.test(outcome.stderr)) return 'printed a stack trace';
  return undefined;
}

/**
 * Runs hostile cases through the command line in child processes under a heap limit. A child that
 * dies (or overruns `caseMs`) has its case recorded as a failure, and a fresh child carries on
 * from the next case. An aborted `signal` ends the batch early, with the outcomes so far.
 */
export async function runBatch(cases: readonly HostileCase[], options: BatchOptions): Promise<CaseOutcome[]> {
  const dir = mkdtempSync(join(tmpdir(), 'undead-fuzz-cases-'));
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  const outcomes: CaseOutcome[] = [];
  try {
    let next = 0;
    while (next < cases.length && options.signal?.aborted !== true)
      next = await runChild(file, next, options, outcomes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}

/** Runs one child from case `from`; resolves to the index to go on from. */
function runChild(
  file: string,
  from: number,
  options: BatchOptions,
  outcomes: CaseOutcome[],
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${options.heapMb}`,
        '--import',
        TSX,
        join(HERE, 'batch-child.ts'),
        file,
        String(from),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    );
    let current = -1;
    let started = 0;
    let childStderr = '';
    let next = from;
    child.stderr.on('data', (chunk: Buffer) => {
      childStderr = (childStderr + chunk.toString()).slice(-4000);
    });
    const { caseMs, signal } = options;
    const watchdog =
      caseMs === undefined
        ? undefined
        : setInterval(() => {
            if (current >= 0 && performance.now() - started > caseMs) child.kill('SIGKILL');
          }, WATCHDOG_MS);
    const stop = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', stop);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { start?: number; i?: number } & Omit<CaseOutcome, 'problem'>;
      if (message.start !== undefined) {
        current = message.start;
        started = performance.now();
        return;
      }
      const problem = problemOf(message);
      outcomes.push(problem === undefined ? message : { ...message, problem });
      current = -1;
      next = message.i + 1;
    });
    child.on('close', () => {
      clearInterval(watchdog);
      signal?.removeEventListener('abort', stop);
      if (current >= 0) {
        const outcome = {
          i: current,
          status: null,
          stdout: '',
          stderr: childStderr,
          ms: Math.round(performance.now() - started),
        };
        outcomes.push({ ...outcome, problem: problemOf(outcome)! });
        next = current + 1;
      } else if (next === from) {
        // The child died before its first case: record that case, so the batch still moves on.
        const outcome = { i: from, status: null, stdout: '', stderr: childStderr, ms: 0 };
        outcomes.push({ ...outcome, problem: problemOf(outcome)! });
        next = from + 1;
      }
      resolve(next);
    });
  });
}
