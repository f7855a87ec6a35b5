import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { Arena } from './arena.js';

/**
 * A binary min-heap of the cells' next-event times, for the next-subvolume method. The times sit
 * in heap order in a `Float64Array` beside the cell of each slot (`Int32Array`), so a sift reads
 * the keys it compares without an indirection; `position` maps a cell to its slot, so the time of
 * any cell changes in O(log cells). All storage is typed arrays allocated once.
 *
 * Tried on W1 and slower than this one: a 4-ary heap with each time beside its cell in one
 * 16-byte entry, so that a node's children share a cache line (about 10%); this binary heap with
 * such 16-byte entries (one buffer seen as Float64Array and Int32Array; about 10%); a 4-ary heap
 * of these separate arrays (about 15%). Floyd's bottom-up sift for the fired cell's later time
 * (the hole to a leaf, one comparison a level, then the time rises) was no faster on W1 and 20%
 * slower on Alemi's US grid, whose heap is mostly cells waiting at ∞: the hole sinks through
 * them and the time climbs nearly all the way back. Choosing the earlier child without a branch
 * (`child += Number(time[child + 1] < time[child])`) in the top 10 levels, which stay in the
 * cache, and with one below, where a predicted branch starts the next level's reads early: 10%
 * faster in a heap-only benchmark, no faster on W1 (0.94–1.01×). Wholly branchless is slower
 * than this heap from 2¹⁸ cells, and looking two levels ahead (reading the 4 grandchildren with
 * the 2 children) is 10% slower.
 */
export class CellHeap {
  /** time[slot]: the next-event time of the cell in that slot (∞ for a cell with no events). */
  readonly time: Float64Array;
  /** cell[slot]: the cell in that slot. */
  readonly cell: Int32Array;
  /** position[cell]: its slot. */
  readonly position: Int32Array;

  /** A heap of `size` cells, its arrays from `arena`. */
  constructor(size: number, arena = new Arena()) {
    this.time = arena.f64(size);
    this.cell = arena.i32(size);
    this.position = arena.i32(size);
  }

  /** The earliest next-event time. */
  topTime(): number {
    return this.time[0]!;
  }

  /** The cell with the earliest next-event time (ties: any of them). */
  topCell(): number {
    return this.cell[0]!;
  }

  /** The next-event time of cell k. */
  timeOf(k: number): number {
    return this.time[this.position[k]!]!;
  }

  /** Builds the heap from the time of each cell, `times[k]`, in O(cells). */
  build(times: Float64Array): void {
    const size = this.cell.length;
    for (let k = 0; k < size; k++) {
      this.time[k] = times[k]!;
      this.cell[k] = k;
      this.position[k] = k;
    }
    for (let slot = (size >> 1) - 1; slot >= 0; slot--)
      this.siftDown(slot, this.time[slot]!, this.cell[slot]!);
  }

  /** Sets the next-event time of cell k and restores the heap order. */
  update(k: number, t: number): void {
    const slot = this.position[k]!;
    const old = this.time[slot]!;
    if (t < old) this.siftUp(slot, t, k);
    else if (t > old) this.siftDown(slot, t, k);
  }

  /**
   * Sets the time of the cell at the top (the one that just fired) to t and restores the heap
   * order: `update(topCell(), t)` without looking up its slot.
   */
  replaceTop(t: number): void {
    this.siftDown(0, t, this.cell[0]!);
  }

  /** Sets the next-event time of cell k to t, no later than its time now, so that k only moves up. */
  advance(k: number, t: number): void {
    this.siftUp(this.position[k]!, t, k);
  }

  write(out: SnapshotWriter): void {
    out.array(this.time).array(this.cell).array(this.position);
  }

  read(from: SnapshotReader): void {
    from.arrayInto(this.time);
    from.arrayInto(this.cell);
    from.arrayInto(this.position);
  }

  private siftUp(slot: number, t: number, k: number): void {
    const { time, cell, position } = this;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const above = time[parent]!;
      if (above <= t) break;
      time[slot] = above;
      const c = cell[parent]!;
      cell[slot] = c;
      position[c] = slot;
      slot = parent;
    }
    time[slot] = t;
    cell[slot] = k;
    position[k] = slot;
  }

  private siftDown(slot: number, t: number, k: number): void {
    const { time, cell, position } = this;
    const size = time.length;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= size) break;
      let below = time[child]!;
      const right = child + 1;
      if (right < size) {
        const other = time[right]!;
        if (other < below) {
          child = right;
          below = other;
        }
      }
      if (below >= t) break;
      time[slot] = below;
      const c = cell[child]!;
      cell[slot] = c;
      position[c] = slot;
      slot = child;
    }
    time[slot] = t;
    cell[slot] = k;
    position[k] = slot;
  }
}
