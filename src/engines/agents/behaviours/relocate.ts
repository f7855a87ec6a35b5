import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Parts, Unit } from './unit.js';

/** Open plane: jump to a uniformly random place each tick (a well-mixed room). Passes on. */
export function relocate(_p: UnitParams<'relocate'>, { sim }: Parts): Unit {
  return {
    act(i) {
      sim.plane.move(i, sim.stream.next() * sim.plane.width, sim.stream.next() * sim.plane.height);
      return false;
    },
  };
}
