import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  interventionsJsonl,
  MAX_INTERVENTIONS,
  readInterventions,
} from '../../src/cli/interventions-file.js';
import { checkWorldSets } from '../../src/cli/world-sets.js';
import { InputError, type InputIssue } from '../../src/core/errors.js';
import { readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { temporaryDir, undead } from '../helpers.js';

/** munz-basic's compartments and time span, as an interventions file is checked against them. */
const MUNZ = { until: 10, scale: { unit: 'day' }, compartments: ['S', 'Z', 'R'] };
/** hyosan-high's clock: seconds, starting at 08:40. */
const HYOSAN = {
  until: 86_400,
  scale: { unit: 'second', clockStart: 8 * 3600 + 40 * 60 },
  compartments: ['human', 'zombie'],
};

/** The issues of reading `text` as an interventions file called `file`, of at most `most` interventions. */
function issuesOf(text: string, file = 'plan.yaml', context = MUNZ, most = MAX_INTERVENTIONS): InputIssue[] {
  try {
    readInterventions(file, text, context, most);
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('the interventions file', () => {
  it('reads a YAML list into interventions in order of time, one per name', () => {
    const file = readInterventions(
      'plan.yaml',
      [
        '- { at: 3, add: { Z: 10, S: -5 } }',
        '- at: 1.5',
        '  set: { beta: 0.02 }',
        '- { at: 3, fire: strike }',
      ].join('\n'),
      MUNZ,
    );
    expect(file.log).toEqual([
      { t: 1.5, intervention: { kind: 'set', name: 'beta', value: 0.02 } },
      { t: 3, intervention: { kind: 'add', compartment: 'Z', count: 10 } },
      { t: 3, intervention: { kind: 'add', compartment: 'S', count: -5 } },
      { t: 3, intervention: { kind: 'fire', event: 'strike' } },
    ]);
    // Each points at where it was written.
    expect(file.issueAt(0, 'no')).toMatchObject({ line: 3, path: '1.set.beta' });
    expect(file.issueAt(2, 'no')).toMatchObject({ line: 1, path: '0.add.S' });
    expect(file.issueAt(3, 'no')).toMatchObject({ line: 4, col: 18, path: '2.fire' });
  });

  it('reads clock times for a scenario with a clock, places included', () => {
    const file = readInterventions(
      'plan.yaml',
      '- { at: "10:30", add: { zombie: 2, place: 1-1 } }\n',
      HYOSAN,
    );
    expect(file.log).toEqual([
      { t: 6600, intervention: { kind: 'add', compartment: 'zombie', count: 2, place: '1-1' } },
    ]);
  });

  it('writes a log as JSON lines that read back as the same log', () => {
    const log = readInterventions(
      'plan.yaml',
      '- { at: 0.1, set: { beta: 0.000123456789 } }\n- { at: 2.5, add: { Z: 3, place: a } }\n- { at: 7, fire: "strike 1" }\n',
      MUNZ,
    ).log;
    const text = interventionsJsonl(log);
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(readInterventions('interventions.jsonl', text, MUNZ).log).toEqual(log);
    // Saved on Windows (CRLF), or with a byte-order mark, it reads the same.
    expect(readInterventions('interventions.jsonl', text.replaceAll('\n', '\r\n'), MUNZ).log).toEqual(log);
    expect(readInterventions('interventions.jsonl', `\uFEFF${text}`, MUNZ).log).toEqual(log);
    const yaml = '- { at: 0.1, set: { beta: 0.000123456789 } }\n';
    expect(readInterventions('plan.yaml', `\uFEFF${yaml}`, MUNZ).log).toEqual(
      readInterventions('plan.yaml', yaml, MUNZ).log,
    );
  });

  it('points at every problem with FILE:LINE:COL and the field', () => {
    const issues = issuesOf(
      [
        '- { at: 1, set: { beta: 0.1 }, when: 3 }',
        '- { set: { beta: 0.1 } }',
        '- { at: 11, fire: x }',
        '- { at: 1, set: { beta: 0.1 }, fire: x }',
        '- { at: 1, add: { W: 1 } }',
        '- { at: 1, add: { Z: many } }',
        '- { at: "10:30", fire: x }',
        '- 5',
        '- { at: 1, set: { beta: .nan } }',
        '- { at: .nan, set: { beta: 0.1 } }',
        '- { at: .inf, set: { beta: 0.1 } }',
      ].join('\n'),
    );
    const shown = issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`);
    expect(shown).toEqual([
      "plan.yaml:1:32: 0.when: unknown key 'when'; an intervention has at and one of set, add, fire",
      'plan.yaml:2:3: 1: needs at: the time it applies',
      'plan.yaml:3:9: 2.at: 11 is outside the run, which goes from 0 to 10 days',
      'plan.yaml:4:3: 3: give one change, not set and fire',
      "plan.yaml:5:19: 4.add.W: unknown compartment 'W'; the compartments are S, Z, R",
      'plan.yaml:6:22: 5.add.Z: must be a finite number, not "many"',
      "plan.yaml:7:9: 6.at: '10:30' is a clock time, but this scenario has no clock; give a time in days",
      'plan.yaml:8:3: 7: each intervention is a map: { at: T, set | add | fire }',
      'plan.yaml:9:25: 8.set.beta: must be a finite number, not NaN',
      'plan.yaml:10:9: 9.at: must be a finite number, not NaN',
      'plan.yaml:11:9: 10.at: must be a finite number, not Infinity',
    ]);
  });

  it('names an unknown parameter or event with the rest, where the scenario gives them (they came one run at a time)', () => {
    const context = { ...MUNZ, parameters: ['alpha', 'beta', 'zeta'], events: ['strike'] };
    const text = [
      '- { at: 1, set: { gamma: 0.004 } }',
      '- { at: -2, add: { S: 50 } }',
      '- { at: 2.25, fire: strik }',
      '- { at: 3, set: { world.infection.fight.kill: 0.5, beta: 0.1 } }',
    ].join('\n');
    const shown = issuesOf(text, 'plan.yaml', context).map(
      (i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`,
    );
    expect(shown).toEqual([
      "1:19: 0.set.gamma: unknown parameter 'gamma'",
      '2:9: 1.at: -2 is outside the run, which goes from 0 to 10 days',
      "3:21: 2.fire: unknown event 'strik' (did you mean strike?)",
    ]);
  });

  it('locates problems in JSON lines at their line', () => {
    const broken = issuesOf(
      '{"at": 1, "fire": "x"}\n\n{"at": 1, "fire": "x"}\n{"at": 1, "fire": ',
      'log.jsonl',
    );
    expect(broken.map((i) => [i.line, i.path])).toEqual([[4, '2']]);
    const late = issuesOf('{"at": 1, "fire": "x"}\n\n{"at": -1, "fire": "x"}\n', 'log.jsonl');
    expect(late.map((i) => [i.line, i.col, i.path])).toEqual([[3, 8, '1.at']]);
  });

  it('says a YAML slip in plain words at its line and field, as a scenario file does', () => {
    const shown = (text: string, file?: string) =>
      issuesOf(text, file).map((i) => `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`);
    expect(shown('- { at: 1, set: { beta: 0.1, beta: 0.2 } }\n')).toEqual([
      "plan.yaml:1:30: 0.set.beta: the key 'beta' is given twice (first at line 1); keep one",
    ]);
    expect(shown('- at: 1\n\tfire: x\n')).toEqual([
      'plan.yaml:2:1: : a tab is used for indentation; indent with spaces',
    ]);
    expect(shown('{"at": 1, "fire": "x"}\n{"at": 2, "fire": "x"\n', 'log.jsonl')).toEqual([
      "log.jsonl:2:22: 1: a map opened with '{' is not closed with '}'",
    ]);
    const bomb = ['- &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [k, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ])
      bomb.push(`- &${k} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    expect(shown(`${bomb.join('\n')}\n`)).toEqual([
      'plan.yaml:1:1: : cannot be read: its aliases (*name) copy data more than 100 times over, which could fill memory: write the data out',
    ]);
  });

  it(`holds at most ${MAX_INTERVENTIONS} interventions, and refuses a file too long for them before parsing it`, () => {
    // At most 10 here, as the tests of the limit pass it (the limit itself is 10,000).
    const most = 10;
    const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}: 1`).join(', ');
    // One entry of 10 names is 10 interventions; of 11, the one past the limit is named.
    expect(issuesOf(`- { at: 1, set: { ${names(most)} } }\n`, 'plan.yaml', MUNZ, most)).toEqual([]);
    const over = issuesOf(`- { at: 1, set: { ${names(most + 1)} } }\n`, 'plan.yaml', MUNZ, most);
    expect(over.map((i) => [i.line, i.path])).toEqual([[1, `0.set.p${most}`]]);
    expect(over[0]!.message).toBe(
      'is intervention 11 of 11; a file holds at most 10 interventions (a set or add of several names is one per name)',
    );
    // More tokens than 10 interventions take (20 each) is refused before the parser builds
    // anything, in YAML and in JSON lines alike.
    const tooLong = /^holds more than 200 YAML tokens .* a file holds at most 10 interventions$/;
    const list = issuesOf(`- [${'1,'.repeat(100)}]\n`, 'plan.yaml', MUNZ, most);
    expect(list.map((i) => [i.line, i.col, i.path])).toEqual([[1, 1, '']]);
    expect(list[0]!.message).toMatch(tooLong);
    // JSON lines are counted line by line: two lines of 100 tokens and a few are too many.
    const line = `{"at": 1, "fire": [${'1,'.repeat(50)}]}\n`;
    expect(issuesOf(line + line, 'log.jsonl', MUNZ, most)[0]!.message).toMatch(tooLong);
    expect(MAX_INTERVENTIONS).toBe(10_000);
  });

  it('says what is wrong with YAML that is not a list', () => {
    expect(issuesOf('at: 1\nfire: x\n')[0]?.message).toMatch(/expected a list of interventions/);
    expect(issuesOf('- { at: 1, fire: x\n')).not.toEqual([]);
  });
});

/** Runs `undead run ARGS` into a fresh folder; returns the result and a reader of its files. */
function run(args: string[]) {
  const out = join(temporaryDir(), 'run');
  const result = undead(['run', ...args, '--out', out, '--progress', 'none', '--quiet']);
  return { ...result, out, file: (name: string) => readFileSync(join(out, name), 'utf8') };
}

/** A file of interventions in a fresh folder. */
function planFile(text: string, name = 'plan.yaml'): string {
  const path = join(temporaryDir(), name);
  writeFileSync(path, text);
  return path;
}

const MUNZ_PLAN = [
  '# munz-impulsive: a cure at day 1, reinforcements at 2, the third strike early',
  '- { at: 1, set: { beta: 0.004 } }',
  '- { at: 2, add: { S: 50 } }',
  '- { at: 2.25, fire: strike 3 kills 75% }',
  '- { at: 3.05, add: { S: -10 } }',
].join('\n');

describe('undead run --interventions', () => {
  it.each([
    ['ode', []],
    ['ssa', []],
    ['tau', ['--set', 'S=5000']],
  ] as const)(
    'applies them on the %s engine, writes interventions.jsonl, and replays from it',
    (engine, extra) => {
      const args = ['munz-impulsive', '--engine', engine, '--until', '5', ...extra];
      const plain = run(args);
      const changed = run([...args, '--interventions', planFile(MUNZ_PLAN)]);
      expect(changed.stderr).toBe('');
      expect(changed.status).toBe(0);
      expect(changed.file('timeseries.csv')).not.toBe(plain.file('timeseries.csv'));
      const log = changed.file('interventions.jsonl');
      expect(
        log
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { at: 1, set: { beta: 0.004 } },
        { at: 2, add: { S: 50 } },
        { at: 2.25, fire: 'strike 3 kills 75%' },
        { at: 3.05, add: { S: -10 } },
      ]);
      expect(JSON.parse(changed.file('summary.json')).files).toContain('interventions.jsonl');
      const replayed = run([...args, '--interventions', join(changed.out, 'interventions.jsonl')]);
      expect(replayed.status).toBe(0);
      expect(replayed.file('timeseries.csv')).toBe(changed.file('timeseries.csv'));
      expect(replayed.file('interventions.jsonl')).toBe(log);
    },
  );

  it('gives every replicate of an ensemble the same interventions, and replays the ensemble', () => {
    const args = ['munz-impulsive', '--engine', 'ssa', '--until', '5', '--runs', '4', '--workers', '2'];
    const changed = run([...args, '--interventions', planFile(MUNZ_PLAN)]);
    expect(changed.status).toBe(0);
    const replayed = run([...args, '--interventions', join(changed.out, 'interventions.jsonl')]);
    expect(replayed.file('timeseries.csv')).toBe(changed.file('timeseries.csv'));
    expect(replayed.file('quantiles.csv')).toBe(changed.file('quantiles.csv'));
  });

  it('adds humans to a room of the agents engine out of the reserve (options.agents.reserve)', () => {
    const plan = planFile('- { at: 60, add: { human: 5, place: 2-5 } }\n');
    const args = ['hyosan-high', '--until', '300', '--interventions', plan];
    const dropped = run([...args, '--set', 'options.agents.reserve=10']);
    expect(dropped.stderr).toBe('');
    expect(dropped.status).toBe(0);
    const added = dropped
      .file('agents.csv')
      .split('\n')
      .filter((line) => line.includes(',dropped,'));
    expect(added).toHaveLength(5);
    for (const line of added) expect(line).toMatch(/^\d+,,dropped,,,human,[a-z]+,/);
    const drops = dropped
      .file('events.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.kind === 'drop');
    expect(drops.map((e) => [e.t, e.room])).toEqual(new Array(5).fill([60, '2-5']));
    expect(dropped.file('groups.csv')).toMatch(/^300,dropped,/m);
    const refused = run(args);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/plan\.yaml:1:\d+: 0\.add\.human: .*set options\.agents\.reserve/);
  });

  // A file's own problems (an unknown compartment, a file missing) are read by the same code,
  // tested above and in input-errors.test.ts without starting the command.
  it('refuses an intervention the engine cannot apply, at its line (exit 2)', () => {
    const refused = run([
      'munz-basic',
      '--interventions',
      planFile('- { at: 1, set: { beta: 0.1 } }\n- { at: 2, fire: no such event }\n'),
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/plan\.yaml:2:18: 1\.fire: .*no such event/);
    // In an ensemble the refusal happens in a worker thread, and is told the same way.
    const inWorkers = run([
      ...['munz-basic', '--engine', 'ssa', '--runs', '3', '--workers', '2', '--interventions'],
      planFile('- { at: 2, fire: no such event }\n'),
    ]);
    expect(inWorkers.status).toBe(2);
    expect(inWorkers.stderr).toMatch(/plan\.yaml:1:18: 0\.fire: .*no such event/);
    // A removal that only some replicates cannot make names the one that could not.
    const some = run([
      ...['munz-basic', '--engine', 'ssa', '--runs', '6', '--workers', '2', '--interventions'],
      planFile('- { at: 1, add: { Z: -1 } }\n'),
    ]);
    expect(some.status).toBe(2);
    expect(some.stderr).toMatch(
      /plan\.yaml:1:22: 0\.add\.Z: in replicate \d+, cannot remove 1 from Z: it holds 0/,
    );
  });
});

describe('world settings set by an interventions file', () => {
  it('are held to the scenario’s own rules, as --set is, at their line', () => {
    const file = scenarioPath('hyosan-high');
    const plan = readInterventions(
      'world.yaml',
      '- { at: 60, set: { world.infection.fight.kill: 0.5 } }\n- { at: 80, set: { world.perception.every: 0 } }\n',
      HYOSAN,
    );
    expect(() => checkWorldSets(plan, file, readScenarioText(file), [], 'agents')).toThrow(
      'world.yaml:2:44: 1.set.world.perception.every: must be at least 1 (not 0)',
    );
    const fine = readInterventions(
      'world.yaml',
      '- { at: 60, set: { world.infection.fight.kill: 0.5 } }\n',
      HYOSAN,
    );
    expect(() => checkWorldSets(fine, file, readScenarioText(file), [], 'agents')).not.toThrow();
    // A parameter the world names as a chance is held to 0 … 1 too (hybrid: 2 made everyone a hybrid).
    const chance = readInterventions('world.yaml', '- { at: 60, set: { hybrid: 2 } }\n', HYOSAN);
    expect(() => checkWorldSets(chance, file, readScenarioText(file), [], 'agents')).toThrow(
      'world.yaml:1:28: 0.set.hybrid: must be between 0 and 1 (not 2): world.infection.hybrid names it, a chance',
    );
  });
});
