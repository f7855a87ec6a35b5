import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import type { SsaMethod } from '../../../src/engines/ssa/method.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { Moments, suiteCheck } from '../../dsmts/statistics.js';
import { parseText } from '../../helpers.js';
import { ssaOf } from '../stochastic.js';

/**
 * The SSA against the exact moments of linear birth–death and immigration–death processes, with
 * the test suite's Z and Y statistics, so exactness is checked without the shared DSMTS folder.
 */

const RUNS = 10_000;
const TIMES = [1, 2, 5, 10, 20, 30, 40, 50];

function scenario(reactions: string, initial: number, parameters: string): LoadedScenario {
  return parseText(`
name: linear
title: a linear process
model:
  compartments: [X]
  parameters: { ${parameters} }
  reactions:
${reactions}
initial: { X: ${initial} }
time: { until: 50, every: 1 }
engine: ssa
`);
}

/** Z and Y at each of TIMES against the exact mean and variance there. */
function check(
  loaded: LoadedScenario,
  method: SsaMethod,
  exact: (t: number) => { mean: number; variance: number },
) {
  const moments = TIMES.map(() => new Moments());
  const x = new Float64Array(1);
  for (let r = 0; r < RUNS; r++) {
    const engine = ssaOf(loaded, streamFor(31, r), { method });
    TIMES.forEach((t, k) => {
      engine.advanceTo(t);
      engine.observe(x);
      moments[k]!.add(x[0]!);
    });
  }
  return TIMES.map((t, k) => {
    const { mean, variance } = exact(t);
    return suiteCheck(`t=${t}`, moments[k]!, mean, Math.sqrt(variance));
  });
}

function failures(checks: ReturnType<typeof check>) {
  return {
    mean: checks.filter((c) => c.meanFailed).map((c) => `${c.label} Z=${c.z.toFixed(2)}`),
    variance: checks.filter((c) => c.varianceFailed).map((c) => `${c.label} Y=${c.y.toFixed(2)}`),
  };
}

describe.each(['direct', 'next-reaction'] as const)('closed forms, %s method, n = 10,000', (method) => {
  it('birth–death: mean x₀e^{(λ−μ)t}, variance x₀(λ+μ)/(λ−μ)·e^{(λ−μ)t}(e^{(λ−μ)t} − 1)', () => {
    const [lambda, mu, x0] = [0.1, 0.11, 100];
    const loaded = scenario(
      '    birth: { from: X, to: 2 X, rate: lambda }\n    death: { from: X, to: 0, rate: mu }',
      x0,
      `lambda: ${lambda}, mu: ${mu}`,
    );
    const result = failures(
      check(loaded, method, (t) => {
        const growth = Math.exp((lambda - mu) * t);
        return {
          mean: x0 * growth,
          variance: ((x0 * (lambda + mu)) / (lambda - mu)) * growth * (growth - 1),
        };
      }),
    );
    expect(result.mean, result.mean.join('; ')).toEqual([]);
    expect(result.variance, result.variance.join('; ')).toEqual([]);
  });

  it('immigration–death: Poisson with mean α/μ(1 − e^{−μt}) + x₀e^{−μt}, variance α/μ(1 − e^{−μt}) + x₀e^{−μt}(1 − e^{−μt})', () => {
    const [alpha, mu, x0] = [10, 0.1, 20];
    const loaded = scenario(
      '    immigration: { from: 0, to: X, law: alpha }\n    death: { from: X, to: 0, law: mu * X }',
      x0,
      `alpha: ${alpha}, mu: ${mu}`,
    );
    const result = failures(
      check(loaded, method, (t) => {
        const decay = Math.exp(-mu * t);
        return {
          mean: (alpha / mu) * (1 - decay) + x0 * decay,
          variance: (alpha / mu) * (1 - decay) + x0 * decay * (1 - decay),
        };
      }),
    );
    expect(result.mean, result.mean.join('; ')).toEqual([]);
    expect(result.variance, result.variance.join('; ')).toEqual([]);
  });

  it('can fail: against a death rate 5% off, the mean tests fail', () => {
    const loaded = scenario(
      '    immigration: { from: 0, to: X, law: alpha }\n    death: { from: X, to: 0, law: mu * X }',
      0,
      'alpha: 10, mu: 0.1',
    );
    const result = failures(
      check(loaded, method, (t) => {
        const mean = (10 / 0.105) * (1 - Math.exp(-0.105 * t));
        return { mean, variance: mean };
      }),
    );
    expect(result.mean.length).toBeGreaterThan(3);
  });
});
