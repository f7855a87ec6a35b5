import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Sim } from '../sim.js';
import { HUNTS } from '../states.js';
import type { Unit } from './unit.js';

/**
 * People: go to the aid of a friend being bitten (see `Sim.attack`: friends of the same group
 * within `range` metres who see it come if their courage is at least `courage`, with chance
 * 1 − selfishness) and strike the attacker.
 */
export function help(p: UnitParams<'help'>, sim: Sim): Unit {
  const a = sim.a;
  const far = (1.5 * p.range) / (sim.b?.cellSize ?? 1);
  return {
    act(i) {
      const z = a.helpTarget[i]!;
      if (z < 0) return false;
      if (HUNTS[a.state[z]!] !== 1 || a.away[z] !== 0 || sim.walker.cellDistance(i, z) > far) {
        a.helpTarget[i] = -1;
        return false;
      }
      if (sim.walker.inReach(i, z)) sim.strike(i, z);
      else sim.walker.walkToward(i, a.cell[z]!, a.run[i]!, true);
      return true;
    },
  };
}
