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

  it.each([1, 2, 3, 4, 5, 6, 7, 17, 100, 1000])(
    'keeps the earliest time on top when the top cell fires again and again (%i cells)',
    (size) => {
      // The next-subvolume pattern: the top cell takes a later time, and
      // now and then another cell's time moves either way or to ∞.
      const stream = streamFor(4, size);
      const heap = new CellHeap(size);
      const reference = Float64Array.from({ length: size }, () => stream.next());
      heap.build(reference);
      for (let i = 0; i < 3000; i++) {
        const top = heap.topCell();
        expect(heap.topTime()).toBe(Math.min(...reference));
        expect(reference[top]).toBe(heap.topTime());
        const later = heap.topTime() + stream.next() * (stream.next() < 0.5 ? 0.01 : 1);
        heap.update(top, later);
        reference[top] = later;
        if (i % 5 === 0) {
          const k = Math.floor(stream.next() * size);
          const t = stream.next() < 0.05 ? Number.POSITIVE_INFINITY : heap.topTime() + stream.next();
          heap.update(k, t);
          reference[k] = t;
        }
      }
      expect(Float64Array.from({ length: size }, (_, c) => heap.timeOf(c))).toEqual(reference);
    },
  );

  it.each([1, 2, 3, 17, 1000])(
    'advance(k, t) leaves the heap as update(k, t) does, for a t no later than k has (%i cells)',
    (size) => {
      const stream = streamFor(6, size);
      const times = Float64Array.from({ length: size }, () =>
        stream.next() < 0.2 ? Number.POSITIVE_INFINITY : stream.next(),
      );
      const byAdvance = new CellHeap(size);
      const byUpdate = new CellHeap(size);
      byAdvance.build(times);
      byUpdate.build(times);
      for (let i = 0; i < 2000; i++) {
        const k = Math.floor(stream.next() * size);
        const now = byUpdate.timeOf(k);
        const t = stream.next() < 0.1 ? now : Math.min(now, 1) * stream.next();
        byUpdate.update(k, t);
        byAdvance.advance(k, t);
        // Now and then a later time for some cell, by update in both, so that times rise again.
        if (i % 3 === 0) {
          const j = Math.floor(stream.next() * size);
          const later = byUpdate.timeOf(j) + stream.next();
          byUpdate.update(j, later);
          byAdvance.update(j, later);
        }
      }
      expect(byAdvance.time).toEqual(byUpdate.time);
      expect(byAdvance.cell).toEqual(byUpdate.cell);
      expect(byAdvance.position).toEqual(byUpdate.position);
    },
  );

  it.each([1, 2, 3, 17, 1000])(
    'replaceTop(t) leaves the heap as update(topCell(), t) does, slot for slot (%i cells)',
    (size) => {
      const stream = streamFor(5, size);
      const times = Float64Array.from({ length: size }, () => stream.next());
      const byReplace = new CellHeap(size);
      const byUpdate = new CellHeap(size);
      byReplace.build(times);
      byUpdate.build(times);
      for (let i = 0; i < 2000; i++) {
        // Later, earlier (the top again), equal, or ∞.
        const r = stream.next();
        const t =
          r < 0.05
            ? Number.POSITIVE_INFINITY
            : r < 0.1
              ? byUpdate.topTime()
              : byUpdate.topTime() + (r < 0.2 ? -0.001 : stream.next());
        byUpdate.update(byUpdate.topCell(), t);
        byReplace.replaceTop(t);
        if (byUpdate.topTime() === Number.POSITIVE_INFINITY) {
          byUpdate.build(times);
          byReplace.build(times);
        }
      }
      expect(byReplace.time).toEqual(byUpdate.time);
      expect(byReplace.cell).toEqual(byUpdate.cell);
      expect(byReplace.position).toEqual(byUpdate.position);
    },
  );
});
