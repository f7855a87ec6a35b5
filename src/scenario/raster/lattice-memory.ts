/**
 * The memory a lattice of `cells` cells takes, estimated before anything of that size is
 * allocated, so that a raster too large is refused up front with the figure it would need.
 *
 * Per cell, in bytes:
 * - the raster as read: 8 (a Float64Array of people) and 1 (open or closed);
 * - the compiled lattice: 8 · compartments (initial counts, `compiled-lattice.ts`) and 1 (open);
 * - the engine: 8 · compartments (its counts), 8 · (reactions + compartments) (a propensity for
 *   each reaction inside the cell and for each compartment's hops out of it), and 16 for the
 *   next-subvolume method's queue (a firing time, and a heap position and heap entry of 4 each).
 *
 * This is an estimate of an engine that keeps one propensity per reaction and per hop, which is
 * what the next-subvolume method needs; the engine's own figures may differ a little.
 */
export function latticeBytes(cells: number, compartments: number, reactions: number): number {
  const raster = 8 + 1;
  const compiled = 8 * compartments + 1;
  const engine = 8 * compartments + 8 * (reactions + compartments) + 16;
  return cells * (raster + compiled + engine);
}

/** The memory a lattice may take where the host names no limit (a browser): 2 GB. */
export const DEFAULT_LATTICE_LIMIT_BYTES = 2e9;
