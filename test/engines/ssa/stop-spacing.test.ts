import { describe, expect, it } from 'vitest';
import { gridOf, irregularStops, observe, variants } from './stochastic-variants.js';

/** Finer stops than the output grid, and where they fall. */
const STOPS = 300;

describe.each(variants().map((v) => [v.name, v] as const))('%s: where advanceTo stops', (_, variant) => {
  const grid = gridOf(variant.compiled);
  const until = variant.compiled.time.until;

  it('changes nothing: the grid alone, and with 300 irregular stops between, give the same bytes', () => {
    for (const seed of [1, 2, 3]) {
      const plain = observe(variant.create(variant.compiled, seed), grid);
      const fine = observe(variant.create(variant.compiled, seed), grid, irregularStops(until, STOPS, seed));
      expect(fine).toEqual(plain);
      expect(plain.events).toBeGreaterThan(0);
    }
  });

  it('changes nothing when the stops skip grid times, observing only at some', () => {
    const plain = observe(variant.create(variant.compiled, 4), grid);
    const engine = variant.create(variant.compiled, 4);
    const x = new Float64Array(engine.compartments.length);
    for (const row of [3, 7, 8, grid.length - 1]) {
      engine.advanceTo(grid[row]!);
      engine.observe(x);
      expect([...x]).toEqual(plain.rows[row]);
    }
    expect(engine.eventCount).toBe(plain.events);
  });

  it('refuses to go back, and stays put when asked for the present', () => {
    const engine = variant.create(variant.compiled, 5);
    engine.advanceTo(2.5);
    const events = engine.eventCount;
    engine.advanceTo(2.5);
    expect(engine.time).toBe(2.5);
    expect(engine.eventCount).toBe(events);
    expect(() => engine.advanceTo(2.4)).toThrow(RangeError);
  });
});
