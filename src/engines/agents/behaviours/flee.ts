import type { UnitParams } from '../../../scenario/compiled-world.js';
import { SCREAM } from '../sounds.js';
import type { Parts, Unit } from './unit.js';

/**
 * People: run from a member of a faction they avoid (a zombie) seen within `distance` metres, each step one that takes them further
 * from it, preferring the way to a refuge (down the refuge field). A person who cannot get further
 * away is cornered, which lets `fight` act. On first sight of a hunter, a person screams with
 * chance scream × (1 − courage).
 */
export function flee(p: UnitParams<'flee'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const { stuck } = sim.unitFields.of('flee');
  const avoids = sim.factions.avoids;
  return {
    onSighted(i) {
      if (sim.stream.next() < p.scream * (1 - a.courage[i]!)) sim.noise.at(a.cell[i]!, SCREAM, i);
    },
    act(i) {
      const z = a.threat[i]!;
      if (
        z < 0 ||
        a.threatDist[i]! > p.distance ||
        avoids[(a.faction[i]! << 8) | a.faction[z]!] !== 1 ||
        a.away[z] !== 0
      ) {
        stuck[i] = 0;
        return false;
      }
      const steps = walker.walkAway(i, a.cell[z]!, a.run[i]!);
      stuck[i] = steps === 0 ? 1 : 0;
      return steps > 0;
    },
  };
}
