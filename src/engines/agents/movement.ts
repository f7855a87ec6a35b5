import { Cell, Flag } from '../../scenario/compiled-world.js';
import { DOOR_BROKEN, DOOR_CLOSED, DOOR_OPEN } from './building.js';
import { EV_BREACH, EV_EXIT } from './event-log.js';
import type { Sim } from './sim.js';
import { HUNTS } from './states.js';

// How `walk` scores a neighbouring cell (lower is better).
/** Down a distance field. */
const WALK_FIELD = 0;
/** Towards a target cell (squared distance). */
const WALK_TOWARD = 1;
/** Away from a cell (minus the squared distance), preferring the way to a refuge. */
const WALK_AWAY = 2;
/** Towards the loudest sound heard. */
const WALK_SOUND = 3;

// What `canEnter` answers; a blocking shut door d is −1 − d (for zombies).
/** No: a wall, a sealed exit, or a full cell. */
const ENTER_NO = 0;
/** Yes, by a step. */
const ENTER_YES = 1;
/** After opening a shut door (people). */
const ENTER_OPENING = 2;
/** After taking down one's own room's barricade. */
const ENTER_UNBARRICADING = 3;

/** Neighbour directions 0 … 7 lie on the floor (4 … 7 diagonal); 8 and 9 go up and down the stairs. */
const FIRST_DIAGONAL = 4;
const STAIRS_UP_DIRECTION = 8;
const DIRECTIONS = 10;

/**
 * Movement in a building. A walker spends speed × dt metres a tick (plus what it saved), one cell
 * at a time: 1 cell straight, √2 diagonally, the stairs' length up or down.
 */
export class Walker {
  /** Cell offsets of the eight neighbours on a floor, directions 0 … 7: W, E, N, S, NW, NE, SW, SE. */
  private readonly offsets: Int32Array;

  constructor(private readonly sim: Sim) {
    const w = sim.b?.width ?? 0;
    this.offsets = Int32Array.of(-1, 1, -w, w, -w - 1, -w + 1, w - 1, w + 1);
  }

