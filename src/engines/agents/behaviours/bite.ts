import type { UnitParams } from '../../../scenario/compiled-world.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies and immortals: bite the target when in reach, `rate` attempts a second (see `Infection.attack`).
 * It sits below `hunt`, which runs the target down and passes on once in reach.
 */
export function bite(p: UnitParams<'bite'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const chance = Math.min(1, p.rate * sim.dt);
  return {
    act(i) {
      const t = a.target[i]!;
      if (t < 0) return false;
      if (a.state[t] !== HUMAN || a.away[t] !== 0) {
        a.target[i] = -1;
        return false;
      }
      if (!walker.inReach(i, t)) return false;
      if (sim.stream.next() < chance) sim.infection.attack(i, t);
      return true;
    },
  };
}
