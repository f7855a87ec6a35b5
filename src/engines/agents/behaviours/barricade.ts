import type { UnitParams } from '../../../scenario/compiled-world.js';
import { DOOR_CLOSED, DOOR_OPEN } from '../building.js';
import { PLAN_SHELTER } from '../sim.js';
import { PERCEIVES } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * People sheltering in a room: shut its open doors, then pile its furniture against them, one
 * piece every `seconds` seconds, each adding `hp` hit points, at most `pieces` a door. Nothing to do
 * (or a zombie inside) lets the next unit act.
 */
export function barricade(p: UnitParams<'barricade'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const { workDoor, work } = sim.unitFields.of('barricade');
  const b = sim.b!;
  const w = b.width;
  return {
    act(i) {
      if (a.plan[i] !== PLAN_SHELTER) return false;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      if (!sim.isRefuge(r) || sim.places.roomHunters[r]! > 0) return false;
      // The door to work on: an open one first, else the least barricaded while furniture lasts;
      // one person a door (the others keep still).
      let door = -1;
      let least = 1e9;
      for (let k = b.roomDoorStart[r]!; k < b.roomDoorStart[r + 1]!; k++) {
        const d = b.roomDoorList[k]!;
        const s = b.doorState[d]!;
        const worker = b.doorWorker[d]!;
        if (
          worker >= 0 &&
          worker !== i &&
          workDoor[worker] === d &&
          a.plan[worker] === PLAN_SHELTER &&
          a.away[worker] === 0
        ) {
          if (PERCEIVES[a.state[worker]!] === 1 && b.room[a.cell[worker]!] === r) continue;
        }
        if (s === DOOR_OPEN) {
          door = d;
          break;
        }
        if (
          s === DOOR_CLOSED &&
          b.barricadePieces[d]! < p.pieces &&
          b.roomFurniture[r]! > 0 &&
          b.barricadePieces[d]! < least
        ) {
          least = b.barricadePieces[d]!;
          door = d;
        }
      }
      if (door < 0) {
        workDoor[i] = -1;
        return false;
      }
      b.doorWorker[door] = i;
      workDoor[i] = door;
      const dc = b.doorCell[door]!;
      const inside =
        b.room[dc - 1] === r
          ? dc - 1
          : b.room[dc + 1] === r
            ? dc + 1
            : b.room[dc - w] === r
              ? dc - w
              : dc + w;
      if (c !== inside) {
        walker.walkToward(i, inside, a.walk[i]! * 2, true);
        return true;
      }
      if (b.doorState[door] === DOOR_OPEN) {
        if (sim.places.occupancy[dc]! > 0) return true;
        sim.setDoor(door, DOOR_CLOSED, i);
        return true;
      }
      work[i] = work[i]! + sim.dt;
      if (work[i]! >= p.seconds) {
        work[i] = 0;
        b.roomFurniture[r]!--;
        b.barricadePieces[door]!++;
        const first = b.barricadeHp[door]! <= 0;
        b.barricadeHp[door]! += p.hp;
        if (first) b.touchDoor(door);
        b.barricadeSide[door] = r;
      }
      return true;
    },
  };
}
