import type { UnitParams } from '../../../scenario/compiled-world.js';
import { FAR } from '../distance-field.js';
import { PLAN_GO, PLAN_SHELTER, type Sim } from '../sim.js';
import type { Unit } from './unit.js';

/**
 * People with somewhere to go: run down the goal field to their goal room (home, for students),
 * or to the nearest refuge if the goal has zombies in it; there, shelter.
 */
export function shelter(_p: UnitParams<'shelter'>, sim: Sim): Unit {
  const a = sim.a;
  const b = sim.b!;
  return {
    act(i) {
      if (a.plan[i] !== PLAN_GO) return false;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      let g = a.goal[i]!;
      if ((g >= 0 && r === g) || (g < 0 && sim.isRefuge(r) && sim.roomHunters[r] === 0)) {
        a.plan[i] = PLAN_SHELTER;
        a.goal[i] = r;
        return false;
      }
      if (g >= 0 && sim.roomHunters[g]! > 0) {
        g = -1;
        a.goal[i] = -1;
      }
      const field = g >= 0 ? sim.roomField(g) : sim.refuge();
      if (field.values[c] === FAR) {
        a.plan[i] = PLAN_SHELTER;
        a.goal[i] = r;
        return false;
      }
      sim.walker.walkField(i, field.values, a.run[i]!, true);
      return true;
    },
  };
}
