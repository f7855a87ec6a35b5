import type { Arrival } from '../../scenario/compiled-world.js';
import { EV_ARRIVE } from './event-log.js';
import type { GroupTally } from './group-tally.js';
import { keepTraits } from './outputs.js';
import { describeAgent } from './populate.js';
import type { Sim } from './sim.js';
import type { Space } from './space.js';
import { INFECTED } from './states.js';

const EPS = 1e-9;

/**
 * The people and zombies who come in during the run through exits (`arrives` of a group or a
 * character; `Roster.arrivals`, by time). They are not in the run before they arrive: each is made
 * at its time, in the next free slot (the engine reserved their slots, `Agents.capacity`), drawn
 * as the people at the start are (state, group, character, traits, a free cell of the exit's
 * room), counted in their groups' rows of groups.csv, and logged (`arrive`, one entry a person,
 * with the exit's room and where it leads). An arrival whose room has no free place waits for
 * the next tick. Arriving people follow their group's leader once the leader has arrived.
 *
 * State (`next`, `slotOf`, `leaderOf`) is numbers and typed arrays, so that a snapshot holds it:
 * an arrival pending when the snapshot is taken happens after a restore.
 */
export class Arrivals {
  /** The next arrival due, an index of `list`. */
  next = 0;
  /** Per slot: the arrival made in it (an index of `list`), or −1 (at the start, or dropped in). */
  readonly arrivalIn: Int32Array;
  /** Per group: the slot of its leader who arrived, or −1. */
  readonly leaderOf: Int32Array;

  constructor(
    private readonly sim: Sim,
    private readonly space: Space,
    private readonly list: readonly Arrival[],
    groupCount: number,
    private readonly tally: GroupTally,
    private readonly traits: Float32Array | undefined,
  ) {
    this.arrivalIn = new Int32Array(sim.a.capacity).fill(-1);
    this.leaderOf = new Int32Array(groupCount).fill(-1);
  }

  /** How many are yet to arrive: the slots held for them. */
  get pending(): number {
    return this.list.length - this.next;
  }

  /** The member made in slot i if it arrived during the run, else undefined. */
  memberIn(i: number): Arrival['member'] | undefined {
    const k = this.arrivalIn[i]!;
    return k >= 0 ? this.list[k]!.member : undefined;
  }

  /** Makes everyone due at or before `time` (the start of the tick), in order, while there is room. */
  arriveDue(time: number): void {
    const sim = this.sim;
    const a = sim.a;
    while (this.next < this.list.length && this.list[this.next]!.at <= time + EPS) {
      const k = this.next;
      const { member: m, through, room } = this.list[k]!;
      const i = a.n;
      describeAgent(sim, i, m);
      const exit = this.space.placeArrival(i, m, through, room);
      // The room is full, or the exit sealed: this one (and those after) try again next tick.
      if (exit < 0) return;
      a.n++;
      this.next++;
      this.arrivalIn[i] = k;
      if (m.state === INFECTED) {
        const [low, high] = m.turn ?? [sim.infection.biteLow[0]!, sim.infection.biteHigh[0]!];
        a.infectedAt[i] = time;
        a.turnAt[i] = time + sim.infection.drawTurn(low, high);
        sim.infection.infectedList[sim.infection.infectedCount++] = i;
      }
      if (a.full) {
        if (m.leader) this.leaderOf[m.group] = i;
        else if (this.leaderOf[m.group]! >= 0) a.leader[i] = this.leaderOf[m.group]!;
      }
      this.tally.arrive(i, k);
      sim.registry.create(i, a.cell[i]!);
      keepTraits(a, this.traits, i);
      sim.log.add(time, EV_ARRIVE, i, -1, a.cell[i]!, exit);
    }
  }
}
