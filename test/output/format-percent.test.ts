import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/output/number-format.js';

describe('a share as a percentage', () => {
  it('is 100% only when all and 0% only when none, gaining decimals near either end', () => {
    expect(formatPercent(623 / 624)).toBe('99.8%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1 / 2500)).toBe('0.04%');
    expect(formatPercent(0.9995)).toBe('99.95%');
    expect(formatPercent(0.99999)).toBe('>99.99%');
    expect(formatPercent(1e-6)).toBe('<0.01%');
    // Float noise of a sum is all.
    expect(formatPercent(0.1 + 0.2 - 0.3 + 1)).toBe('100%');
    expect(formatPercent(-1e-12)).toBe('0%');
    expect(formatPercent(-1e-12, 1)).toBe('0.0%');
  });

  it('rounds as usual away from the ends, with the decimals asked for', () => {
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(0.3333)).toBe('33%');
    expect(formatPercent(0.9996, 1)).toBe('99.96%');
    expect(formatPercent(1, 1)).toBe('100.0%');
    expect(formatPercent(0.25, 1)).toBe('25.0%');
  });
});
