import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../src/core/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { temporaryDir, undead, VALID } from '../helpers.js';

/** The issues a scenario text raises, parsed and compiled for its own engine (as `validate` does), or none. */
function issuesOf(text: string, settings: string[] = []): InputIssue[] {
  try {
    compileScenario(parseScenario(text, 'bad.yaml', settings));
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

/** Each bad input, with the line, column and field its first error must name. */
const cases: { what: string; text: string; line: number; col?: number; path: string; message: RegExp }[] = [
  {
    what: 'malformed YAML',
    text: 'name: [tiny\ntitle: x\n',
    line: 2,
    col: 1,
    path: '(file)',
    message: /not closed with '\]'/,
  },
  {
    what: 'a duplicate key',
    text: VALID.replace('title: Tiny', 'title: Tiny\ntitle: Again'),
    line: 3,
    col: 1,
    path: 'title',
    message: /the key 'title' is given twice \(first at line 2\)/,
  },
  {
    what: 'an unknown key',
    text: `${VALID}colour: red\n`,
    line: 11,
    col: 1,
    path: 'colour',
    message: /unknown key 'colour'/,
  },
  {
    what: 'a missing required field',
    text: VALID.replace('time: { until: 5, every: 1 }\n', ''),
    line: 1,
    col: 1,
    path: 'time',
    message: /required/,
  },
  {
    what: 'a negative initial count',
    text: VALID.replace('S: 100', 'S: -5'),
    line: 9,
    col: 15,
    path: 'initial.S',
    message: /≥ 0/,
  },
  {
    what: 'a non-integer initial count for a stochastic engine',
    text: `${VALID.replace('S: 100', 'S: 2.5')}engine: ssa\n`,
    line: 9,
    col: 15,
    path: 'initial.S',
    message: /whole number/,
  },
  {
    what: 'a reaction naming an undeclared compartment',
    text: VALID.replace('to: 2 Z', 'to: 2 Q'),
    line: 8,
    col: 32,
    path: 'model.reactions.bite.to',
    message: /unknown compartment 'Q'/,
  },
  {
    what: 'an initial count of an undeclared compartment, pointed at its name (it pointed at the count)',
    text: VALID.replace('S: 100', 'S: 100, Q: 3'),
    line: 9,
    col: 20,
    path: 'initial.Q',
    message: /unknown compartment 'Q'/,
  },
  {
    what: 'a reaction taking more than 1,000 of one compartment (10¹¹ crashed the process)',
    text: VALID.replace('from: S + Z', 'from: 100000000000 S + Z'),
    line: 8,
    col: 19,
    path: 'model.reactions.bite.from',
    message: /a reaction takes at most 1,000 of one compartment, not 100,000,000,000/,
  },
  {
    what: 'an event at a negative time (it never fired, silently)',
    text: `${VALID}events:\n  - { at: [1, -3], set: { beta: 0.02 } }\n`,
    line: 12,
    col: 15,
    path: 'events.0.at.1',
    message: /must be ≥ 0/,
  },
  {
    what: 'more than 200,000 YAML tokens (10 MB of them took 4 GB and a minute to parse)',
    text: VALID.replace('    beta: 0.01\n', `    beta: 0.01\n    many: [${'1,'.repeat(100_001)}1]\n`),
    line: 1,
    col: 1,
    path: '(file)',
    message: /holds more than 200,000 YAML tokens/,
  },
  {
    what: 'a second YAML document (the library told to call YAML.parseAllDocuments())',
    text: `${VALID}---\nname: again\n`,
    line: 11,
    col: 1,
    path: '(file)',
    message: /^a second YAML document starts here \('---'\): a file holds one/,
  },
  {
    what: 'a tag that would make code (the library said Unresolved tag: tag:yaml.org,2002:js/function)',
    text: VALID.replace('title: Tiny', 'title: !!js/function "x"'),
    line: 2,
    col: 8,
    path: '(file)',
    message: /^!!js\/function is not a tag undead reads/,
  },
  {
    what: 'a list as a key (the library warned on stderr and made text of it)',
    text: VALID.replace('    beta: 0.01', '    beta: 0.01\n    ? [a, b]\n    : 3'),
    line: 7,
    col: 7,
    path: 'model.parameters.["a","b"]',
    message: /^a key is a name, not a list or a map$/,
  },
  {
    what: "a reaction without from (it said 'must be 0, not an empty value')",
    text: VALID.replace('from: S + Z, ', ''),
    line: 8,
    col: 11,
    path: 'model.reactions.bite.from',
    message: /^is required$/,
  },
  {
    what: "derived quantities that read each other in a circle (it said 'unknown name')",
    text: VALID.replace('  reactions:', '  derived: { c1: c2, c2: c1 }\n  reactions:'),
    line: 7,
    col: 18,
    path: 'model.derived.c1',
    message: /^'c2' is defined below it: a derived quantity reads only those defined above it/,
  },
  {
    what: 'a parameter used but not declared',
    text: VALID.replace('rate: beta }', 'rate: beta * gamma }'),
    line: 8,
    col: 48,
    path: 'model.reactions.bite.rate',
    message: /unknown name 'gamma'/,
  },
  {
    what: 'until <= 0',
    text: VALID.replace('until: 5', 'until: 0'),
    line: 10,
    col: 16,
    path: 'time.until',
    message: /greater than 0/,
  },
  {
    what: 'a YAML alias bomb',
    text: aliasBomb,
    line: 1,
    col: 1,
    path: '(file)',
    message: /^the file cannot be read: its aliases \(\*name\) copy data more than 100 times over/,
  },
  {
    // The yaml library's composer runs out of stack; it used to be said in JavaScript's words.
    what: 'lists nested 10,000 deep',
    text: `name: tiny\ntitle: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    line: 2,
    path: '(file)',
    message: /^lists and maps are nested inside each other too deeply here to be read$/,
  },
];

describe('bad scenarios fail with FILE:LINE:COL: FIELD: message', () => {
  it.each(cases)('$what', ({ text, line, col, path, message }) => {
    const [first] = issuesOf(text);
    expect(first).toBeDefined();
    // No col: wherever on the line the reader gave up (where the stack ran out).
    expect(`${first!.file}:${first!.line}:${first!.col}`).toBe(`bad.yaml:${line}:${col ?? first!.col}`);
    expect(first!.path === '' ? '(file)' : first!.path).toBe(path);
    expect(first!.message).toMatch(message);
  });

  it('reports every error at once, not only the first', () => {
    const text = VALID.replace('to: 2 Z', 'to: 2 Q').replace('rate: beta }', 'rate: gamma }');
    const issues = issuesOf(`${text}`);
    expect(issues.map((i) => i.path)).toEqual(['model.reactions.bite.to', 'model.reactions.bite.rate']);
    const schemaIssues = issuesOf(
      VALID.replace('until: 5', 'until: -1').replace('title: Tiny', 'title: Tiny\nflavour: x'),
    );
    expect(schemaIssues.map((i) => i.path).sort()).toEqual(['flavour', 'time.until']);
  });

  it("reports a model's names and rates with the file's other problems, in the order of its lines", () => {
    const text = VALID.replace('to: 2 Z', 'to: 2 Q')
      .replace('rate: beta }', 'rate: beta * gamma }')
      .replace('until: 5', 'until: 0');
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path)).toEqual([
      'model.reactions.bite.to',
      'model.reactions.bite.rate',
      'time.until',
    ]);
    const lines = issues.map((i) => i.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    // A model whose own shape is wrong is reported as such, once.
    const shape = issuesOf(
      VALID.replace('until: 5', 'until: 0').replace('compartments: [S, Z, R]', 'compartments: []'),
    );
    expect(shape.map((i) => i.path)).toEqual(['model.compartments', 'time.until']);
  });

  it('points an expression syntax error at its column', () => {
    const [issue] = issuesOf(VALID.replace('rate: beta }', 'rate: "beta * (S" }'));
    expect(issue).toMatchObject({ line: 8, path: 'model.reactions.bite.rate' });
    expect(issue!.col).toBeGreaterThan(45);
  });

  it('names the --set that caused an error', () => {
    const [issue] = issuesOf(VALID, ['beta=-x']);
    expect(issue?.file).toBe('--set beta=-x');
    expect(issuesOf(VALID, ['nonsense=1'])[0]?.message).toMatch(/neither a parameter nor a compartment/);
    // Traits: a share at most 1 (courage 50 was taken), the others at most 10⁶ (walk 1e300 ran as Infinity).
    const hyosan = readScenarioText(scenarioPath('hyosan-high'));
    expect(issuesOf(hyosan, ['world.groups.students.traits.courage=50'])[0]?.message).toBe(
      'must be at most 1',
    );
    expect(issuesOf(hyosan, ['world.groups.students.traits.walk=1e300'])[0]?.message).toBe(
      'must be at most 1,000,000',
    );
    // A whole number past 2^53 was told it must be a whole number.
    expect(issuesOf(hyosan, ['world.groups.students.count=1e17'])[0]?.message).toMatch(
      /^must be at most 2\^53 − 1/,
    );
    // A misspelt entry made a new reaction whose missing from and to were blamed on the file.
    expect(issuesOf(VALID, ['model.reactions.bitee.rate=1'])).toEqual([
      {
        file: '--set model.reactions.bitee.rate=1',
        line: 1,
        col: 28,
        path: 'model.reactions.bitee',
        message:
          "the scenario has no 'bitee' in model.reactions (did you mean bite?); a --set changes what the scenario has, and this one would add an entry",
      },
    ]);
    // A misspelt parameter by its dotted path was a new, unused parameter: the run went on unchanged.
    expect(issuesOf(VALID, ['model.parameters.betta=0.02'])[0]?.message).toBe(
      "model.parameters has no 'betta' (did you mean beta?); a --set changes what the scenario has, and this one would add an entry",
    );
    expect(issuesOf(VALID, ['model.derived.Nx=S'])[0]?.path).toBe('model.derived.Nx');
    expect(issuesOf(VALID, ['model.parameters.beta=0.02'])).toEqual([]);
    // An unknown key under a block the file leaves out is the key's fault ("no 'options' in ;" was said).
    expect(issuesOf(VALID, ['options.bogus.x=1'])[0]?.message).toMatch(/^unknown key 'bogus'/);
  });
});

describe('the command line exits with code 2 on bad input', () => {
  const dir = temporaryDir();
  const files: [string, string | Buffer][] = [
    ...cases.map((c, i): [string, string] => [`case-${i}.yaml`, c.text]),
    ['huge.yaml', `${VALID}description: "${'x'.repeat(10 * 1024 * 1024)}"\n`],
    ['binary.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x00, 0xff, 0xfe, 0x01])],
  ];
  for (const [name, data] of files) writeFileSync(join(dir, name), data);

  it.each(files.map(([name]) => name))('%s', (name) => {
    const result = undead(['validate', join(dir, name)]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^${join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: \\S+: .+`),
    );
  });

  it('validate prints nothing for a good scenario and exits 0', () => {
    writeFileSync(join(dir, 'good.yaml'), VALID);
    expect(undead(['validate', join(dir, 'good.yaml')])).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('an unknown flag or scenario name exits 2', () => {
    expect(undead(['run', 'munz-basic', '--bogus']).status).toBe(2);
    expect(undead(['run', 'no-such-scenario']).status).toBe(2);
    expect(undead(['run', 'munz-basic', '--seed', '-3']).status).toBe(2);
  });
});

