import fc from 'fast-check';
import { stringify } from 'yaml';

/**
 * Hostile command-line cases for the fuzz test: random reaction networks with random
 * laws (division, logs, exponentials, huge and tiny constants, chains of derived values), random
 * events and random time grids, run through `validate` and a bounded `run` on every engine; and
 * built-in scenarios with hostile `--set` overrides.
 */
export interface HostileCase {
  /** Scenario text to write to a file, or null when `args` names a built-in. */
  readonly yaml: string | null;
  /** The command line; `$FILE` stands for the scenario file and `$OUT` for a fresh folder. */
  readonly args: readonly string[];
}

/** Mostly ordinary values, so that most cases run; now and then an extreme one. */
const numbers = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 2, 0.5, 0.0095, 0.005, 10, 100, 500) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -0.01, 1e-9, 1e-308, 5e-324, 1e9, 1e15, 1e308) },
);
/** Mostly ordinary names; now and then one that an object prototype or the grammar owns. */
function names(ordinary: string[], hostile: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ordinary) },
    { weight: 1, arbitrary: fc.constantFrom(...hostile) },
  );
}
const compartmentName = names(['S', 'Z', 'R', 'I', 'X'], ['constructor', 'toString', 'N', 't', '__proto__']);
const parameterName = names(['alpha', 'beta', 'k', 'rho'], ['hasOwnProperty', 'valueOf', '__proto__', 'exp']);
const functions1 = ['exp', 'log', 'sqrt', 'abs', 'floor', 'ceil'];
const functions2 = ['pow', 'min', 'max'];
const binary = ['+', '-', '*', '/', '^', '<', '>=', '==', '&&', '||'];

/** A rate-law expression over the given names, of bounded depth. */
function expression(known: readonly string[], depth: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.constantFrom(...known, 't', 'N'),
    numbers.map((v) => String(v)),
  );
  if (depth <= 0) return leaf;
  const sub = expression(known, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    fc.tuple(sub, fc.constantFrom(...binary), sub).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    fc.tuple(fc.constantFrom(...functions1), sub).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom(...functions2), sub, sub).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(sub, sub, sub).map(([c, a, b]) => `if(${c}, ${a}, ${b})`),
    sub.map((a) => `-(${a})`),
  );
}

/** One side of a reaction: `0`, or a sum of `COUNT NAME` terms. */
function side(compartments: readonly string[]): fc.Arbitrary<string> {
  const term = fc
    .tuple(fc.constantFrom(1, 1, 1, 2, 3), fc.constantFrom(...compartments))
    .map(([n, c]) => (n === 1 ? c : `${n} ${c}`));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('0') },
    { weight: 4, arbitrary: fc.array(term, { minLength: 1, maxLength: 2 }).map((t) => t.join(' + ')) },
  );
}

const scenarioObject = fc
  .tuple(
    fc.uniqueArray(compartmentName, { minLength: 1, maxLength: 4 }),
    fc.uniqueArray(parameterName, { minLength: 1, maxLength: 3 }),
    fc.nat({ max: 1_000_000 }),
  )
  .chain(([compartments, parameters, salt]) => {
    const known = [...compartments, ...parameters];
    const derivedCount = salt % 8 === 0 ? 1 + (salt % 60) : 0;
    // A chain of derived values, each using the previous one several times.
    const derived: Record<string, string> = {};
    for (let i = 1; i <= derivedCount; i++) {
      const prev = i === 1 ? compartments[0]! : `d${i - 1}`;
      derived[`d${i}`] = `${prev} + ${prev} - ${prev}`;
    }
    const lawNames = [...known, ...Object.keys(derived)];
    const reaction = fc.record({
      from: side(compartments),
      to: side(compartments),
      kind: fc.constantFrom('rate', 'law'),
      rate: fc.constantFrom(...parameters),
      law: expression(lawNames, 3),
    });
    const timing = fc.oneof(
      fc.record({ at: fc.oneof(numbers, fc.array(numbers, { maxLength: 3 })) }),
      fc.record({ every: numbers, start: numbers }, { requiredKeys: ['every'] }),
      fc.record({ when: expression(lawNames, 1) }),
    );
    const action = fc.oneof(
      fc.record({ set: fc.dictionary(fc.constantFrom(...parameters), numbers, { minKeys: 1, maxKeys: 1 }) }),
      fc.record({
        scale: fc.dictionary(fc.constantFrom(...compartments), numbers, { minKeys: 1, maxKeys: 1 }),
      }),
    );
    const event = fc
      .tuple(fc.constantFrom('strike', 'army', 'cure'), timing, action)
      .map(([name, when, what]) => ({ name, ...when, ...what }));
    return fc.record({
      compartments: fc.constant(compartments),
      parameters: fc
        .tuple(...parameters.map(() => numbers))
        .map((values) => Object.fromEntries(parameters.map((p, i) => [p, values[i]]))),
      derived: fc.constant(derived),
      reactions: fc.array(reaction, { minLength: 1, maxLength: 4 }),
      initial: fc
        .tuple(...compartments.map(() => numbers))
        .map((values) => Object.fromEntries(compartments.map((c, i) => [c, values[i]]))),
      until: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 5, 10) }, numbers),
      every: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0.1, 1) }, numbers),
      events: fc.array(event, { maxLength: 2 }),
    });
  })
  .map((s) => ({
    name: 'fuzz',
    title: 'A hostile scenario',
    model: {
      compartments: s.compartments,
      parameters: s.parameters,
      ...(Object.keys(s.derived).length > 0 ? { derived: s.derived } : {}),
      reactions: Object.fromEntries(
        s.reactions.map((r, i) => [
          `r${i}`,
          { from: r.from, to: r.to, ...(r.kind === 'rate' ? { rate: r.rate } : { law: r.law }) },
        ]),
      ),
    },
    initial: s.initial,
    time: { until: s.until, every: s.every },
    ...(s.events.length > 0 ? { events: s.events } : {}),
  }));

