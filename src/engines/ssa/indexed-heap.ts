/**
 * An indexed binary min-heap over the keys of items 0 … size−1 (the putative firing times of the
 * next-reaction method). `position` maps an item to its slot, so a key can change in O(log size)
 * without a search. All storage is typed arrays allocated once.
 */
export class IndexedHeap {
  /** The key of each item; change it only through {@link update}. */
  readonly keys: Float64Array;
  /** heap[slot] = item. */
  readonly heap: Int32Array;
  /** position[item] = slot. */
  readonly position: Int32Array;

  constructor(size: number) {
    this.keys = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
  }

  /** Rebuilds the heap from `keys` in O(size), after keys were written directly. */
  build(): void {
    const size = this.heap.length;
    for (let i = 0; i < size; i++) {
      this.heap[i] = i;
      this.position[i] = i;
    }
    for (let slot = (size >> 1) - 1; slot >= 0; slot--) this.siftDown(slot);
  }

  /** The item with the smallest key (ties: any of them). The heap must not be empty. */
  top(): number {
    return this.heap[0]!;
  }

  /** Sets the key of `item` and restores the heap order. */
  update(item: number, key: number): void {
    const old = this.keys[item]!;
    this.keys[item] = key;
    const slot = this.position[item]!;
    if (key < old) this.siftUp(slot);
    else if (key > old) this.siftDown(slot);
  }

  private siftUp(slot: number): void {
    const { heap, position, keys } = this;
    const item = heap[slot]!;
    const key = keys[item]!;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const above = heap[parent]!;
      if (keys[above]! <= key) break;
      heap[slot] = above;
      position[above] = slot;
      slot = parent;
    }
    heap[slot] = item;
    position[item] = slot;
  }

  private siftDown(slot: number): void {
    const { heap, position, keys } = this;
    const size = heap.length;
    const item = heap[slot]!;
    const key = keys[item]!;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[heap[child + 1]!]! < keys[heap[child]!]!) child++;
      const below = heap[child]!;
      if (keys[below]! >= key) break;
      heap[slot] = below;
      position[below] = slot;
      slot = child;
    }
    heap[slot] = item;
    position[item] = slot;
  }
}
