import type { Stream } from '../../core/random.js';
import type { TurnChange, WorldSettings } from '../../scenario/compiled-world.js';
import type { Agents } from './agents.js';
import { EV_BITE, EV_TURN, type EventLog } from './event-log.js';
import type { Hooks } from './hooks.js';
import type { Noise } from './noise.js';
import type { Registry } from './registry.js';
import type { SoundField } from './sound-field.js';
import { FIGHT, SCREAM } from './sounds.js';
import { HUMAN, HUNTS, IMMORTAL, IMMUNE, INFECTED, ZOMBIE } from './states.js';

/** How a struggle ends (see `Infection.struggle`). */
const STOPPED = 0;
const FREED = 1;
const CAUGHT = 2;

/** Causes of death, the detail code of a death event. */
export const DEATH_CAUSES = ['killed', 'bomb', 'hunger', 'event', 'decay', 'thirst', 'starvation'] as const;
export const CAUSE_KILLED = 0;
export const CAUSE_BOMB = 1;
export const CAUSE_HUNGER = 2;
export const CAUSE_EVENT = 3;
export const CAUSE_DECAY = 4;
/** Died for want of water, or of food (`world.needs`). */
export const CAUSE_THIRST = 5;
export const CAUSE_STARVATION = 6;

/** Severity code of a scratch (bite classes are 0, 1, …). */
export const SCRATCH = 255;

/** What infection reads and changes of the run: the agents, the clock, the registry of states. */
export interface InfectionHost {
  readonly a: Agents;
  readonly stream: Stream;
  readonly log: EventLog;
  readonly world: WorldSettings;
  readonly time: number;
  readonly noise: Noise;
  readonly hooks: Hooks;
  readonly sound: SoundField | undefined;
  /** Per exit: when the outbreak reached the place it leads to (a hunter went there). */
  readonly exitReachedAt: Float64Array;
  readonly registry: Registry;
  kill(i: number, by: number, cause: number): void;
  /** Agent i wakes now (see `Sim.wake`). */
  wake(i: number): void;
  where(i: number): number;
  valueOf(value: number | string): number;
}

/** The traits' change that state s brings (a zombie's, an immune's, an immortal's), or undefined for the living. */
export function traitsOf(infection: WorldSettings['infection'], s: number): TurnChange | undefined {
  return s === ZOMBIE
    ? infection.zombie
    : s === IMMUNE
      ? infection.immune
      : s === IMMORTAL
        ? infection.immortal
        : undefined;
}

/** Agent i (in a building) takes on the traits of what it turned into: its speed, strength, senses. */
export function takeOnTraits(a: Agents, i: number, change: TurnChange): void {
  if (change.speed !== undefined) {
    a.walk[i] = a.walk[i]! * change.speed;
    a.run[i] = a.run[i]! * change.speed;
  }
  if (change.strength !== undefined) a.strength[i] = a.strength[i]! * change.strength;
  if (change.hearing !== undefined) a.hearing[i] = change.hearing;
  if (change.sight !== undefined) a.sight[i] = change.sight;
}

/**
 * Infection: bites and scratches, the clocks of the infected, turning (into a zombie, or by chance
 * a hybrid), and fights between people and hunters. It changes states through its host's
 * registry (`registry.setState`), and tells the units of a bitten person's stack (`hooks`).
 */
export class Infection {
  /** Infected agents waiting to turn at `turnAt`, and those due this tick. */
  readonly infectedList: Int32Array;
  private readonly due: Int32Array;
  infectedCount = 0;
  /** Agents that die this tick and rise as zombies at its end (the countdown unit). */
  readonly pendingTurn: Int32Array;
  pendingCount = 0;
  /** The bite classes (`world.infection.bites`): names, shares and turning-time ranges. */
  readonly biteShare: Float64Array;
  readonly biteLow: Float64Array;
  readonly biteHigh: Float64Array;
  readonly biteNames: readonly string[];
  /** Story milestones. */
  firstBite = Number.NaN;
  firstZombie = Number.NaN;
  /** Hybrids that rose (turned, or were made so during the run), whatever became of them later. */
  immunesRisen = 0;
  immortalsRisen = 0;
  /** The named characters among them, as agent indices, in the order they rose. */
  readonly namedHybrids: number[] = [];

  constructor(private readonly host: InfectionHost) {
    const n = host.a.capacity;
    this.infectedList = new Int32Array(n);
    this.due = new Int32Array(n);
    this.pendingTurn = new Int32Array(n);
    const bites = Object.entries(host.world.infection.bites);
    this.biteNames = bites.map(([name]) => name);
    this.biteShare = Float64Array.from(bites, ([, s]) => s.share);
    this.biteLow = Float64Array.from(bites, ([, s]) => s.turn[0]);
    this.biteHigh = Float64Array.from(bites, ([, s]) => s.turn[1]);
  }

