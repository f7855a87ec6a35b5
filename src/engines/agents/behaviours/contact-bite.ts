import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_KILLED } from '../infection.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Open plane: bite each person sharing the cell (of a faction the biter's hunts) with chance
 * 1 − exp(−rate · dt), `rate` being a per-pair contact rate (a number or a parameter, which events
 * may set). The bitten turn after a time drawn from `infection.bites`; a bite of a faction that does
 * not infect (or of someone who cannot be infected) kills.
 */
export function contactBite(p: UnitParams<'contact-bite'>, { sim }: Parts): Unit {
  const a = sim.a;
  const { hunts, infects } = sim.factions;
  return {
    act(i) {
      const chance = 1 - Math.exp(-sim.valueOf(p.rate) * sim.dt);
      const fi = a.faction[i]!;
      for (let j = sim.plane.cellLists[2 * a.cell[i]!]!; j >= 0; j = a.cellNext[j]!) {
        if (hunts[(fi << 8) | a.faction[j]!] !== 1 || sim.stream.next() >= chance) continue;
        if (infects[fi] === 1 && a.state[j] === HUMAN)
          sim.infection.infect(j, sim.infection.drawBiteClass(), i);
        else sim.kill(j, i, CAUSE_KILLED);
      }
      return true;
    },
  };
}