describe('an agents world whose steps cost too many cells', () => {
  const hyosan = readScenarioText(scenarioPath('hyosan-high'));
  it('is refused at the cost, or at the cell size that makes several too many', () => {
    // A flight of 10¹² m crashed the run (RangeError), a wall of 10⁹ m took 8 GB.
    expect(issuesOf(hyosan, ['world.building.stairs=1e12'])).toEqual([
      expect.objectContaining({
        file: '--set world.building.stairs=1e12',
        path: 'world.building.stairs',
        message:
          'a flight of stairs is 1,000,000,000,000 m, 1,000,000,000,000 cells of 1 m: a step costs at most 1,000 cells (1,000 m with cells of 1 m)',
      }),
    ]);
    expect(issuesOf(hyosan, ['world.perception.sound.wall=1e9'])[0]?.path).toBe(
      'world.perception.sound.wall',
    );
    const [tiny] = issuesOf(hyosan, ['world.building.cell=1e-10']);
    expect(tiny?.path).toBe('world.building.cell');
    expect(tiny?.message).toMatch(
      /^cells of 0.0000000001 m make steps of too many cells \(a flight of stairs is 8 m, 80,000,000,000 cells; .*make the cells at least 0.012 m$/,
    );
    expect(issuesOf(hyosan, ['world.building.cell=0.012'])).toEqual([]);
  });
});

describe('a chance of an agents world named by a parameter', () => {
  const hyosan = readScenarioText(scenarioPath('hyosan-high'));
  const compiled = (settings: string[]) => () =>
    compileScenario(parseScenario(hyosan, 'hyosan.yaml', settings));
  it('is held to 0 … 1, at the parameter (hybrid: 2 made every infected person a hybrid)', () => {
    expect(compiled(['hybrid=2'])).toThrow(
      '--set hybrid=2:1:8: model.parameters.hybrid: must be between 0 and 1 (not 2): world.infection.hybrid names it, a chance',
    );
    expect(compiled(['world.infection.immuneShare=-1'])).toThrow(
      'world.infection.immuneShare: must be between 0 and 1 (not -1)',
    );
    expect(compiled(['hybrid=1', 'immune_share=0'])).not.toThrow();
  });
});

describe('whole counts', () => {
  const ssaFile = `${VALID.replace('S: 100', 'S: 2.5')}engine: ssa\nevents:\n  - { at: 1, set: { R: 0.5 } }\n`;
  it('are asked of the engine a run is on, not the one the file names (--engine ode took no 2.5)', () => {
    const loaded = parseScenario(ssaFile, 'bad.yaml');
    expect(() => compileScenario(loaded, 'ode')).not.toThrow();
    expect(issuesOf(ssaFile).map((issue) => `${issue.line}:${issue.col} ${issue.path}`)).toEqual([
      '9:15 initial.S',
      '13:24 events.0.set.R',
    ]);
  });
});

describe('event names', () => {
  it('are each one event’s: a name given twice is refused at the second (validate took it, --set could not reach it)', () => {
    const text = `${VALID}events:\n  - { name: e1, at: 1, set: { beta: 0.02 } }\n  - { name: e1, at: 2, set: { beta: 0.03 } }\n`;
    expect(
      issuesOf(text).map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`),
    ).toEqual(["13:13 events.1.name: 'e1' names events.0 too; give each event a name of its own"]);
  });
});
