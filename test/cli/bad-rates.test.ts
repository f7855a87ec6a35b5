import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, RuntimeFailure } from '../../src/core/errors.js';
import { parseText, runLoaded, runQuiet, temporaryDir, undead } from '../helpers.js';

// One rule for bad rates on every engine: a negative mass-action constant is bad input (exit 2);
// a rate that is NaN, infinite or negative during a run is a runtime failure (exit 1) whose one
// line names the reaction, its expression, the time and the values, the same on the ODE, the SSA
// and tau-leaping. Never a silent 0, never a stack.

/** `base.yaml`: munz-basic with only its bite and defeat reactions; `defeat` as given. */
function scenario(defeat: string, parameters = '{ alpha: 0.005, beta: 0.0095 }'): string {
  return `name: base
title: base
description: munz-basic with only its bite and defeat reactions
model:
  compartments: [S, Z, R]
  parameters: ${parameters}
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    defeat: { from: S + Z, to: S + R, ${defeat} }
initial: { S: 500, Z: 1, R: 0 }
time: { until: 10, every: 0.1, unit: day }
engine: ode
`;
}

const dir = temporaryDir();
function file(name: string, text: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

const run = runQuiet;

/** No stack trace: no `    at f (file:line)` lines, one line in all. */
function expectOneCleanLine(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split('\n')).toHaveLength(1);
}

describe('a negative mass-action constant is an input error', () => {
  it('--set beta=-0.01 exits 2, located at the --set argument', () => {
    const result = run(['munz-basic', '--set', 'beta=-0.01']);
    expect(result.status).toBe(2);
    expect(result.line).toBe(
      "--set beta=-0.01:1:6: model.parameters.beta: beta = -0.01 is negative, but reaction 'bite' uses it as a mass-action rate, which must be a number ≥ 0",
    );
  });

  it('in the file, at the parameter line and column', () => {
    const path = file('negative', scenario('rate: alpha', '{ alpha: -0.005, beta: 0.0095 }'));
    const result = undead(['validate', path]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /negative\.yaml:6:\d+: model\.parameters\.alpha: alpha = -0\.005 is negative, but reaction 'defeat'/,
    );
  });

  it('a constant expression is blamed at the rate field', () => {
    expect(() => parseText(scenario('rate: alpha - beta'))).toThrow(InputError);
    expect(() => parseText(scenario('rate: alpha - beta'))).toThrow(
      /test\.yaml:\d+:\d+: model\.reactions\.defeat\.rate: a mass-action rate must be a number ≥ 0, but this one is negative \(-0\.0045\)/,
    );
  });
});

describe('a law that divides by an empty compartment fails the same way on ode, ssa and tau', () => {
  const path = file('divide', scenario('law: alpha*S*Z/R'));
  for (const engine of ['ode', 'ssa', 'tau']) {
    it(`on ${engine}: exit 1, one line naming the reaction, the law, the time and the values`, () => {
      const result = run([path, '--engine', engine]);
      expect(result.status).toBe(1);
      expectOneCleanLine(result.stderr);
      expect(result.line).toBe(
        "undead: reaction 'defeat': rate is infinite at t = 0 because R = 0 divides (law: alpha*S*Z/R with alpha = 0.005, S = 500, Z = 1, R = 0)",
      );
    });
  }
});

