import { describe, expect, it } from 'vitest';
import { countTicks } from '../../web/src/count-ticks.js';

describe("the count axis's tick labels", () => {
  it('read in a compact form when the axis reaches millions, so that they fit its 70 px', () => {
    const country = countTicks(51_000_000);
    expect([0, 10_000_000, 40_000_000, 2_500_000].map(country)).toEqual(['0', '10M', '40M', '2.5M']);
    for (const v of [12_345_678, 50_000_000]) expect(country(v).length).toBeLessThanOrEqual(5);
  });

  it('read in full below a million', () => {
    expect(countTicks(900_000)(750_000)).toBe('750,000');
    expect(countTicks(501)(500)).toBe('500');
  });
});
