import { describe, expect, it } from 'vitest';
import { addToMostPopulous, removeFromFullest, setTotal } from '../../../src/engines/lattice/cell-counts.js';

/** Four cells of two compartments (S, Z): cell-major counts. */
const cells = () => Float64Array.of(5, 1, 9, 0, 9, 3, 0, 4);
const open = Uint8Array.of(1, 1, 1, 1);

describe('counts changed where the lattice gives no place', () => {
  it('adds to the most populous cell, the first of equals', () => {
    const x = cells();
    // Cells hold 6, 9, 12 and 4 people: the third gets them.
    expect(addToMostPopulous(x, 2, open, 1, 7)).toBe(2);
    expect(Array.from(x)).toEqual([5, 1, 9, 0, 9, 10, 0, 4]);
    // Within a region (cells 0 and 1), its most populous.
    expect(addToMostPopulous(cells(), 2, open, 0, 1, [0, 1])).toBe(1);
    // A closed cell is never chosen.
    expect(addToMostPopulous(cells(), 2, Uint8Array.of(1, 1, 0, 1), 0, 1)).toBe(1);
  });

  it('removes from the fullest cells first', () => {
    const x = cells();
    removeFromFullest(x, 2, open, 1, 6);
    // Z: 1, 0, 3, 4: four from the last cell, two from the third.
    expect(Array.from(x)).toEqual([5, 1, 9, 0, 9, 1, 0, 0]);
  });

  it('sets a total: 0 empties every cell, more adds, less removes', () => {
    const x = cells();
    setTotal(x, 2, open, 1, 0);
    expect(Array.from(x)).toEqual([5, 0, 9, 0, 9, 0, 0, 0]);
    // Cells hold 5, 9, 9 and 0 people now: the second gets the zombies.
    setTotal(x, 2, open, 1, 3);
    expect(Array.from(x)).toEqual([5, 0, 9, 3, 9, 0, 0, 0]);
    // S from 23 to 10: 9 from the second cell, 4 from the third (fullest first, then in order).
    setTotal(x, 2, open, 0, 10);
    expect(Array.from(x)).toEqual([5, 0, 0, 3, 5, 0, 0, 0]);
  });
});
