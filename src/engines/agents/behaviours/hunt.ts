import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies and immortals: run at the person of a hunted faction they saw (targets are set when a person looking around
 * is seen back, see `Perception.perceive`), or where they last saw them, for `memory` seconds. Once in
 * reach it passes on to the next unit, `bite`, which sits just below it.
 */
export function hunt(p: UnitParams<'hunt'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const memory = p.memory / sim.dt;
  const fresh = sim.world.perception.every;
  const hunts = sim.factions.hunts;
  return {
    act(i) {
      const t = a.target[i]!;
      if (t < 0) return false;
      const since = sim.tick - a.seenTick[i]!;
      if (since > memory || hunts[(a.faction[i]! << 8) | a.faction[t]!] !== 1 || a.away[t] !== 0) {
        a.target[i] = -1;
        return false;
      }
      const goal = since <= fresh ? a.cell[t]! : a.targetCell[i]!;
      const b = sim.b!;
      if (((goal / b.plane) | 0) !== ((a.cell[i]! / b.plane) | 0)) return false;
      if (a.cell[i] === goal && since > fresh) {
        a.target[i] = -1;
        return false;
      }
      walker.walkToward(i, goal, a.run[i]!, false);
      // In reach (now or already): pass on, so that `bite` (below hunt) lunges this tick.
      return !walker.inReach(i, t);
    },
  };
}
