/** Ticks ahead the wake-up ring reaches; a nap longer than this is looked at again after it (harmless). */
const RING = 256;
/** `slot` of a position not in the ring: awake, or parked (its agent away or of another state). */
const NO_SLOT = -1;
const PARKED = -2;

/**
 * Who of one creation-ordered hunter list (zombies, immunes or immortals, see `Registry`) provably
 * takes no turn this tick, so that the turn loop skips them without looking: most of a campus's
 * zombies stand about between bouts of wandering, and some are dead or gone, and visiting each of
 * them every tick only to find that cost more than the turns of those awake.
 *
 * A position of the list is "awake" (its bit set in `awake`) unless the loop found its agent
 * asleep (`sleepUntil` after the tick): it is then put in the ring under its wake-up tick and set
 * awake again when that tick comes (or earlier, for naps longer than the ring: then it is only
 * looked at again); or found away or in another state: it is parked until the agent changes
 * state. Waking an agent early (`sleepUntil` lowered) must go through `Sim.wake`, and every change
 * of state goes through `Registry` (which calls `wake`); nobody comes back from away. So the loop
 * visits every position the plain scan would have run, in the same order, and draws the same
 * random numbers. Typed arrays and numbers only: snapshots hold it.
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
  /** A doubly-linked list of the positions of each ring slot; `slot` −1: in none, −2: parked. */
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly slot: Int32Array;

  constructor(capacity: number) {
    this.awake = new Uint32Array((capacity >>> 5) + 1);
    this.position = new Int32Array(capacity).fill(-1);
    this.heads = new Int32Array(RING).fill(-1);
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity);
    this.slot = new Int32Array(capacity).fill(NO_SLOT);
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
        this.slot[k] = NO_SLOT;
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
      return Math.min(k, count);
    }
    return count;
  }

  /** Position k's agent sleeps, at tick `tick`, until `until` (> tick): skipped until then. */
  doze(k: number, tick: number, until: number): void {
    this.clearAwake(k);
    const s = Math.min(until, tick + RING - 1) & (RING - 1);
    const head = this.heads[s]!;
    this.next[k] = head;
    this.prev[k] = -1;
    if (head >= 0) this.prev[head] = k;
    this.heads[s] = k;
    this.slot[k] = s;
  }

  /** Position k's agent is away or of another state than the list's: skipped until it changes state. */
  park(k: number): void {
    this.clearAwake(k);
    this.slot[k] = PARKED;
  }

  /**
   * Agent i was woken early (`sleepUntil` lowered) or changed state: its position, if asleep or
   * parked, is awake now.
   */
  wake(i: number): void {
    const k = this.position[i]!;
    if (k < 0) return;
    const s = this.slot[k]!;
    if (s === NO_SLOT) return;
    if (s === PARKED) {
      this.slot[k] = NO_SLOT;
      this.setAwake(k);
      return;
    }
    const next = this.next[k]!;
    const prev = this.prev[k]!;
    if (prev >= 0) this.next[prev] = next;
    else this.heads[s] = next;
    if (next >= 0) this.prev[next] = prev;
    this.slot[k] = NO_SLOT;
    this.setAwake(k);
  }

  private clearAwake(k: number): void {
    this.awake[k >>> 5]! &= ~(1 << (k & 31));
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
  /** False on an open plane, whose turn loop does not use the lists: waking is then nothing. */
  readonly used: boolean;

  constructor(capacity: number) {
    this.used = capacity > 0;
    this.zombies = new NapList(capacity);
    this.immunes = new NapList(capacity);
    this.immortals = new NapList(capacity);
  }

  /** Agent i was woken early or changed state: wherever it is listed asleep or parked, it is awake now. */
  wake(i: number): void {
    if (!this.used) return;
    this.zombies.wake(i);
    this.immunes.wake(i);
    this.immortals.wake(i);
  }
}
