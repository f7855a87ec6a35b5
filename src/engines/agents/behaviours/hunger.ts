import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_HUNGER } from '../sim.js';
import { HUMAN, IMMUNE } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Immunes: `after` seconds after turning they are very hungry, and then attack someone in reach of
 * a faction theirs hunts, with chance `rate` a second (× 1 − their `restraint`): the victim dies (cause hunger), unless the
 * immune's faction `infects` and the victim is human (then it is a bite, `Infection.attack`). The
 * people nearby are looked at first, then the hunters if the faction hunts any.
 */
export function hunger(p: UnitParams<'hunger'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const chance = Math.min(1, p.rate * sim.dt);
  const { hunts, infects, huntsHunters } = sim.factions;
  const places = sim.places;
  /** The first member of a hunted faction in reach of immune i, in the chunk lists of `heads` near it, or −1. */
  const victim = (i: number, heads: Int32Array): number => {
    const row = a.faction[i]! << 8;
    const k = places.chunkOfCell[a.cell[i]!]!;
    const cols = places.chunkColumns;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const kk = k + dy * cols + dx;
        if (kk < 0 || kk >= heads.length) continue;
        for (let h = heads[kk]!; h >= 0; h = a.chunkNext[h]!) {
          if (hunts[row | a.faction[h]!] === 1 && walker.inReach(i, h)) return h;
        }
      }
    }
    return -1;
  };
  return {
    act(i) {
      if (a.state[i] !== IMMUNE || sim.time - a.turnedAt[i]! < p.after) return false;
      // Restraint scales the chance, never the number of draws: the stream stays in step.
      if (sim.stream.next() >= chance * (1 - a.restraint[i]!)) return false;
      let h = victim(i, places.peopleHead);
      if (h < 0 && huntsHunters[a.faction[i]!] === 1) h = victim(i, places.hunterHead);
      if (h < 0) return false;
      if (infects[a.faction[i]!] === 1 && a.state[h] === HUMAN) sim.infection.attack(i, h);
      else sim.kill(h, i, CAUSE_HUNGER);
      return true;
    },
  };
}
