import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../../src/core/closest-name.js';
import { InputError, type InputIssue } from '../../src/core/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { buildingScenario } from '../engines/agents/helpers.js';
import { VALID } from '../helpers.js';

/** The validation library's own words, which must never reach a user. */
const LIBRARY_WORDS =
  /Invalid input|Invalid option|Invalid key|Invalid element|expected record|\(record\)|received|Too small|Too big|Unrecognized key|nonoptional|ZodError/;

/** The issues a scenario text raises (none if it loads); anything but an InputError fails. */
function issuesOf(text: string, settings: string[] = []): InputIssue[] {
  try {
    parseScenario(text, 'bad.yaml', settings);
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

describe('the closest name', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('beta', 'beta')).toBe(0);
    expect(editDistance('bta', 'beta')).toBe(1);
    expect(editDistance('btea', 'beta')).toBe(1);
    expect(editDistance('gamma', 'beta')).toBe(4);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a likely typo, and nothing for a name far from every candidate', () => {
    expect(closestName('bta', ['alpha', 'beta', 'zeta'])).toBe('beta');
    expect(closestName('Beta', ['alpha', 'beta'])).toBe('beta');
    expect(closestName('munz-basik', ['munz-basic', 'munz-latent'])).toBe('munz-basic');
    expect(closestName('kappa', ['alpha', 'beta'])).toBeUndefined();
    expect(closestName('X', ['S', 'Z'])).toBeUndefined();
    expect(closestName('s', ['S', 'Z'])).toBe('S');
    expect(didYouMean('rtl', ['rtol', 'atol'])).toBe(' (did you mean rtol?)');
    expect(didYouMean('zzz', ['rtol'])).toBe('');
  });
});

describe('names from a file are data, never properties every object has', () => {
  it('looks up compartments named after Object.prototype members as plain names', () => {
    const loaded = parseScenario(
      VALID.replace('[S, Z, R]', '[S, Z, R, constructor, toString]').replace('R: 0 }', 'R: 0, toString: 4 }'),
      'names.yaml',
    );
    expect(loaded.scenario.initial.constructor).toBeUndefined();
    expect(loaded.scenario.initial.toString).toBe(4);
    expect(Object.getPrototypeOf(loaded.scenario.initial)).toBeNull();
    expect(Object.getPrototypeOf(loaded.scenario.model.parameters)).toBeNull();
  });

  it('refuses __proto__ as a key, a compartment or a --set path, at its place', () => {
    expect(issuesOf(VALID.replace('R: 0 }', 'R: 0, __proto__: 1 }'))).toEqual([
      {
        file: 'bad.yaml',
        line: 9,
        col: 32,
        path: 'initial.__proto__',
        message: "'__proto__' cannot be used as a name",
      },
    ]);
    expect(issuesOf(VALID.replace('[S, Z, R]', '[S, Z, R, __proto__]'))[0]).toMatchObject({
      line: 4,
      path: 'model.compartments.3',
      message: "'__proto__' cannot be used as a name",
    });
    expect(issuesOf(VALID, ['model.__proto__.x=1'])[0]).toMatchObject({ file: '--set model.__proto__.x=1' });
  });

  it('finds duplicate keys by the text they become, in maps at any depth', () => {
    expect(issuesOf(VALID.replace('    beta: 0.01', "    beta: 0.01\n    'beta': 2"))[0]).toMatchObject({
      line: 7,
      col: 5,
      path: 'model.parameters.beta',
      message: "the key 'beta' is given twice (first at line 6); keep one",
    });
    expect(issuesOf(`${VALID}events: [{ at: 1, set: { S: 1, S: 2 } }]\n`)[0]).toMatchObject({
      line: 11,
      path: 'events.0.set.S',
    });
  });

  it('refuses t, N and the function names as compartments, parameters and derived quantities', () => {
    const text = VALID.replace('[S, Z, R]', '[S, Z, R, t]')
      .replace('    beta: 0.01', '    beta: 0.01\n    N: 3\n    log: 1')
      .replace('  reactions:', '  derived:\n    max: S + Z\n  reactions:');
    expect(issuesOf(text).map((i) => [i.path, i.message])).toEqual([
      ['model.compartments.3', "'t' is reserved for time; choose another name"],
      [
        'model.parameters.N',
        "'N' is reserved for the total of all compartments (redefine it in model.derived if needed); choose another name",
      ],
      ['model.parameters.log', "'log' is the name of a function in expressions; choose another name"],
      ['model.derived.max', "'max' is the name of a function in expressions; choose another name"],
    ]);
    // N stays redefinable, as the built-in alemi-szr does.
    expect(issuesOf(VALID.replace('  reactions:', '  derived:\n    N: S + Z\n  reactions:'))).toEqual([]);
  });

  it('finds no group, role or unit through the prototype in an agents world', () => {
    const text = buildingScenario({
      floors: [['#####', '#[a]#', '#####']],
      world: [
        '  groups:',
        '    people: { rooms: [a] }',
        '  characters:',
        '    Ann: { group: constructor }',
        '    Bob: { group: people, role: toString }',
        '  behaviours:',
        '    zombie: { hasOwnProperty: {} }',
      ].join('\n'),
    });
    const messages = issuesOf(text).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain(
      "world.behaviours.zombie.hasOwnProperty: unknown behaviour unit 'hasOwnProperty'; zombie agents have bite, hunt, track, follow-sound, break-barricade, wander, relocate, crowd-seek, infect-first, contact-bite, decay",
    );
  });

  it('checks groups and roles as own names only', () => {
    const text = buildingScenario({
      floors: [['#####', '#[a]#', '#####']],
      world: [
        '  groups:',
        '    people: { rooms: [a] }',
        '  characters:',
        '    Ann: { group: constructor }',
        '    Bob: { group: people, role: toString }',
      ].join('\n'),
    });
    expect(issuesOf(text).map((i) => `${i.path}: ${i.message}`)).toEqual([
      "world.characters.Ann.group: no group 'constructor'",
      "world.characters.Bob.role: group 'people' has no role 'toString'",
    ]);
  });

  it('refuses a behaviour unit in the stack of the wrong kind of agent', () => {
    const text = buildingScenario({
      floors: [['#####', '#[a]#', '#####']],
      world: ['  groups:', '    people: { rooms: [a] }', '  behaviours:', '    human: { bite: {} }'].join(
        '\n',
      ),
    });
    expect(issuesOf(text).map((i) => `${i.path}: ${i.message}`)).toEqual([
      "world.behaviours.human.bite: 'bite' is a behaviour of zombie and immortal agents, not of human agents",
    ]);
  });
});