describe('NaN, -log(0), exp(S), negative laws and huge constants: one clean line, never a silent 0', () => {
  it('(S-S)/(S-S) on the SSA is NaN, no longer treated as 0', () => {
    const result = run([file('nan', scenario('law: (S-S)/(S-S)')), '--engine', 'ssa']);
    expect(result.status).toBe(1);
    expectOneCleanLine(result.stderr);
    expect(result.line).toBe(
      "undead: reaction 'defeat': rate is NaN at t = 0 because (S-S) = 0 divides (law: (S-S)/(S-S) with S = 500)",
    );
  });

  it('--set beta=1e308 on the SSA overflows beta·S·Z', () => {
    const result = run(['munz-basic', '--engine', 'ssa', '--set', 'beta=1e308']);
    expect(result.status).toBe(1);
    expectOneCleanLine(result.stderr);
    expect(result.line).toBe(
      "undead: reaction 'bite': rate is infinite at t = 0 because beta·S·Z overflows (rate: beta, mass action with beta = 1e+308, S = 500, Z = 1)",
    );
  });

  it('--set S=1e308 on tau is refused up front, at the --set: no count that large is exact', () => {
    const result = run(['munz-basic', '--engine', 'tau', '--set', 'S=1e308']);
    expect(result.status).toBe(2);
    expect(result.line).toBe(
      '--set S=1e308:1:3: initial.S: 1e+308 individuals are more than the tau engine can count exactly (2^53 − 1 at most); use --engine ode',
    );
  });

  it('--set S=1e308 on the ODE ends with one line, and its stack only with --debug', () => {
    const plain = run(['munz-basic', '--set', 'S=1e308']);
    expect(plain.status).toBe(1);
    expectOneCleanLine(plain.stderr);
    expect(plain.line).toMatch(/^undead: .*t = 0.*S = 1e\+308/);
    const debug = run(['munz-basic', '--set', 'S=1e308', '--debug']);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('in process, every engine refuses each bad law with a RuntimeFailure naming its cause', () => {
    const cases: [string, RegExp][] = [
      ['law: -log(R)', /rate is infinite at t = 0 because log of 0 \(R = 0\)/],
      [
        'law: alpha*S*Z - 5',
        /rate is negative \(-2\.5\) at t = 0 \(law: alpha\*S\*Z - 5 with alpha = 0\.005, S = 500, Z = 1\)/,
      ],
      ['law: sqrt(Z - 2)', /rate is NaN at t = 0 because sqrt of a negative number \(Z - 2 = -1\)/],
      ['rate: "alpha * if(R > 0, 1, -1)"', /rate is negative \(-2\.5\) at t = 0/],
    ];
    for (const [defeat, message] of cases) {
      for (const engine of ['ode', 'ssa', 'tau'] as const) {
        const loaded = parseText(scenario(defeat).replace('engine: ode', `engine: ${engine}`));
        let error: unknown;
        try {
          runLoaded(loaded);
        } catch (caught) {
          error = caught;
        }
        expect(error, `${defeat} on ${engine}`).toBeInstanceOf(RuntimeFailure);
        expect((error as Error).message, `${defeat} on ${engine}`).toMatch(
          new RegExp(`^reaction 'defeat': ${message.source}`),
        );
      }
    }
  });

  it('an event that makes a rate constant negative stops every engine at the event', () => {
    const text = scenario('rate: alpha').replace(
      'engine: ode',
      'events:\n  - { at: 1, set: { beta: -0.01 } }\nengine: ode',
    );
    for (const engine of ['ode', 'ssa', 'tau'] as const) {
      const loaded = parseText(text.replace('engine: ode', `engine: ${engine}`));
      expect(() => runLoaded(loaded), engine).toThrow(
        /^reaction 'bite': rate is negative \(-[\d.e+]+\) at t = 1 \(rate: beta, mass action with beta = -0\.01, S = \d/,
      );
    }
  });

  it('exp(S) on the ODE blows the state up: a runtime failure, not a stack', () => {
    const loaded = parseText(scenario('law: exp(S)'));
    expect(() => runLoaded(loaded)).toThrow(RuntimeFailure);
  });

  it('a valid law that only looks odd still runs: a guard against 0/0', () => {
    const loaded = parseText(
      scenario('law: "if(R > 0, alpha*S*Z/R, 0)"').replace('engine: ode', 'engine: ssa'),
    );
    expect(() => runLoaded(loaded)).not.toThrow();
  });
});
