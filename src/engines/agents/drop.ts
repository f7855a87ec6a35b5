import { InvalidIntervention } from '../../model/intervention.js';
import type { Member } from '../../scenario/compiled-world.js';
import { EV_DROP } from './event-log.js';
import { keepTraits } from './outputs.js';
import { describeAgent } from './populate.js';
import type { Sim } from './sim.js';
import type { Space } from './space.js';

/** What adding humans during a run changes: the run's state, its space, the traits kept for agents.csv. */
export interface DropTarget {
  readonly sim: Sim;
  readonly space: Space;
  /** Who a human added during a run is, or undefined without a reserve (`options.agents.reserve`). */
  readonly dropped: Member | undefined;
  /** The traits as drawn, for agents.csv (none on an open plane). */
  readonly traits: Float32Array | undefined;
  /** Slots held for those yet to arrive (`arrives`): not the reserve's to give. */
  readonly held: () => number;
}

/**
 * Adds `count` humans at `place` (a room of a building; a point `x,y` of an open plane, or
 * anywhere), made in the reserve's slots in creation order, each drawn as the people at the start
 * are and logged (`drop`). Throws `InvalidIntervention`, changing nothing, without a reserve, when
 * the reserve or the place has too little room, or for a place there is not.
 */
export function dropHumans(target: DropTarget, count: number, place: string | undefined): void {
  const { sim, space, dropped, traits } = target;
  const a = sim.a;
  if (dropped === undefined)
    throw new InvalidIntervention(
      'humans cannot be added to this run: it has no reserve for them (set options.agents.reserve, for example --set options.agents.reserve=100)',
    );
  const room = a.capacity - a.n - target.held();
  if (count > room)
    throw new InvalidIntervention(
      `cannot add ${count} humans: the reserve (options.agents.reserve) has room for ${room} more`,
    );
  space.checkDrop(place, count);
  for (let k = 0; k < count; k++) {
    const i = a.n++;
    describeAgent(sim, i, dropped);
    space.placeDropped(i, dropped, place);
    sim.registry.create(i, a.cell[i]!);
    keepTraits(a, traits, i);
    if (sim.needs !== undefined) {
      // Those who come in have just eaten and drunk, as everyone at the start.
      sim.needs.ateAt[i] = sim.time;
      sim.needs.drankAt[i] = sim.time;
    }
    sim.log.add(sim.time, EV_DROP, i, -1, sim.where(i), 0);
  }
}
