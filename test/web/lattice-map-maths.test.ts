import { describe, expect, it } from 'vitest';
import { dayCounter } from '../../web/src/lattice/day-counter.js';
import {
  arrivalColour,
  CLOSED_RGB,
  densityColour,
  densityShare,
  densityTicks,
  NONE_RGB,
  packRgba,
  UNREACHED_RGB,
  viridis,
} from '../../web/src/lattice/lattice-colours.js';
import {
  cellAt,
  fitView,
  MAX_CELL_PIXELS,
  panBy,
  screenOf,
  zoomAt,
} from '../../web/src/lattice/lattice-viewport.js';

/** The pure parts of the lattice map: its colours, its pan and zoom, its day counter. */

/** Perceived lightness, roughly (Rec. 709 luma). */
const luma = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

describe('the density colours', () => {
  it('are viridis: dark purple at 0, yellow at 1, a blue-green in the middle, always lighter as v grows', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([33, 144, 141]);
    for (let i = 1; i <= 20; i++) expect(luma(viridis(i / 20))).toBeGreaterThan(luma(viridis((i - 1) / 20)));
    // Out of range and NaN are clamped, never a broken colour.
    expect(viridis(-1)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  it('take the log of the count: 0 for none, 1 at the peak, and 10 people halfway to 100 on a log scale', () => {
    expect(densityShare(0, 1000)).toBe(0);
    expect(densityShare(1000, 1000)).toBe(1);
    expect(densityShare(5000, 1000)).toBe(1);
    expect(densityShare(3, 0)).toBe(0);
    expect(densityShare(9, 99)).toBeCloseTo(0.5, 12);
    // A village of 10 among cities of 100,000 is still visibly above empty (a fifth of the way up).
    expect(densityShare(10, 100_000)).toBeGreaterThan(0.2);
    // None is grey, as in the run's frames, apart from the first few (viridis's darkest).
    expect(densityColour(0, 100)).toEqual(NONE_RGB);
    expect(densityColour(1, 100)).toEqual(viridis(densityShare(1, 100)));
    expect(densityColour(1, 100)).not.toEqual(NONE_RGB);
    expect(densityColour(100, 100)).toEqual(viridis(1));
  });

  it('have ticks at 0, the powers of ten not too close to the peak, and the peak', () => {
    expect(densityTicks(1)).toEqual([0, 1]);
    expect(densityTicks(2500)).toEqual([0, 1, 10, 100, 2500]);
    expect(densityTicks(100)).toEqual([0, 1, 10, 100]);
    // Korea's peak: 100,000 would sit on top of 535,195's label.
    expect(densityTicks(535_195)).toEqual([0, 1, 10, 100, 1000, 10_000, 535_195]);
  });
});

describe('the arrival layer colours', () => {
  it('run from dark red (reached first) to pale yellow (reached last), grey for not reached', () => {
    const early = arrivalColour(0, 100);
    const late = arrivalColour(100, 100);
    expect(early).toEqual([128, 0, 38]);
    expect(late).toEqual([255, 237, 160]);
    for (let t = 10; t <= 100; t += 10)
      expect(luma(arrivalColour(t, 100))).toBeGreaterThan(luma(arrivalColour(t - 10, 100)));
    expect(arrivalColour(Number.NaN, 100)).toEqual(UNREACHED_RGB);
    // Not reached, closed and every arrival time are told apart.
    expect(UNREACHED_RGB).not.toEqual(CLOSED_RGB);
    for (let t = 0; t <= 100; t += 5) {
      expect(arrivalColour(t, 100)).not.toEqual(UNREACHED_RGB);
      expect(arrivalColour(t, 100)).not.toEqual(viridis(t / 100));
    }
  });

  it('are packed for ImageData as R, G, B, A bytes in memory (little-endian)', () => {
    const word = new Uint32Array([packRgba([1, 2, 3])]);
    expect([...new Uint8Array(word.buffer)]).toEqual([1, 2, 3, 255]);
  });
});

describe('pan and zoom', () => {
  it('fits the map to the canvas, centred, as large as fits', () => {
    expect(fitView(100, 50, 400, 400)).toEqual({ scale: 4, left: 0, top: 100 });
    expect(fitView(2000, 1000, 500, 500)).toEqual({ scale: 0.25, left: 0, top: 125 });
  });

  it('zooms about the pointer: the map point under it stays under it', () => {
    const view = fitView(100, 50, 400, 400);
    const zoomed = zoomAt(view, 2.5, 130, 170, 1);
    expect(zoomed.scale).toBe(10);
    const before = cellAt(view, 130, 170, 100, 50)!;
    const after = cellAt(zoomed, 130, 170, 100, 50)!;
    expect(after).toEqual(before);
    // Exactly the same map point, not just the same cell.
    expect((130 - zoomed.left) / zoomed.scale).toBeCloseTo((130 - view.left) / view.scale, 12);
    expect((170 - zoomed.top) / zoomed.scale).toBeCloseTo((170 - view.top) / view.scale, 12);
  });

  it('keeps the zoom between a lower bound and MAX_CELL_PIXELS', () => {
    const view = fitView(100, 50, 400, 400);
    expect(zoomAt(view, 1000, 0, 0, 1).scale).toBe(MAX_CELL_PIXELS);
    expect(zoomAt(view, 0.001, 0, 0, 1).scale).toBe(1);
  });

  it('pans by the drag, and finds the cell under a point (none off the map)', () => {
    const view = panBy({ scale: 10, left: 0, top: 0 }, 25, -5);
    expect(view).toEqual({ scale: 10, left: 25, top: -5 });
    expect(cellAt(view, 25, 0, 8, 6)).toEqual({ x: 0, y: 0 });
    expect(cellAt(view, 24.9, 0, 8, 6)).toBeUndefined();
    expect(cellAt(view, 104.9, 54.9, 8, 6)).toEqual({ x: 7, y: 5 });
    expect(cellAt(view, 105, 20, 8, 6)).toBeUndefined();
    expect(cellAt(view, 30, 55, 8, 6)).toBeUndefined();
    const centre = screenOf(view, 3, 2);
    expect(centre).toEqual({ x: 60, y: 20 });
    expect(cellAt(view, centre.x, centre.y, 8, 6)).toEqual({ x: 3, y: 2 });
  });
});

describe('the day counter', () => {
  it('counts days elapsed, with the clock for runs in hours, minutes or seconds', () => {
    expect(dayCounter(0, 'hour')).toBe('day 0, 00:00');
    expect(dayCounter(48, 'hour')).toBe('day 2, 00:00');
    expect(dayCounter(98.5, 'hours')).toBe('day 4, 02:30');
    expect(dayCounter(86_400 + 3600, 'second')).toBe('day 1, 01:00');
    // Rounded to the minute, as the time in words beside it: 10.0616 h is 10 h 4 min.
    expect(dayCounter(10.0616, 'hour')).toBe('day 0, 10:04');
    expect(dayCounter(47.999, 'hour')).toBe('day 2, 00:00');
    expect(dayCounter(1500, 'minute')).toBe('day 1, 01:00');
    expect(dayCounter(6, 'day')).toBe('day 6');
    expect(dayCounter(2.25, 'day')).toBe('day 2.3');
    expect(dayCounter(2, 'week')).toBe('day 14');
    expect(dayCounter(3, 'step')).toBe('t = 3 step');
  });
});
