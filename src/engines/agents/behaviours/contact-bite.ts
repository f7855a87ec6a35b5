import type { UnitParams } from '../../../scenario/compiled-world.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Open plane: bite each person sharing the cell with chance 1 − exp(−rate · dt), `rate` being a
 * per-pair contact rate (a number or a parameter, which events may set). The bitten turn after a
 * time drawn from `infection.bites`.
 */
export function contactBite(p: UnitParams<'contact-bite'>, { sim }: Parts): Unit {
  const a = sim.a;
  return {
    act(i) {
      const chance = 1 - Math.exp(-sim.valueOf(p.rate) * sim.dt);
      for (let j = sim.plane.cellLists[2 * a.cell[i]!]!; j >= 0; j = a.cellNext[j]!) {
        if (a.state[j] === HUMAN && sim.stream.next() < chance)
          sim.infection.infect(j, sim.infection.drawBiteClass(), i);
      }
      return true;
    },
  };
}
