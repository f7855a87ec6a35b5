import type { UnitParams } from '../../../scenario/compiled-world.js';
import { DOOR_BROKEN, DOOR_OPEN } from '../building.js';
import { EV_BREACH } from '../event-log.js';
import { BANG } from '../sim.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies and immortals: batter a shut door that stood in their way, while they have a reason: a
 * person seen behind it, or a sound louder on the other side. Blows take `strength × rate` hit
 * points a second, first from the barricade, then from the door; at 0 the door breaks (a breach).
 * The banging is heard, at most once every five seconds per door.
 */
export function breakBarricade(p: UnitParams<'break-barricade'>, { sim }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  const sound = sim.sound!;
  const memory = (sim.world.behaviours.zombie.hunt?.memory ?? 8) / sim.dt;
  const bangEvery = 5 / sim.dt;
  return {
    act(i) {
      const d = a.blockedDoor[i]!;
      if (d < 0 || sim.tick - a.blockedTick[i]! > 1) return false;
      const state = b.doorState[d]!;
      if (state === DOOR_OPEN || state === DOOR_BROKEN) {
        a.blockedDoor[i] = -1;
        return false;
      }
      const door = b.doorCell[d]!;
      const c = a.cell[i]!;
      const w = b.width;
      const diff = door - c;
      if (
        diff !== 1 &&
        diff !== -1 &&
        diff !== w &&
        diff !== -w &&
        diff !== w + 1 &&
        diff !== w - 1 &&
        diff !== -w + 1 &&
        diff !== -w - 1
      ) {
        return false;
      }
      // The cell across the door from this side.
      const horizontal = b.room[door - 1]! >= 0 || b.room[door + 1]! >= 0;
      const beyond = horizontal ? (c % w < door % w ? door + 1 : door - 1) : c < door ? door + w : door - w;
      const t = a.target[i]!;
      const seen =
        t >= 0 &&
        sim.factions.hunts[(a.faction[i]! << 8) | a.faction[t]!] === 1 &&
        sim.tick - a.seenTick[i]! <= memory;
      const heard =
        sound.heard(beyond, a.hearing[i]!, sim.tick) &&
        sound.level(beyond, sim.tick) < sound.level(c, sim.tick);
      if (!seen && !heard) return false;
      let damage = a.strength[i]! * p.rate * sim.dt;
      const barricade = b.barricadeHp[d]!;
      if (barricade > 0) {
        const taken = Math.min(barricade, damage);
        b.barricadeHp[d] = barricade - taken;
        damage -= taken;
        if (b.barricadeHp[d]! <= 0) b.touchDoor(d);
      }
      b.doorHp[d]! -= damage;
      if (b.doorHp[d]! <= 0) {
        b.setDoor(d, DOOR_BROKEN);
        b.barricadeHp[d] = 0;
        sim.log.add(sim.time, EV_BREACH, i, -1, c, d);
        a.blockedDoor[i] = -1;
      } else {
        a.blockedTick[i] = sim.tick;
      }
      if (sim.tick - b.doorBangTick[d]! >= bangEvery) {
        b.doorBangTick[d] = sim.tick;
        sim.noise.at(door, BANG, i);
      }
      return true;
    },
  };
}
