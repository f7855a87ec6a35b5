import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Parts, Unit } from './unit.js';

/**
 * People: strike at the threat in reach (one of a faction theirs avoids or hunts), if their courage is at least
 * `courage`; cornered (could not flee last time), with chance courage a tick. See `Infection.strike`.
 */
export function fight(p: UnitParams<'fight'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const { stuck } = sim.unitFields.of('fight');
  const hostile = sim.factions.hostile;
  return {
    act(i) {
      const z = a.threat[i]!;
      if (z < 0 || hostile[(a.faction[i]! << 8) | a.faction[z]!] !== 1 || a.away[z] !== 0) return false;
      if (a.courage[i]! < p.courage && (stuck[i] === 0 || sim.stream.next() >= a.courage[i]!)) return false;
      if (!walker.inReach(i, z)) return false;
      sim.infection.strike(i, z);
      return true;
    },
  };
}
