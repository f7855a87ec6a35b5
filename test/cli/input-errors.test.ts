import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commanderErrorLine } from '../../src/cli/commander-errors.js';
import { readFlagFile } from '../../src/cli/input-file.js';
import { InputError } from '../../src/core/errors.js';
import { temporaryDir, undead } from '../helpers.js';

/**
 * Hostile and mistaken input through the command line, as a user would meet it: each case exits
 * with the right code, with a located message in plain words and no stack trace.
 */

const dir = temporaryDir();

/** `base.yaml`: munz-basic with only its bite and defeat reactions. */
const BASE = `name: base
title: Base
model:
  compartments: [S, Z, R]
  parameters:
    alpha: 0.005
    beta: 0.0095
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    defeat: { from: S + Z, to: S + R, rate: alpha }
initial: { S: 500, Z: 1, R: 0 }
time: { until: 10, every: 1, unit: day }
`;

/** Writes a file into the test folder and returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs the command, and checks what every case shares: the exit code and no stack trace. */
function expectExit(args: string[], status: number): { stdout: string; stderr: string } {
  const result = undead(args);
  expect(result.status, result.stderr).toBe(status);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(result.stderr).not.toMatch(/Invalid input|expected record|\(record\)|ZodError/);
  return result;
}

describe('safe names and safe parsing, through the command line', () => {
  it('validates a 60,000-key file (the duplicate-key check is linear)', () => {
    // The yaml library's quadratic check takes 30 s for 40,000 keys here, so over a minute for
    // these: past the test's time limit. (80,000 keys are 240,000 tokens, more than a scenario holds.)
    const keys = Array.from({ length: 60_000 }, (_, i) => `    p${i}: 0.5`).join('\n');
    const path = file('many-keys.yaml', BASE.replace('    beta: 0.0095', `    beta: 0.0095\n${keys}`));
    expect(expectExit(['validate', path], 0)).toMatchObject({ stdout: '', stderr: '' });
  });

  it('reports a duplicate key at its line and column', () => {
    const path = file('duplicate.yaml', BASE.replace('    beta: 0.0095', '    beta: 0.0095\n    alpha: 1'));
    const { stderr } = expectExit(['validate', path], 2);
    expect(stderr).toBe(
      `${path}:8:5: model.parameters.alpha: the key 'alpha' is given twice (first at line 6); keep one\n`,
    );
  });

  it('runs compartments named constructor, toString, valueOf and hasOwnProperty as plain names', () => {
    const text = BASE.replace(
      '[S, Z, R]',
      '[S, Z, R, constructor, toString, valueOf, hasOwnProperty]',
    ).replace('R: 0 }', 'R: 0, toString: 3 }');
    const out = join(dir, 'prototype-names');
    expectExit(['run', file('prototype-names.yaml', text), '--out', out, '--quiet'], 0);
    const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('t,S,Z,R,constructor,toString,valueOf,hasOwnProperty');
    expect(rows[1]).toBe('0,500,1,0,0,3,0,0');
  });

  it('refuses a parameter named __proto__ at its line and column, instead of dropping it', () => {
    const path = file('proto.yaml', BASE.replace('    beta: 0.0095', '    beta: 0.0095\n    __proto__: 3'));
    const { stderr } = expectExit(['validate', path], 2);
    expect(stderr).toBe(`${path}:8:5: model.parameters.__proto__: '__proto__' cannot be used as a name\n`);
  });

  it('refuses reserved names as compartments and parameters', () => {
    const path = file(
      'reserved.yaml',
      BASE.replace('[S, Z, R]', '[S, Z, R, N]').replace('    beta: 0.0095', '    beta: 0.0095\n    exp: 1'),
    );
    const { stderr } = expectExit(['validate', path], 2);
    expect(stderr).toBe(
      `${path}:4:27: model.compartments.3: 'N' is reserved for the total of all compartments (redefine it in model.derived if needed); choose another name\n` +
        `${path}:8:5: model.parameters.exp: 'exp' is the name of a function in expressions; choose another name\n`,
    );
  });

  it('parses a 300,000-line map without spreading it onto the stack', () => {
    const map = Array.from({ length: 300_000 }, () => '          #').join('\n');
    const text = [
      BASE.replace('[S, Z, R]', '[human, infected, zombie, immune, immortal, dead]')
        .replace(/ {2}reactions:\n.*\n.*\n/, '  reactions: {}\n')
        .replace(/parameters:\n.*\n.*\n/, 'parameters: {}\n')
        .replace('initial: { S: 500, Z: 1, R: 0 }', 'initial: { human: 1 }')
        .replace('unit: day', 'unit: second'),
      'engine: agents',
      'world:',
      '  building:',
      '    floors:',
      '      - name: F1',
      '        map: |2',
      map,
      '  groups:',
      '    people: { rooms: [a] }',
    ].join('\n');
    const path = file('tall-map.yaml', text);
    const { stderr } = expectExit(['validate', path], 2);
    expect(stderr).toMatch(`${path}:16:11: world.building.floors.0.map: the maps are 1 × 300000 × 1 cells`);
  });

  it('reads a valid UTF-8 file that contains U+FFFD', () => {
    const path = file('replacement-character.yaml', BASE.replace('title: Base', 'title: "Base \uFFFD"'));
    expectExit(['validate', path], 0);
  });

  it('calls a symbolic-link loop a loop, not a missing file', () => {
    const a = join(dir, 'loop-a.yaml');
    symlinkSync(join(dir, 'loop-b.yaml'), a);
    symlinkSync(a, join(dir, 'loop-b.yaml'));
    const { stderr } = expectExit(['validate', a], 2);
    expect(stderr).toBe(
      `${a}:1:1: (file): is a symbolic link that points back to itself (a loop of links), not a file\n`,
    );
  });
});

