import type { UnitParams } from '../../../scenario/compiled-world.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Repast4Py zombies (open plane): infect the first person in the arrival-ordered list of their
 * cell (zombies in the list are passed over), unless that one is already infected (then nobody).
 * The countdown unit decides when the infected die and rise.
 */
export function infectFirst(_p: UnitParams<'infect-first'>, { sim }: Parts): Unit {
  const a = sim.a;
  return {
    act(i) {
      const c = sim.plane.cellOf(i);
      if (!sim.plane.peopleNear(c)) return true;
      const j = sim.plane.firstPerson(c);
      if (j >= 0 && a.state[j] === HUMAN) sim.infection.infectCounting(j, i);
      return true;
    },
  };
}
