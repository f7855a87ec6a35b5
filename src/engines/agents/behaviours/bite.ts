import type { UnitParams } from '../../../scenario/compiled-world.js';
import { HUMAN } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies and immortals: bite the target (a member of a faction theirs hunts) when in reach, `rate`
 * attempts a second. The bite of a faction that `infects` infects a human (`Infection.attack`);
 * any other is an attack that may kill, never infect (`Infection.maul`). It sits below `hunt`,
 * which runs the target down and passes on once in reach.
 */
export function bite(p: UnitParams<'bite'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const chance = Math.min(1, p.rate * sim.dt);
  const { hunts, infects } = sim.factions;
  return {
    act(i) {
      const t = a.target[i]!;
      if (t < 0) return false;
      const fi = a.faction[i]!;
      if (hunts[(fi << 8) | a.faction[t]!] !== 1 || a.away[t] !== 0) {
        a.target[i] = -1;
        return false;
      }
      if (!walker.inReach(i, t)) return false;
      if (sim.stream.next() < chance) {
        if (infects[fi] === 1 && a.state[t] === HUMAN) sim.infection.attack(i, t);
        else sim.infection.maul(i, t);
      }
      return true;
    },
  };
}
