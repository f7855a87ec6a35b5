import { describe, expect, it } from 'vitest';
import { type LabelSlots, NO_PLACE, placeLabels } from '../../web/src/map/label-placement.js';

const HEIGHT = 15;

/** Slots for labels at these marker positions and widths. */
function slotsOf(labels: readonly { x: number; y: number; width: number }[]): LabelSlots {
  const n = labels.length;
  return {
    x: Float64Array.from(labels, (l) => l.x),
    y: Float64Array.from(labels, (l) => l.y),
    width: Float64Array.from(labels, (l) => l.width),
    left: new Float64Array(n),
    middle: new Float64Array(n),
    place: new Int8Array(n),
  };
}

/** The boxes of the labels placed, by index. */
function boxes(slots: LabelSlots): Map<number, { l: number; r: number; t: number; b: number }> {
  const out = new Map<number, { l: number; r: number; t: number; b: number }>();
  slots.place.forEach((p, k) => {
    if (p === NO_PLACE) return;
    const l = slots.left[k]!;
    const m = slots.middle[k]!;
    out.set(k, { l, r: l + slots.width[k]!, t: m - HEIGHT / 2, b: m + HEIGHT / 2 });
  });
  return out;
}

describe('named characters’ labels on the map', () => {
  // A crowded classroom: twelve characters within a few pixels of one another.
  const crowd = Array.from({ length: 12 }, (_, k) => ({
    x: 100 + (k % 4) * 9,
    y: 100 + Math.floor(k / 4) * 7,
    width: 60 + k,
  }));

  it('never overlap, keep the first given, and place the same way every time', () => {
    const slots = slotsOf(crowd);
    placeLabels(slots, crowd.length, HEIGHT, 7);
    const placed = boxes(slots);
    expect(placed.has(7)).toBe(true);
    expect(slots.place[7]).toBe(0);
    expect(placed.size).toBeGreaterThan(1);
    expect(placed.size).toBeLessThan(crowd.length);
    const list = [...placed.values()];
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const [p, q] = [list[a]!, list[b]!];
        expect(p.l >= q.r || q.l >= p.r || p.t >= q.b || q.t >= p.b, `${a} and ${b}`).toBe(true);
      }
    const again = slotsOf(crowd);
    placeLabels(again, crowd.length, HEIGHT, 7);
    expect([...again.place]).toEqual([...slots.place]);
    expect([...again.left]).toEqual([...slots.left]);
  });

  it('go above right when there is room, move aside for a neighbour, and leave out those not drawn', () => {
    const slots = slotsOf([
      { x: 10, y: 50, width: 40 },
      { x: 12, y: 50, width: 40 },
      { x: 300, y: 50, width: Number.NaN },
      { x: 200, y: 200, width: 40 },
    ]);
    placeLabels(slots, 4, HEIGHT, -1);
    expect([...slots.place]).toEqual([0, 1, NO_PLACE, 0]);
    expect(slots.left[0]).toBe(16);
    expect(slots.middle[0]).toBe(44);
    expect(slots.left[1]).toBe(12 - 6 - 40);
  });
});
