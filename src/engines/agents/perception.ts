import { DOOR_CLOSED, DOOR_LOCKED } from './building.js';
import { CHUNK } from './building-places.js';
import { ALARMED_BY_ROOM, ALARMED_BY_SIGHT, alarmDetail, EV_ALARM } from './event-log.js';
import { REL_AVOIDS, REL_HUNTED_BY, REL_HUNTS } from './faction-table.js';
import { daylight, lineOfSight, sightFactor } from './sight.js';
import type { Sim } from './sim.js';
import { ALARM, SCREAM, SPEAKER, WHISTLE } from './sounds.js';
import { PLAN_LEAVE, STACK_HUMAN, STACK_OF_STATE } from './states.js';

/** Sleepers hear this share of what they would hear awake (our choice: the show is silent). */
const SLEEP_HEARING = 0.5;

/**
 * Perception in a building: people look around (line of sight, as far as the light allows) and
 * hunters they can see may see them too; alarm spreads through rooms and groups.
 */
export class Perception {
  private readonly around = new Int32Array(7);

  constructor(private readonly sim: Sim) {}

  /** Daylight, once a tick. */
  updateLight(): void {
    const sim = this.sim;
    sim.day = daylight(sim.light, sim.time);
  }

  /**
   * Marks the rooms nobody can see into or out of: every door shut behind a barricade (or locked),
   * and no hunter inside. (Windows are ignored: people barricaded in keep away from them.)
   */
  updateSealedRooms(): void {
    const sim = this.sim;
    const b = sim.b!;
    const sealed = sim.sealedRooms;
    for (let r = 0; r < b.roomCount; r++) {
      let all = b.roomDoorStart[r + 1]! > b.roomDoorStart[r]! && sim.places.roomHunters[r] === 0 ? 1 : 0;
      for (let k = b.roomDoorStart[r]!; k < b.roomDoorStart[r + 1]! && all === 1; k++) {
        const d = b.roomDoorList[k]!;
        const s = b.doorState[d]!;
        if (!(s === DOOR_LOCKED || (s === DOOR_CLOSED && b.barricadeHp[d]! > 0))) all = 0;
      }
      sealed[r] = all;
    }
  }