/** Cuts or garbles scenario text now and then: a truncated file, a stray tab, a broken indent. */
const mangle = fc.oneof(
  { weight: 12, arbitrary: fc.constant((text: string) => text) },
  fc.nat().map((n) => (text: string) => text.slice(0, n % (text.length + 1))),
  fc.nat().map((n) => (text: string) => {
    const at = n % (text.length + 1);
    return `${text.slice(0, at)}\n\t  x: [${text.slice(at)}`;
  }),
);

const engine = fc.constantFrom('ode', 'ssa', 'tau');
// A bounded run: few events and little memory, so that a legitimately huge run (10⁷ output rows,
// say) is refused up front instead of taking minutes of real work.
const bounds = [
  '--progress',
  'none',
  '--quiet',
  '--out',
  '$OUT',
  '--max-events',
  '1000000',
  '--max-memory',
  '128MB',
];

/** A random network through `validate` or a bounded `run` on a random engine. */
const networkCase: fc.Arbitrary<HostileCase> = fc
  .tuple(scenarioObject, mangle, engine, fc.boolean(), fc.constantFrom(1, 1, 1, 3))
  .map(([scenario, garble, engineName, validate, runs]) => ({
    yaml: garble(stringify(scenario, { lineWidth: 0 })),
    args: validate
      ? ['validate', '$FILE']
      : ['run', '$FILE', '--engine', engineName, '--runs', String(runs), '--workers', '1', ...bounds],
  }));

const settings = fc.constantFrom(
  'beta=-0.01',
  'beta=1e308',
  'S=1e308',
  'S=1e15',
  'S=-5',
  'Z=0.5',
  'time.every=1e-9',
  'time.until=1e308',
  'time.until=0',
  'engine=agents',
  'engine=lattice',
  'nosuch=1',
  '__proto__.x=1',
  'model.parameters.__proto__=1',
  'constructor=1',
  'time=3',
  'model.reactions.bite.rate=exp(S)',
  'model.reactions.bite.rate=(S-S)/(S-S)',
  'solver.rtol=0',
  'solver.rtol=1e-300',
);

/** A built-in scenario with hostile overrides and flags. */
const builtinCase: fc.Arbitrary<HostileCase> = fc
  .tuple(
    fc.constantFrom('munz-basic', 'munz-impulsive', 'alemi-szr', 'notld'),
    fc.array(settings, { maxLength: 3 }),
    engine,
    fc.constantFrom([], ['--every', '1e-9'], ['--until', '1e300'], ['--runs', '2'], ['--seed', '0']),
  )
  .map(([name, sets, engineName, flags]) => ({
    yaml: null,
    args: ['run', name, '--engine', engineName, ...sets.flatMap((s) => ['--set', s]), ...flags, ...bounds],
  }));

const agentSettings = fc.constantFrom(
  'human=1e9',
  'human=-1',
  'zombie=0.5',
  'world.events.broadcast.enabled=false',
  'world.events.nosuch.enabled=true',
  'world.events.students-barricade.enabled=true',
  'world.events.students-barricade.at=07:00',
  'world.events.students-barricade.at=day 2 08:00',
  'world.behaviours.zombie.follow-sound.enabled=false',
  'world.behaviours.human.bite.enabled=true',
  'world.replay.every=0',
  'world.clock.start=25:00',
  'world.infection.hybrid=1e308',
  'engine=ssa',
);

/** An agents built-in over a short span, with hostile overrides. */
const agentsCase: fc.Arbitrary<HostileCase> = fc
  .tuple(fc.constantFrom('hyosan-high', 'repast-zombies'), fc.array(agentSettings, { maxLength: 2 }))
  .map(([name, sets]) => ({
    yaml: null,
    args: ['run', name, '--until', '60', ...sets.flatMap((s) => ['--set', s]), ...bounds],
  }));

/** Every kind of hostile case, mostly random networks. */
export const hostileCase: fc.Arbitrary<HostileCase> = fc.oneof(
  { weight: 18, arbitrary: networkCase },
  { weight: 2, arbitrary: builtinCase },
  { weight: 1, arbitrary: agentsCase },
);

/** `count` cases drawn from a fixed seed, so a run of the suite always checks the same ones. */
export function hostileCases(count: number, seed: number): HostileCase[] {
  return fc.sample(hostileCase, { numRuns: count, seed });
}
