import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';

/** Children per node: a 4-ary heap is half as deep as a binary one, and a node's children share a cache line. */
const ARITY = 4;
/**
 * Entries are 16 bytes, the time (8 bytes) and then the cell (4 bytes, 4 unused); slot s lives in
 * entry s + OFFSET, so that the 4 children of a node, slots 4s + 1 … 4s + 4, fill entries
 * 4(s + 1) … 4(s + 1) + 3: one 64-byte line.
 */
const OFFSET = ARITY - 1;

/**
 * A 4-ary min-heap of the cells' next-event times, for the next-subvolume method. Each slot's time
 * sits beside its cell in one buffer (`entries`: a `Float64Array` of times, index 2·entry, and an
 * `Int32Array` view of the same bytes holding cells, index 4·entry + 2), so a sift reads the key it
 * compares and the cell it moves from one cache line; `position` maps a cell to its slot, so the
 * time of any cell changes in O(log cells). All storage is typed arrays allocated once.
 *
 * On a large map the heap does not fit in the core's cache, and its sifts are what an event
 * costs: a 4-ary heap of 65,536 cells is 8 levels deep, each level one line of children.
 */
export class CellHeap {
  /** The entries, as times: the time of slot s is `entries[2 · (s + OFFSET)]`. */
  readonly entries: Float64Array;
  /** The same bytes as 32-bit integers: the cell of slot s is `cells[4 · (s + OFFSET) + 2]`. */
  private readonly cells: Int32Array;
  /** position[cell]: its slot. */
  readonly position: Int32Array;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
    const buffer = new ArrayBuffer((size + OFFSET) * 16);
    this.entries = new Float64Array(buffer);
    this.cells = new Int32Array(buffer);
    this.position = new Int32Array(size);
  }

  /** The earliest next-event time. */
  topTime(): number {
    return this.entries[2 * OFFSET]!;
  }

  /** The cell with the earliest next-event time (ties: any of them). */
  topCell(): number {
    return this.cells[4 * OFFSET + 2]!;
  }

  /** The next-event time of cell k. */
  timeOf(k: number): number {
    return this.entries[2 * (this.position[k]! + OFFSET)]!;
  }

  /** Builds the heap from the time of each cell, `times[k]`, in O(cells). */
  build(times: Float64Array): void {
    for (let k = 0; k < this.size; k++) {
      this.entries[2 * (k + OFFSET)] = times[k]!;
      this.cells[4 * (k + OFFSET) + 2] = k;
      this.position[k] = k;
    }
    for (let slot = Math.floor((this.size - 2) / ARITY); slot >= 0; slot--) {
      const e = slot + OFFSET;
      this.siftDown(slot, this.entries[2 * e]!, this.cells[4 * e + 2]!);
    }
  }

  write(out: SnapshotWriter): void {
    out.array(this.entries).array(this.position);
  }

  read(from: SnapshotReader): void {
    from.arrayInto(this.entries);
    from.arrayInto(this.position);
  }

  /** Sets the next-event time of cell k and restores the heap order. */
  update(k: number, t: number): void {
    const slot = this.position[k]!;
    const old = this.entries[2 * (slot + OFFSET)]!;
    if (t < old) this.siftUp(slot, t, k);
    else if (t > old) this.siftDown(slot, t, k);
  }

  private siftUp(slot: number, t: number, k: number): void {
    const { entries, cells, position } = this;
    while (slot > 0) {
      const parent = (slot - 1) >> 2;
      const pe = parent + OFFSET;
      const above = entries[2 * pe]!;
      if (above <= t) break;
      const se = slot + OFFSET;
      entries[2 * se] = above;
      const c = cells[4 * pe + 2]!;
      cells[4 * se + 2] = c;
      position[c] = slot;
      slot = parent;
    }
    const se = slot + OFFSET;
    entries[2 * se] = t;
    cells[4 * se + 2] = k;
    position[k] = slot;
  }

  private siftDown(slot: number, t: number, k: number): void {
    const { entries, cells, position, size } = this;
    // Nodes whose 4 children all exist: the least child by three comparisons, unrolled.
    const full = (size - 1 - ARITY) >> 2;
    for (;;) {
      const first = ARITY * slot + 1;
      let child: number;
      let below: number;
      if (slot <= full) {
        // Times of entries e … e + 3, the children's line, at 2e, 2e + 2, 2e + 4, 2e + 6.
        const at = 2 * (first + OFFSET);
        const t0 = entries[at]!;
        const t1 = entries[at + 2]!;
        const t2 = entries[at + 4]!;
        const t3 = entries[at + 6]!;
        const low = t1 < t0 ? 1 : 0;
        const high = t3 < t2 ? 3 : 2;
        const lowTime = low === 1 ? t1 : t0;
        const highTime = high === 3 ? t3 : t2;
        if (highTime < lowTime) {
          child = first + high;
          below = highTime;
        } else {
          child = first + low;
          below = lowTime;
        }
      } else {
        if (first >= size) break;
        child = first;
        below = entries[2 * (first + OFFSET)]!;
        const last = Math.min(first + ARITY, size);
        for (let s = first + 1; s < last; s++) {
          const other = entries[2 * (s + OFFSET)]!;
          if (other < below) {
            child = s;
            below = other;
          }
        }
      }
      if (below >= t) break;
      const se = slot + OFFSET;
      const ce = child + OFFSET;
      entries[2 * se] = below;
      const c = cells[4 * ce + 2]!;
      cells[4 * se + 2] = c;
      position[c] = slot;
      slot = child;
    }
    const se = slot + OFFSET;
    entries[2 * se] = t;
    cells[4 * se + 2] = k;
    position[k] = slot;
  }
}