  /**
   * Person i looks around: the nearest agent in sight of a faction it avoids (or, for the human
   * stack, hunts: to fight it) becomes its threat; hunters whose faction hunts its faction and that
   * see it chase it.
   */
  perceive(i: number): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    const c = a.cell[i]!;
    const room = b.room[c]!;
    // Sleepers (`world.needs`) hear half as far.
    const needs = sim.needs;
    const asleep = needs !== undefined && needs.asleep[i] === 1;
    const hearing = asleep ? a.hearing[i]! * SLEEP_HEARING : a.hearing[i]!;
    if (room >= 0 && sim.sealedRooms[room] === 1) {
      // Shut in with nobody in sight: only sounds reach in.
      a.threat[i] = -1;
      if (a.alarmed[i] === 0 && sim.sound!.heard(c, hearing, sim.tick)) {
        this.alarmBy(i, sim.sound!.kind[c]!);
      } else if (asleep && sim.sound!.heard(c, hearing, sim.tick)) this.wakeBy(i, sim.sound!.kind[c]!);
      return;
    }
    const cellSize = b.cellSize;
    const factor = sightFactor(b, sim.light, sim.day, c);
    const mine = (a.sight[i]! * factor) / cellSize;
    const reach = Math.max(mine, (sim.maxHunterSight * factor) / cellSize);
    const w = b.width;
    const plane = b.plane;
    const around = this.chunksAround(c, reach);
    const f = around[0]!;
    const cx = around[1]!;
    const cy = around[2]!;
    const x0 = around[3]!;
    const x1 = around[4]!;
    const y0 = around[5]!;
    const y1 = around[6]!;
    const reach2 = reach * reach;
    const factions = sim.factions;
    const fi = a.faction[i]!;
    // People take for their threat what they avoid; the human stack also what it hunts (and fights).
    const humanStack = STACK_OF_STATE[a.state[i]!] === STACK_HUMAN;
    const threats = humanStack ? factions.hostile : factions.avoids;
    const threatBits = humanStack ? REL_HUNTS | REL_AVOIDS : REL_AVOIDS;
    const relation = factions.relation;
    const row = fi << 8;
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let ky = y0; ky <= y1; ky++) {
      // Chunks wholly out of reach are passed over: every hunter in them would be.
      const gapY2 = gapToChunk(cy, ky) ** 2;
      if (gapY2 > reach2) continue;
      const rowBase = (f * sim.places.chunkRows + ky) * sim.places.chunkColumns;
      for (let kx = x0; kx <= x1; kx++) {
        if (gapToChunk(cx, kx) ** 2 + gapY2 > reach2) continue;
        for (let z = sim.places.hunterHead[rowBase + kx]!; z >= 0; z = a.chunkNext[z]!) {
          const rel = relation[row | a.faction[z]!]!;
          if ((rel & (threatBits | REL_HUNTED_BY)) === 0) continue;
          const threat = (rel & threatBits) !== 0;
          const prey = (rel & REL_HUNTED_BY) !== 0;
          const zc = a.cell[z]!;
          const zr = zc - f * plane;
          const dx = (zr % w) - cx;
          const dy = ((zr / w) | 0) - cy;
          const d2 = dx * dx + dy * dy;
          if (d2 > reach2) continue;
          const d = Math.sqrt(d2);
          // What a sight of z would change: a nearer threat for i, or i seen by z. When neither
          // could happen the (pure, costly) line of sight is not traced: nothing else reads it.
          const nearerThreat = threat && d <= mine && d < bestD;
          const seenBack = prey && d <= (a.sight[z]! * factor) / cellSize;
          if (!nearerThreat && !seenBack) continue;
          if (zc !== c && !lineOfSight(b, c, zc)) continue;
          if (nearerThreat) {
            best = z;
            bestD = d;
          }
          if (seenBack) {
            const t = a.target[z]!;
            if (t < 0 || t === i || d < a.targetDist[z]! || a.seenTick[z]! < sim.tick - 1) {
              a.target[z] = i;
              a.targetDist[z] = d;
            }
            if (a.target[z] === i) {
              a.targetCell[z] = c;
              a.seenTick[z] = sim.tick;
              sim.wake(z);
            }
          }
        }
      }
    }
    if ((humanStack ? factions.watchesPeople : factions.fearsPeople)[fi] === 1) {
      // A threat among the people (those who look around), in sight of person i only.
      const mine2 = mine * mine;
      for (let ky = y0; ky <= y1; ky++) {
        const gapY2 = gapToChunk(cy, ky) ** 2;
        if (gapY2 > mine2) continue;
        const rowBase = (f * sim.places.chunkRows + ky) * sim.places.chunkColumns;
        for (let kx = x0; kx <= x1; kx++) {
          if (gapToChunk(cx, kx) ** 2 + gapY2 > mine2) continue;
          for (let j = sim.places.peopleHead[rowBase + kx]!; j >= 0; j = a.chunkNext[j]!) {
            if (j === i || threats[row | a.faction[j]!] !== 1) continue;
            const jc = a.cell[j]!;
            const jr = jc - f * plane;
            const dx = (jr % w) - cx;
            const dy = ((jr / w) | 0) - cy;
            const d2 = dx * dx + dy * dy;
            if (d2 > mine2 || d2 >= bestD * bestD) continue;
            if (jc !== c && !lineOfSight(b, c, jc)) continue;
            best = j;
            bestD = Math.sqrt(d2);
          }
        }
      }
    }
    const had = a.threat[i]!;
    a.threat[i] = best;
    a.threatDist[i] = bestD * cellSize;
    if (best >= 0) {
      sim.wake(i);
      if (asleep) needs!.asleep[i] = 0;
      // What they avoid frightens them; what they only hunt does not.
      if (factions.avoids[row | a.faction[best]!] === 1) {
        if (had < 0) sim.hooks.sight(i, a.state[i]!, best);
        if (a.alarmed[i] === 0) this.alarm(i, true, ALARMED_BY_SIGHT, best);
      }
    } else if (a.alarmed[i] === 0) {
      // What they hear may alarm them (`alarmBy`), and someone in the room who saw a zombie alarms
      // the others (by cohesion).
      const r = b.room[c]!;
      const sound = sim.sound!;
      if (sound.heard(c, hearing, sim.tick)) {
        this.alarmBy(i, sound.kind[c]!);
      } else if (r >= 0 && sim.roomAlarm[r]! > sim.tick - 30 && sim.stream.next() < a.cohesion[i]!)
        this.alarm(i, true, ALARMED_BY_ROOM);
    } else if (asleep && sim.sound!.heard(c, hearing, sim.tick)) this.wakeBy(i, sim.sound!.kind[c]!);
  }

  /** A sleeper hears something: a scream, a whistle or the fire alarm wakes them. */
  private wakeBy(i: number, what: number): void {
    if (what !== SCREAM && what !== ALARM && what !== WHISTLE) return;
    this.sim.needs!.asleep[i] = 0;
    this.sim.wake(i);
  }

  /**
   * Person i becomes alarmed: its room is alarmed too, and the units of its stack answer (the
   * `shelter` unit makes a plan). The log gets what alarmed them (`how`: a sound kind,
   * `ALARMED_BY_SIGHT` of zombie `seen`, or `ALARMED_BY_ROOM`) and the plan they made.
   */
  alarm(i: number, sawZombie: boolean, how: number, seen = -1): void {
    this.raise(i, sawZombie);
    this.logAlarm(i, how, seen);
  }

  private logAlarm(i: number, how: number, seen: number): void {
    const sim = this.sim;
    sim.log.note(sim.time, EV_ALARM, i, seen, sim.a.cell[i]!, alarmDetail(how, sim.a.plan[i]!));
  }

  private raise(i: number, sawZombie: boolean): void {
    const sim = this.sim;
    const a = sim.a;
    a.alarmed[i] = 1;
    a.alarmedAt[i] = sim.time;
    sim.wake(i);
    if (sim.needs !== undefined) sim.needs.asleep[i] = 0;
    const r = sim.b!.room[a.cell[i]!]!;
    if (r >= 0) sim.roomAlarm[r] = sim.tick;
    sim.hooks.alarm(i, a.state[i]!, sawZombie);
  }

  /**
   * Person i hears something. A scream, a whistle or the fire alarm alarms them. The broadcast of
   * an attack makes them panic and run for an exit with the broadcast's `panic` chance (the others
   * freeze, uneasy, and carry on). Voices, phones, bangs and fights do not alarm.
   */
  private alarmBy(i: number, what: number): void {
    const sim = this.sim;
    // Voices, phones, bangs and the noise of fights are not alarming; a scream is.
    if (what !== SCREAM && what !== SPEAKER && what !== ALARM && what !== WHISTLE) return;
    if (what === SCREAM) {
      this.alarm(i, false, SCREAM);
      return;
    }
    if (what === SPEAKER) {
      // The broadcast of an attack: some panic and run for the gates; the rest freeze, uneasy
      // (each decides once).
      if (sim.a.froze[i] === 1 || sim.time >= sim.broadcastUntil) return;
      if (sim.stream.next() < sim.broadcastPanic) {
        this.raise(i, true);
        sim.a.plan[i] = PLAN_LEAVE;
        sim.a.goal[i] = -1;
        this.logAlarm(i, SPEAKER, -1);
      } else sim.a.froze[i] = 1;
      return;
    }
    this.alarm(i, true, what);
  }

  /**
   * Where cell c stands (floor f, column cx, row cy) and the chunks within `reach` cells of it on
   * its floor (columns x0 … x1, rows y0 … y1), as [f, cx, cy, x0, x1, y0, y1] in a reused array.
   */
  chunksAround(c: number, reach: number): Int32Array {
    const sim = this.sim;
    const b = sim.b!;
    const f = (c / b.plane) | 0;
    const rest = c - f * b.plane;
    const cx = rest % b.width;
    const cy = (rest / b.width) | 0;
    const out = this.around;
    out[0] = f;
    out[1] = cx;
    out[2] = cy;
    out[3] = Math.max(0, ((cx - reach) / CHUNK) | 0);
    out[4] = Math.min(sim.places.chunkColumns - 1, ((cx + reach) / CHUNK) | 0);
    out[5] = Math.max(0, ((cy - reach) / CHUNK) | 0);
    out[6] = Math.min(sim.places.chunkRows - 1, ((cy + reach) / CHUNK) | 0);
    return out;
  }
}

/** The distance in cells from column (or row) v to the nearest column (row) of chunk k: 0 inside it. */
function gapToChunk(v: number, k: number): number {
  const low = k * CHUNK;
  const high = low + CHUNK - 1;
  return v < low ? low - v : v > high ? v - high : 0;
}
