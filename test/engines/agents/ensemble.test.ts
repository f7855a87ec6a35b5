import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDir, undead } from '../../helpers.js';

/**
 * hyosan-high with --runs and --workers: the engine's files and story come through the worker
 * pool, the same for any number of workers.
 */
describe('an agents ensemble', () => {
  const run = (runs: number, workers: number) => {
    const out = join(temporaryDir(), `r${runs}w${workers}`);
    const result = undead([
      'run',
      'hyosan-high',
      '--runs',
      String(runs),
      '--workers',
      String(workers),
      '--until',
      '1800',
      '--every',
      '600',
      '--seed',
      '7',
      '--out',
      out,
      '--progress',
      'none',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const file = (name: string) => readFileSync(join(out, name));
    return { out, stdout: result.stdout, file };
  };
  let one: ReturnType<typeof run>;
  let two: ReturnType<typeof run>;
  beforeAll(() => {
    one = run(3, 1);
    two = run(3, 2);
  });

  it('writes the same files with 1 and 2 workers', () => {
    for (const name of ['timeseries.csv', 'groups.csv', 'events.jsonl', 'replay.bin'])
      expect(two.file(name).equals(one.file(name)), name).toBe(true);
  });

  it('stacks groups.csv over the runs under a run column, and keeps the first run events and replay', () => {
    const lines = one.file('groups.csv').toString().trim().split('\n');
    expect(lines[0]).toBe('run,t,group,human,infected,zombie,immune,immortal,dead');
    const runs = new Set(lines.slice(1).map((line) => line.split(',')[0]));
    expect([...runs]).toEqual(['0', '1', '2']);
    const single = run(1, 1);
    expect(single.file('events.jsonl').equals(one.file('events.jsonl'))).toBe(true);
    expect(single.file('replay.bin').equals(one.file('replay.bin'))).toBe(true);
    const singleGroups = single.file('groups.csv').toString().trim().split('\n');
    const run0 = lines.filter((line) => line.startsWith('0,')).map((line) => line.slice(2));
    expect(run0).toEqual(singleGroups.slice(1));
  });

  it('tells the first run story and every run in summary.json', () => {
    const summary = JSON.parse(one.file('summary.json').toString());
    expect(summary.story.named.length).toBeGreaterThan(5);
    const onjo = summary.stories.named['On-jo'];
    expect(onjo.survived).toBeGreaterThanOrEqual(0);
    expect(onjo.survived).toBeLessThanOrEqual(1);
    expect(summary.stories.first_bite_t.never + (summary.stories.first_bite_t.median === null ? 0 : 3)).toBe(
      3,
    );
    expect(one.stdout).toMatch(/named characters surviving, share of 3 runs: .*On-jo \d+%/);
    // The printed summary shows the spread of the story's moments over runs, not only the first run's.
    expect(one.stdout).toMatch(/^first bite in (all 3|\d of 3) runs: median \d/m);
    expect(one.stdout).toMatch(/^in run 0 \(the first\):$/m);
  });
});
