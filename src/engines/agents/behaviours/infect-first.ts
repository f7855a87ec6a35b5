import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_KILLED } from '../infection.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Repast4Py zombies (open plane): infect the first person in the arrival-ordered list of their
 * cell (zombies in the list are passed over), unless that one is of a faction theirs does not hunt
 * (by default: already infected; then nobody). The countdown unit decides when the infected die
 * and rise. A zombie of a faction that does not infect (or its victim not human) kills instead.
 */
export function infectFirst(_p: UnitParams<'infect-first'>, { sim }: Parts): Unit {
  const a = sim.a;
  const { hunts, infects } = sim.factions;
  return {
    act(i) {
      const c = sim.plane.cellOf(i);
      if (!sim.plane.peopleNear(c)) return true;
      const j = sim.plane.firstPerson(c);
      const fi = a.faction[i]!;
      if (j < 0 || hunts[(fi << 8) | a.faction[j]!] !== 1) return true;
      if (infects[fi] === 1 && a.state[j] === HUMAN) sim.infection.infectCounting(j, i);
      else sim.kill(j, i, CAUSE_KILLED);
      return true;
    },
  };
}
