/**
 * The hop stage's binomial table against the binomial pmf (Loader's form in `core/log-pmf.ts`,
 * computed independently of the table's recurrence): a chi-square test of 20,000 draws at each n.
 */
import { describe, expect, it } from 'vitest';
import { binomialLogPmf } from '../../../src/core/log-pmf.js';
import { streamFor } from '../../../src/core/random.js';
import { BinomialTable } from '../../../src/engines/lattice/binomial-table.js';

const DRAWS = 20_000;

/** Pearson's statistic of `counts` against Binomial(n, p), bins with fewer than 5 expected merged; and its degrees of freedom. */
function chiSquare(counts: number[], n: number, p: number): { stat: number; df: number } {
  let stat = 0;
  let df = -1;
  let observed = 0;
  let expected = 0;
  for (let k = 0; k <= n; k++) {
    observed += counts[k] ?? 0;
    expected += DRAWS * Math.exp(binomialLogPmf(k, n, p));
    if (expected >= 5 || k === n) {
      stat += (observed - expected) ** 2 / Math.max(expected, 1e-300);
      df++;
      observed = 0;
      expected = 0;
    }
  }
  return { stat, df };
}

describe('BinomialTable', () => {
  it('draws Binomial(n, p) (chi-square below its 0.1% critical value) for small and large n', () => {
    const table = new BinomialTable();
    const stream = streamFor(5, 0);
    for (const p of [0.1, 0.025]) {
      table.prepare(p);
      for (const n of [1, 7, 130, 512, 3000]) {
        const counts: number[] = [];
        for (let i = 0; i < DRAWS; i++) {
          const k = table.draw(stream, n);
          counts[k] = (counts[k] ?? 0) + 1;
        }
        const { stat, df } = chiSquare(counts, n, p);
        // Wilson–Hilferty: the 0.1% point of χ²(df) is df·(1 − 2/(9df) + 3.09·√(2/(9df)))³.
        const critical = df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;
        expect(stat, `n = ${n}, p = ${p}`).toBeLessThan(critical);
      }
    }
    // Power: draws for p = 0.1 are far from Binomial(130, 0.105).
    table.prepare(0.1);
    const counts: number[] = [];
    for (let i = 0; i < DRAWS; i++) {
      const k = table.draw(stream, 130);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const { stat, df } = chiSquare(counts, 130, 0.105);
    expect(stat).toBeGreaterThan(df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3);
  });
});
