/** The group plans (`strategyPlans` order). */
export const GROUP_FORTIFY = 0;
export const GROUP_MOVE = 1;
export const GROUP_SCAVENGE = 2;
export const GROUP_SPLIT = 3;

/**
 * The state of the groups' strategies (`world.groups[].strategy`), by team: a team is a group
 * with a strategy, or each class of a school group (its members with the same home room), so that
 * a school's classes each hold their own room. Per team: its group and home room, its plan, its
 * room to move to, the chance a member follows, its leader now, the room it holds (its base: set at
 * its first decision), whether it knows of the outbreak (a member was alarmed), and the last night
 * it made a supply trip; per agent their team and whether they follow its plan. The rules are in
 * `group-strategy.ts`.
 */
export class GroupPlans {
  /** Per team: its group (roster order) and home room (a class), or −1. */
  readonly teamGroup: Int32Array;
  readonly teamHome: Int16Array;
  /** Per team: an index of `strategyPlans`, or −1 for none (each acts on their own). */
  readonly plan: Int8Array;
  readonly to: Int16Array;
  /** NaN: the member's own cohesion. */
  readonly cohesion: Float32Array;
  readonly leader: Int32Array;
  readonly base: Int16Array;
  readonly known: Uint8Array;
  readonly tripNight: Int32Array;
  /** Per team, at each check of needs: a member found no food (or no water) where they are. */
  readonly wantFood: Uint8Array;
  readonly wantWater: Uint8Array;
  /** Per agent: their team, or −1 (no strategy, or added during the run). */
  readonly team: Int32Array;
  /** Per agent: 1 if they follow their team's plan. */
  readonly follows: Uint8Array;
  /** Per room: the cell members walk to, clear of its doorways (see clear-doorway.ts), or −1 until needed. */
  readonly roomMiddle: Int32Array;
  /** Day (0) or night (1) at the last tick, or −1 before the first: phases start when it changes. */
  phase = -1;

  constructor(teamGroup: readonly number[], teamHome: readonly number[], capacity: number, rooms: number) {
    const teams = teamGroup.length;
    this.teamGroup = Int32Array.from(teamGroup);
    this.teamHome = Int16Array.from(teamHome);
    this.plan = new Int8Array(teams).fill(-1);
    this.to = new Int16Array(teams).fill(-1);
    this.cohesion = new Float32Array(teams).fill(Number.NaN);
    this.leader = new Int32Array(teams).fill(-1);
    this.base = new Int16Array(teams).fill(-1);
    this.known = new Uint8Array(teams);
    this.tripNight = new Int32Array(teams).fill(-1_000_000);
    this.wantFood = new Uint8Array(teams);
    this.wantWater = new Uint8Array(teams);
    this.team = new Int32Array(capacity).fill(-1);
    this.follows = new Uint8Array(capacity);
    this.roomMiddle = new Int32Array(rooms).fill(-1);
  }
}
