import { describe, expect, it } from 'vitest';
import { cellArrival } from '../../web/src/live/cell-arrival.js';

const drop = (t: number, count: number, place: string, compartment = 'Z') => ({
  t,
  intervention: { kind: 'add' as const, compartment, count, place },
});

describe('"when does it reach me?" on the live lattice', () => {
  it('is not answered by the zombies a click dropped there', () => {
    // The engine records the cell reached at 10, the time of the click's drop.
    expect(cellArrival(10, [drop(10, 5, '21,21')], 'Z', { x: 21, y: 21 }, 240)).toEqual({
      arrival: Number.NaN,
      droppedAt: 10,
    });
  });

  it('keeps an arrival before the drop, and ignores drops elsewhere, of others, removals and later ones', () => {
    const cell = { x: 3, y: 4 };
    expect(cellArrival(2, [drop(10, 5, '3,4')], 'Z', cell, 20).arrival).toBe(2);
    const others = [drop(1, 5, '4,3'), drop(1, 5, '3,4', 'S'), drop(1, -5, '3,4'), drop(30, 5, '3,4')];
    expect(cellArrival(7, others, 'Z', cell, 20)).toEqual({ arrival: 7, droppedAt: undefined });
  });
});
