import { describe, expect, it } from 'vitest';
import { formatCount, formatHuman } from '../../src/output/number-format.js';

describe('numbers for people', () => {
  it('write large values whole, with thousands separators, as counts are written beside them', () => {
    // A lattice ensemble's mean of 51,828,875.5 people was printed 51829000, its median left 355060.
    expect(formatHuman(51_828_875.5)).toBe('51,828,876');
    expect(formatCount(355_057.5)).toBe('355,058');
    expect(formatCount(13_595_372)).toBe('13,595,372');
    expect(formatHuman(13_595_372)).toBe('13,595,372');
    expect(formatHuman(-12_345.6)).toBe('-12,346');
  });

  it('keep five figures of smaller values, and an exponent for the very small and the very large', () => {
    expect(formatHuman(543.7712)).toBe('543.77');
    expect(formatHuman(9999.4)).toBe('9999.4');
    expect(formatHuman(21)).toBe('21');
    expect(formatHuman(0.000123456)).toBe('1.235e-4');
    expect(formatHuman(2.5e16)).toBe('2.500e+16');
    expect(formatHuman(0)).toBe('0');
  });
});
