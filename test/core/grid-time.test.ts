import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridTime, gridTimes } from '../../src/core/grid-time.js';

/** origin + k·step worked out in decimal text (whole numbers of 10^−places), then read as a double. */
function decimalGridTime(origin: bigint, k: bigint, step: bigint, places: number): number {
  const units = origin + k * step;
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(places + 1, '0');
  return Number(`${sign}${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`);
}

describe('gridTime', () => {
  it('is the time written in decimal, not the product rounded on the way (3 × 0.3 was 0.8999999999999999)', () => {
    expect(gridTime(0, 0.3, 3)).toBe(0.9);
    expect(gridTime(0, 0.7, 3)).toBe(2.1);
    expect(gridTime(0, 0.1, 3)).toBe(0.3);
    expect(gridTime(0.1, 0.2, 2)).toBe(0.5);
    expect(gridTime(0.5, 1.5e-7, 3)).toBe(0.50000045);
    expect(gridTime(0, 60, 3)).toBe(180);
  });

  it('equals decimal arithmetic for any short decimal origin and step', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 8 }),
        (origin, step, k, places) => {
          const scale = 10 ** places;
          const value = gridTime(Number(origin) / scale, Number(step) / scale, k);
          expect(value).toBe(decimalGridTime(origin, BigInt(k), step, places));
        },
      ),
    );
  });

  it('falls back to origin + k·step where the step is no short decimal', () => {
    expect(gridTime(0, 1 / 3, 7)).toBe(7 * (1 / 3));
    expect(gridTime(0, 0.1, 1e20)).toBe(1e20 * 0.1);
  });
});

describe('gridTimes', () => {
  it('lists the grid gridTime gives, one time at a time', () => {
    const origins = [0, 0.1, -2.5, 1 / 3];
    for (const origin of origins)
      for (const step of [0.3, 0.7, 1e-7, 60, 1 / 7])
        expect([...gridTimes(origin, step, 50)]).toEqual(
          Array.from({ length: 50 }, (_, k) => gridTime(origin, step, k)),
        );
  });
});
