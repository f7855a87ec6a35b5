import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Sim } from '../sim.js';
import { HUNTS } from '../states.js';
import type { Unit } from './unit.js';

/**
 * People: run from a zombie seen within `distance` metres, each step one that takes them further
 * from it, preferring the way to a refuge (down the refuge field). A person who cannot get further
 * away is cornered, which lets `fight` act.
 */
export function flee(p: UnitParams<'flee'>, sim: Sim): Unit {
  const a = sim.a;
  return {
    act(i) {
      const z = a.threat[i]!;
      if (z < 0 || a.threatDist[i]! > p.distance || HUNTS[a.state[z]!] !== 1 || a.away[z] !== 0) {
        a.stuck[i] = 0;
        return false;
      }
      const steps = sim.walker.walkAway(i, a.cell[z]!, a.run[i]!);
      a.stuck[i] = steps === 0 ? 1 : 0;
      return steps > 0;
    },
  };
}
