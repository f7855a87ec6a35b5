import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, temporaryDir, undead } from '../helpers.js';

/** The README's two-classrooms example: a small agents scenario, quick to run. */
function twoClassrooms(dir: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((text) => text.includes('name: two-classrooms'))!;
  const file = join(dir, 'two-classrooms.yaml');
  writeFileSync(file, block);
  return file;
}

const quiet = ['--quiet', '--progress', 'none', '--seed', '5'];

describe('--keep-events all and --replicate K', () => {
  let dir = '';
  let scenario = '';
  const read = (...path: string[]) => readFileSync(join(dir, ...path), 'utf8');
  beforeAll(() => {
    dir = temporaryDir();
    scenario = twoClassrooms(dir);
    const ensemble = undead([
      'run',
      scenario,
      '--runs',
      '3',
      '--keep-events',
      'all',
      '--out',
      join(dir, 'ens'),
      ...quiet,
    ]);
    expect(ensemble.stderr).toBe('');
    expect(ensemble.status).toBe(0);
    const alone = undead(['run', scenario, '--replicate', '2', '--out', join(dir, 'rep2'), ...quiet]);
    expect(alone.stderr).toBe('');
    expect(alone.status).toBe(0);
  });

  it("reruns replicate 2 alone with the ensemble's events, agents and timeseries rows of run 2", () => {
    expect(read('rep2', 'events.jsonl')).toBe(read('ens', 'replicates', '2', 'events.jsonl'));
    expect(read('rep2', 'agents.csv')).toBe(read('ens', 'replicates', '2', 'agents.csv'));
    const run2 = read('ens', 'timeseries.csv')
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('2,'))
      .map((line) => line.slice(2));
    expect(read('rep2', 'timeseries.csv').trim().split('\n').slice(1)).toEqual(run2);
    expect(run2.length).toBeGreaterThan(10);
    expect(JSON.parse(read('rep2', 'summary.json')).replicate).toBe(2);
  });

  it("keeps every replicate's log, the first run's beside the ensemble's files, and they differ", () => {
    expect(read('ens', 'replicates', '0', 'events.jsonl')).toBe(read('ens', 'events.jsonl'));
    expect(read('ens', 'replicates', '0', 'agents.csv')).toBe(read('ens', 'agents.csv'));
    expect(read('ens', 'replicates', '1', 'events.jsonl')).not.toBe(
      read('ens', 'replicates', '2', 'events.jsonl'),
    );
    // agents.csv is one run's list, not a table stacked over runs.
    expect(read('ens', 'agents.csv').startsWith('id,name,group,')).toBe(true);
    expect(read('ens', 'groups.csv').startsWith('run,t,group,')).toBe(true);
  });

  it('is refused with --runs, and writes no replicates/ folder by default', () => {
    const both = undead([
      'run',
      scenario,
      '--runs',
      '3',
      '--replicate',
      '1',
      '--out',
      join(dir, 'x'),
      ...quiet,
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--replicate: .*leave out --runs/);
    const plain = undead([
      'run',
      scenario,
      '--runs',
      '2',
      '--workers',
      '1',
      '--out',
      join(dir, 'plain'),
      ...quiet,
    ]);
    expect(plain.status).toBe(0);
    expect(() => read('plain', 'replicates', '1', 'events.jsonl')).toThrow();
  });
});
