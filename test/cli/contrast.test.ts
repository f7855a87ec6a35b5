import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/output/sample-quantiles.js';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

/** `undead run hyosan-high --runs 4 --contrast students,staff` over its first hour. */
describe('undead run --contrast', () => {
  let dir = '';
  let result: CommandResult;
  beforeAll(() => {
    dir = join(temporaryDir(), 'contrast');
    result = undead([
      'run',
      'hyosan-high',
      '--until',
      '3600',
      '--runs',
      '4',
      '--contrast',
      'students,staff',
      '--out',
      dir,
      '--progress',
      'none',
    ]);
  });

  /** Each run's share still human of a group, by time, read from groups.csv itself. */
  function sharesFromGroups(group: string): Map<number, number[]> {
    const lines = readFileSync(join(dir, 'groups.csv'), 'utf8').trim().split('\n').slice(1);
    const start = new Map<string, number>();
    const shares = new Map<number, number[]>();
    for (const line of lines) {
      const [run, t, name, human] = line.split(',');
      if (name !== group) continue;
      if (!start.has(run!)) start.set(run!, Number(human));
      const list = shares.get(Number(t)) ?? [];
      list.push(Number(human) / start.get(run!)!);
      shares.set(Number(t), list);
    }
    return shares;
  }

  it('runs, and prints the contrast in plain sentences', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /(Students kept their humanity longer than staff|Staff kept their humanity longer than students): \d+% \(90%: \d+%–\d+%\) of the students against \d+% \(90%: \d+%–\d+%\) of the staff still human at .* \(ahead run by run: students in \d and staff in \d of 4\)\./,
    );
    expect(result.stdout).toMatch(/Half the students were (lost|never lost)/);
  });

  it("writes contrast.csv whose medians and bands are those of groups.csv's shares over the runs", () => {
    const rows = readFileSync(join(dir, 'contrast.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('t,group,median,q05,q95');
    expect(rows).toHaveLength(1 + 61 * 2);
    for (const group of ['students', 'staff']) {
      const shares = sharesFromGroups(group);
      for (const row of rows.slice(1)) {
        const [t, name, median, q05, q95] = row.split(',');
        if (name !== group) continue;
        const sorted = Float64Array.from(shares.get(Number(t))!).sort();
        expect(sorted).toHaveLength(4);
        expect(Number(median)).toBeCloseTo(quantileSorted(sorted, 0.5), 4);
        expect(Number(q05)).toBeCloseTo(quantileSorted(sorted, 0.05), 4);
        expect(Number(q95)).toBeCloseTo(quantileSorted(sorted, 0.95), 4);
      }
    }
  });

  it('puts the contrast in summary.json, agreeing with groups.csv, and lists its files', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const { contrast } = summary;
    expect(summary.files).toEqual(expect.arrayContaining(['contrast.csv', 'contrast.svg']));
    // A contrast of groups asks for no factions.csv.
    expect(summary.files).not.toContain('factions.csv');
    expect(contrast.groups).toEqual(['students', 'staff']);
    expect(contrast.runs).toBe(4);
    const end = contrast.surviving.at(-1);
    expect(end.t).toBe(3600);
    const atEnd = Float64Array.from(sharesFromGroups('staff').get(3600)!).sort();
    expect(end.share.staff.median).toBeCloseTo(quantileSorted(atEnd, 0.5), 6);
    const students = sharesFromGroups('students').get(3600)!;
    const staff = sharesFromGroups('staff').get(3600)!;
    expect(end.ahead_runs).toEqual({
      students: students.filter((v, r) => v > staff[r]!).length,
      staff: staff.filter((v, r) => v > students[r]!).length,
    });
    // Half lost: counted over the four runs, from the same shares.
    const lostRuns = [0, 1, 2, 3].filter((r) =>
      [...sharesFromGroups('staff').values()].some((byRun) => byRun[r]! <= 0.5),
    ).length;
    expect(contrast.half_lost_t.staff.never).toBe(4 - lostRuns);
    expect(['students', 'staff', null]).toContain(contrast.better);
    // The first run's event log is read: someone bit someone in the first hour.
    expect(contrast.encounters.runs).toBe(1);
    const bites = Object.values(contrast.encounters.bites).flatMap((to) => Object.values(to as object));
    expect(bites.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
  });

  it('draws contrast.svg with a line and band for each group', () => {
    const svg = readFileSync(join(dir, 'contrast.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('students against staff, share still human (4 runs: median and 90% band)');
    // One band (area) and one median line per group.
    expect(svg.match(/aria-label="area"/g)).toHaveLength(2);
    expect(svg.match(/aria-label="line"/g)).toHaveLength(2);
  });

  it('refuses an unknown group with exit 2, naming the groups there are, before running', () => {
    const bad = undead(['run', 'hyosan-high', '--contrast', 'students,teachers', '--out', join(dir, 'x')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      "--contrast: no group or faction 'teachers'; the groups are: students, students/grade-1, students/grade-2, students/grade-3, staff; the factions: humans, infected, zombies, immunes, immortals",
    );
    expect(bad.stdout).toBe('');
  });
});
