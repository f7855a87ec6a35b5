import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_HUNGER } from '../sim.js';
import { HUMAN, IMMUNE } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * Immunes: `after` seconds after turning they are very hungry, and then attack someone in reach of
 * a faction theirs hunts, with chance `rate` a second (× 1 − their `restraint`; with `seek`, they go
 * for people near them while hungry): the victim dies (cause hunger), unless the
 * immune's faction `infects` and the victim is human (then it is a bite, `Infection.attack`). The
 * people nearby are looked at first, then the hunters if the faction hunts any.
 */
export function hunger(p: UnitParams<'hunger'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const chance = Math.min(1, p.rate * sim.dt);
  const { hunts, infects, huntsHunters } = sim.factions;
  const places = sim.places;
  /**
   * The first member of a hunted faction in reach of immune i, in the chunk lists of `heads` near it,
   * or −1. With `seek`, the nearest one on its floor in those chunks (within 16 m or so) when none is
   * in reach, as `-2 - index`.
   */
  const victim = (i: number, heads: Int32Array): number => {
    const row = a.faction[i]! << 8;
    const k = places.chunkOfCell[a.cell[i]!]!;
    const cols = places.chunkColumns;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const kk = k + dy * cols + dx;
        if (kk < 0 || kk >= heads.length) continue;
        for (let h = heads[kk]!; h >= 0; h = a.chunkNext[h]!) {
          if (hunts[row | a.faction[h]!] !== 1) continue;
          if (walker.inReach(i, h)) return h;
          if (!p.seek) continue;
          const ch = a.cell[h]!;
          const ci = a.cell[i]!;
          const dx = (ch % width) - (ci % width);
          const dy = (((ch % plane) / width) | 0) - (((ci % plane) / width) | 0);
          const d = dx * dx + dy * dy;
          if (d < nearestD && floorOf(ch) === floorOf(ci)) {
            nearest = h;
            nearestD = d;
          }
        }
      }
    }
    return nearest >= 0 ? -2 - nearest : -1;
  };
  let nearest = -1;
  let nearestD = 0;
  const plane = sim.b === undefined ? 1 : sim.b.plane;
  const width = sim.b === undefined ? 1 : sim.b.width;
  const floorOf = (cell: number) => (cell / plane) | 0;
  return {
    act(i) {
      if (a.state[i] !== IMMUNE || sim.time - a.turnedAt[i]! < p.after) return false;
      // One draw a tick, whatever happens (the stream stays in step): below chance × (1 − restraint)
      // the immune attacks whoever is in reach; with `seek`, below 1 − restraint it gives in to the
      // hunger and goes for the nearest person on its floor.
      const u = sim.stream.next();
      const givesIn = 1 - a.restraint[i]!;
      const attacks = u < chance * givesIn;
      if (!attacks && !(p.seek && u < givesIn)) return false;
      nearest = -1;
      nearestD = Number.POSITIVE_INFINITY;
      let h = victim(i, places.peopleHead);
      if (h < 0 && huntsHunters[a.faction[i]!] === 1) h = victim(i, places.hunterHead);
      if (h < -1) {
        walker.walkToward(i, a.cell[-2 - h]!, a.run[i]!, false);
        return true;
      }
      if (h < 0 || !attacks) return false;
      if (infects[a.faction[i]!] === 1 && a.state[h] === HUMAN) sim.infection.attack(i, h);
      else sim.kill(h, i, CAUSE_HUNGER);
      return true;
    },
  };
}
