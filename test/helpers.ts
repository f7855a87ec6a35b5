import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streamFor } from '../src/core/random.js';
import { createEngine } from '../src/engines/create.js';
import { outputTimes, record, type Trajectory } from '../src/engines/trajectory.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/files.js';
import { type LoadedScenario, parseScenario } from '../src/scenario/parse.js';
import { TEST_TIME_LIMIT_MS } from './time-limit.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a loaded scenario on its engine once, over its output grid. */
export function runLoaded(loaded: LoadedScenario, seed = 1, replicate = 0): Trajectory {
  const { scenario } = loaded;
  const engine = createEngine(compileScenario(loaded), streamFor(seed, replicate));
  return record(engine, outputTimes(scenario.time.until, scenario.time.every));
}

/** Runs a built-in scenario (with `--set`-style overrides) once. */
export function runBuiltin(name: string, settings: string[] = [], seed = 1): Trajectory {
  return runLoaded(loadScenario(name, settings), seed);
}

/** Parses scenario text as if it were the file `test.yaml`. */
export function parseText(text: string, settings: string[] = []): LoadedScenario {
  return parseScenario(text, 'test.yaml', settings);
}

/** The value of a compartment at a grid time. */
export function valueAt(run: Trajectory, compartment: string, t: number): number {
  const c = run.compartments.indexOf(compartment);
  let row = 0;
  for (let r = 0; r < run.times.length; r++)
    if (Math.abs(run.times[r]! - t) < Math.abs(run.times[row]! - t)) row = r;
  return run.values[row * run.compartments.length + c]!;
}

/** A fresh temporary folder. */
export function temporaryDir(): string {
  return mkdtempSync(join(tmpdir(), 'undead-test-'));
}

/**
 * The `undead` command as Node arguments: the package's bin, compiled from `src` by the suite's
 * global setup (test/build-dist.ts), so it runs in any working folder.
 */
export const UNDEAD = [join(ROOT, 'dist/cli/main.js')];

/** What a command a test started did: its exit code (-1 if it was killed) and its output. */
export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end and returns what it did. Tests bound the work of a command with its
 * own budgets (`--until`, `--max-events`, `--max-memory`), never with a clock. The one clock is the
 * hang guard: a synchronous spawn blocks the test's thread, where vitest's time limit for the test
 * cannot fire, so a command still running at that limit is killed (status -1), and its stderr ends
 * with a line that says so.
 */
export function runCommand(file: string, args: readonly string[], cwd = ROOT): CommandResult {
  const result = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: TEST_TIME_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  const hung = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const stderr = hung
    ? `${result.stderr}\n[test] killed: still running at the test time limit of ${TEST_TIME_LIMIT_MS} ms\n`
    : result.stderr;
  return { status: result.status ?? -1, stdout: result.stdout, stderr };
}

/** Runs the `undead` command (see `runCommand`). */
export function undead(args: string[], cwd = ROOT): CommandResult {
  return runCommand(process.execPath, [...UNDEAD, ...args], cwd);
}

/** Folders made by `runQuiet` so far, for their names. */
let quietRuns = 0;

/** `undead run ARGS --quiet` into a fresh folder; `line` is stderr, trimmed. */
export function runQuiet(args: string[]) {
  const out = join(temporaryDir(), `run-${++quietRuns}`);
  const result = undead(['run', ...args, '--out', out, '--quiet']);
  return { ...result, line: result.stderr.trim() };
}

/** A small valid scenario for tests that change one thing in it. */
export const VALID = `name: tiny
title: Tiny
model:
  compartments: [S, Z, R]
  parameters:
    beta: 0.01
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
initial: { S: 100, Z: 1, R: 0 }
time: { until: 5, every: 1 }
`;
