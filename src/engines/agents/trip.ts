import type { Unit } from './behaviours/unit.js';
import { FAR } from './distance-field.js';
import { EV_TRIP, TRIP_ABORT, TRIP_BACK, tripDetail } from './event-log.js';
import type { Walker } from './movement.js';
import { LEG_BACK, LEG_OUT } from './needs-state.js';
import type { Sim } from './sim.js';
import { PLAN_GO, PLAN_SHELTER, PLAN_TRIP } from './states.js';

/** A leg of a trip that takes longer than this (seconds: a crowded doorway, a detour) is given up. */
const LEG_SECONDS = 1800;

/**
 * A supply trip (`PLAN_TRIP`, sent by `needs.ts`): walk down the goal field to the room with the
 * supplies, take up to `needs.carry` portions of food and of water, walk back to the shelter
 * (taking down one's own barricade on the way out, as anyone leaving does; those inside take it
 * down again to let them back in) and put them there; then shelter again. A room with hunters in it, no way there or half an hour on the way turns the
 * scavenger home; no way home either (or half an hour on the way back), and they look for the
 * nearest refuge, and the group may send others. The engine puts this unit in the human stack
 * when the world has `needs`, after the units that answer danger (fight, flee, help) and before
 * `shelter`.
 */
export function tripUnit(sim: Sim, walker: Walker): Unit {
  const a = sim.a;
  const b = sim.b!;
  const needs = sim.needs!;
  const carry = needs.settings.carry;
  const endTrip = (i: number) => {
    needs.tripLeg[i] = 0;
    needs.tripHome[i] = -1;
  };
  const w = b.width;
  /**
   * A scavenger back at a door their shelter barricaded in the meantime: those inside take the
   * barricade down for them (this tick), as they would to leave.
   */
  const letIn = (c: number, home: number): boolean => {
    for (let k = 0; k < 4; k++) {
      const d = b.doorAt[k === 0 ? c - 1 : k === 1 ? c + 1 : k === 2 ? c - w : c + w]!;
      if (d < 0 || b.barricadeSide[d] !== home || b.barricadeHp[d]! <= 0) continue;
      b.roomFurniture[home]! += b.barricadePieces[d]!;
      b.barricadePieces[d] = 0;
      b.barricadeHp[d] = 0;
      b.barricadeSide[d] = -1;
      b.touchDoor(d);
      return true;
    }
    return false;
  };
  return {
    act(i) {
      if (a.plan[i] !== PLAN_TRIP) return false;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      const goal = a.goal[i]!;
      const leg = needs.tripLeg[i]!;
      if (r === goal && leg === LEG_OUT) {
        const food = Math.min(carry, Math.floor(needs.roomFood[r]!));
        const water = Math.min(carry, Math.floor(needs.roomWater[r]!));
        needs.roomFood[r]! -= food;
        needs.roomWater[r]! -= water;
        needs.carryFood[i] = food;
        needs.carryWater[i] = water;
        needs.tripLeg[i] = LEG_BACK;
        needs.legStarted[i] = sim.time;
        a.goal[i] = needs.tripHome[i]!;
        return true;
      }
      if (r === goal) {
        const food = needs.carryFood[i]!;
        const water = needs.carryWater[i]!;
        needs.roomFood[r]! += food;
        needs.roomWater[r]! += water;
        needs.carryFood[i] = 0;
        needs.carryWater[i] = 0;
        sim.log.add(sim.time, EV_TRIP, i, -1, sim.where(i), tripDetail(TRIP_BACK, r, food, water));
        endTrip(i);
        a.plan[i] = PLAN_SHELTER;
        return false;
      }
      if (leg === LEG_BACK && letIn(c, goal)) return true;
      const field = sim.roomField(goal);
      const late = sim.time - needs.legStarted[i]! > LEG_SECONDS;
      const blocked = field.values[c] === FAR || late;
      if (leg === LEG_OUT && (blocked || sim.places.roomHunters[goal]! > 0)) {
        sim.log.add(sim.time, EV_TRIP, i, -1, sim.where(i), tripDetail(TRIP_ABORT, goal, 0, 0));
        needs.tripLeg[i] = LEG_BACK;
        needs.legStarted[i] = sim.time;
        a.goal[i] = needs.tripHome[i]!;
        return true;
      }
      if (blocked) {
        endTrip(i);
        a.plan[i] = PLAN_GO;
        a.goal[i] = -1;
        return false;
      }
      walker.walkField(i, field.values, a.walk[i]!, true);
      return true;
    },
  };
}
