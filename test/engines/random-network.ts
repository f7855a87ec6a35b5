import fc from 'fast-check';
import type { LoadedScenario } from '../../src/scenario/parse.js';
import { parseText } from '../helpers.js';

const SPECIES = ['A', 'B', 'C'];

/**
 * Random small reaction networks over A, B and C, with up to five reactions whose sides take one
 * or two molecules of a species, at mass-action rates or by laws that ignore their reactants
 * (`k * A`), which the engines must still stop at zero. Counts start between 0 and 200. No
 * reaction with reactants makes more molecules than it takes, so no network explodes in finite time.
 */
export function randomNetwork(engine: 'ssa' | 'tau'): fc.Arbitrary<LoadedScenario> {
  const term = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.constantFrom(...SPECIES));
  const side = fc.array(term, { maxLength: 2 });
  const molecules = (terms: [number, string][]) => terms.reduce((sum, [count]) => sum + count, 0);
  const reaction = fc
    .tuple(side, side, fc.double({ min: 0.01, max: 1, noNaN: true }), fc.boolean())
    .filter(([from, to]) => from.length === 0 || molecules(to) <= molecules(from));
  const text = (terms: [number, string][]) =>
    terms.length === 0
      ? 0
      : [...new Map(terms.map(([count, name]) => [name, count])).entries()]
          .map(([name, count]) => `${count} ${name}`)
          .join(' + ');
  return fc
    .tuple(
      fc.array(reaction, { minLength: 1, maxLength: 5 }),
      fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 3, maxLength: 3 }),
    )
    .map(([reactions, initial]) =>
      parseText(
        JSON.stringify({
          name: 'random',
          title: 'a random network',
          model: {
            compartments: SPECIES,
            parameters: {},
            reactions: Object.fromEntries(
              reactions.map(([from, to, k, law], j) => [
                `r${j}`,
                law
                  ? { from: text(from), to: text(to), law: `${k} * A` }
                  : { from: text(from), to: text(to), rate: k },
              ]),
            ),
          },
          initial: { A: initial[0], B: initial[1], C: initial[2] },
          time: { until: 1, every: 0.25 },
          engine,
        }),
      ),
    );
}
