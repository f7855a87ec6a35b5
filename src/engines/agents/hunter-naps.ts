/** Ticks ahead the wake-up ring reaches; a nap longer than this is looked at again after it (harmless). */
const RING = 256;

/**
 * Who of one creation-ordered hunter list (zombies, immunes or immortals, see `Registry`) provably
 * sleeps through the present tick, so that the turn loop skips them without looking: most of a
 * campus's zombies stand about between bouts of wandering, and visiting each of them every tick
 * only to find `sleepUntil` in the future cost more than the turns of those awake.
 *
 * A position of the list is "awake" (its bit set in `awake`) unless the loop found its agent
 * asleep (`sleepUntil` after the tick); it is then put in the ring under its wake-up tick and set
 * awake again when that tick comes (or earlier, for naps longer than the ring: then it is only
 * looked at again). Waking an agent early (`sleepUntil` lowered) must go through `Sim.wake`, which
 * sets it awake at once. So the loop visits every position the plain scan would have run, in the
 * same order, and draws the same random numbers. Typed arrays and numbers only: snapshots hold it.
 */
export class NapList {
  /** One bit a position: 1 unless its agent is known to sleep through the present tick. */
  readonly awake: Uint32Array;
  /** The position of each agent in the list, or −1 (not seen yet). */
  readonly position: Int32Array;
  /** Positions of the list seen so far (the later ones start awake). */
  known = 0;
  /** The last tick whose wake-ups were done. */
  lastTick = -1;
  /** The ring of wake-up ticks: the first position asleep until each (tick mod RING), or −1. */
  private readonly heads: Int32Array;
  /** A doubly-linked list of the positions of each ring slot; `slot` −1: in none. */
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly slot: Int32Array;

  constructor(capacity: number) {
    this.awake = new Uint32Array((capacity >>> 5) + 1);
    this.position = new Int32Array(capacity).fill(-1);
    this.heads = new Int32Array(RING).fill(-1);
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.slot = new Int32Array(capacity).fill(-1);
  }

  /**
   * Before the loop of tick `tick` over `list[0 .. count)`: the positions new to the list are
   * awake, and so is everyone whose wake-up tick has come.
   */
  begin(list: Int32Array, count: number, tick: number): void {
    for (let k = this.known; k < count; k++) {
      this.position[list[k]!] = k;
      this.setAwake(k);
    }
    this.known = count;
    const from = Math.max(this.lastTick + 1, tick - RING + 1);
    for (let t = from; t <= tick; t++) {
      const s = t & (RING - 1);
      for (let k = this.heads[s]!; k >= 0; k = this.next[k]!) {
        this.slot[k] = -1;
        this.setAwake(k);
      }
      this.heads[s] = -1;
    }
    this.lastTick = tick;
  }

  /**
   * The first awake position at or after k (below `count`), or `count`. Read afresh each call, so
   * that someone woken during the loop further down the list still gets their turn.
   */
  nextAwake(k: number, count: number): number {
    const awake = this.awake;
    while (k < count) {
      const bits = awake[k >>> 5]! >>> (k & 31);
      if (bits === 0) {
        k = (k | 31) + 1;
        continue;
      }
      // The lowest set bit: the count of trailing zeros.
      k += 31 - Math.clz32(bits & -bits);
      return k < count ? k : count;
    }
    return count;
  }

  /** Position k's agent sleeps, at tick `tick`, until `until` (> tick): skipped until then. */
  doze(k: number, tick: number, until: number): void {
    this.awake[k >>> 5]! &= ~(1 << (k & 31));
    const s = Math.min(until, tick + RING - 1) & (RING - 1);
    const head = this.heads[s]!;
    this.next[k] = head;
    this.prev[k] = -1;
    if (head >= 0) this.prev[head] = k;
    this.heads[s] = k;
    this.slot[k] = s;
  }

  /** Agent i was woken early (`sleepUntil` lowered): its position, if asleep, is awake now. */
  wake(i: number): void {
    // Nobody is listed on an open plane, where the lists are empty.
    const k = this.position[i] ?? -1;
    if (k < 0) return;
    const s = this.slot[k]!;
    if (s < 0) return;
    const next = this.next[k]!;
    const prev = this.prev[k]!;
    if (prev >= 0) this.next[prev] = next;
    else this.heads[s] = next;
    if (next >= 0) this.prev[next] = prev;
    this.slot[k] = -1;
    this.setAwake(k);
  }

  private setAwake(k: number): void {
    this.awake[k >>> 5]! |= 1 << (k & 31);
  }
}

/** The nap lists of the three hunter lists of `Registry`. */
export class HunterNaps {
  readonly zombies: NapList;
  readonly immunes: NapList;
  readonly immortals: NapList;

  constructor(capacity: number) {
    this.zombies = new NapList(capacity);
    this.immunes = new NapList(capacity);
    this.immortals = new NapList(capacity);
  }

  /** Agent i was woken early: wherever it is listed asleep, it is awake now. */
  wake(i: number): void {
    this.zombies.wake(i);
    this.immunes.wake(i);
    this.immortals.wake(i);
  }
}