describe('errors a person can act on, through the command line', () => {
  it('an unknown --set name lists the valid names and suggests the closest, at the --set argument', () => {
    const { stderr } = expectExit(['validate', 'munz-basic', '--set', 'bta=0.01'], 2);
    expect(stderr).toBe(
      "--set bta=0.01:1:1: bta: 'bta' is neither a parameter nor a compartment (did you mean beta?); " +
        'parameters: alpha, beta, zeta, delta, Pi; compartments (initial counts): S, Z, R; ' +
        'or a dotted path such as time.until\n',
    );
  });

  it('a bad --set value, or one that clashes with the file, points at the --set argument, never at the built-in file', () => {
    const { stderr } = expectExit(
      ['validate', 'munz-basic', '--set', 'beta=fast', '--set', 'solver.rtl=1'],
      2,
    );
    expect(stderr).not.toMatch(/munz-basic\.yaml/);
    expect(stderr).toMatch(
      "--set beta=fast:1:6: model.parameters.beta: must be a number, not the text 'fast'",
    );
    expect(stderr).toMatch("--set solver.rtl=1:1:12: solver.rtl: unknown key 'rtl' (did you mean rtol?)");
  });

  it('an unknown flag is named in a few lines, with the near one, not the whole help', () => {
    const result = undead(['run', 'munz-basic', '--sead', '3']);
    expect(result.status).toBe(2);
    // In the form of every input error (it was commander's own: error: unknown option '--sead').
    expect(result.stderr).toMatch(/^<command line>:1:1: --sead: unknown option \(did you mean --seed\?\)\n/);
    expect(result.stderr).toMatch(/undead COMMAND --help/);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  });

  it('`undead help NAME` of no command is an unknown command, exit 2 (it printed the general help, exit 0)', () => {
    const result = undead(['help', 'nope']);
    expect([result.status, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(
      '<command line>:1:1: nope: unknown command (undead --help lists the commands)\n',
    );
    expect(undead(['help', 'run']).status).toBe(0);
  });

  it('commander’s other errors are in that form too: a command, a value or an argument missing', () => {
    expect(commanderErrorLine("error: unknown command 'runn'\n(Did you mean run?)\n")).toBe(
      '<command line>:1:1: runn: unknown command (did you mean run?)\n',
    );
    expect(commanderErrorLine("error: option '--seed <n>' argument missing\n")).toBe(
      '<command line>:1:1: --seed: needs a value\n',
    );
    expect(commanderErrorLine("error: missing required argument 'dir|scenario'\n")).toBe(
      '<command line>:1:1: DIR or SCENARIO: is missing\n',
    );
  });

  it('a file a flag names is read only if it is a file: a missing one, a folder, a device', () => {
    const refusal = (file: string) => {
      try {
        readFlagFile('--interventions', file);
      } catch (error) {
        if (error instanceof InputError) return error.message;
      }
      return 'read';
    };
    expect(refusal(join(dir, 'nope.yaml'))).toMatch(
      /--interventions: cannot read '.*nope\.yaml': no such file$/,
    );
    expect(refusal(dir)).toMatch(/--interventions: '.*' is a folder, not a file$/);
    expect(refusal('/dev/zero')).toMatch(/--interventions: '\/dev\/zero' is not a regular file$/);
  });

  it('echoes at most a thousand characters of a huge name, saying how many more there were', () => {
    const issue = { file: 'x.yaml', line: 1, col: 1, path: 'a'.repeat(100_000), message: 'unknown name' };
    const { message } = new InputError([issue]);
    expect(message.length).toBeLessThan(1100);
    expect(message).toContain('… (99000 more characters): unknown name');
  });

  it('shows the first 50 of 99,000 problems in line order, then how many more there are', () => {
    const issue = (line: number) => ({ file: 'x.yaml', line, col: 3, path: `p${line}`, message: 'bad' });
    const flag = { file: '--set a=1', line: 1, col: 1, path: 'a', message: 'bad too' };
    // Given in no particular order: the 50 first in the file show, in the order given.
    const lines = Array.from({ length: 99_000 }, (_, i) => ((i * 7919) % 99_000) + 1);
    const { message, issues } = new InputError([...lines.map(issue), flag]);
    expect(issues).toHaveLength(99_001);
    const shown = message.split('\n');
    expect(shown).toHaveLength(51);
    expect(
      shown
        .slice(0, 50)
        .map((line) => Number(line.split(':')[1]))
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(shown[0]).toBe('x.yaml:1:3: p1: bad');
    // The last line stands where the first problem not shown does, in the form every line has.
    expect(shown[50]).toBe(
      'x.yaml:51:3: p51: and 98,951 more problems from here on, not shown (fix those above and run again)',
    );
    expect(new InputError(lines.slice(0, 50).map(issue)).message.split('\n')).toHaveLength(50);
    expect(new InputError(lines.slice(0, 51).map(issue)).message).toMatch(
      /\nx\.yaml:\d+:3: p\d+: and 1 more problem from here on, not shown \(/,
    );
  });

  it('an unknown scenario suggests the closest built-in', () => {
    const { stderr } = expectExit(['run', 'munz-basik'], 2);
    expect(stderr).toMatch(
      'munz-basik:1:1: (file): no such scenario file or built-in scenario (did you mean munz-basic?)',
    );
  });

  it("validate makes the checks of the scenario's own engine too, as run does", () => {
    const { stderr } = expectExit(['validate', 'munz-basic', '--set', 'engine=agents'], 2);
    expect(stderr).toMatch(/munz-basic\.yaml:1:1: world: the agents engine needs a world/);
    const counts = expectExit(['validate', 'munz-basic', '--set', 'engine=ssa', '--set', 'S=0.5'], 2);
    expect(counts.stderr).toMatch(/S=0\.5.*must be a whole number of individuals for the ssa engine/);
  });

  it('a YAML indentation error names the line and column in plain words', () => {
    const path = file('indent.yaml', BASE.replace('    beta: 0.0095', '     beta: 0.0095'));
    const { stderr } = expectExit(['validate', path], 2);
    expect(stderr).toBe(
      `${path}:7:6: (file): wrong indentation: this line starts at column 6, deeper than the key on line 6 (column 5); the keys of one map must start in the same column\n`,
    );
  });

  it('undead schema: initial counts are at least 0, stacks list only their own units, fields have descriptions', () => {
    const schema = JSON.parse(expectExit(['schema'], 0).stdout);
    expect(schema.properties.initial.additionalProperties.minimum).toBe(0);
    expect(schema.properties.initial.description).toMatch(/starting count/);
    // A world is a lattice or a building: the building's branch holds the behaviour stacks.
    const worlds = schema.properties.world.anyOf;
    expect(worlds.map((w: { properties: object }) => Object.keys(w.properties)[0])).toEqual([
      'lattice',
      'building',
    ]);
    const stacks = worlds[1].properties.behaviours.properties;
    expect(Object.keys(stacks.zombie.properties)).toContain('bite');
    expect(Object.keys(stacks.zombie.properties)).not.toContain('flee');
    expect(Object.keys(stacks.human.properties)).toContain('flee');
    expect(Object.keys(stacks.human.properties)).not.toContain('bite');
    for (const [name, field] of Object.entries(schema.properties) as [string, { description?: string }][])
      expect(field.description, name).toBeTruthy();
  });
});
