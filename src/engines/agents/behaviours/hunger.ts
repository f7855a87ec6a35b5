import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_HUNGER } from '../sim.js';
import { HUMAN, IMMUNE } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Immunes: `after` seconds after turning they are very hungry, and then attack a person in reach
 * with chance `rate` a second (the person dies; immunes do not infect).
 */
export function hunger(p: UnitParams<'hunger'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  const chance = Math.min(1, p.rate * sim.dt);
  const w = b.width;
  return {
    act(i) {
      if (a.state[i] !== IMMUNE || sim.time - a.turnedAt[i]! < p.after) return false;
      if (sim.stream.next() >= chance) return false;
      const k = sim.places.chunkOfCell[a.cell[i]!]!;
      const cols = sim.places.chunkColumns;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const kk = k + dy * cols + dx;
          if (kk < 0 || kk >= sim.places.peopleHead.length) continue;
          for (let h = sim.places.peopleHead[kk]!; h >= 0; h = a.chunkNext[h]!) {
            if (a.state[h] === HUMAN && walker.inReach(i, h)) {
              sim.kill(h, i, CAUSE_HUNGER);
              return true;
            }
          }
        }
      }
      void w;
      return false;
    },
  };
}
