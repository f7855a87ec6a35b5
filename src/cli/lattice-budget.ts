import type { CompiledScenario } from '../scenario/compiled.js';
import type { LatticeWorld } from '../scenario/lattice-schema.js';
import type { LoadedScenario } from '../scenario/parse.js';
import { latticeBytes } from '../scenario/raster/lattice-memory.js';
import type { LatticeBudget } from './budget.js';
import { formatCount, outputRows } from './budget.js';

/** A row of arrival.csv (`1727,922,123.456789012345`) as a string in memory, rounded up. */
const ARRIVAL_ROW_BYTES = 64;
/** A row of regions.csv without its counts (its time and region's name), as a string, rounded up. */
const REGION_ROW_BYTES = 64;
/** One count of regions.csv, in a number array and as text, rounded up. */
const VALUE_TEXT_BYTES = 40;

/**
 * The memory of a compiled lattice run's map (`latticeBytes`: the raster, the compiled counts and
 * the engine's), for the budget, blamed on the field that sets the map's size. `undefined` for a
 * scenario not compiled for the lattice engine.
 */
export function latticeBudget(compiled: CompiledScenario, loaded: LoadedScenario): LatticeBudget | undefined {
  const { lattice, network } = compiled;
  if (lattice === undefined) return undefined;
  const cells = lattice.width * lattice.height;
  const world = (loaded.scenario.world as LatticeWorld).lattice;
  const path =
    world.cities !== undefined
      ? 'world.lattice.cities.cell_km'
      : world.uniform !== undefined
        ? 'world.lattice.uniform'
        : 'world.lattice.raster.file';
  const n = network.compartments.length;
  const rows = outputRows(compiled.time.until, compiled.time.every);
  return {
    bytes: latticeBytes(cells, n, network.reactionNames.length),
    tableBytes:
      cells * ARRIVAL_ROW_BYTES + rows * lattice.regions.length * (REGION_ROW_BYTES + n * VALUE_TEXT_BYTES),
    cells,
    path,
    what: `a lattice of ${lattice.width} × ${lattice.height} = ${formatCount(cells)} cells of ${network.compartments.length} compartments`,
  };
}
