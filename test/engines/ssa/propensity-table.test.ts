import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/core/expression.js';
import { productForm } from '../../../src/engines/stochastic/product-form.js';
import { propensityPlan } from '../../../src/engines/stochastic/propensity-plan.js';
import { PropensityTable } from '../../../src/engines/stochastic/propensity-table.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { parseText } from '../../helpers.js';

const MIXED = `
name: mixed
title: Rate laws of every shape
model:
  compartments: [A, B, C]
  parameters: { k: 0.7, beta: 1.3, half: 0.5 }
  reactions:
    frequency: { from: A + B, to: 2 B, law: beta * A * B / N }
    dimer:     { from: 2 A, to: C, rate: k }
    trimer:    { from: 3 C, to: A, rate: k * half }
    square:    { from: A, to: B, law: k * A^2 / (N * N) }
    constant:  { from: C, to: 0, law: k }
    saturating: { from: B, to: C, law: beta * B / (1 + B) }
    timed:     { from: 0, to: A, law: k * exp(-t) }
    scaled:    { from: A + C, to: 0, law: (k + beta) * A * C }
initial: { A: 10, B: 5, C: 3 }
time: { until: 1, every: 0.1 }
engine: ssa
`;

/** The law's value computed directly from the expression text, with the SSA's combinatorics for mass action. */
function reference(table: PropensityTable, j: number, t: number): number {
  const net = table.plan.network;
  let value = net.coefficient[j]!(table.y, table.params, t);
  if (net.massAction[j] === 1) {
    for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) {
      const x = table.y[net.reactantIndex[k]!]!;
      for (let r = 0; r < net.reactantCount[k]!; r++) value *= (x - r) / (r + 1);
    }
  } else {
    for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) {
      if (table.y[net.reactantIndex[k]!]! < net.reactantCount[k]!) value = 0;
    }
  }
  return Number.isNaN(value) ? 0 : Math.max(value, 0);
}

describe('productForm', () => {
  const loaded = parseText(MIXED);
  const context = () => ({ network: loaded.network, sum: undefined });

  it('splits beta * S * Z / N into a coefficient, powers, and N to the −1', () => {
    const form = productForm(context(), parseExpression('beta * A * B / N'))!;
    expect([...form.powers]).toEqual([1, 1, 0]);
    expect(form.sumPower).toBe(-1);
    expect(form.numerator.length).toBe(1);
  });

  it('reads powers and parameter-only subexpressions', () => {
    const form = productForm(context(), parseExpression('(k + beta) * A^2 * C / (half * N^2)'))!;
    expect([...form.powers]).toEqual([2, 0, 1]);
    expect(form.sumPower).toBe(-2);
    expect(form.denominator.length).toBe(1);
  });

  it('leaves sums, functions of counts, time and division by a count to the closure', () => {
    for (const law of ['A + B', 'B / (1 + B)', 'exp(A)', 'k * t * A', 'k / A']) {
      expect(productForm(context(), parseExpression(law)), law).toBeUndefined();
    }
  });
});

describe('PropensityTable', () => {
  it('groups reactions that share their factors: bite and kill share S·Z/N', () => {
    const table = new PropensityTable(
      propensityPlan(loadScenario('alemi-szr').network),
      Float64Array.of(990, 10, 0),
    );
    expect(table.plan.g).toBe(1);
    expect([...table.plan.groupFast]).toEqual([1]);
    table.computeAll(0);
    expect(table.a[0]).toBeCloseTo((1 * 990 * 10) / 1000, 12);
    expect(table.a[1]).toBeCloseTo((0.8 * 990 * 10) / 1000, 12);
  });

  it('computes every propensity as the rate law does, for any counts', () => {
    const loaded = parseText(MIXED);
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.nat(40),
        fc.nat(40),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (A, B, C, t) => {
          const table = new PropensityTable(propensityPlan(loaded.network), Float64Array.of(A, B, C));
          table.computeAll(t);
          for (let j = 0; j < table.plan.m; j++) {
            const expected = A + B + C === 0 && j !== 4 && j !== 6 ? 0 : reference(table, j, t);
            expect(table.a[j]!).toBeCloseTo(expected, 9);
            expect(table.a[j]!).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('forces a law to zero when its reactants run out (law: k with from: C)', () => {
    const table = new PropensityTable(propensityPlan(parseText(MIXED).network), Float64Array.of(1, 1, 0));
    table.computeAll(0);
    expect(table.a[4]).toBe(0);
  });

  it('recomputes coefficients when an event changes a parameter', () => {
    const table = new PropensityTable(
      propensityPlan(loadScenario('alemi-szr').network),
      Float64Array.of(990, 10, 0),
    );
    table.params[1] = 0.4;
    table.refreshCoefficients();
    table.computeAll(0);
    expect(table.a[1]).toBeCloseTo((0.4 * 990 * 10) / 1000, 12);
  });
});
