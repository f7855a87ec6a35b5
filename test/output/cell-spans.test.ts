import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillSpans, inSpans, spansOf, spansOfCells } from '../../src/output/cell-spans.js';

/** A map's size and a set of its cells, as a sorted list. */
const cellSets = fc
  .record({ width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) })
  .chain(({ width, height }) =>
    fc
      .uniqueArray(fc.integer({ min: 0, max: width * height - 1 }), { maxLength: width * height })
      .map((cells) => ({ width, height, cells: cells.sort((a, b) => a - b) })),
  );

describe('cell spans (summary.json: y, x0, x1 along rows)', () => {
  it('writes a region that spans whole rows as one run a row (a run went on into the next row)', () => {
    const cells = Array.from({ length: 20 }, (_, k) => k);
    expect(spansOfCells(10, cells)).toEqual([0, 0, 10, 1, 0, 10]);
    expect(inSpans(spansOfCells(10, cells), 5, 1)).toBe(true);
  });

  it('gives back the cells it was given, in runs within their rows, as spansOf does', () => {
    fc.assert(
      fc.property(cellSets, ({ width, height, cells }) => {
        const spans = spansOfCells(width, cells);
        const member = new Set(cells);
        expect(spans).toEqual(spansOf(width, height, (k) => member.has(k)));
        for (let i = 0; i < spans.length; i += 3) {
          expect(spans[i + 1]!).toBeLessThan(spans[i + 2]!);
          expect(spans[i + 2]!).toBeLessThanOrEqual(width);
        }
        const filled = fillSpans(spans, width, new Uint8Array(width * height));
        for (let k = 0; k < width * height; k++) {
          expect(filled[k]).toBe(member.has(k) ? 1 : 0);
          expect(inSpans(spans, k % width, Math.floor(k / width))).toBe(member.has(k));
        }
      }),
    );
  });
});
