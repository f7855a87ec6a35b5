import type { CompiledScenario } from '../scenario/compiled.js';
import type { LatticeWorld } from '../scenario/lattice-schema.js';
import type { LoadedScenario } from '../scenario/parse.js';
import { latticeBytes } from '../scenario/raster/lattice-memory.js';
import type { LatticeBudget } from './budget.js';
import { formatCount } from './budget.js';

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
  return {
    bytes: latticeBytes(cells, network.compartments.length, network.reactionNames.length),
    path,
    what: `a lattice of ${lattice.width} × ${lattice.height} = ${formatCount(cells)} cells of ${network.compartments.length} compartments`,
  };
}
