import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseText, runLoaded } from '../../helpers.js';

const NAMES = ['A', 'B', 'C', 'D'];

/**
 * A random closed network: every reaction turns k individuals into k individuals (mass action,
 * up to second order), so the total is conserved and no count may go negative.
 */
const closedNetwork = fc
  .record({
    compartments: fc.integer({ min: 2, max: 4 }),
    reactions: fc.array(
      fc.record({
        from: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
        to: fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
        rate: fc.double({ min: 1e-4, max: 2, noNaN: true }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    initial: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ compartments, reactions, initial }) => {
    const names = NAMES.slice(0, compartments);
    const pick = (i: number) => names[i % compartments]!;
    const model = {
      compartments: names,
      parameters: Object.fromEntries(reactions.map((r, j) => [`k${j}`, r.rate])),
      reactions: Object.fromEntries(
        reactions.map((r, j) => {
          // Pad the shorter side with its own first species so both sides count the same individuals.
          const from = r.from.map(pick);
          const to = r.to.map(pick);
          while (to.length < from.length) to.push(to[0]!);
          while (from.length < to.length) from.push(from[0]!);
          return [`r${j}`, { from: from.join(' + '), to: to.join(' + '), rate: `k${j} / 1000` }];
        }),
      ),
    };
    return {
      name: 'closed',
      title: 'closed',
      model,
      initial: Object.fromEntries(names.map((n, i) => [n, initial[i]!])),
      time: { until: 5, every: 0.5 },
    };
  });

describe('ODE invariants (fast-check)', () => {
  it('a closed model conserves its total and keeps every compartment non-negative', () => {
    fc.assert(
      fc.property(closedNetwork, (scenario) => {
        const run = runLoaded(parseText(stringify(scenario)));
        const n = run.compartments.length;
        const total = run.values.subarray(0, n).reduce((a, b) => a + b, 0);
        for (let row = 0; row < run.times.length; row++) {
          let sum = 0;
          for (let c = 0; c < n; c++) {
            const v = run.values[row * n + c]!;
            expect(v).toBeGreaterThanOrEqual(-1e-6 * Math.max(1, total));
            sum += v;
          }
          expect(Math.abs(sum - total)).toBeLessThanOrEqual(1e-8 * Math.max(1, total));
        }
      }),
      { numRuns: 150 },
    );
  });
});
