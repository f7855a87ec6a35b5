import type { UnitParams } from '../../../scenario/compiled-world.js';
import { FAR } from '../distance-field.js';
import { followsGroupPlan } from '../group-strategy.js';
import { PLAN_GO, PLAN_LEAVE, PLAN_SHELTER } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * People with somewhere to go: run down the goal field to their goal room (home, for students),
 * or to the nearest refuge if the goal has zombies in it; there, shelter.
 *
 * On alarm, it makes the plan. An alarmed leader in the same room is followed, by obedience.
 * Otherwise a person in a room with doors and no zombie shelters there with chance stay × (0.5 +
 * obedience) if alarmed by a sound, staySeen × (0.5 + obedience) if a zombie was seen; else leaves
 * by an exit with chance leave × (selfishness + 1 − obedience) / 2; else goes home (by cohesion)
 * or to the nearest refuge.
 */
export function shelter(p: UnitParams<'shelter'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  return {
    onAlarm(i, sawZombie) {
      // A group with a strategy decides together (group-strategy.ts); groups without draw nothing.
      if (followsGroupPlan(sim, i)) return;
      const r = b.room[a.cell[i]!]!;
      const u = sim.stream;
      const leader = a.leader[i]!;
      if (
        leader >= 0 &&
        a.alarmed[leader] === 1 &&
        a.away[leader] === 0 &&
        b.room[a.cell[leader]!] === r &&
        u.next() < a.obedience[i]!
      ) {
        a.plan[i] = a.plan[leader]!;
        a.goal[i] = a.goal[leader]!;
        return;
      }
      const refugeHere = sim.isRefuge(r) && sim.places.roomHunters[r] === 0;
      const obedience = a.obedience[i]!;
      if (refugeHere && u.next() < (sawZombie ? p.staySeen : p.stay) * (0.5 + obedience)) {
        a.plan[i] = PLAN_SHELTER;
        a.goal[i] = r;
        return;
      }
      if (u.next() < (p.leave * (a.selfishness[i]! + 1 - obedience)) / 2) {
        a.plan[i] = PLAN_LEAVE;
        a.goal[i] = -1;
        return;
      }
      const home = a.home[i]!;
      if (home >= 0 && home !== r && sim.places.roomHunters[home] === 0 && u.next() < a.cohesion[i]!) {
        a.plan[i] = PLAN_GO;
        a.goal[i] = home;
        return;
      }
      a.plan[i] = PLAN_GO;
      a.goal[i] = -1;
    },
    act(i) {
      if (a.plan[i] !== PLAN_GO) return false;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      let g = a.goal[i]!;
      if ((g >= 0 && r === g) || (g < 0 && sim.isRefuge(r) && sim.places.roomHunters[r] === 0)) {
        a.plan[i] = PLAN_SHELTER;
        a.goal[i] = r;
        return false;
      }
      if (g >= 0 && sim.places.roomHunters[g]! > 0) {
        g = -1;
        a.goal[i] = -1;
      }
      const field = g >= 0 ? sim.roomField(g) : sim.refuge();
      if (field.values[c] === FAR) {
        a.plan[i] = PLAN_SHELTER;
        a.goal[i] = r;
        return false;
      }
      walker.walkField(i, field.values, a.run[i]!, true);
      return true;
    },
  };
}
