import type { UnitParams } from '../../../scenario/compiled-world.js';
import { HUNTS } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * People: strike at the zombie in reach (the threat they see), if their courage is at least
 * `courage`; cornered (could not flee last time), with chance courage a tick. See `Infection.strike`.
 */
export function fight(p: UnitParams<'fight'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const { stuck } = sim.unitFields.of('fight');
  return {
    act(i) {
      const z = a.threat[i]!;
      if (z < 0 || HUNTS[a.state[z]!] !== 1 || a.away[z] !== 0) return false;
      if (a.courage[i]! < p.courage && (stuck[i] === 0 || sim.stream.next() >= a.courage[i]!)) return false;
      if (!walker.inReach(i, z)) return false;
      sim.infection.strike(i, z);
      return true;
    },
  };
}
