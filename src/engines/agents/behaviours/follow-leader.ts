import type { UnitParams } from '../../../scenario/compiled-world.js';
import { lineOfSight } from '../sight.js';
import { PLAN_SHELTER } from '../sim.js';
import { HUMAN, INFECTED } from '../states.js';
import type { Parts, Unit } from './unit.js';

/** Alarmed people not sheltering: keep within `distance` metres of their leader, if they see them. */
export function followLeader(p: UnitParams<'follow-leader'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  const near = p.distance / b.cellSize;
  return {
    act(i) {
      const l = a.leader[i]!;
      if (l < 0 || a.alarmed[i] === 0 || a.plan[i] === PLAN_SHELTER) return false;
      if ((a.state[l] !== HUMAN && a.state[l] !== INFECTED) || a.away[l] !== 0) return false;
      const d = walker.cellDistance(i, l);
      if (d <= near || d === Number.POSITIVE_INFINITY || !lineOfSight(b, a.cell[i]!, a.cell[l]!))
        return false;
      walker.walkToward(i, a.cell[l]!, a.run[i]!, true);
      return true;
    },
  };
}