  /** Moves agent i into neighbouring cell n; an exit cell takes it off the map. */
  stepTo(i: number, n: number): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    const c = a.cell[i]!;
    const s = a.state[i]!;
    sim.places.occupancy[c]!--;
    sim.places.occupancy[n]!++;
    a.cell[i] = n;
    const k = sim.places.chunkOfCell[n]!;
    if (a.chunk[i]! >= 0 && a.chunk[i] !== k) {
      sim.places.unlink(i, s);
      sim.places.link(i);
    }
    if (HUNTS[s] === 1) {
      const r0 = b.room[c]!;
      const r1 = b.room[n]!;
      if (r0 !== r1) {
        if (r0 >= 0) sim.places.roomHunters[r0]!--;
        if (r1 >= 0) sim.places.roomHunters[r1]!++;
      }
    } else if (sim.factions.prey[a.faction[i]!] === 1) sim.places.scentVersion++;
    if (b.kind[n] === Cell.EXIT) this.leave(i, b.roomExit[b.room[n]!]!);
  }

  /** Agent i leaves the map through exit e. */
  leave(i: number, e: number): void {
    const sim = this.sim;
    const c = sim.a.cell[i]!;
    sim.registry.leave(i, e);
    sim.log.add(sim.time, EV_EXIT, i, -1, c, e);
    if (HUNTS[sim.a.state[i]!] === 1 && sim.time < sim.exitReachedAt[e]!) sim.exitReachedAt[e] = sim.time;
  }

  /**
   * Whether agent i may enter cell n: `ENTER_YES`, `ENTER_NO` (a wall, or full), `ENTER_OPENING` a
   * shut door, `ENTER_UNBARRICADING` its own room's barricade, or −1 − d: blocked by shut door d
   * (for zombies).
   */
  private canEnter(i: number, n: number, people: boolean): number {
    const sim = this.sim;
    const b = sim.b!;
    const k = b.kind[n]!;
    if (k === Cell.FLOOR) return sim.places.occupancy[n]! < sim.places.capacity ? ENTER_YES : ENTER_NO;
    if (k === Cell.EXIT) {
      const e = b.roomExit[b.room[n]!]!;
      return b.exitSealed[e] === 1 ? ENTER_NO : ENTER_YES;
    }
    if (k === Cell.DOOR || k === Cell.LOCKED) {
      const d = b.doorAt[n]!;
      const s = b.doorState[d]!;
      if (s === DOOR_OPEN || s === DOOR_BROKEN)
        return sim.places.occupancy[n]! < sim.places.capacity ? ENTER_YES : ENTER_NO;
      if (people && s === DOOR_CLOSED) {
        if (b.barricadeHp[d]! <= 0) return ENTER_OPENING;
        return b.barricadeSide[d] === b.room[sim.a.cell[i]!] ? ENTER_UNBARRICADING : ENTER_NO;
      }
      return people ? ENTER_NO : -1 - d;
    }
    return ENTER_NO;
  }

  /** Steps cost in metres: straight, diagonal. */
  private stepCost(k: number): number {
    const sim = this.sim;
    return k < FIRST_DIAGONAL ? sim.b!.cellSize : sim.b!.cellSize * Math.SQRT2;
  }

  /**
   * Walks agent i down a distance field at `speed` m/s: each step to the neighbour with the
   * lowest value below the current one (people open shut doors on the way; a shut door in a
   * zombie's way is noted as blocking it). Returns the number of steps taken.
   */
  walkField(i: number, values: Uint16Array, speed: number, people: boolean): number {
    return this.walk(i, WALK_FIELD, values, -1, speed, people);
  }

  /** Walks agent i straight at cell `target` on its floor (greedy, around what it can). */
  walkToward(i: number, target: number, speed: number, people: boolean): number {
    return this.walk(i, WALK_TOWARD, undefined, target, speed, people);
  }

  /** Walks agent i away from cell `from`, preferring the way to a refuge. */
  walkAway(i: number, from: number, speed: number): number {
    return this.walk(i, WALK_AWAY, this.sim.refuge().values, from, speed, true);
  }

  /** Walks agent i towards the loudest sound it hears. */
  walkSound(i: number, speed: number): number {
    return this.walk(i, WALK_SOUND, undefined, -1, speed, false);
  }

  private walk(
    i: number,
    mode: number,
    values: Uint16Array | undefined,
    target: number,
    speed: number,
    people: boolean,
  ): number {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    const w = b.width;
    const plane = b.plane;
    const offsets = this.offsets;
    let budget = a.carry[i]! + speed * sim.dt;
    let steps = 0;
    const tick = sim.tick;
    const sound = sim.sound!;
    let tx = 0;
    let ty = 0;
    if (target >= 0) {
      const tr = target % plane;
      tx = tr % w;
      ty = (tr / w) | 0;
    }
    while (a.away[i] === 0) {
      const c = a.cell[i]!;
      let here: number;
      if (mode === WALK_FIELD) here = values![c]!;
      else if (mode === WALK_SOUND) here = sound.level(c, tick);
      else {
        // Only these two read the column and row (a division each: not for the fields' walkers).
        const cr = c % plane;
        const cx = cr % w;
        const cy = (cr / w) | 0;
        const d2 = (cx - tx) * (cx - tx) + (cy - ty) * (cy - ty);
        here = mode === WALK_TOWARD ? d2 : -d2;
      }
      let best = -1;
      let bestScore = here;
      let bestCost = 0;
      let bestKind = 0;
      let door = -1;
      let doorScore = here;
      for (let k = 0; k < DIRECTIONS; k++) {
        let n: number;
        if (k < 8) {
          n = c + offsets[k]!;
        } else {
          if (mode === WALK_TOWARD || mode === WALK_AWAY || b.kind[c] !== Cell.FLOOR) continue;
          const bits = b.flags[c]!;
          if (k === STAIRS_UP_DIRECTION) {
            if ((bits & Flag.STAIRS_UP) === 0) continue;
            n = c + plane;
          } else {
            if ((bits & Flag.STAIRS_DOWN) === 0) continue;
            n = c - plane;
          }
        }
        let score: number;
        if (mode === WALK_FIELD) score = values![n]!;
        else if (mode === WALK_SOUND) score = sound.level(n, tick);
        else {
          const nr = n % plane;
          const nx = nr % w;
          const ny = (nr / w) | 0;
          const d2 = (nx - tx) * (nx - tx) + (ny - ty) * (ny - ty);
          // Away: further is better; among equals, the way to a refuge (a tie-break below 0.5).
          score = mode === WALK_TOWARD ? d2 : -d2 + Math.min(values![n]!, 999) * 0.0005;
        }
        if (score >= bestScore) continue;
        const enter = this.canEnter(i, n, people);
        if (enter < 0) {
          if (!people && score < doorScore) {
            door = -1 - enter;
            doorScore = score;
          }
          continue;
        }
        if (enter === ENTER_NO) continue;
        if (k >= FIRST_DIAGONAL && k < STAIRS_UP_DIRECTION) {
          const v = k < 6 ? -w : w;
          const hz = k === 4 || k === 6 ? -1 : 1;
          if (!b.standable(c + v) || !b.standable(c + hz)) continue;
        }
        best = n;
        bestScore = score;
        bestCost = k < STAIRS_UP_DIRECTION ? this.stepCost(k) : sim.stairsMetres;
        bestKind = enter;
      }
      if (door >= 0 && doorScore < bestScore) {
        // A shut door is the way: remember it (for the barricade breaker) and push against it.
        this.bump(i, door);
        budget = 0;
        break;
      }
      if (best < 0) {
        budget = 0;
        break;
      }
      if (bestKind === ENTER_UNBARRICADING) {
        // Taking one's own barricade down: the furniture goes back into the room, a metre a piece.
        const d = b.doorAt[best]!;
        const r = b.barricadeSide[d]!;
        b.roomFurniture[r]! += b.barricadePieces[d]!;
        budget -= b.cellSize * b.barricadePieces[d]!;
        b.barricadePieces[d] = 0;
        b.barricadeHp[d] = 0;
        b.barricadeSide[d] = -1;
        b.touchDoor(d);
        if (budget < 0) break;
        continue;
      }
      if (bestKind === ENTER_OPENING) {
        // Opening a shut door takes this step.
        sim.setDoor(b.doorAt[best]!, DOOR_OPEN, i);
        budget -= b.cellSize;
        if (budget < 0) break;
        continue;
      }
      if (budget < bestCost) break;
      budget -= bestCost;
      this.stepTo(i, best);
      steps++;
    }
    a.carry[i] = Math.max(0, Math.min(budget, sim.stairsMetres + 2));
    return steps;
  }

  /**
   * One step of agent i in direction `dir` (0 … 9: eight directions, then up and down the stairs),
   * or in a random one if `dir` is −1 or the step cannot be taken (then no step this tick). Exit
   * cells only if `exits`. Returns the direction to keep, or −1 after a failed step.
   */
  randomStep(i: number, exits: boolean, dir: number): number {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    const c = a.cell[i]!;
    const w = b.width;
    const offsets = this.offsets;
    const k = dir >= 0 ? dir : (sim.stream.next() * DIRECTIONS) | 0;
    let n: number;
    if (k < 8) {
      n = c + offsets[k]!;
      if (k >= 4) {
        const v = k < 6 ? -w : w;
        const hz = k === 4 || k === 6 ? -1 : 1;
        if (!b.standable(c + v) || !b.standable(c + hz)) return -1;
      }
    } else {
      if (b.kind[c] !== Cell.FLOOR) return -1;
      const bits = b.flags[c]!;
      if (k === 8 && bits & Flag.STAIRS_UP) n = c + b.plane;
      else if (k === 9 && bits & Flag.STAIRS_DOWN) n = c - b.plane;
      else return -1;
    }
    if (!exits && b.kind[n] === Cell.EXIT) return -1;
    const enter = this.canEnter(i, n, false);
    if (enter < 0) this.bump(i, -1 - enter);
    if (enter !== ENTER_YES) return -1;
    this.stepTo(i, n);
    // Stairs are one step: a new direction after them.
    return k < 8 ? k : -1;
  }

  /**
   * A zombie pushes against shut door d: it is noted as blocking the zombie (see break-barricade),
   * and a door with no barricade gives way under the push (strength × dt a tick): its glass breaks.
   */
  bump(i: number, d: number): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    a.blockedDoor[i] = d;
    a.blockedTick[i] = sim.tick;
    if (b.doorState[d] !== DOOR_CLOSED || b.barricadeHp[d]! > 0) return;
    b.doorHp[d]! -= a.strength[i]! * sim.dt;
    if (b.doorHp[d]! <= 0) {
      b.setDoor(d, DOOR_BROKEN);
      sim.log.add(sim.time, EV_BREACH, i, -1, a.cell[i]!, d);
    }
  }

  /** Chebyshev distance in cells between two agents on the same floor (Infinity otherwise). */
  cellDistance(i: number, j: number): number {
    const sim = this.sim;
    const b = sim.b!;
    const ci = sim.a.cell[i]!;
    const cj = sim.a.cell[j]!;
    if (sim.a.away[i] !== 0 || sim.a.away[j] !== 0) return Number.POSITIVE_INFINITY;
    const plane = b.plane;
    if (((ci / plane) | 0) !== ((cj / plane) | 0)) return Number.POSITIVE_INFINITY;
    const w = b.width;
    const ri = ci % plane;
    const rj = cj % plane;
    return Math.max(Math.abs((ri % w) - (rj % w)), Math.abs(((ri / w) | 0) - ((rj / w) | 0)));
  }

  /** True if agents i and j stand in reach: the same cell, or neighbours with nothing between. */
  inReach(i: number, j: number): boolean {
    const sim = this.sim;
    const d = this.cellDistance(i, j);
    if (d === 0) return true;
    if (d > 1) return false;
    const b = sim.b!;
    const ci = sim.a.cell[i]!;
    const cj = sim.a.cell[j]!;
    const w = b.width;
    const diff = cj - ci;
    if (diff === 1 || diff === -1 || diff === w || diff === -w) return true;
    // Diagonal: one of the two cells beside it must be open.
    const v = diff < 0 ? -w : w;
    const hz = diff === -w - 1 || diff === w - 1 ? -1 : 1;
    return b.standable(ci + v) || b.standable(ci + hz);
  }
}