  /** An infected person on the open plane dies and rises in place: a new zombie, last in its cell's list. */
  riseInPlace(i: number, t: number): void {
    this.host.registry.riseInPlace(i);
    if (Number.isNaN(this.firstZombie)) this.firstZombie = t;
    this.host.log.add(t, EV_TURN, i, -1, this.host.a.cell[i]!, ZOMBIE);
  }

  /** A log-uniform draw in [low, high] (uniform if low is 0). */
  drawTurn(low: number, high: number): number {
    if (high <= low) return low;
    if (low <= 0) return low + (high - low) * this.host.stream.next();
    return low * Math.exp(Math.log(high / low) * this.host.stream.next());
  }

  /** Infects person h: bite class `cls` (or `SCRATCH`), by agent `by` (or −1). */
  infect(h: number, cls: number, by: number): void {
    const a = this.host.a;
    this.host.registry.setState(h, INFECTED);
    a.infectedAt[h] = this.host.time;
    a.severity[h] = cls;
    const inf = this.host.world.infection;
    const wait =
      cls === SCRATCH
        ? this.drawTurn(inf.scratch.turn[0], inf.scratch.turn[1])
        : this.drawTurn(this.biteLow[cls]!, this.biteHigh[cls]!);
    a.turnAt[h] = this.host.time + wait;
    this.infectedList[this.infectedCount++] = h;
    if (Number.isNaN(this.firstBite)) this.firstBite = this.host.time;
    this.host.log.add(this.host.time, EV_BITE, by, h, this.host.where(h), cls);
  }

  /** Draws a bite's severity class by the shares of `infection.bites`. */
  drawBiteClass(): number {
    let u = this.host.stream.next();
    const shares = this.biteShare;
    for (let k = 0; k < shares.length - 1; k++) {
      if (u < shares[k]!) return k;
      u -= shares[k]!;
    }
    return shares.length - 1;
  }

  /**
   * Turns every infected agent whose time has come by `until`, in the order of their turning times
   * (ties by creation order): a zombie, or by chance a hybrid.
   */
  turnDue(until: number): void {
    const a = this.host.a;
    const due = this.due;
    let count = 0;
    let k = 0;
    while (k < this.infectedCount) {
      const i = this.infectedList[k]!;
      if (a.state[i] !== INFECTED || a.turnAt[i]! <= until) {
        this.infectedList[k] = this.infectedList[--this.infectedCount]!;
        if (a.state[i] === INFECTED) due[count++] = i;
        continue;
      }
      k++;
    }
    if (count === 0) return;
    // Insertion sort: a handful turn in a tick.
    for (let m = 1; m < count; m++) {
      const i = due[m]!;
      let j = m - 1;
      while (
        j >= 0 &&
        (a.turnAt[due[j]!]! > a.turnAt[i]! || (a.turnAt[due[j]!] === a.turnAt[i] && due[j]! > i))
      ) {
        due[j + 1] = due[j]!;
        j--;
      }
      due[j + 1] = i;
    }
    for (let m = 0; m < count; m++) this.turn(due[m]!, Math.max(a.turnAt[due[m]!]!, this.host.time));
  }

  /** Agent i rises: a zombie, or (by its hybrid chance) an immune or an immortal. */
  turn(i: number, t: number): void {
    const a = this.host.a;
    let chance = a.hybridChance[i]!;
    if (Number.isNaN(chance)) chance = this.host.valueOf(this.host.world.infection.hybrid);
    let s = ZOMBIE;
    if (chance > 0 && this.host.stream.next() < chance) {
      s = a.hybridKind[i]!;
      if (s === 0)
        s =
          this.host.stream.next() < this.host.valueOf(this.host.world.infection.immuneShare)
            ? IMMUNE
            : IMMORTAL;
    }
    this.rise(i, t, s);
  }

  /**
   * Agent i rises at t as s (a zombie, an immune or an immortal), by turning or by a change the
   * scenario or live control makes: it takes on the traits of s, and the log has its turn.
   */
  rise(i: number, t: number, s: number): void {
    const a = this.host.a;
    if (a.full) {
      takeOnTraits(a, i, traitsOf(this.host.world.infection, s)!);
      a.turnedAt[i] = t;
      a.target[i] = -1;
      a.threat[i] = -1;
      this.host.wake(i);
    }
    this.host.registry.setState(i, s);
    if (s === IMMUNE || s === IMMORTAL) {
      if (s === IMMUNE) this.immunesRisen++;
      else this.immortalsRisen++;
      if (a.character[i]! >= 0 && !this.namedHybrids.includes(i)) this.namedHybrids.push(i);
    }
    if (HUNTS[s] === 1 && a.full) this.host.sound?.raiseHearing(a.hearing[i]!);
    if (Number.isNaN(this.firstZombie)) this.firstZombie = t;
    this.host.log.add(t, EV_TURN, i, -1, this.host.where(i), s);
    if (a.away[i] !== 0) {
      const e = a.away[i]! - 1;
      if (t < this.host.exitReachedAt[e]!) this.host.exitReachedAt[e] = t;
    }
  }

