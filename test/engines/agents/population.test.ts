import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { drawTrait } from '../../../src/engines/agents/population.js';
import { SHARE_TOP, TRAIT_TOP, traitTops } from '../../../src/scenario/compiled-world.js';

describe('drawing a trait', () => {
  it('keeps a normal inside the trait’s range, however wide', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: TRAIT_TOP, noNaN: true }),
        fc.double({ min: 0, max: TRAIT_TOP, noNaN: true }),
        fc.constantFrom(SHARE_TOP, TRAIT_TOP),
        (seed, rawMean, sd, top) => {
          const mean = Math.min(rawMean, top);
          const stream = streamFor(seed);
          for (let k = 0; k < 20; k++) {
            const x = drawTrait(stream, { mean, sd }, top);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(top);
          }
        },
      ),
    );
  });

  it('clamps courage of mean 0.9 and sd 0.1 at 1 for about one person in six', () => {
    const stream = streamFor(7);
    const n = 20_000;
    let atTop = 0;
    for (let k = 0; k < n; k++)
      if (drawTrait(stream, { mean: 0.9, sd: 0.1 }, traitTops.courage) === 1) atTop++;
    // P(N(0.9, 0.1) > 1) = 1 − Φ(1) = 0.1587; its standard error on 20,000 draws is 0.0026.
    expect(Math.abs(atTop / n - 0.1587)).toBeLessThan(0.0026 * 4);
  });

  it('leaves numbers and ranges as given', () => {
    const stream = streamFor(1);
    expect(drawTrait(stream, 0.75, SHARE_TOP)).toBe(0.75);
    expect(drawTrait(stream, [0.5, 0.5], SHARE_TOP)).toBe(0.5);
    const x = drawTrait(stream, [0.2, 0.4], SHARE_TOP);
    expect(x).toBeGreaterThanOrEqual(0.2);
    expect(x).toBeLessThanOrEqual(0.4);
  });
});
