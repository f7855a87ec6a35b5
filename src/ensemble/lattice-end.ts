import type { Engine } from '../engines/engine.js';
import { attackerOf } from '../engines/lattice/attacker.js';
import { LatticeEngine } from '../engines/lattice/engine.js';
import { type LatticeStory, latticeStory } from '../output/lattice-story.js';
import { outbreakRoles } from '../output/outcomes.js';
import type { CompiledScenario } from '../scenario/compiled.js';

/**
 * The story of a lattice run that has ended (`lattice-story.ts`), read from the engine's cell
 * counts and arrival times; `undefined` for any other engine.
 */
export function latticeStoryOf(engine: Engine, compiled: CompiledScenario): LatticeStory | undefined {
  const { lattice, network } = compiled;
  if (lattice === undefined || !(engine instanceof LatticeEngine)) return undefined;
  const n = network.compartments.length;
  const totals = new Float64Array(n);
  lattice.initial.forEach((count, i) => {
    totals[i % n]! += count;
  });
  return latticeStory({
    compartments: network.compartments,
    regions: lattice.regions,
    arrival: engine.kernel.arrival,
    open: lattice.open,
    initial: lattice.initial,
    final: engine.kernel.x,
    hosts: outbreakRoles(network, totals).hosts,
    attacker: attackerOf(network),
    places: lattice.places,
  });
}
