import type { Agents } from './agents.js';
import type { Occupancy } from './registry.js';
import { DEAD, HUMAN, INFECTED, ZOMBIE } from './states.js';

/** Which cells `OpenPlane.indexPeople` lists: those near a zombie (zombies step one cell), or all. */
export const INDEX_NEAR = 0;
export const INDEX_ALL = 1;

/**
 * An open plane (Repast4Py's world): continuous positions clamped to [0, W) × [0, H), the cell of
 * an agent the floor of its position, and per cell its people and zombies in arrival order, kept
 * as agents move, arrive and change state.
 */
export class OpenPlane implements Occupancy {
  readonly width: number;
  readonly height: number;
  /**
   * The people (the latent infected included) and the zombies of each cell, kept as agents move.
   * Apart, so that zombies counting people and people counting zombies each read a small array.
   */
  readonly cellPeople: Int32Array;
  readonly cellZombies: Int32Array;
  /**
   * Per cell, rebuilt each tick by `indexPeople` for the cells zombies can reach: the first person
   * by arrival (`cellFirst`), and for `contact-bite` the list of its people (`cellLists`: head and
   * tail, linked through `Agents.cellNext`).
   */
  readonly cellFirst: Int32Array;
  readonly cellLists: Int32Array;
  /**
   * Zombies in the 3 × 3 block around each cell: 0 lets a human skip counting. Kept
   * apart from `cellZombies`, small, because every human reads it every tick.
   */
  readonly zombiesNear: Uint16Array;
  /** Whether `zombiesNear` is kept (until zombies outnumber people). */
  nearValid = true;
  /**
   * Stamps (tick mod 255, plus 1) of the cells within one of a person, the stamp they are for, and
   * its tick (or −1). One byte a cell, so that it stays in cache; a stamp 255 ticks old only costs
   * a zombie a full count.
   */
  private readonly nearPeople: Uint8Array;
  private markStamp = 0;
  private markTick = -1;
  /** Cells whose lists `indexPeople` filled last, to clear next time. */
  private readonly indexed: Int32Array;
  private indexedCount = 0;
  /** Arrivals in cells so far: the `arrived` stamps. */
  private arrivals = 0;

  constructor(
    private readonly a: Agents,
    width: number,
    height: number,
    private readonly clock: { readonly tick: number; readonly registry: { readonly counts: Float64Array } },
  ) {
    this.width = width;
    this.height = height;
    const openCells = width * height;
    this.cellPeople = new Int32Array(openCells);
    this.cellZombies = new Int32Array(openCells);
    this.cellFirst = new Int32Array(openCells).fill(-1);
    this.cellLists = new Int32Array(openCells * 2).fill(-1);
    this.zombiesNear = new Uint16Array(openCells);
    this.nearPeople = new Uint8Array(openCells);
    this.indexed = new Int32Array(openCells);
  }

  /**
   * Agent i arrives in cell c: it goes to the end of the cell's arrival order (its
   * `arrived` stamp is the next of the counter) and into its counts.
   */
  place(i: number, c: number): void {
    const a = this.a;
    a.cell[i] = c;
    a.arrived[i] = ++this.arrivals;
    const s = a.state[i]!;
    if (s === HUMAN || s === INFECTED) this.cellPeople[c]!++;
    else if (s === ZOMBIE) {
      this.cellZombies[c]!++;
      this.nearZombies(c, 1);
    }
  }

