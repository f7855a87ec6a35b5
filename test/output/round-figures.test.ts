import { describe, expect, it } from 'vitest';
import { roundFigures } from '../../src/output/number-format.js';

describe('roundFigures (summary.json)', () => {
  it('rounds float noise to 12 significant digits and keeps integers, strings, null and structure', () => {
    expect(
      roundFigures({
        t: 4.6000000000000005,
        n: 77890,
        small: 0.30000000000000004,
        name: 'S',
        none: null,
        list: [2.4000000000000004, 1e-12],
      }),
    ).toEqual({ t: 4.6, n: 77890, small: 0.3, name: 'S', none: null, list: [2.4, 1e-12] });
  });

  it('keeps a key named __proto__ as a plain key', () => {
    const parameters = JSON.parse('{"__proto__": 0.1000000000000001, "beta": 1}');
    const rounded = roundFigures(parameters);
    expect(Object.getPrototypeOf(rounded)).toBe(Object.prototype);
    expect(JSON.stringify(rounded)).toBe('{"__proto__":0.1,"beta":1}');
  });
});