describe('messages in plain words', () => {
  const bad: [string, string[]][] = [
    [VALID.replace('  parameters:\n    beta: 0.01', '  parameters: [1, 2]'), []],
    [VALID.replace('initial: { S: 100, Z: 1, R: 0 }', 'initial: 3'), []],
    [VALID.replace('initial: { S: 100, Z: 1, R: 0 }', 'initial: { S: abc, Z: -1, R: .inf }'), []],
    [VALID.replace('time: { until: 5, every: 1 }', 'time: [5, 1]'), []],
    [VALID.replace('time: { until: 5, every: 1 }', 'time: { until: 5 }'), []],
    [VALID.replace('compartments: [S, Z, R]', 'compartments: []'), []],
    [VALID.replace('compartments: [S, Z, R]', 'compartments: S'), []],
    [VALID.replace('compartments: [S, Z, R]', 'compartments: [S, 1Z, R]'), []],
    [VALID.replace('rate: beta', 'rate: true'), []],
    [VALID.replace('rate: beta', 'rate: ""'), []],
    [VALID.replace('rate: beta', 'raet: beta'), []],
    [VALID.replace('bite: {', '"bi te": {'), []],
    [VALID.replace('name: tiny', 'name: Tiny Town'), []],
    [VALID.replace('title: Tiny', 'title: [a]'), []],
    [`${VALID}engine: sssa\n`, []],
    [`${VALID}solver: { rtol: 0 }\n`, []],
    [`${VALID}events: 3\n`, []],
    [`${VALID}events: [{ at: [], scale: 3 }]\n`, []],
    [`${VALID}events: [{ every: -1, set: { beta: x } }]\n`, []],
    [`${VALID}events: [{ at: 1, move: { from: S, to: Z, fraction: 2 } }]\n`, []],
    [`${VALID}world: 3\n`, []],
    [`${VALID}world: { building: { open: { width: 0, height: 1.5 } }, groups: {} }\n`, []],
    [`${VALID}world: { building: { floors: [] }, groups: { a: { kind: alien } } }\n`, []],
    [VALID, ['beta=abc']],
    [VALID, ['time.until=soon']],
    [VALID, ['engine=warp']],
    [VALID, ['time.every=[1]']],
    [VALID, ['solver=1']],
  ];

  it.each(bad.map(([text, settings], i) => [i, text, settings] as const))(
    'case %i: located, and free of the validation library’s words',
    (_, text, settings) => {
      const issues = issuesOf(text, settings);
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        expect(issue.message).not.toMatch(LIBRARY_WORDS);
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(issue.col).toBeGreaterThanOrEqual(1);
      }
    },
  );

  it('says what was expected and what was found', () => {
    expect(issuesOf(VALID.replace('  parameters:\n    beta: 0.01', '  parameters: [1, 2]'))[0]).toMatchObject(
      {
        line: 5,
        col: 15,
        path: 'model.parameters',
        message: 'must be a map of name: value, not a list',
      },
    );
    expect(issuesOf(`${VALID}engine: sssa\n`)[0]?.message).toBe(
      "must be one of ode, ssa, tau, lattice, agents, not the text 'sssa' (did you mean ssa?)",
    );
    expect(issuesOf(VALID.replace('time: { until: 5, every: 1 }', 'time: { until: 5 }'))[0]).toMatchObject({
      path: 'time.every',
      message: 'is required; give a number',
    });
  });

  it('reports the problem of the alternative a value was meant as, and a bad name by its rule', () => {
    const world = (traits: string) =>
      `${VALID}world: { building: { open: { width: 5, height: 5 } }, groups: { a: { count: 1, traits: { walk: ${traits} } } } }\n`;
    expect(issuesOf(world('{ mean: 1 }'))[0]).toMatchObject({
      path: 'world.groups.a.traits.walk.sd',
      message: 'is required; give a number',
    });
    expect(issuesOf(world('[1]'))[0]?.message).toBe('needs at least 2 items');
    expect(issuesOf(VALID.replace('bite: {', '"bi te": {'))[0]).toMatchObject({
      path: 'model.reactions.bi te',
      message: 'must be a name: letters, digits, _ and -',
    });
  });

  it('suggests the closest name for an unknown key and an unknown name in an expression', () => {
    expect(issuesOf(VALID.replace('rate: beta', 'raet: beta'))[0]?.message).toBe(
      "unknown key 'raet' (did you mean rate?); the keys here are from, to, rate, law",
    );
    expect(issuesOf(VALID.replace('rate: beta', 'rate: bta'))[0]?.message).toBe(
      "unknown name 'bta' (did you mean beta?)",
    );
  });

  it('suggests names for the first 50 unknown ones only, so 99,000 typos do not take hours', () => {
    // Each suggestion compares a name with every known one: 99,000 of them among 99,000 names
    // would be 10^10 comparisons. Past the 50 an error shows, an unknown name is only named.
    const n = 60;
    const params = Array.from({ length: n }, (_, i) => `    par${i}: 1`).join('\n');
    const reactions = Array.from({ length: n }, (_, i) => `    r${i}: { from: S, to: Z, rate: pra${i} }`);
    const events = Array.from({ length: n }, (_, i) => `  - { when: pra${i} > 1, set: { beta: 1 } }`);
    const text = VALID.replace('    beta: 0.01', `    beta: 0.01\n${params}`).replace(
      '  reactions:\n',
      `  reactions:\n${reactions.join('\n')}\n`,
    );
    const messages = issuesOf(text).map((issue) => issue.message);
    expect(messages).toHaveLength(n);
    expect(messages[49]).toBe("unknown name 'pra49' (did you mean par49?)");
    expect(messages[50]).toBe("unknown name 'pra50'");
    const whens = issuesOf(`${text.replace(/ {4}r\d+: .*\n/g, '')}events:\n${events.join('\n')}\n`);
    expect(whens.map((issue) => issue.message).slice(49, 51)).toEqual([
      "unknown name 'pra49' (did you mean par49?)",
      "unknown name 'pra50'",
    ]);
  });

  it('refuses more than 1,000 compartments where they are listed, takes 1,000, and names a repeated one', () => {
    // 100,000 compartments once crashed a run: the watch of who overtakes whom is n² bytes.
    const listing = (n: number) =>
      VALID.replace('[S, Z, R]', `[S, Z, R, ${Array.from({ length: n - 3 }, (_, i) => `C${i}`).join(', ')}]`);
    expect(issuesOf(listing(1000))).toEqual([]);
    expect(issuesOf(VALID.replace('[S, Z, R]', '[S, Z, R, Z, S]')).map((issue) => issue.message)).toEqual([
      "'Z' is declared twice",
      "'S' is declared twice",
    ]);
    expect(issuesOf(listing(1001))).toEqual([
      {
        file: 'bad.yaml',
        line: 4,
        col: 17,
        path: 'model.compartments',
        message: 'has more than 1,000 compartments, the most a model may have',
      },
    ]);
  });

  it('refuses derived quantities nested more than 500 deep once written out, and each that reads one', () => {
    // A chain of 4,000, each reading the one before, once took 2 GB and overflowed the stack.
    const chain = (n: number) =>
      VALID.replace(
        '  reactions:\n',
        `  derived:\n    d0: S / (S + 1)\n${Array.from({ length: n - 1 }, (_, i) => `    d${i + 1}: d${i} * 1\n`).join('')}  reactions:\n`,
      ).replace('rate: beta', `law: beta * S * Z * d${n - 1}`);
    expect(issuesOf(chain(498))).toEqual([]);
    const issues = issuesOf(chain(600));
    expect(issues).toHaveLength(102);
    expect(issues[0]).toMatchObject({
      path: 'model.derived.d498',
      message:
        'written out with the derived quantities it reads in place of their names, it is nested 501 deep; at most 500 is allowed: compute it in fewer steps',
    });
    expect(issues.every((issue) => issue.message.includes('deep'))).toBe(true);
  });

  it('blames the --set that made time.until shorter than the file’s time.every', () => {
    expect(issuesOf(VALID, ['time.until=0.5'])).toEqual([
      {
        file: '--set time.until=0.5',
        line: 1,
        col: 12,
        path: 'time.until',
        message: 'must not be less than time.every (1)',
      },
    ]);
  });
});

