import { compileLattice } from './compile-lattice.js';
import type { LoadedScenario } from './parse.js';

/**
 * "The same world, well mixed": a scenario with a `world.lattice` run on a well-mixed engine
 * (`--engine ode|ssa|tau`) starts from the raster's people and seeds, summed over its cells, per
 * compartment, instead of from `initial` (which a lattice scenario leaves out, so that it would
 * otherwise start with nobody). Space is gone: movement, contact across bonds and the spatial
 * events (cordon, bombing, lure) of `world.lattice.events` do not apply; the scenario's own
 * `events` do. `undefined` for a scenario without a lattice.
 */
export function wellMixedInitial(loaded: LoadedScenario): Float64Array | undefined {
  const world = loaded.scenario.world as { lattice?: unknown } | undefined;
  if (world?.lattice === undefined) return undefined;
  const lattice = compileLattice(loaded);
  const n = loaded.network.compartments.length;
  const totals = new Float64Array(n);
  const { initial } = lattice;
  for (let k = 0; k < initial.length; k++) totals[k % n]! += initial[k]!;
  return totals;
}
