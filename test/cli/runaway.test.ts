import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/core/errors.js';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { createOde } from '../../src/engines/ode/engine.js';
import { outputTimes, record } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseText, runLoaded, runQuiet, temporaryDir, undead, valueAt } from '../helpers.js';

// Runaway runs stop with a message, never a hang: a 60-level chain of derived quantities runs at
// once on every engine; explosive growth, stiff rates and huge populations on the SSA and tau stop
// at --max-events or at 2^53 with exit 1 and a line naming the reaction, the time and the state.

const dir = temporaryDir();
function file(name: string, text: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

function run(args: string[]) {
  const result = runQuiet(args);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return result;
}

/** dI = dI-1 + dI-1 - dI-1, sixty deep, read by a law and by a conditional event; and a parameter chain. */
function chain(engine: string): string {
  const derived = ['    d1: S + S - S', '    p1: beta + beta - beta'];
  for (let i = 2; i <= 60; i++) {
    derived.push(`    d${i}: d${i - 1} + d${i - 1} - d${i - 1}`);
    derived.push(`    p${i}: p${i - 1} * p${i - 1} / p${i - 1}`);
  }
  return `name: chain
title: a 60-level chain of derived quantities
description: each level reads the one before three times
model:
  compartments: [S, Z, R]
  parameters: { alpha: 0.005, beta: 0.0095 }
  derived:
${derived.join('\n')}
  reactions:
    bite: { from: S + Z, to: 2 Z, law: p60 * S * Z }
    defeat: { from: S + Z, to: S + R, law: alpha * d60 * Z }
initial: { S: 500, Z: 1, R: 0 }
time: { until: 10, every: 0.1, unit: day }
events:
  - { when: d60 < 100, set: { alpha: 0.01 } }
engine: ${engine}
`;
}

function network(reactions: string, initial: string, engine = 'ssa'): string {
  return `name: runaway
title: runaway
description: a network that runs away
model:
  compartments: [${initial.replace(/:\s*\d+(e\d+)?/g, '').replace(/[{}]/g, '')}]
  parameters: { k: 1e9, slow: 0.1, g: 10 }
  reactions:
${reactions}
initial: ${initial}
time: { until: 10, every: 0.1, unit: day }
engine: ${engine}
`;
}

const GROW = network('    grow: { from: Z, to: 2 Z, rate: g }', '{ Z: 1 }');
const STIFF = network(
  '    flip: { from: A, to: B, rate: k }\n    flop: { from: B, to: A, rate: k }\n    leak: { from: A, to: 0, rate: slow }',
  '{ A: 1000, B: 0 }',
);

describe('a 60-level chain of derived quantities', () => {
  const path = file('chain', chain('ssa'));

  it('validates, and runs on the SSA and tau within the bound', () => {
    expect(undead(['validate', path]).status).toBe(0);
    for (const engine of ['ssa', 'tau']) {
      const result = run([path, '--engine', engine]);
      expect(result.status, `${engine}: ${result.line}`).toBe(0);
    }
  });

  it('gives the numbers of the same model written without the chain, on the ODE (JS and WebAssembly)', () => {
    const plain = parseText(
      chain('ode')
        .replace('p60 * S * Z', 'beta * S * Z')
        .replace('alpha * d60 * Z', 'alpha * S * Z')
        .replace('d60 < 100', 'S < 100'),
    );
    const times = outputTimes(10, 0.1);
    const expected = record(createOde(compileScenario(plain, 'ode')), times);
    for (const wasm of [true, false]) {
      const chained = parseText(chain('ode'), [`options.ode.wasm=${wasm}`]);
      const got = record(createOde(compileScenario(chained, 'ode')), times);
      expect(valueAt(got, 'S', 10)).toBeCloseTo(valueAt(expected, 'S', 10), 6);
      expect(valueAt(got, 'Z', 10)).toBeCloseTo(valueAt(expected, 'Z', 10), 6);
    }
  });

  it('costs its length even when each level reads the two before (a Fibonacci chain), on every engine', () => {
    const fibonacci = chain('ode').replace(/d(\d+): d(\d+) \+ d\d+ - d\d+/g, (_, i, j) =>
      Number(i) > 2 ? `d${i}: d${j} - d${Number(j) - 1} + S - S + d${Number(j) - 1}` : `d${i}: d${j} + S - S`,
    );
    expect(fibonacci).toContain('d60: d59 - d58 + S - S + d58');
    for (const engine of ['ode', 'ssa', 'tau']) {
      const run = runLoaded(parseText(fibonacci.replace('engine: ode', `engine: ${engine}`)));
      expect(run.times.length).toBe(101);
    }
  });
});

describe('explosive growth, stiff rates and huge populations stop with a message', () => {
  it('Z -> 2 Z on the SSA stops at --max-events, naming the reaction, the time and the state', () => {
    const result = run([file('grow', GROW), '--max-events', '1000000']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: the ssa engine stopped at t = [\d.e-]+ of 10 days, past its --max-events limit of 1000000 reaction events: .*\(fastest: 'grow', .*\(Z = 1000002\); use --engine tau or --engine ode, or raise --max-events$/,
    );
  });

  it('a run that needs exactly --max-events events keeps to it (it failed with the next one after the end)', () => {
    // Seed 1 of munz-basic on the SSA takes 786 reaction events.
    expect(run(['munz-basic', '--engine', 'ssa', '--max-events', '786']).status).toBe(0);
    expect(run(['munz-basic', '--engine', 'ssa', '--max-events', '785']).line).toMatch(
      /past its --max-events limit of 785 reaction events/,
    );
  });

  it("a scenario's own options.ssa.max_events holds without --max-events, and --max-events overrides it", () => {
    const limited = file('grow-limited', `${GROW.trimEnd()}\noptions: { ssa: { max_events: 5000 } }\n`);
    const own = run([limited]);
    expect(own.status).toBe(1);
    expect(own.line).toMatch(/past its --max-events limit of 5000 reaction events/);
    expect(run([limited, '--max-events', '7000']).line).toMatch(/limit of 7000 reaction events/);
  });

  it('forecasts the rest of a run to two figures, and names the replicate of an ensemble that stopped', () => {
    // It said "about 2891.75 more reaction events", and nothing of which of 4 runs stopped.
    const stopped = run(['munz-basic', '--engine', 'ssa', '--max-events', '300', '--runs', '4']);
    expect(stopped.status).toBe(1);
    expect(stopped.line).toMatch(
      /^undead: replicate \d: the ssa engine stopped .*, so at these rates the remaining [\d.]+ days would take about \d(\.\d)?(,\d00|\d0|\d)? more reaction events /,
    );
  });

  it('Z -> 2 Z on tau stops where a count passes 2^53', () => {
    const result = run([file('grow-tau', GROW), '--engine', 'tau']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: compartment Z passes 2\^53 \(9\.0072e\+15\) at t = [\d.]+, driven by reaction 'grow', more than the tau engine can count exactly \(Z = [\d.e+]+\)/,
    );
  });

  it('a stiff rate (k = 1e9) stops the SSA and tau at the event budget', () => {
    for (const engine of ['ssa', 'tau'] as const) {
      const budget = [`engine=${engine}`, `options.${engine}.max_events=100000`];
      const compiled = compileScenario(parseText(STIFF, budget));
      expect(() => record(createEngine(compiled, streamFor(1)), outputTimes(10, 0.1))).toThrow(
        RuntimeFailure,
      );
      expect(() => record(createEngine(compiled, streamFor(1)), outputTimes(10, 0.1))).toThrow(
        new RegExp(
          `^the ${engine} engine stopped at t = .* \\(fastest: 'fl[io]p', .*\\(A = \\d+, B = \\d+\\)`,
        ),
      );
    }
  });

  it('the stiff network on tau stops within the bound with the default budget', () => {
    const result = run([file('stiff', STIFF), '--engine', 'tau']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /the tau engine stopped at t = .* past its --max-events limit of 100000000 units of work/,
    );
  });

  it('a reaction that would fire past 1e15 times in one tau leap stops at --max-events (found by the fuzz test)', () => {
    const huge = network('    r1: { from: "0", to: "0", law: "max(10, 1e+308)" }', '{ I: 10, R: 10 }', 'tau');
    const result = run([file('huge-leap', huge), '--max-events', '1000000']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: the tau engine stopped at t = \S+ of 10 days, past its --max-events limit of 1000000 units of work.*'r1'/,
    );
  });

  it('the stiff network on the ODE stops at once, saying it is stiff, while a slow stiff approach to equilibrium runs', () => {
    const result = run([file('stiff', STIFF), '--engine', 'ode']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: the ODE solver cannot go on at t = \S+ \(A = \S+, B = \S+\): the model has become stiff .* more steps\)/,
    );
    // munz-treatment is stiff near its equilibrium too, but its steps there stay long: it runs.
    expect(run(['munz-treatment']).status).toBe(0);
  });

  it('an ODE run whose pace would pass the step limit stops after a million steps, not at the limit (found by the fuzz test)', () => {
    const derived = Array.from({ length: 17 }, (_, k) =>
      k === 0 ? '    d1: Z + Z - Z' : `    d${k + 1}: d${k} + d${k} - d${k}`,
    );
    const slow = `name: slow
title: slow
model:
  compartments: [Z, Y, R, X]
  parameters: { alpha: 0.5, rho: 1e15 }
  derived:
${derived.join('\n')}
  reactions:
    r0: { from: "0", to: R, rate: alpha }
    r1: { from: 2 Y + 3 R, to: R + 3 Y, rate: rho }
    r2: { from: 3 R, to: Y, law: "if(d6, pow(min(d16, Y), if(N, 2, -1)), 5e-324)" }
    r3: { from: 3 Z + R, to: "0", law: d17 }
initial: { Z: 0.0095, Y: 0.005, R: 500, X: 0.0095 }
time: { until: 10, every: 1 }
`;
    const result = run([file('slow', slow), '--engine', 'ode']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: the ODE solver cannot go on at t = \S+ \(.*\): at its pace so far it would need about \S+ more steps to reach 10/,
    );
  });

  it('a conditional event whose action makes it true again at once stops the ODE with a message (found by the fuzz test)', () => {
    const zeno = `name: zeno
title: zeno
model:
  compartments: [Z, C]
  parameters: {}
  reactions:
    r0: { from: 0, to: C, law: 1 }
initial: { Z: 0, C: 2 }
time: { until: 1, every: 0.1 }
events:
  - { name: strike, when: "t * C", scale: { C: 0 } }
`;
    const result = run([file('zeno', zeno), '--engine', 'ode']);
    expect(result.status).toBe(1);
    expect(result.line).toMatch(
      /^undead: event 'strike' fires over and over at t = \S+ \(Z = \S+, C = \S+\): its action makes its condition true again at once/,
    );
    // The fuzz test's own reaction took 3 Z by a law of 1 with no Z at all: the ODE drove Z negative.
    const negative = run([
      file('negative', zeno.replace('from: 0, to: C', 'from: 3 Z, to: C')),
      '--engine',
      'ode',
    ]);
    expect(negative.status).toBe(1);
    expect(negative.line).toMatch(
      /^undead: Z falls below 0 at t = \S+ \(Z = -\S+, C = \S+\): 'r0' takes Z by a law that is not 0 when Z is; guard it, such as if\(Z > 0, …, 0\)$/,
    );
  });

  it('--engine ssa --set S=1e15 stops with advice to use tau or the ODE; tau runs it', () => {
    const ssa = run(['munz-basic', '--engine', 'ssa', '--set', 'S=1e15', '--max-events', '1000000']);
    expect(ssa.status).toBe(1);
    expect(ssa.line).toMatch(
      /^undead: the ssa engine stopped at t = .* of 10 days, past its --max-events limit of 1000000 reaction events/,
    );
    expect(ssa.line).toMatch(
      /fastest: 'bite'.*\(S = \d+, Z = \d+, R = \d+\); use --engine tau or --engine ode, or raise --max-events$/,
    );
    const tau = run(['munz-basic', '--engine', 'tau', '--set', 'S=1e15']);
    expect(tau.status).toBe(0);
  });

  it('run --help documents --max-events, and undead --help documents --debug', () => {
    expect(undead(['run', '--help']).stdout).toMatch(
      /--max-events <n>[\s\S]*default:\s+the\s+scenario's\s+options\.ssa\.max_events[\s\S]*else\s+100000000/,
    );
    expect(undead(['--help']).stdout).toContain('--debug');
  });
});
