import type { CompiledStrategy } from '../../scenario/compiled-world.js';

/** The group plans (`strategyPlans` order). */
export const GROUP_FORTIFY = 0;
export const GROUP_MOVE = 1;
export const GROUP_SCAVENGE = 2;
export const GROUP_SPLIT = 3;

/**
 * The state of the groups' strategies (`world.groups[].strategy`): per group its plan, its room
 * to move to, the chance a member follows, its leader now, the room it holds (its base: set at
 * its first decision), whether it knows of the outbreak (a member was alarmed), and the last
 * night it made a supply trip; per agent whether they follow the group's plan. The rules are in
 * `group-strategy.ts`.
 */
export class GroupPlans {
  /** Per group: an index of `strategyPlans`, or −1 for none (each acts on their own). */
  readonly plan: Int8Array;
  readonly to: Int16Array;
  /** NaN: the member's own cohesion. */
  readonly cohesion: Float32Array;
  readonly leader: Int32Array;
  readonly base: Int16Array;
  readonly known: Uint8Array;
  readonly tripNight: Int32Array;
  /** Per agent: 1 if they follow their group's plan. */
  readonly follows: Uint8Array;
  /** Per room: the cell members walk to, clear of its doorways (see clear-doorway.ts), or −1 until needed. */
  readonly roomMiddle: Int32Array;
  /** Day (0) or night (1) at the last tick, or −1 before the first: phases start when it changes. */
  phase = -1;

  constructor(strategies: readonly CompiledStrategy[], capacity: number, rooms: number) {
    const groups = strategies.length;
    this.plan = Int8Array.from(strategies, (s) => s.plan);
    this.to = Int16Array.from(strategies, (s) => s.to);
    this.cohesion = Float32Array.from(strategies, (s) => s.cohesion);
    this.leader = new Int32Array(groups).fill(-1);
    this.base = new Int16Array(groups).fill(-1);
    this.known = new Uint8Array(groups);
    this.tripNight = new Int32Array(groups).fill(-1_000_000);
    this.follows = new Uint8Array(capacity);
    this.roomMiddle = new Int32Array(rooms).fill(-1);
  }
}
