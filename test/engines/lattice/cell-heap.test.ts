import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { CellHeap } from '../../../src/engines/lattice/cell-heap.js';

describe('CellHeap', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 17, 100, 1000])(
    'keeps the earliest time on top through random updates (%i cells)',
    (size) => {
      const stream = streamFor(3, size);
      const heap = new CellHeap(size);
      const times = Float64Array.from({ length: size }, () => stream.next());
      heap.build(times);
      const reference = Float64Array.from(times);
      for (let i = 0; i < 3000; i++) {
        const k = Math.floor(stream.next() * size);
        const t = stream.next() < 0.1 ? Number.POSITIVE_INFINITY : stream.next();
        heap.update(k, t);
        reference[k] = t;
        if (i % 37 === 0) {
          const earliest = Math.min(...reference);
          expect(heap.topTime()).toBe(earliest);
          expect(reference[heap.topCell()]).toBe(earliest);
        }
      }
      expect(Float64Array.from({ length: size }, (_, c) => heap.timeOf(c))).toEqual(reference);
    },
  );
});
