import type { UnitParams } from '../../../scenario/compiled-world.js';
import { Cell } from '../../../scenario/compiled-world.js';
import { FAR } from '../distance-field.js';
import { PLAN_GO, PLAN_LEAVE, PLAN_SHELTER } from '../sim.js';
import type { Parts, Unit } from './unit.js';

/**
 * People leaving: run down the field to their goal (a room such as the rooftop, or any open exit),
 * and leave by an exit when they reach one. Arrived in a goal room, they shelter there; with no way
 * there (a locked door, sealed gates), they look for a refuge instead.
 */
export function headFor(_p: UnitParams<'head-for'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  return {
    act(i) {
      if (a.plan[i] !== PLAN_LEAVE) return false;
      const c = a.cell[i]!;
      const g = a.goal[i]!;
      if (g >= 0 && b.room[c] === g && b.kind[c] !== Cell.EXIT && b.roomExit[g]! < 0) {
        a.plan[i] = PLAN_SHELTER;
        return false;
      }
      const field = g >= 0 ? sim.roomField(g) : sim.exits();
      if (field.values[c] === FAR) {
        a.plan[i] = PLAN_GO;
        a.goal[i] = -1;
        return false;
      }
      walker.walkField(i, field.values, a.run[i]!, true);
      return true;
    },
  };
}
