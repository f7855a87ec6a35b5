import { EV_ENTER } from './event-log.js';
import type { Sim } from './sim.js';
import { KEEPS_MIND } from './states.js';

/**
 * Where the named characters go in a building: once a tick, each named character who still has a mind (human,
 * infected, immune or immortal) and is on the map gets an `enter` entry in the log when they stand in
 * another room than last logged, or on another floor (door cells, in no room, count only for a
 * floor change), and each gets one for their place at the start. Only named characters, so the log stays
 * small; it reads state and draws no random number, so the run is the same with it or without.
 */
export class Whereabouts {
  /** The agent of each named character on the map or gone from it (those yet to arrive come later). */
  private readonly agents: Int32Array;
  private count = 0;
  /** The room (or −1) and floor each was last logged in; −1 for not yet. */
  private readonly room: Int32Array;
  private readonly floor: Int32Array;

  constructor(private readonly sim: Sim) {
    const a = sim.a;
    // Room for every slot: a character may arrive during the run (`add`).
    this.agents = new Int32Array(a.capacity);
    this.room = new Int32Array(a.capacity).fill(-1);
    this.floor = new Int32Array(a.capacity).fill(-1);
    for (let i = 0; i < a.n; i++) if (a.character[i]! >= 0) this.agents[this.count++] = i;
    this.update();
  }

  /** Named character i arrived during the run: logged from the next `update` on. */
  add(i: number): void {
    this.agents[this.count++] = i;
  }

  /** Logs each named character whose room or floor changed since the last call (all, the first time). */
  update(): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    for (let k = 0; k < this.count; k++) {
      const i = this.agents[k]!;
      if (a.away[i] !== 0 || KEEPS_MIND[a.state[i]!] !== 1) continue;
      const c = a.cell[i]!;
      const r = b.room[c]!;
      const f = b.floorOf(c);
      if (f === this.floor[k] && (r < 0 || r === this.room[k])) continue;
      this.room[k] = r;
      this.floor[k] = f;
      sim.log.note(sim.time, EV_ENTER, i, -1, c, 0);
    }
  }
}