describe('random YAML-ish scenarios with hostile names', () => {
  const name = fc.constantFrom(
    'S',
    'Z',
    'R',
    'beta',
    'constructor',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '__proto__',
    'prototype',
    'N',
    't',
    'exp',
    'if',
    'min',
    '__defineGetter__',
    'isPrototypeOf',
  );
  const indent = fc.constantFrom('', ' ', '  ', '   ', '\t');
  const value = fc.constantFrom('1', '0', '-1', '0.5', 'S + Z', 'beta * S', 'x', '[]', '{}', '.nan', '');
  const entry = fc.tuple(indent, name, value).map(([i, n, v]) => `${i}${n}: ${v}`);
  const scenario = fc
    .record({
      compartments: fc.array(name, { minLength: 1, maxLength: 5 }),
      parameters: fc.array(entry, { maxLength: 5 }),
      derived: fc.array(entry, { maxLength: 3 }),
      initial: fc.array(fc.tuple(name, value), { maxLength: 5 }),
      law: fc.array(name, { minLength: 1, maxLength: 3 }),
      settings: fc.array(
        fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
        { maxLength: 2 },
      ),
    })
    .map((s) => ({
      text: [
        'name: fuzz',
        'title: Fuzz',
        'model:',
        `  compartments: [${s.compartments.join(', ')}]`,
        '  parameters:',
        ...s.parameters.map((p) => `    ${p}`),
        '  derived:',
        ...s.derived.map((p) => `    ${p}`),
        '  reactions:',
        `    r: { from: ${s.compartments[0]}, to: 0, law: ${s.law.join(' * ')} }`,
        `initial: { ${s.initial.map(([n, v]) => `${n}: ${v}`).join(', ')} }`,
        'time: { until: 1, every: 1 }',
      ].join('\n'),
      settings: s.settings,
    }));

  it('either load, with every name looked up as data, or fail with located issues in plain words', () => {
    fc.assert(
      fc.property(scenario, ({ text, settings }) => {
        const issues = issuesOf(text, settings);
        for (const issue of issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.col).toBeGreaterThanOrEqual(1);
          expect(typeof issue.path).toBe('string');
          expect(issue.message).not.toMatch(LIBRARY_WORDS);
        }
        if (issues.length > 0) return;
        const { scenario: parsed, network } = parseScenario(text, 'fuzz.yaml', settings);
        for (const compartment of network.compartments) {
          const initial = parsed.initial[compartment];
          expect(initial === undefined || typeof initial === 'number').toBe(true);
        }
        for (const p of network.parameterNames) expect(typeof parsed.model.parameters[p]).toBe('number');
      }),
      { numRuns: 600 },
    );
  });
});

describe('--set with names from the file', () => {
  it('sets a compartment or parameter named constructor, and never writes through a prototype', () => {
    const text = VALID.replace('[S, Z, R]', '[S, Z, R, constructor]').replace(
      '    beta: 0.01',
      '    beta: 0.01\n    toString: 2',
    );
    const loaded = parseScenario(text, 'names.yaml', ['constructor=7', 'toString=3']);
    expect(loaded.scenario.initial.constructor).toBe(7);
    expect(loaded.scenario.model.parameters.toString).toBe(3);
    expect(issuesOf(text, ['model.valueOf.x=1'])[0]?.message).toMatch(/^unknown key 'valueOf'/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(issuesOf(text, ['__proto__.polluted=1'])[0]).toMatchObject({
      file: '--set __proto__.polluted=1',
      message: "'__proto__.polluted' is not a field path",
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
