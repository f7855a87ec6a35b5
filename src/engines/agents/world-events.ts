import type { WorldEventInput } from '../../scenario/compiled-world.js';
import { DOOR_LOCKED, DOOR_OPEN, OUTDOOR } from './building.js';
import { EV_WORLD } from './event-log.js';
import type { GroupPlans } from './group-plans.js';
import {
  ALARM,
  CAUSE_BOMB,
  PHONE,
  PLAN_GO,
  PLAN_LEAVE,
  PLAN_SHELTER,
  type Sim,
  SOUND_KINDS,
  SPEAKER,
} from './sim.js';
import { DEAD, HUMAN, IMMUNE, INFECTED } from './states.js';

/** A sound that lasts: re-made every `period` seconds from its cells until `until`. */
export interface LastingSound {
  cells: Int32Array;
  kind: number;
  until: number;
  next: number;
}

/**
 * The world events, in time order (ties keep the scenario's order; disabled ones never fire), and
 * the lasting sounds.
 */
export class WorldEvents {
  readonly times: Float64Array;
  readonly which: Int32Array;
  next = 0;
  readonly sounds: LastingSound[] = [];
  private readonly groupIndex: Map<string, number>;

  constructor(
    private readonly events: readonly WorldEventInput[],
    private readonly sim: Sim,
    groupNames: readonly string[],
  ) {
    const firings: [number, number][] = [];
    events.forEach((e, k) => {
      if (!e.enabled) return;
      for (const t of typeof e.at === 'number' ? [e.at] : e.at) firings.push([t, k]);
    });
    firings.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    this.times = Float64Array.from(firings, (f) => f[0]);
    this.which = Int32Array.from(firings, (f) => f[1]);
    this.groupIndex = new Map(groupNames.map((g, k) => [g, k]));
  }

  /** Fires every world event due by time t. */
  fireDue(t: number): void {
    while (this.next < this.times.length && this.times[this.next]! <= t + 1e-9) {
      this.apply(this.which[this.next]!);
      this.next++;
    }
  }

  /** Re-makes the lasting sounds that are due this tick, and drops those that ended. */
  sustain(): void {
    const sim = this.sim;
    for (let k = 0; k < this.sounds.length; k++) {
      const s = this.sounds[k]!;
      if (sim.time >= s.until) {
        this.sounds.splice(k--, 1);
        continue;
      }
      if (sim.time + 1e-9 >= s.next) {
        sim.noise.from(s.cells, s.cells.length, s.kind);
        s.next += sim.world.perception.sound.period;
      }
    }
  }

  /** Fires world event k now (`fireDue` fires them on schedule; live control, at once). */
  apply(k: number): void {
    const sim = this.sim;
    const b = sim.b;
    const e = this.events[k]!;
    sim.log.add(sim.time, EV_WORLD, -1, -1, -1, k);
    if (b === undefined) return;
    const room = (name: string) => b.roomIndex.get(name) ?? -1;
    const rooms = (list: 'all' | readonly string[]): Set<number> =>
      new Set(
        list === 'all'
          ? Array.from({ length: b.roomCount }, (_, r) => r)
          : list.map(room).filter((r) => r >= 0),
      );
    const last = (cells: Int32Array, kind: number, duration: number) => {
      const sound = { cells, kind, until: sim.time + duration, next: sim.time };
      this.sounds.push(sound);
      sim.noise.from(cells, cells.length, kind);
      sound.next += sim.world.perception.sound.period;
    };
    if (e.broadcast) {
      last(b.speakers, SPEAKER, e.broadcast.duration);
      sim.broadcastPanic = e.broadcast.panic;
      sim.broadcastUntil = sim.time + e.broadcast.duration;
    }
    if (e['fire-alarm']) {
      last(b.speakers, ALARM, e['fire-alarm'].duration);
      for (let d = 0; d < b.doorCount; d++) if (b.doorState[d] === DOOR_LOCKED) sim.setDoor(d, DOOR_OPEN, -1);
    }
    if (e.lights) {
      for (const r of rooms(e.lights.rooms))
        if (b.roomKind[r] !== OUTDOOR) b.lightsOn[r] = e.lights.on ? 1 : 0;
    }
    for (const [list, sealed] of [
      [e.seal, 1],
      [e.unseal, 0],
    ] as const) {
      for (const name of list ?? []) {
        const x = b.roomExit[room(name)] ?? -1;
        if (x >= 0) b.sealExit(x, sealed === 1);
      }
    }
    if (e.bomb) {
      const hit = rooms(e.bomb.rooms);
      const a = sim.a;
      for (let i = 0; i < a.n; i++) {
        if (a.away[i] === 0 && a.state[i] !== DEAD && hit.has(b.room[a.cell[i]!]!))
          sim.kill(i, -1, CAUSE_BOMB);
      }
    }
    if (e.phones) {
      const a = sim.a;
      const ringing: number[] = [];
      for (let i = 0; i < a.n; i++) {
        const s = a.state[i]!;
        if ((s === HUMAN || s === INFECTED) && a.away[i] === 0 && sim.stream.next() < e.phones.share) {
          sim.noise.at(a.cell[i]!, PHONE, i);
          ringing.push(a.cell[i]!);
        }
      }
      if (e.phones.duration > 0 && ringing.length > 0) {
        const sound = {
          cells: Int32Array.from(ringing),
          kind: PHONE,
          until: sim.time + e.phones.duration,
          next: sim.time + sim.world.perception.sound.period,
        };
        this.sounds.push(sound);
      }
    }
    if (e.noise) {
      const r = room(e.noise.room);
      const kind = SOUND_KINDS.indexOf(e.noise.kind);
      const cells = Int32Array.of(b.roomAnchor[r]!);
      if (e.noise.duration > 0) last(cells, kind, e.noise.duration);
      else sim.noise.at(cells[0]!, kind, -1);
    }
    const groups = e.barricade?.groups ?? e.evacuate?.groups;
    if (groups !== undefined) {
      const wanted = new Set(
        groups === 'all' ? [...this.groupIndex.values()] : groups.map((g) => this.groupIndex.get(g)!),
      );
      const a = sim.a;
      const to = e.evacuate ? room(e.evacuate.to) : -1;
      for (let i = 0; i < a.n; i++) {
        const s = a.state[i]!;
        if ((s !== HUMAN && s !== INFECTED && s !== IMMUNE) || a.away[i] !== 0 || !wanted.has(a.group[i]!))
          continue;
        if (a.alarmed[i] === 0) a.alarmedAt[i] = sim.time;
        a.alarmed[i] = 1;
        sim.wake(i);
        if (e.evacuate) {
          a.plan[i] = PLAN_LEAVE;
          a.goal[i] = to;
        } else {
          const r = b.room[a.cell[i]!]!;
          if (sim.isRefuge(r)) {
            a.plan[i] = PLAN_SHELTER;
            a.goal[i] = r;
            // With strategies: the order is the team's decision, and where it shelters its base.
            if (sim.groupPlans !== undefined) ordered(sim.groupPlans, i, r);
          } else {
            a.plan[i] = PLAN_GO;
            a.goal[i] = a.home[i]!;
          }
        }
      }
    }
  }
}

/** Person i was ordered to barricade room r: their team knows, follows, and holds r (if it holds nothing yet). */
function ordered(plans: GroupPlans, i: number, r: number): void {
  const t = plans.team[i]!;
  if (t < 0 || plans.plan[t]! < 0) return;
  plans.known[t] = 1;
  plans.follows[i] = 1;
  if (plans.base[t]! < 0) plans.base[t] = r;
}
