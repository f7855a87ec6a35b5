/**
 * Dial's bucket queue, for shortest paths whose distances are whole numbers that grow by less than
 * `ring` a step: a ring of buckets by distance, each a linked list of cells in a node pool that
 * doubles when full. Nothing is allocated per use unless the pool grows.
 */
export class BucketQueue {
  private readonly heads: Int32Array;
  private cells: Int32Array;
  private next: Int32Array;
  private nodes = 0;
  /** Cells pushed and not yet popped. */
  size = 0;

  constructor(
    private readonly ring: number,
    capacity: number,
  ) {
    this.heads = new Int32Array(ring).fill(-1);
    this.cells = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  /** Empties the queue. */
  clear(): void {
    this.heads.fill(-1);
    this.nodes = 0;
    this.size = 0;
  }

  /** Queues cell c at distance d. */
  push(d: number, c: number): void {
    if (this.nodes === this.cells.length) this.grow();
    const slot = d % this.ring;
    this.cells[this.nodes] = c;
    this.next[this.nodes] = this.heads[slot]!;
    this.heads[slot] = this.nodes++;
    this.size++;
  }

  /** A cell queued at distance d (the last pushed first), or −1 if there is none left. */
  pop(d: number): number {
    const slot = d % this.ring;
    const node = this.heads[slot]!;
    if (node === -1) return -1;
    this.heads[slot] = this.next[node]!;
    this.size--;
    return this.cells[node]!;
  }

  private grow(): void {
    const cells = new Int32Array(this.cells.length * 2);
    const next = new Int32Array(this.cells.length * 2);
    cells.set(this.cells);
    next.set(this.next);
    this.cells = cells;
    this.next = next;
  }
}
