import type { Agents } from './agents.js';
import type { FactionTable } from './faction-table.js';
import type { FactionTally } from './faction-tally.js';
import type { GroupTally } from './group-tally.js';
import type { HunterNaps } from './hunter-naps.js';
import { DEAD, HUMAN, IMMORTAL, IMMUNE, INFECTED, STATE_COUNT, ZOMBIE } from './states.js';

/**
 * What the space keeps of who is where (a building's occupancy and chunk lists, an open plane's
 * cell lists), told by the registry as agents enter the map, leave it, or change state on it.
 */
export interface Occupancy {
  /** Agent i, in its present state, is put at cell c. */
  place(i: number, c: number): void;
  /** Agent i, in its present state, is taken off its cell. */
  remove(i: number): void;
  /**
   * Agent i on the map changed state from `old` to `s` (`state[i]` already holds `s`, and
   * `faction[i]` its new faction; it was in faction `oldFaction`).
   */
  changeState(i: number, old: number, s: number, oldFaction: number): void;
}

/**
 * The agents and who is what: the counts of each state, the creation-ordered lists of zombies,
 * immunes and immortals (an agent enters each once), the agents who left the map, and the one
 * `setState` that keeps all of them, and the space's occupancy, right.
 */
export class Registry {
  readonly a: Agents;
  readonly counts = new Float64Array(STATE_COUNT);
  /** Agents (not dead) of each faction, by faction index (`NO_FACTION` = 255 counts those of none). */
  readonly factionCounts = new Int32Array(256);
  /** People ever lost to the outbreak (left the human state), for the story. */
  lost = 0;
  /** Humans who left the map (still human). */
  awayHumans = 0;
  /** Someone joined the human stack from another (an event): the engine rebuilds its list. */
  peopleChanged = false;
  /** Changes of an agent's state so far: the engine's `eventCount`. */
  stateChanges = 0;

  // Creation-ordered lists of zombies, immunes and immortals (an agent enters each once).
  readonly zombieOrder: Int32Array;
  zombieCount = 0;
  readonly immuneOrder: Int32Array;
  immuneCount = 0;
  readonly immortalOrder: Int32Array;
  immortalCount = 0;
  /** Per agent, a bit for each state it has been listed in. */
  private readonly listed: Uint8Array;
  /** Agents who left the map, in the order they left. */
  readonly awayList: Int32Array;
  awayCount = 0;
  /** The counts by group of groups.csv, once the engine asks for them (`trackGroups`). */
  private groups: GroupTally | undefined;
  /** Who has ever joined each faction, for factions.csv, once the engine asks (`trackFactions`). */
  private joins: FactionTally | undefined;

  constructor(
    agents: Agents,
    private readonly space: Occupancy,
    private readonly factions: FactionTable,
    /** Told of every change of state, so that hunters parked by the turn loop are looked at again. */
    private readonly naps: HunterNaps,
  ) {
    this.a = agents;
    const n = agents.capacity;
    this.zombieOrder = new Int32Array(n);
    this.immuneOrder = new Int32Array(n);
    this.immortalOrder = new Int32Array(n);
    this.listed = new Uint8Array(n);
    this.awayList = new Int32Array(n);
  }

  /**
   * Registers agent i, created in its present state, and puts it at cell c; during a run (once the
   * groups are tracked) it counts in its groups, and the engine lists the people anew.
   */
  create(i: number, c: number): void {
    const s = this.a.state[i]!;
    this.counts[s]!++;
    this.joinFaction(i, -1, s);
    if (s !== HUMAN) this.lost++;
    this.list(i, s);
    this.space.place(i, c);
    if (this.groups !== undefined) {
      this.groups.add(i, s);
      this.peopleChanged = true;
    }
  }

  /** From now on, keeps `tally` (made from the agents' present states) as agents change state. */
  trackGroups(tally: GroupTally): void {
    this.groups = tally;
  }

  /** From now on, tells `tally` (made from the agents' present factions) whoever joins a faction. */
  trackFactions(tally: FactionTally): void {
    this.joins = tally;
  }

  /** Changes agent i's state, keeping counts, lists, creation orders and the space's occupancy right. */
  setState(i: number, s: number): void {
    const a = this.a;
    const old = a.state[i]!;
    if (old === s) return;
    const onMap = a.away[i] === 0;
    if ((s === HUMAN || s === INFECTED) && old !== HUMAN && old !== INFECTED) this.peopleChanged = true;
    this.count(i, old, s);
    if (!onMap) this.awayHumans += (s === HUMAN ? 1 : 0) - (old === HUMAN ? 1 : 0);
    a.state[i] = s;
    this.naps.wake(i);
    const oldFaction = a.faction[i]!;
    this.joinFaction(i, old, s);
    if (onMap) this.space.changeState(i, old, s, oldFaction);
    this.list(i, s);
  }

  /** Agent i becomes a zombie where it stands, arriving in its cell anew (last in its cell's order). */
  riseInPlace(i: number): void {
    const a = this.a;
    this.space.remove(i);
    const old = a.state[i]!;
    this.count(i, old, ZOMBIE);
    a.state[i] = ZOMBIE;
    this.naps.wake(i);
    this.joinFaction(i, old, ZOMBIE);
    this.space.place(i, a.cell[i]!);
    this.list(i, ZOMBIE);
  }

  /** Agent i leaves the map through exit e (still in its state). */
  leave(i: number, e: number): void {
    this.space.remove(i);
    this.a.away[i] = e + 1;
    this.awayList[this.awayCount++] = i;
    if (this.a.state[i] === HUMAN) this.awayHumans++;
  }

  /**
   * Agent i, now in state s (from state `old`, or −1 when just made), belongs to the first faction
   * whose members match it; the counts follow (the dead count in none).
   */
  private joinFaction(i: number, old: number, s: number): void {
    const a = this.a;
    const counts = this.factionCounts;
    if (old >= 0 && old !== DEAD) counts[a.faction[i]!]!--;
    const f = this.factions.of(s, a.group[i]!, a.character[i]!);
    a.faction[i] = f;
    if (s !== DEAD) counts[f]!++;
    this.joins?.join(i, f);
  }

  private count(i: number, old: number, s: number): void {
    this.stateChanges++;
    this.groups?.move(i, old, s);
    this.counts[old]!--;
    this.counts[s]!++;
    if (old === HUMAN) this.lost++;
    else if (s === HUMAN) this.lost--;
  }

  /** Puts agent i in the creation-ordered list of state s, the first time it is in s. */
  private list(i: number, s: number): void {
    if (this.listed[i]! & (1 << s)) return;
    if (s === ZOMBIE) this.zombieOrder[this.zombieCount++] = i;
    else if (s === IMMUNE) this.immuneOrder[this.immuneCount++] = i;
    else if (s === IMMORTAL) this.immortalOrder[this.immortalCount++] = i;
    this.listed[i]! |= 1 << s;
  }
}
