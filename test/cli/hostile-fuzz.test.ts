import { describe, expect, it } from 'vitest';
import { hostileCases } from '../fuzz/hostile-case.js';
import { problemOf, runBatch } from '../fuzz/run-batch.js';

/**
 * The fuzz test: generated scenarios (random networks and laws, derived chains, events and
 * time grids) and hostile overrides of the built-ins, through `validate` and a bounded `run` on
 * every engine. Each must exit 0, 1 or 2 with a message, under a heap limit, and never print a
 * stack trace. Each case bounds its own work (`--max-events`, `--max-memory`, `--until`), so no
 * case is judged by the clock. The suite runs 400 cases (about 9 s of its five minutes, which
 * Season 2's, the queue's and the lattice's tests needed); `node --import tsx test/fuzz/main.ts
 * 100000` runs more.
 */
const CASES = 400;
const SEED = 20261204;

describe('hostile input through the command line', () => {
  it('the contract check itself fails on a stack trace, a crash, a silent failure and a stray code', () => {
    const ok = { i: 0, stdout: '', ms: 1 };
    expect(problemOf({ ...ok, status: 0, stderr: '' })).toBeUndefined();
    expect(problemOf({ ...ok, status: 2, stderr: 'f.yaml:1:1: time: bad\n' })).toBeUndefined();
    expect(
      problemOf({ ...ok, status: 1, stderr: 'undead: boom\n    at main (src/cli/main.ts:3:9)\n' }),
    ).toMatch(/stack/);
    expect(problemOf({ ...ok, status: null, stderr: '' })).toMatch(/died/);
    expect(problemOf({ ...ok, status: 2, stderr: '' })).toMatch(/without a message/);
    expect(problemOf({ ...ok, status: 134, stderr: 'abort' })).toMatch(/exit code 134/);
  });

  it(`${CASES} generated cases keep the contract`, async ({ signal }) => {
    const cases = hostileCases(CASES, SEED);
    const outcomes = await runBatch(cases, { heapMb: 1024, signal });
    expect(outcomes).toHaveLength(CASES);
    const broken = outcomes
      .filter((o) => o.problem !== undefined)
      .map((o) => `${o.problem}: ${cases[o.i]!.args.join(' ')}\n${cases[o.i]!.yaml ?? ''}\n${o.stderr}`);
    expect(broken).toEqual([]);
    // The cases reach every outcome: runs that succeed, runtime failures and input errors.
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].sort()).toEqual([0, 1, 2]);
  }, 900_000);
});
