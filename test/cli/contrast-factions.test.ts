import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastTarget } from '../../src/cli/run-contrast.js';
import { InputError } from '../../src/core/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/files.js';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

/** seoul-campus made small: about 560 people and 6 zombies in from the city at once, no replay. */
const SMALL = [
  'world.groups.library.count=40',
  'world.groups.dorms.count=40',
  'world.groups.union.count=40',
  'world.groups.plaza.count=40',
  'world.groups.professors.count=10',
  'world.groups.admin.count=10',
  'human=300',
  'world.groups.city-zombies.count=6',
  'world.groups.city-zombies.arrives.over=0',
  'world.replay.every=0',
].flatMap((s) => ['--set', s]);

/** `undead run seoul-campus --runs 3 --contrast humans,zombies,immunes` over its first 15 minutes. */
describe('undead run --contrast of factions', () => {
  let dir = '';
  let result: CommandResult;
  beforeAll(() => {
    dir = join(temporaryDir(), 'contrast-factions');
    result = undead([
      'run',
      'seoul-campus',
      ...SMALL,
      '--until',
      '900',
      '--every',
      '60',
      '--runs',
      '3',
      '--contrast',
      'humans,zombies,immunes',
      '--out',
      dir,
      '--progress',
      'none',
    ]);
  });

  /** factions.csv's rows of a faction: `[run][k] = [t, standing, joined]`. */
  function rowsOf(faction: string): number[][][] {
    const lines = readFileSync(join(dir, 'factions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run,t,faction,standing,joined');
    const runs: number[][][] = [[], [], []];
    for (const line of lines.slice(1)) {
      const [run, t, name, standing, joined] = line.split(',');
      if (name === faction) runs[Number(run)]!.push([Number(t), Number(standing), Number(joined)]);
    }
    return runs;
  }

  it('runs, and tells who held together, who fell, who grew and shrank, and who outnumbered whom', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /(Humans held together best|Zombies held together best|Immunes held together best|No faction clearly held together better): \d+% \(90%: \d+%–\d+%\) of the humans, \d+% \(90%: \d+%–\d+%\) of the zombies and \d+% \(90%: \d+%–\d+%\) of the immunes still standing at .* \(of all who ever joined; ahead run by run: humans in \d, zombies in \d and immunes in \d of 3\)\./,
    );
    expect(result.stdout).toMatch(
      /The humans shrank from 300 to \d+, the zombies grew from 6 to \d+ and the immunes held at 1 \(medians over 3 runs\)\./,
    );
  });

  it('writes factions.csv for every run: standing never above joined, the whole population in the factions', () => {
    const humans = rowsOf('humans');
    const zombies = rowsOf('zombies');
    for (const run of humans) {
      expect(run).toHaveLength(16);
      expect(run[0]).toEqual([0, 300, 300]);
      for (const [, standing, joined] of run) expect(standing).toBeLessThanOrEqual(joined!);
    }
    // Nobody is cured: the humans joined stay the 300; the zombies joined only grow.
    expect(humans.flat().every(([, , joined]) => joined === 300)).toBe(true);
    for (const run of zombies)
      for (let k = 1; k < run.length; k++) expect(run[k]![2]).toBeGreaterThanOrEqual(run[k - 1]![2]!);
  });

  it("writes contrast.csv whose shares are factions.csv's standing over joined, and summary.json's contrast", () => {
    const rows = readFileSync(join(dir, 'contrast.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('t,faction,median,q05,q95,standing,standing_q05,standing_q95');
    expect(rows).toHaveLength(1 + 16 * 3);
    const humans = rowsOf('humans');
    const end = rows.find((row) => row.startsWith('900,humans,'))!.split(',');
    const shares = humans.map((run) => run[15]![1]! / run[15]![2]!).sort((a, b) => a - b);
    expect(Number(end[2])).toBeCloseTo(shares[1]!, 4);
    expect(Number(end[5])).toBe(humans.map((run) => run[15]![1]!).sort((a, b) => a - b)[1]);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.files).toEqual(
      expect.arrayContaining(['factions.csv', 'contrast.csv', 'contrast.svg', 'contrast-standing.svg']),
    );
    const { contrast } = summary;
    expect(contrast.factions).toEqual(['humans', 'zombies', 'immunes']);
    expect(contrast.runs).toBe(3);
    expect(contrast.counts.humans.change).toBe('shrank');
    expect(contrast.counts.zombies.change).toBe('grew');
    expect(contrast.encounters).toMatch(/^not by faction/);
    // The factions table was asked for on the user's behalf: the overrides are as typed.
    expect(summary.overrides.set).not.toContain('world.breakdown.factions=true');
    const svg = readFileSync(join(dir, 'contrast.svg'), 'utf8');
    expect(svg).toContain(
      'humans against zombies against immunes, share still standing (3 runs: median and 90% band)',
    );
    expect(readFileSync(join(dir, 'contrast-standing.svg'), 'utf8')).toContain('living members');
  });
});

describe('what --contrast compares', () => {
  const compiled = compileScenario(loadScenario('hyosan-high', ['world.replay.every=0']), 'agents');
  const refusal = (names: string[]) => {
    try {
      contrastTarget(compiled, names);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).issues[0]!.message;
    }
    return undefined;
  };

  it('groups first, factions by name or as faction:NAME', () => {
    expect(contrastTarget(compiled, ['students', 'staff'])).toEqual({
      kind: 'groups',
      names: ['students', 'staff'],
    });
    expect(contrastTarget(compiled, ['humans', 'faction:zombies'])).toEqual({
      kind: 'factions',
      names: ['humans', 'zombies'],
    });
  });

  it('refuses a mixture, the same name twice and a name that is neither, listing groups and factions', () => {
    expect(refusal(['students', 'zombies'])).toBe(
      "compares groups (share still human) or factions (share still standing), not both: 'students' is a group, 'zombies' a faction",
    );
    expect(refusal(['humans', 'faction:humans'])).toMatch(/two or more different/);
    expect(refusal(['students', 'ghouls', 'faction:staff'])).toBe(
      "no group or faction 'ghouls', 'staff'; the groups are: students, students/grade-1, students/grade-2, students/grade-3, staff; the factions: humans, infected, zombies, immunes, immortals",
    );
  });
});
