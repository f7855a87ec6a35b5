import { Cell, FIELD_MOST, FIELD_UNIT, Flag, stairFieldCost } from '../../scenario/compiled-world.js';
import { BucketQueue } from './bucket-queue.js';
import { BARRICADE_EXTRA, type Building } from './building.js';

/** Unreachable, in a distance field. */
export const FAR = FIELD_MOST + 1;
/** Field units per cell of straight walking; a diagonal step costs 3 (≈ 2√2). */
export const UNIT = FIELD_UNIT;
const DIAGONAL = 3;

/** For diagonal steps 4 … 7 (−w−1, −w+1, w−1, w+1): bits of the straight steps (−1, +1, −w, +w) that must be open. */
const DIAGONAL_NEEDS = Uint8Array.of(0, 0, 0, 0, 0b0101, 0b0110, 0b1001, 0b1010);

/** Whose legs a field is for: people open shut doors; zombies pass only open ones. */
export const PEOPLE = 0;
export const ZOMBIES = 1;

/**
 * Dijkstra maps (distance fields) over the multi-floor grid, by Dial's algorithm: integer costs in
 * half-metre units, a ring of buckets holding linked lists of cells. `solve` writes the walking
 * distance from the nearest source into a Uint16Array, out to a limit, and remembers which cells it
 * wrote so the next solve of the same field resets only those. Nothing is allocated per solve
 * unless the node pool must grow.
 */
export class FieldSolver {
  private readonly b: Building;
  private readonly stairCost: number;
  private readonly queue: BucketQueue;
  private readonly offsets: Int32Array;
  private readonly costs: Uint8Array;

  constructor(building: Building, stairsMetres: number) {
    this.b = building;
    this.stairCost = stairFieldCost(stairsMetres, building.cellSize);
    this.queue = new BucketQueue(Math.max(this.stairCost, DIAGONAL + BARRICADE_EXTRA) + 1, 1 << 16);
    const w = building.width;
    this.offsets = Int32Array.of(-1, 1, -w, w, -w - 1, -w + 1, w - 1, w + 1);
    this.costs = Uint8Array.of(UNIT, UNIT, UNIT, UNIT, DIAGONAL, DIAGONAL, DIAGONAL, DIAGONAL);
  }

  /** The extra cost of entering cell c on these legs, or −1 if it cannot be entered. */
  entry(c: number, legs: number): number {
    return this.b.legCost[legs]![c]!;
  }

  /**
   * Writes into `out` the distance (field units) from the nearest of `sources[0 .. count)` to every
   * cell within `limit`. Cells written by the previous solve into `out` are listed in
   * `touched[0 .. touchedCount)`; they are reset first. Returns the new touched count.
   */
  solve(
    out: Uint16Array,
    touched: Int32Array,
    touchedCount: number,
    sources: ArrayLike<number>,
    count: number,
    legs: number,
    limit: number,
  ): number {
    for (let k = 0; k < touchedCount; k++) out[touched[k]!] = FAR;
    const b = this.b;
    const kind = b.kind;
    const flags = b.flags;
    const plane = b.plane;
    const queue = this.queue;
    const offsets = this.offsets;
    const costs = this.costs;
    const stairCost = this.stairCost;
    const cost = b.legCost[legs]!;
    queue.clear();
    let written = 0;
    for (let s = 0; s < count; s++) {
      const c = sources[s]!;
      if (out[c] === 0) continue;
      out[c] = 0;
      touched[written++] = c;
      queue.push(0, c);
    }
    for (let d = 0; queue.size > 0; d++) {
      for (let c = queue.pop(d); c >= 0; c = queue.pop(d)) {
        if (out[c] !== d) continue;
        // Straight steps, then diagonal ones where both straight cells beside them are open.
        let open = 0;
        for (let k = 0; k < 8; k++) {
          if (k >= 4 && (open & DIAGONAL_NEEDS[k]!) !== DIAGONAL_NEEDS[k]) continue;
          const n = c + offsets[k]!;
          const extra = cost[n]!;
          if (extra < 0) continue;
          if (k < 4) open |= 1 << k;
          const nd = d + costs[k]! + extra;
          if (nd > limit || nd >= out[n]!) continue;
          if (out[n] === FAR) touched[written++] = n;
          out[n] = nd;
          queue.push(nd, n);
        }
        const bits = flags[c]!;
        if (bits !== 0 && kind[c] === Cell.FLOOR) {
          if (bits & 1) {
            const n = c + plane;
            const nd = d + stairCost;
            if (nd <= limit && nd < out[n]! && (flags[n]! & Flag.STAIRS_DOWN) !== 0) {
              if (out[n] === FAR) touched[written++] = n;
              out[n] = nd;
              queue.push(nd, n);
            }
          }
          if (bits & 2) {
            const n = c - plane;
            const nd = d + stairCost;
            if (nd <= limit && nd < out[n]! && (flags[n]! & Flag.STAIRS_UP) !== 0) {
              if (out[n] === FAR) touched[written++] = n;
              out[n] = nd;
              queue.push(nd, n);
            }
          }
        }
      }
      if (d > limit) break;
    }
    return written;
  }
}

/**
 * One named distance field: its values, the cells it wrote, and the door version and time it was
 * computed at, so that it is recomputed when doors change, at most once every `minInterval` ticks.
 */
export class Field {
  readonly values: Uint16Array;
  readonly touched: Int32Array;
  touchedCount = 0;
  doorVersion = -1;
  computedTick = -1_000_000;

  constructor(cells: number) {
    this.values = new Uint16Array(cells).fill(FAR);
    this.touched = new Int32Array(cells);
  }
}
