import type { Agents } from './agents.js';
import type { Building } from './building.js';
import type { FactionTable } from './faction-table.js';
import type { Occupancy } from './registry.js';
import { DEAD, HUNTS, PERCEIVES } from './states.js';

/** Side of the square chunks that perception scans, in cells. */
export const CHUNK = 16;

/**
 * Who stands where in a building: the agents of each cell (`occupancy`, at most `capacity`), the
 * hunters and the people of each chunk (linked lists through `Agents.chunkNext`/`chunkPrev`, which
 * perception scans), the hunters of each room, and a version that changes whenever people move
 * (for the zombies' scent field). The registry keeps it right through `Occupancy`; walkers move
 * agents between cells. On an open plane it is empty.
 */
export class BuildingPlaces implements Occupancy {
  readonly occupancy: Uint8Array;
  readonly capacity: number;
  readonly chunkOfCell: Int32Array;
  readonly chunkColumns: number;
  readonly chunkRows: number;
  readonly hunterHead: Int32Array;
  readonly peopleHead: Int32Array;
  readonly roomHunters: Int16Array;
  /** Changes whenever people move, appear or vanish. */
  scentVersion = 0;

  constructor(
    private readonly a: Agents,
    private readonly b: Building | undefined,
    capacity: number,
    private readonly factions: FactionTable,
  ) {
    this.capacity = capacity;
    const cells = b?.cells ?? 0;
    this.occupancy = new Uint8Array(cells);
    this.chunkOfCell = new Int32Array(cells);
    this.chunkColumns = b ? Math.ceil(b.width / CHUNK) : 0;
    this.chunkRows = b ? Math.ceil(b.height / CHUNK) : 0;
    const chunks = b ? this.chunkColumns * this.chunkRows * b.floors : 0;
    if (b) {
      for (let c = 0; c < cells; c++) {
        const f = (c / b.plane) | 0;
        const rest = c - f * b.plane;
        const x = rest % b.width;
        const y = (rest / b.width) | 0;
        this.chunkOfCell[c] =
          (f * this.chunkRows + ((y / CHUNK) | 0)) * this.chunkColumns + ((x / CHUNK) | 0);
      }
    }
    this.hunterHead = new Int32Array(chunks).fill(-1);
    this.peopleHead = new Int32Array(chunks).fill(-1);
    this.roomHunters = new Int16Array(b?.roomCount ?? 0);
  }

  /** Puts agent i, in its present state, at cell c of the building (see `Occupancy`). */
  place(i: number, c: number): void {
    const a = this.a;
    a.cell[i] = c;
    this.occupancy[c]!++;
    this.link(i);
    if (HUNTS[a.state[i]!] === 1) {
      const r = this.b!.room[c]!;
      if (r >= 0) this.roomHunters[r]!++;
    }
  }

  /** Takes agent i, in its present state, off its cell of the building (see `Occupancy`). */
  remove(i: number): void {
    const a = this.a;
    const c = a.cell[i]!;
    const s = a.state[i]!;
    this.occupancy[c]!--;
    if (HUNTS[s] === 1) {
      const r = this.b!.room[c]!;
      if (r >= 0) this.roomHunters[r]!--;
    }
    this.unlink(i, s);
    if (this.factions.prey[a.faction[i]!] === 1) this.scentVersion++;
  }

  /** Agent i in the building changed state from `old` to `s` (see `Occupancy`). */
  changeState(i: number, old: number, s: number, oldFaction: number): void {
    const a = this.a;
    const prey = this.factions.prey;
    this.unlink(i, old);
    const r = this.b!.room[a.cell[i]!]!;
    if (r >= 0) this.roomHunters[r]! -= HUNTS[old]! - HUNTS[s]!;
    if (s === DEAD) this.occupancy[a.cell[i]!]!--;
    if (prey[oldFaction] === 1 || prey[a.faction[i]!] === 1) this.scentVersion++;
    if (s !== DEAD) this.link(i);
  }

  /** Links agent i into its chunk's hunter or people list (building), by its state. */
  link(i: number): void {
    const a = this.a;
    const s = a.state[i]!;
    const head = HUNTS[s] === 1 ? this.hunterHead : PERCEIVES[s] === 1 ? this.peopleHead : undefined;
    if (head === undefined) {
      a.chunk[i] = -1;
      return;
    }
    const k = this.chunkOfCell[a.cell[i]!]!;
    a.chunk[i] = k;
    a.chunkPrev[i] = -1;
    a.chunkNext[i] = head[k]!;
    if (head[k]! >= 0) a.chunkPrev[head[k]!] = i;
    head[k] = i;
  }

  /** Takes agent i, linked while in state s, out of its chunk list (building). */
  unlink(i: number, s: number): void {
    const a = this.a;
    const k = a.chunk[i]!;
    if (k < 0) return;
    const head = HUNTS[s] === 1 ? this.hunterHead : this.peopleHead;
    const prev = a.chunkPrev[i]!;
    const next = a.chunkNext[i]!;
    if (prev >= 0) a.chunkNext[prev] = next;
    else head[k] = next;
    if (next >= 0) a.chunkPrev[next] = prev;
    a.chunk[i] = -1;
  }
}