  /**
   * A zombie (or immortal) z attacks person h. The outcome depends on their power: strength ×
   * (1 + skill) × (1 + weapon) for the person, strength for the attacker; the person's share of the
   * power is s. The person stops the attacker with chance kill · s · (0.1 + weapon), else breaks
   * free with chance escape · s (scratched with the scratch chance), else is bitten.
   */
  attack(z: number, h: number): void {
    const a = this.host.a;
    const outcome = this.struggle(z, h);
    if (outcome === STOPPED) return;
    if (outcome === FREED) {
      if (this.host.stream.next() < this.host.world.infection.scratch.chance) this.infect(h, SCRATCH, z);
      this.host.noise.shout(h, FIGHT);
    } else {
      this.infect(h, this.drawBiteClass(), z);
      this.host.noise.shout(h, SCREAM);
      this.host.hooks.bite(h, a.state[h]!, z);
    }
    if (a.state[h] !== HUMAN) a.target[z] = -1;
  }

  /**
   * Agent z, of a faction whose bite does not infect (or biting someone who cannot be infected),
   * attacks agent h (in a building): the same struggle as `attack` — h may stop z, or break free —
   * else h is killed. Nobody is infected.
   */
  maul(z: number, h: number): void {
    const outcome = this.struggle(z, h);
    if (outcome === STOPPED) return;
    if (outcome === FREED) {
      this.host.noise.shout(h, FIGHT);
      return;
    }
    this.host.noise.shout(h, SCREAM);
    this.host.kill(h, z, CAUSE_KILLED);
  }

  /**
   * The struggle when z attacks h, one draw: h stops z for good (z is killed, a fight is heard:
   * `STOPPED`), breaks free (`FREED`), or is caught (`CAUGHT`). See `attack` for the chances.
   */
  private struggle(z: number, h: number): number {
    const fight = this.host.world.infection.fight;
    const share = this.defenceShare(h, z);
    const u = this.host.stream.next();
    if (u < fight.kill * share * this.stopping(h)) {
      this.host.kill(z, h, CAUSE_KILLED);
      this.host.noise.shout(h, FIGHT);
      return STOPPED;
    }
    return u < (fight.kill + fight.escape) * share ? FREED : CAUGHT;
  }

  /** Person h strikes at hunter z: stops it with chance kill · s · (0.1 + weapon), as in `attack`. */
  strike(h: number, z: number): void {
    const share = this.defenceShare(h, z);
    if (this.host.stream.next() < this.host.world.infection.fight.kill * share * this.stopping(h))
      this.host.kill(z, h, CAUSE_KILLED);
    this.host.noise.shout(h, FIGHT);
  }

  /**
   * How well person h can stop a zombie for good (neck or brain stem): 0.1 bare-handed, more with
   * a weapon (× (0.1 + weapon)).
   */
  private stopping(h: number): number {
    return 0.1 + this.host.a.weapon[h]!;
  }

  private defenceShare(h: number, z: number): number {
    const a = this.host.a;
    const ph = a.strength[h]! * (1 + a.skill[h]!) * (1 + a.weapon[h]!);
    const pz = a.strength[z]!;
    return ph / (ph + pz);
  }

  /** Raises every agent the countdown unit marked this tick, in the order they were marked, as `space` has them rise. */
  risePending(t: number, space: { rise(i: number, t: number): void }): void {
    for (let k = 0; k < this.pendingCount; k++) {
      const i = this.pendingTurn[k]!;
      if (this.host.a.state[i] !== INFECTED) continue;
      space.rise(i, t);
    }
    this.pendingCount = 0;
  }

  /** Infects person h with no turning time of its own (the countdown unit decides). */
  infectCounting(h: number, by: number): void {
    const a = this.host.a;
    this.host.registry.setState(h, INFECTED);
    a.infectedAt[h] = this.host.time;
    a.counter[h] = 0;
    a.turnAt[h] = Number.POSITIVE_INFINITY;
    if (Number.isNaN(this.firstBite)) this.firstBite = this.host.time;
    this.host.log.add(this.host.time, EV_BITE, by, h, this.host.where(h), 0);
  }
}
