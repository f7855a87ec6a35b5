/**
 * The lattice map's colours: viridis for density (of the log of the count, so that a village and
 * a city both show), and a separate ramp for arrival times, so the two layers are never confused.
 * Pure functions, each returning packed RGBA as an ImageData expects it (`0xAABBGGRR` on the
 * little-endian machines browsers run on; see `packRgba`).
 */

/** RGB, 0 … 255 each. */
export type Rgb = readonly [number, number, number];

/** Viridis (matplotlib's, by van der Walt and Smith), 9 stops from 0 to 1. */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/**
 * Arrival times, early to late: a deep red through orange to a pale yellow (the "YlOrRd" of
 * ColorBrewer, reversed), so the places reached first stand out like a burn.
 */
const ARRIVAL: readonly Rgb[] = [
  [128, 0, 38],
  [189, 0, 38],
  [227, 26, 28],
  [252, 78, 42],
  [253, 141, 60],
  [254, 178, 76],
  [254, 217, 118],
  [255, 237, 160],
];

/** A closed cell (sea, outside the map). */
export const CLOSED_RGB: Rgb = [226, 232, 238];
/** An open cell the zombies have not reached, on the arrival layer. */
export const UNREACHED_RGB: Rgb = [170, 170, 170];
/**
 * An open cell holding none of the state shown, on the density layer: grey, as in the run's PNG
 * frames, so that the first few zombies (viridis's darkest) stand out from the many cells with none.
 */
export const NONE_RGB: Rgb = [92, 92, 100];

/** The colour at v (clamped to 0 … 1) of a ramp of evenly spaced stops, interpolated linearly. */
export function rampAt(stops: readonly Rgb[], v: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** Viridis at v in 0 … 1. */
export function viridis(v: number): Rgb {
  return rampAt(VIRIDIS, v);
}

/**
 * Where a count sits on the density scale: log(1 + count) / log(1 + peak), 0 for none and 1 at
 * the peak (the most people in one cell at the start), clamped.
 */
export function densityShare(count: number, peak: number): number {
  if (!(count > 0) || !(peak > 0)) return 0;
  return Math.min(1, Math.log1p(count) / Math.log1p(peak));
}

/** The colour of a cell holding `count` of the state shown, on a scale up to `peak`: grey for none. */
export function densityColour(count: number, peak: number): Rgb {
  return count > 0 ? viridis(densityShare(count, peak)) : NONE_RGB;
}

/** The colour of a cell reached at time t, in a run of `until`; NaN (not reached) is grey. */
export function arrivalColour(t: number, until: number): Rgb {
  if (Number.isNaN(t)) return UNREACHED_RGB;
  return rampAt(ARRIVAL, until > 0 ? t / until : 0);
}

/** An opaque colour packed for a `Uint32Array` view of ImageData's bytes (little-endian: R first). */
export function packRgba([r, g, b]: Rgb): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** A CSS colour. */
export function cssOf([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** The least share of the density legend between the last power of ten and the peak. */
const TICK_GAP = 0.15;

/**
 * The density scale's ticks: 0, then powers of ten up to the peak, and the peak itself; a power of
 * ten too close to the peak on the log scale (within `TICK_GAP` of it) is left out, so labels do not overlap.
 */
export function densityTicks(peak: number): number[] {
  const ticks = [0];
  for (let p = 1; p < peak; p *= 10) if (densityShare(p, peak) <= 1 - TICK_GAP) ticks.push(p);
  if (peak > 0 && ticks[ticks.length - 1] !== peak) ticks.push(peak);
  return ticks;
}
