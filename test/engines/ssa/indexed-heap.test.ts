import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedHeap } from '../../../src/engines/ssa/indexed-heap.js';

describe('IndexedHeap', () => {
  it('keeps an item with the smallest key on top through any sequence of updates', () => {
    const key = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), key), { maxLength: 200 }),
        (initial, updates) => {
          const heap = new IndexedHeap(initial.length);
          heap.keys.set(initial);
          heap.build();
          const model = [...initial];
          for (const [item, value] of updates) {
            const i = item % initial.length;
            heap.update(i, value);
            model[i] = value;
            expect(heap.keys[heap.top()]).toBe(Math.min(...model));
          }
          for (let i = 0; i < initial.length; i++) {
            expect(heap.heap[heap.position[i]!]).toBe(i);
            expect(heap.keys[i]).toBe(model[i]);
          }
        },
      ),
    );
  });
});
