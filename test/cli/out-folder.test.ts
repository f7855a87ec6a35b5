import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, temporaryDir, UNDEAD, undead as undeadCommand } from '../helpers.js';

/** Runs `undead`; `limit` sets `ulimit -f` for it (512-byte blocks in sh). */
function undead(args: string[], options: { cwd?: string; limit?: number } = {}) {
  if (options.limit === undefined) return undeadCommand(args, options.cwd);
  const command = [process.execPath, ...UNDEAD, ...args];
  return runCommand('sh', ['-c', `ulimit -f ${options.limit} && exec "$0" "$@"`, ...command], options.cwd);
}

const QUICK = ['--until', '2', '--quiet', '--progress', 'none'];

/** The entries of a folder, hidden ones included, sorted. */
const list = (dir: string) => readdirSync(dir).sort();

/** The text of every file in a run folder, to compare before and after. */
const contents = (dir: string) =>
  Object.fromEntries(list(dir).map((name) => [name, readFileSync(join(dir, name))]));

describe('undead run --out', () => {
  it('refuses a folder that holds an earlier run, and replaces it with --force', () => {
    const parent = temporaryDir();
    const out = join(parent, 'reused');
    expect(
      undead(['run', 'munz-basic', '--engine', 'ssa', '--runs', '3', '--out', out, ...QUICK]).status,
    ).toBe(0);
    expect(list(out)).toContain('quantiles.csv');
    const before = contents(out);

    const refused = undead(['run', 'munz-basic', '--out', out, ...QUICK]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^<command line>:1:1: --out: '.*reused' holds an earlier run; pass --force/,
    );
    expect(contents(out)).toEqual(before);

    const forced = undead(['run', 'munz-basic', '--out', out, '--force', ...QUICK]);
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(list(out)).toEqual(['chart.svg', 'scenario.resolved.yaml', 'summary.json', 'timeseries.csv']);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).runs).toBe(1);
    expect(list(parent)).toEqual(['reused']);
  });

  it('never touches a folder of files that are not a run, even with --force', () => {
    const out = temporaryDir();
    writeFileSync(join(out, 'thesis.tex'), 'years of work');
    const result = undead(['run', 'munz-basic', '--out', out, '--force', ...QUICK]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out: '.*' holds files that are not an undead run's \('thesis\.tex'\)/);
    expect(list(out)).toEqual(['thesis.tex']);
  });

  it('refuses a file and an empty name before running', () => {
    const parent = temporaryDir();
    const file = join(parent, 'results.txt');
    writeFileSync(file, 'x');
    const asFile = undead(['run', 'munz-basic', '--out', file, ...QUICK]);
    expect(asFile.status).toBe(2);
    expect(asFile.stderr).toMatch(/--out: '.*results\.txt' is a file, not a folder/);

    const empty = undead(['run', 'munz-basic', '--out', '', ...QUICK], { cwd: parent });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('<command line>:1:1: --out: is empty: give the name of a folder\n');
    expect(list(parent)).toEqual(['results.txt']);
  });

  it('refuses /proc at once instead of spinning', () => {
    const result = undead(['run', 'munz-basic', '--out', '/proc/foo', ...QUICK]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "<command line>:1:1: --out: '/proc/foo' is under /proc, a file system of special files, not a folder for results\n",
    );
  });

  it('refuses an immutable folder before running (chattr +i, which binds root too)', (context) => {
    const parent = temporaryDir();
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    if (spawnSync('chattr', ['+i', locked]).status !== 0) context.skip();
    try {
      const inside = undead(['run', 'munz-basic', '--out', join(locked, 'run'), ...QUICK]);
      expect(inside.status).toBe(2);
      expect(inside.stderr).toMatch(/--out: cannot write '.*run' in .*locked: operation not permitted/);
    } finally {
      spawnSync('chattr', ['-i', locked]);
    }
  });

  it('leaves the previous run intact and nothing else when writing fails part-way (EFBIG)', () => {
    const parent = temporaryDir();
    const out = join(parent, 'run');
    expect(undead(['run', 'munz-basic', '--out', out, ...QUICK]).status).toBe(0);
    const before = contents(out);
    // 3 MB of timeseries.csv against a file size limit of 100 kB.
    const result = undead(
      ['run', 'munz-basic', '--seed', '2', '--every', '1e-4', '--out', out, '--force', ...QUICK],
      { limit: 200 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^undead: cannot write .*run\/timeseries\.csv: file too large/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(contents(out)).toEqual(before);
    expect(list(parent)).toEqual(['run']);
  });
});
