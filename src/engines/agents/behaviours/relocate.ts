import type { UnitParams } from '../../../scenario/world-schema.js';
import type { Sim } from '../sim.js';
import type { Unit } from './unit.js';

/** Open plane: jump to a uniformly random place each tick (a well-mixed room). Passes on. */
export function relocate(p: UnitParams<'relocate'>, sim: Sim): Unit {
  return {
    name: 'relocate',
    priority: p.priority ?? 50,
    act(i) {
      sim.plane.move(i, sim.stream.next() * sim.plane.width, sim.stream.next() * sim.plane.height);
      return false;
    },
  };
}