  /** Adds delta to the zombies counted near each cell of the 3 × 3 block around cell c. */
  private nearZombies(c: number, delta: number): void {
    if (!this.nearValid) return;
    const w = this.width;
    const h = this.height;
    const cx = c % w;
    const cy = (c / w) | 0;
    const x0 = cx > 0 ? cx - 1 : 0;
    const x1 = cx < w - 1 ? cx + 1 : w - 1;
    const y0 = cy > 0 ? cy - 1 : 0;
    const y1 = cy < h - 1 ? cy + 1 : h - 1;
    const near = this.zombiesNear;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) near[y * w + x]! += delta;
  }

  /** Takes agent i out of its cell's counts. */
  remove(i: number): void {
    const a = this.a;
    const c = a.cell[i]!;
    const s = a.state[i]!;
    if (s === HUMAN || s === INFECTED) this.cellPeople[c]!--;
    else if (s === ZOMBIE) {
      this.cellZombies[c]!--;
      this.nearZombies(c, -1);
    }
  }

  /**
   * Lists the people (the latent infected included) of each cell a zombie can reach this tick (a
   * cell near a zombie, or every cell for `INDEX_ALL`), in creation order (`people[0 .. count)` is
   * the human stack's list), for `infect-first` and `contact-bite`. People do not move while
   * zombies act, so the lists hold for the zombies' turn.
   *
   * Once zombies outnumber people, it also marks the 3 × 3 block around each person (`nearPeople`):
   * a zombie on an unmarked cell has nobody to count or bite, and skips the counting. From then on
   * the zombies-near counts are no longer kept (people count in full instead).
   */
  indexPeople(mode: number, people: Int32Array, count: number): void {
    const a = this.a;
    const first = this.cellFirst;
    const lists = this.cellLists;
    const near = this.zombiesNear;
    const touched = this.indexed;
    for (let k = 0; k < this.indexedCount; k++) {
      const c = touched[k]!;
      first[c] = -1;
      lists[2 * c] = -1;
      lists[2 * c + 1] = -1;
    }
    const all = mode === INDEX_ALL || !this.nearValid;
    const listed = mode === INDEX_ALL;
    const arrived = a.arrived;
    let cells = 0;
    let persons = 0;
    const next = a.cellNext;
    for (let k = 0; k < count; k++) {
      const i = people[k]!;
      const s = a.state[i]!;
      if (s !== HUMAN && s !== INFECTED) continue;
      persons++;
      const c = a.cell[i]!;
      if (!all && near[c] === 0) continue;
      const f = first[c]!;
      if (f < 0) {
        first[c] = i;
        touched[cells++] = c;
      } else if (arrived[i]! < arrived[f]!) first[c] = i;
      if (listed) {
        const tail = lists[2 * c + 1]!;
        next[i] = -1;
        if (tail >= 0) next[tail] = i;
        else lists[2 * c] = i;
        lists[2 * c + 1] = i;
      }
    }
    this.indexedCount = cells;
    this.markTick = -1;
    if (persons >= this.clock.registry.counts[ZOMBIE]!) return;
    this.nearValid = false;
    const mark = this.nearPeople;
    const w = this.width;
    const h = this.height;
    const stamp = (this.clock.tick % 255) + 1;
    for (let k = 0; k < count; k++) {
      const i = people[k]!;
      const s = a.state[i]!;
      if (s !== HUMAN && s !== INFECTED) continue;
      const c = a.cell[i]!;
      const cx = c % w;
      const cy = (c / w) | 0;
      for (let y = cy > 0 ? cy - 1 : 0; y <= (cy < h - 1 ? cy + 1 : h - 1); y++) {
        for (let x = cx > 0 ? cx - 1 : 0; x <= (cx < w - 1 ? cx + 1 : w - 1); x++) mark[y * w + x] = stamp;
      }
    }
    this.markStamp = stamp;
    this.markTick = this.clock.tick;
  }

  /** True if someone may be in the 3 × 3 block around cell c this tick (false only when known empty). */
  peopleNear(c: number): boolean {
    return this.markTick !== this.clock.tick || this.nearPeople[c] === this.markStamp;
  }

  /** The first person by arrival in cell c (indexed this tick), or −1. */
  firstPerson(c: number): number {
    return this.cellFirst[c]!;
  }

  /**
   * Moves agent i to (x, y), clamped as Repast4Py's sticky borders clamp (to W − 1e-8 at most); if
   * its cell changes it goes to the end of the new cell's arrival list.
   */
  move(i: number, x: number, y: number): void {
    const a = this.a;
    const w = this.width;
    // The old cell from the old position, not from `cell`: one memory line fewer per move.
    const old = this.cellOf(i);
    const cx = Math.max(0, Math.min(w - 1e-8, x));
    const cy = Math.max(0, Math.min(this.height - 1e-8, y));
    a.xy[2 * i] = cx;
    a.xy[2 * i + 1] = cy;
    const c = Math.floor(cy) * w + Math.floor(cx);
    if (c !== old) this.relink(i, c, old);
  }

  /** The cell under agent i's position: the same as `cell[i]`, read from `xy`. */
  cellOf(i: number): number {
    const xy = this.a.xy;
    return Math.floor(xy[2 * i + 1]!) * this.width + Math.floor(xy[2 * i]!);
  }

  /** Moves agent i from its cell to the end of cell c's arrival order. */
  relink(i: number, c: number, old = this.a.cell[i]!): void {
    const a = this.a;
    const s = a.state[i]!;
    if (s === ZOMBIE || s === HUMAN || s === INFECTED) {
      const counts = s === ZOMBIE ? this.cellZombies : this.cellPeople;
      counts[old]!--;
      counts[c]!++;
    }
    if (s === ZOMBIE) this.moveNear(old, c);
    a.cell[i] = c;
    // Only people's arrival order is ever read (the first person in a cell's list).
    if (s !== ZOMBIE) a.arrived[i] = ++this.arrivals;
  }

  /** A zombie moved from cell `from` to cell `to`: the near counts change only where the blocks differ. */
  private moveNear(from: number, to: number): void {
    if (!this.nearValid) return;
    const w = this.width;
    const h = this.height;
    const fx = from % w;
    const fy = (from / w) | 0;
    const tx = to % w;
    const ty = (to / w) | 0;
    const near = this.zombiesNear;
    // Each cell within one of `from` loses one, each within one of `to` gains one; the overlap nets 0.
    for (let y = Math.max(0, fy - 1); y <= Math.min(h - 1, fy + 1); y++) {
      for (let x = Math.max(0, fx - 1); x <= Math.min(w - 1, fx + 1); x++) {
        if (Math.abs(x - tx) <= 1 && Math.abs(y - ty) <= 1) continue;
        near[y * w + x]!--;
      }
    }
    for (let y = Math.max(0, ty - 1); y <= Math.min(h - 1, ty + 1); y++) {
      for (let x = Math.max(0, tx - 1); x <= Math.min(w - 1, tx + 1); x++) {
        if (Math.abs(x - fx) <= 1 && Math.abs(y - fy) <= 1) continue;
        near[y * w + x]!++;
      }
    }
  }

  /** Agent i, on the plane, changes state from old to s: its cell's counts follow. */
  changeState(i: number, old: number, s: number): void {
    const a = this.a;
    const c = a.cell[i]!;
    if (old === HUMAN || old === INFECTED) this.cellPeople[c]!--;
    else if (old === ZOMBIE) {
      this.cellZombies[c]!--;
      this.nearZombies(c, -1);
    }
    if (s === HUMAN || s === INFECTED) this.cellPeople[c]!++;
    else if (s === ZOMBIE) {
      this.cellZombies[c]!++;
      this.nearZombies(c, 1);
    }
    if (s === DEAD) {
      // Out of the cell's list (its counts were settled above, as for the dead).
      a.state[i] = DEAD;
      this.remove(i);
    }
  }
}
