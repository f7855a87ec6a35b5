import { Cell } from '../../scenario/compiled-world.js';
import type { Unit } from './behaviours/unit.js';
import type { Walker } from './movement.js';
import type { Sim } from './sim.js';
import { PLAN_SHELTER } from './states.js';

/**
 * Members who follow their group's plan and have reached its base do not stop in the doorway (as
 * a lone person sheltering may): while they stand next to a door of the room they step to a free cell
 * clear of the doors, the one nearest the room's middle (its floor cell nearest the mean of its
 * cells), so that the rest of the group can come in. The engine
 * puts this unit in the human stack of a world with group strategies, after `barricade` (whose
 * worker stands at the door) and before `shelter`.
 */
export function clearDoorway(sim: Sim, walker: Walker): Unit {
  const a = sim.a;
  const b = sim.b!;
  const plans = sim.groupPlans!;
  const w = b.width;
  /** Per room: its floor cell nearest the middle of its cells on the floor of its name, or −1 until needed. */
  const middle = plans.roomMiddle;
  const middleOf = (r: number): number => {
    const floor = b.floorOf(b.roomAnchor[r]!);
    let x = 0;
    let y = 0;
    let count = 0;
    for (let k = b.roomCellStart[r]!; k < b.roomCellStart[r + 1]!; k++) {
      const c = b.roomCellList[k]!;
      if (b.floorOf(c) !== floor) continue;
      x += b.xOf(c);
      y += b.yOf(c);
      count++;
    }
    x /= count;
    y /= count;
    let best = b.roomAnchor[r]!;
    let bestD = Number.POSITIVE_INFINITY;
    for (let k = b.roomCellStart[r]!; k < b.roomCellStart[r + 1]!; k++) {
      const c = b.roomCellList[k]!;
      if (b.floorOf(c) !== floor || b.kind[c] !== Cell.FLOOR) continue;
      const d = (b.xOf(c) - x) ** 2 + (b.yOf(c) - y) ** 2;
      if (d < bestD) {
        best = c;
        bestD = d;
      }
    }
    return best;
  };
  const nextToDoor = (c: number): boolean =>
    b.doorAt[c - 1]! >= 0 || b.doorAt[c + 1]! >= 0 || b.doorAt[c - w]! >= 0 || b.doorAt[c + w]! >= 0;
  return {
    act(i) {
      if (plans.follows[i] !== 1 || a.plan[i] !== PLAN_SHELTER) return false;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      if (r < 0 || r !== plans.base[plans.team[i]!]) return false;
      if (!nextToDoor(c)) return false;
      if (middle[r]! < 0) middle[r] = middleOf(r);
      // The free neighbouring cell of the room, clear of its doors, nearest its middle.
      const m = middle[r]!;
      const mx = b.xOf(m);
      const my = b.yOf(m);
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const n = c + dy * w + dx;
          if (n === c || b.room[n] !== r || b.kind[n] !== Cell.FLOOR || nextToDoor(n)) continue;
          if (sim.places.occupancy[n]! >= sim.places.capacity) continue;
          const d = (b.xOf(n) - mx) ** 2 + (b.yOf(n) - my) ** 2;
          if (d < bestD) {
            best = n;
            bestD = d;
          }
        }
      }
      return best >= 0 && walker.walkToward(i, best, a.walk[i]!, true) > 0;
    },
  };
}
