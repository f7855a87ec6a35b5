import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkPlan, chunkText } from '../../src/ensemble/chunks.js';

describe('chunkPlan', () => {
  it('covers replicates 0 … runs − 1 once each, in order, in enough chunks to share among workers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 64 }), (runs, workers) => {
        const chunks = chunkPlan(runs, workers);
        let next = 0;
        for (const { first, count } of chunks) {
          expect(first).toBe(next);
          expect(count).toBeGreaterThan(0);
          next += count;
        }
        expect(next).toBe(runs);
        expect(chunks.length).toBeGreaterThanOrEqual(Math.min(runs, workers));
      }),
    );
  });
});

describe('chunkText', () => {
  it('names one replicate as one, and a range by its ends', () => {
    expect(chunkText(5, 1)).toBe('replicate 5');
    expect(chunkText(0, 2)).toBe('replicates 0–1');
    expect(chunkText(256, 256)).toBe('replicates 256–511');
  });
});
