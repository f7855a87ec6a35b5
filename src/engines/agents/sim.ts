import type { Stream } from '../../core/random.js';
import type { WorldSettings } from '../../scenario/compiled-world.js';
import { Cell } from '../../scenario/compiled-world.js';
import type { Agents } from './agents.js';
import { type Building, CORRIDOR, OUTDOOR, ROOM } from './building.js';
import { FAR, Field, FieldSolver, PEOPLE, ZOMBIES } from './distance-field.js';
import { doorDetail, EV_BITE, EV_DEATH, EV_DOOR, EV_KILL, EV_TURN, type EventLog } from './event-log.js';
import { Hooks } from './hooks.js';
import { Noise } from './noise.js';
import { OpenPlane } from './open-plane.js';
import type { LightSettings } from './sight.js';
import { SoundField } from './sound-field.js';
import { FIGHT, SCREAM } from './sounds.js';
import {
  DEAD,
  HUMAN,
  HUNTS,
  IMMORTAL,
  IMMUNE,
  INFECTED,
  PERCEIVES,
  PLAN_GO,
  PLAN_LEAVE,
  PLAN_NONE,
  PLAN_SHELTER,
  STATE_COUNT,
  ZOMBIE,
} from './states.js';

export {
  ALARM,
  BANG,
  FIGHT,
  PHONE,
  SCREAM,
  SOUND_KINDS,
  type SoundKind,
  SPEAKER,
  VOICE,
  WHISTLE,
} from './sounds.js';

/** Causes of death, the detail code of a death event. */
export const DEATH_CAUSES = ['killed', 'bomb', 'hunger', 'event', 'decay'] as const;
export const CAUSE_KILLED = 0;
export const CAUSE_BOMB = 1;
export const CAUSE_HUNGER = 2;
export const CAUSE_EVENT = 3;
export const CAUSE_DECAY = 4;

/** Severity code of a scratch (bite classes are 0, 1, …). */
export const SCRATCH = 255;

/** Side of the square chunks that perception scans, in cells. */
export const CHUNK = 16;

/** Goal fields are recomputed when doors changed, at most this often (seconds): a bounded rate. */
const FIELD_SECONDS = 30;

/**
 * The state of a run and the primitives behaviours are made of: state changes, biting, turning,
 * making noise and the goal fields here; the open plane's cells in `plane`. Moving is the
 * `Walker`'s and perceiving the `Perception`'s, each made over this state. Behaviour units
 * (src/engines/agents/behaviours) read and write the typed arrays of `a` (the agents) and `b` (the
 * building) and call these helpers; `hooks` hold what they do when something happens to an agent.
 * No helper allocates.
 */
export class Sim {
  readonly a: Agents;
  readonly b: Building | undefined;
  readonly stream: Stream;
  readonly world: WorldSettings;
  readonly log: EventLog;
  readonly dt: number;
  readonly parameters: Float64Array;
  readonly parameterIndex: ReadonlyMap<string, number>;
  tick = 0;
  /** Time at the start of the current tick. */
  time = 0;
  readonly counts = new Float64Array(STATE_COUNT);
  /** People ever lost to the outbreak (left the human state), for the story. */
  lost = 0;
  /** Humans who left the map (still human). */
  awayHumans = 0;
  /** While a broadcast plays (until `broadcastUntil`): the chance that someone alarmed by it panics. */
  broadcastPanic = 0;
  broadcastUntil = -1;
  /** Someone joined the human stack from another (an event): the engine rebuilds its list. */
  peopleChanged = false;

  /** What the behaviour units do when something happens to an agent of their stack. */
  readonly hooks = new Hooks();
  /** The open plane's cells (empty in a building). */
  readonly plane: OpenPlane;
  /** Agent turns taken (each agent's behaviour stack run once a tick counts one). */
  updates = 0;
  /** Changes of an agent's state so far: the engine's `eventCount`. */
  stateChanges = 0;

  // Building.
  readonly occupancy: Uint8Array;
  readonly capacity: number;
  readonly chunkOfCell: Int32Array;
  readonly chunkColumns: number;
  readonly chunkRows: number;
  readonly hunterHead: Int32Array;
  readonly peopleHead: Int32Array;
  readonly roomHunters: Int16Array;
  readonly roomAlarm: Int32Array;
  /** Tick of each room's last voices (people chatting, see the routine unit). */
  readonly roomVoice: Int32Array;
  readonly solver: FieldSolver | undefined;
  readonly sound: SoundField | undefined;
  /** The walking distance to the nearest refuge room, and to the nearest open exit. */
  readonly refugeField: Field | undefined;
  readonly exitField: Field | undefined;
  /** Per-room goal fields, made on first use. */
  readonly roomFields: (Field | undefined)[];
  /** Where people are, for zombies' noses: recomputed at a bounded rate when people moved. */
  readonly scentField: Field | undefined;
  scentVersion = 0;
  scentComputedVersion = -1;
  readonly light: LightSettings;
  day = 1;
  /** The sounds made (and, in a building, heard). */
  readonly noise: Noise;
  readonly maxHunterSight: number;
  readonly stairsMetres: number;

  // Creation-ordered lists of zombies, immunes and immortals (an agent enters each once).
  readonly zombieOrder: Int32Array;
  zombieCount = 0;
  readonly immuneOrder: Int32Array;
  immuneCount = 0;
  readonly immortalOrder: Int32Array;
  immortalCount = 0;
  private readonly listed: Uint8Array;
  /** Infected agents waiting to turn at `turnAt`, and those due this tick. */
  readonly infectedList: Int32Array;
  private readonly due: Int32Array;
  infectedCount = 0;
  /** Agents that die this tick and rise as zombies at its end (the countdown unit). */
  readonly pendingTurn: Int32Array;
  pendingCount = 0;
  /** Agents who left the map, in the order they left. */
  readonly awayList: Int32Array;
  awayCount = 0;

  // Infection settings, compiled.
  readonly biteShare: Float64Array;
  readonly biteLow: Float64Array;
  readonly biteHigh: Float64Array;
  readonly biteNames: readonly string[];

  /** Story milestones. */
  firstBite = Number.NaN;
  firstZombie = Number.NaN;
  readonly exitReachedAt: Float64Array;

  constructor(
    world: WorldSettings,
    agents: Agents,
    building: Building | undefined,
    stream: Stream,
    log: EventLog,
    parameters: Float64Array,
    parameterIndex: ReadonlyMap<string, number>,
  ) {
    this.world = world;
    this.a = agents;
    this.b = building;
    this.stream = stream;
    this.log = log;
    this.dt = world.tick;
    this.parameters = parameters;
    this.parameterIndex = parameterIndex;
    const n = agents.n;
    this.zombieOrder = new Int32Array(n);
    this.immuneOrder = new Int32Array(n);
    this.immortalOrder = new Int32Array(n);
    this.listed = new Uint8Array(n);
    this.infectedList = new Int32Array(n);
    this.due = new Int32Array(n);
    this.pendingTurn = new Int32Array(n);
    this.awayList = new Int32Array(n);
    const bites = Object.entries(world.infection.bites);
    this.biteNames = bites.map(([name]) => name);
    this.biteShare = Float64Array.from(bites, ([, s]) => s.share);
    this.biteLow = Float64Array.from(bites, ([, s]) => s.turn[0]);
    this.biteHigh = Float64Array.from(bites, ([, s]) => s.turn[1]);
    const l = world.perception.loudness;
    const loudness = Float64Array.of(
      l.scream,
      l.fight,
      l.bang,
      l.phone,
      l.speaker,
      l.alarm,
      l.whistle,
      l.voice,
    );
    this.light = {
      start: hours(world.clock.start),
      dawn: hours(world.clock.dawn),
      dusk: hours(world.clock.dusk),
      night: world.light.night,
      indoorDark: world.light.indoorDark,
      floor: world.light.floor,
    };
    this.stairsMetres = world.building.stairs;
    this.capacity = world.building.capacity;
    const zombieSight = world.infection.zombie.sight ?? 10;
    const immortalSight = world.infection.immortal.sight ?? 20;
    this.maxHunterSight = Math.max(zombieSight, immortalSight, 20);

    const open = world.building.open;
    this.plane = new OpenPlane(agents, open?.width ?? 0, open?.height ?? 0, this);

    const cells = building?.cells ?? 0;
    this.occupancy = new Uint8Array(cells);
    this.chunkOfCell = new Int32Array(cells);
    this.chunkColumns = building ? Math.ceil(building.width / CHUNK) : 0;
    this.chunkRows = building ? Math.ceil(building.height / CHUNK) : 0;
    const chunks = building ? this.chunkColumns * this.chunkRows * building.floors : 0;
    if (building) {
      for (let c = 0; c < cells; c++) {
        const f = (c / building.plane) | 0;
        const rest = c - f * building.plane;
        const x = rest % building.width;
        const y = (rest / building.width) | 0;
        this.chunkOfCell[c] =
          (f * this.chunkRows + ((y / CHUNK) | 0)) * this.chunkColumns + ((x / CHUNK) | 0);
      }
    }
    this.hunterHead = new Int32Array(chunks).fill(-1);
    this.peopleHead = new Int32Array(chunks).fill(-1);
    this.roomHunters = new Int16Array(building?.roomCount ?? 0);
    this.roomAlarm = new Int32Array(building?.roomCount ?? 0).fill(-1_000_000);
    this.roomVoice = new Int32Array(building?.roomCount ?? 0).fill(-1_000_000);
    this.exitReachedAt = new Float64Array(building?.exitCount ?? 0).fill(Number.POSITIVE_INFINITY);
    if (building) {
      this.solver = new FieldSolver(building, this.stairsMetres);
      // Sounds spread as far as the keenest hunter present hears them (people hear nearer).
      let maxHearing = 1;
      for (let i = 0; i < n; i++)
        if (HUNTS[agents.state[i]!] === 1) maxHearing = Math.max(maxHearing, agents.hearing[i]!);
      this.sound = new SoundField(building, world.perception.sound, this.stairsMetres, this.dt, maxHearing);
      this.refugeField = new Field(cells);
      this.exitField = new Field(cells);
      this.scentField = new Field(cells);
      this.roomFields = new Array<Field | undefined>(building.roomCount).fill(undefined);
    } else {
      this.solver = undefined;
      this.sound = undefined;
      this.refugeField = undefined;
      this.exitField = undefined;
      this.scentField = undefined;
      this.roomFields = [];
    }
    this.noise = new Noise(this, agents, log, this.sound, loudness);
  }

  /** A parameter's current value (events may `set` it). */
  parameter(name: string): number {
    return this.parameters[this.parameterIndex.get(name)!]!;
  }

  /** A value that may name a parameter. */
  valueOf(value: number | string): number {
    return typeof value === 'number' ? value : this.parameter(value);
  }

  // ---------------------------------------------------------------------------------------------
  // Lists and state changes.

  /** Puts agent i on the map at cell c (building) and into the lists its state needs. */
  place(i: number, c: number): void {
    const a = this.a;
    a.cell[i] = c;
    if (this.b) {
      this.occupancy[c]!++;
      this.link(i);
      if (HUNTS[a.state[i]!] === 1) {
        const r = this.b.room[c]!;
        if (r >= 0) this.roomHunters[r]!++;
      }
    } else {
      this.plane.appendToCell(i, c);
    }
  }

  /** Links agent i into its chunk's hunter or people list (building), by its state. */
  link(i: number): void {
    const a = this.a;
    const s = a.state[i]!;
    const head = HUNTS[s] === 1 ? this.hunterHead : PERCEIVES[s] === 1 ? this.peopleHead : undefined;
    if (head === undefined) {
      a.chunk[i] = -1;
      return;
    }
    const k = this.chunkOfCell[a.cell[i]!]!;
    a.chunk[i] = k;
    a.chunkPrev[i] = -1;
    a.chunkNext[i] = head[k]!;
    if (head[k]! >= 0) a.chunkPrev[head[k]!] = i;
    head[k] = i;
  }

  /** Takes agent i out of its chunk list (building). */
  unlink(i: number): void {
    const a = this.a;
    const k = a.chunk[i]!;
    if (k < 0) return;
    const head = HUNTS[a.state[i]!] === 1 ? this.hunterHead : this.peopleHead;
    const prev = a.chunkPrev[i]!;
    const next = a.chunkNext[i]!;
    if (prev >= 0) a.chunkNext[prev] = next;
    else head[k] = next;
    if (next >= 0) a.chunkPrev[next] = prev;
    a.chunk[i] = -1;
  }

  /** Changes agent i's state, keeping counts, lists and creation orders right. */
  setState(i: number, s: number): void {
    const a = this.a;
    const old = a.state[i]!;
    if (old === s) return;
    const onMap = a.away[i] === 0;
    if (onMap && this.b) {
      this.unlink(i);
      const r = this.b.room[a.cell[i]!]!;
      if (r >= 0) this.roomHunters[r]! -= HUNTS[old]! - HUNTS[s]!;
      if (s === DEAD) this.occupancy[a.cell[i]!]!--;
      if (old === HUMAN || s === HUMAN) this.scentVersion++;
    } else if (onMap && !this.b) {
      this.plane.changeState(i, old, s);
    }
    if ((s === HUMAN || s === INFECTED) && old !== HUMAN && old !== INFECTED) this.peopleChanged = true;
    this.stateChanges++;
    this.counts[old]!--;
    this.counts[s]!++;
    if (old === HUMAN) this.lost++;
    else if (s === HUMAN) this.lost--;
    if (!onMap) this.awayHumans += (s === HUMAN ? 1 : 0) - (old === HUMAN ? 1 : 0);
    a.state[i] = s;
    if (onMap && this.b && s !== DEAD) this.link(i);
    if (this.listed[i]! & (1 << s)) return;
    if (s === ZOMBIE) this.zombieOrder[this.zombieCount++] = i;
    else if (s === IMMUNE) this.immuneOrder[this.immuneCount++] = i;
    else if (s === IMMORTAL) this.immortalOrder[this.immortalCount++] = i;
    this.listed[i]! |= 1 << s;
  }

  /** Records agent i's creation-order place, for agents created in state s. */
  registerInitial(i: number): void {
    const s = this.a.state[i]!;
    this.counts[s]!++;
    if (s !== HUMAN) this.lost++;
    if (s === ZOMBIE) this.zombieOrder[this.zombieCount++] = i;
    else if (s === IMMUNE) this.immuneOrder[this.immuneCount++] = i;
    else if (s === IMMORTAL) this.immortalOrder[this.immortalCount++] = i;
    this.listed[i]! |= 1 << s;
  }

  // ---------------------------------------------------------------------------------------------
  // Infection.

  /** A log-uniform draw in [low, high] (uniform if low is 0). */
  drawTurn(low: number, high: number): number {
    if (high <= low) return low;
    if (low <= 0) return low + (high - low) * this.stream.next();
    return low * Math.exp(Math.log(high / low) * this.stream.next());
  }

  /** Infects person h: bite class `cls` (or `SCRATCH`), by agent `by` (or −1). */
  infect(h: number, cls: number, by: number): void {
    const a = this.a;
    this.setState(h, INFECTED);
    a.infectedAt[h] = this.time;
    a.severity[h] = cls;
    const inf = this.world.infection;
    const wait =
      cls === SCRATCH
        ? this.drawTurn(inf.scratch.turn[0], inf.scratch.turn[1])
        : this.drawTurn(this.biteLow[cls]!, this.biteHigh[cls]!);
    a.turnAt[h] = this.time + wait;
    this.infectedList[this.infectedCount++] = h;
    if (Number.isNaN(this.firstBite)) this.firstBite = this.time;
    this.log.add(this.time, EV_BITE, by, h, this.where(h), cls);
  }

  /** Draws a bite's severity class by the shares of `infection.bites`. */
  drawBiteClass(): number {
    let u = this.stream.next();
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
    const a = this.a;
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
    for (let m = 0; m < count; m++) this.turn(due[m]!, Math.max(a.turnAt[due[m]!]!, this.time));
  }

  /** Agent i rises: a zombie, or (by its hybrid chance) an immune or an immortal. */
  turn(i: number, t: number): void {
    const a = this.a;
    let chance = a.hybridChance[i]!;
    if (Number.isNaN(chance)) chance = this.valueOf(this.world.infection.hybrid);
    let s = ZOMBIE;
    if (chance > 0 && this.stream.next() < chance) {
      s = a.hybridKind[i]!;
      if (s === 0)
        s = this.stream.next() < this.valueOf(this.world.infection.immuneShare) ? IMMUNE : IMMORTAL;
    }
    if (a.full) {
      const change =
        s === ZOMBIE
          ? this.world.infection.zombie
          : s === IMMUNE
            ? this.world.infection.immune
            : this.world.infection.immortal;
      if (change.speed !== undefined) {
        a.walk[i] *= change.speed;
        a.run[i] *= change.speed;
      }
      if (change.strength !== undefined) a.strength[i] *= change.strength;
      if (change.hearing !== undefined) a.hearing[i] = change.hearing;
      if (change.sight !== undefined) a.sight[i] = change.sight;
      a.turnedAt[i] = t;
      a.target[i] = -1;
      a.threat[i] = -1;
      a.sleepUntil[i] = 0;
    }
    this.setState(i, s);
    if (HUNTS[s] === 1 && a.full) this.sound?.raiseHearing(a.hearing[i]!);
    if (Number.isNaN(this.firstZombie)) this.firstZombie = t;
    this.log.add(t, EV_TURN, i, -1, this.where(i), s);
    if (a.away[i] !== 0 && this.b) {
      const e = a.away[i]! - 1;
      if (t < this.exitReachedAt[e]!) this.exitReachedAt[e] = t;
    }
  }

  /** Agent i dies: killed by `by` (a kill), or of `cause` (a death). */
  kill(i: number, by: number, cause: number): void {
    this.setState(i, DEAD);
    if (by >= 0) this.log.add(this.time, EV_KILL, by, i, this.where(i), cause);
    else this.log.add(this.time, EV_DEATH, i, -1, this.where(i), cause);
  }

  /** The cell an event about agent i is located at, or −1 − exit for someone away. */
  where(i: number): number {
    const a = this.a;
    return a.away[i] === 0 ? a.cell[i]! : -a.away[i]!;
  }

  /**
   * A zombie (or immortal) z attacks person h. The outcome depends on their power: strength ×
   * (1 + skill) × (1 + weapon) for the person, strength for the attacker; the person's share of the
   * power is s. The person stops the attacker with chance kill · s · (0.1 + weapon), else breaks
   * free with chance escape · s (scratched with the scratch chance), else is bitten.
   */
  attack(z: number, h: number): void {
    const a = this.a;
    const fight = this.world.infection.fight;
    const share = this.defenceShare(h, z);
    const u = this.stream.next();
    if (u < fight.kill * share * this.stopping(h)) {
      this.kill(z, h, CAUSE_KILLED);
      this.noise.shout(h, FIGHT);
      return;
    }
    if (u < (fight.kill + fight.escape) * share) {
      if (this.stream.next() < this.world.infection.scratch.chance) this.infect(h, SCRATCH, z);
      this.noise.shout(h, FIGHT);
    } else {
      this.infect(h, this.drawBiteClass(), z);
      this.noise.shout(h, SCREAM);
      this.hooks.bite(h, a.state[h]!, z);
    }
    if (a.state[h] !== HUMAN) a.target[z] = -1;
  }

  /** Person h strikes at hunter z: stops it with chance kill · s · (0.1 + weapon), as in `attack`. */
  strike(h: number, z: number): void {
    const share = this.defenceShare(h, z);
    if (this.stream.next() < this.world.infection.fight.kill * share * this.stopping(h))
      this.kill(z, h, CAUSE_KILLED);
    this.noise.shout(h, FIGHT);
  }

  /**
   * How well person h can stop a zombie for good (neck or brain stem): 0.1 bare-handed, more with
   * a weapon (× (0.1 + weapon)).
   */
  private stopping(h: number): number {
    return 0.1 + this.a.weapon[h]!;
  }

  private defenceShare(h: number, z: number): number {
    const a = this.a;
    const ph = a.strength[h]! * (1 + a.skill[h]!) * (1 + a.weapon[h]!);
    const pz = a.strength[z]!;
    return ph / (ph + pz);
  }

  // ---------------------------------------------------------------------------------------------
  // Fields.

  /** The goal field of a room (people's legs), recomputed when doors changed, at most every 30 s. */
  roomField(r: number): Field {
    let field = this.roomFields[r];
    if (field === undefined) {
      field = new Field(this.b!.cells);
      this.roomFields[r] = field;
    }
    this.refresh(field, r, FIELD_SECONDS);
    return field;
  }

  /** The field to the nearest refuge (a room with doors and no zombie seen in it at the time). */
  refuge(): Field {
    this.refresh(this.refugeField!, -1, FIELD_SECONDS);
    return this.refugeField!;
  }

  /** The field to the nearest unsealed exit. */
  exits(): Field {
    this.refresh(this.exitField!, -2, FIELD_SECONDS);
    return this.exitField!;
  }

  private readonly sources = new Int32Array(1 << 16);
  /** 1 for each room the military sealed (perception and the fields read it). */
  readonly sealedRooms = new Uint8Array(1 << 15);

  private refresh(field: Field, which: number, seconds: number): void {
    const b = this.b!;
    if (field.doorVersion === b.doorVersion && field.computedTick >= 0) return;
    if (this.tick - field.computedTick < seconds / this.dt) return;
    let count = 0;
    const sources = this.sources;
    if (which >= 0) {
      for (let k = b.roomCellStart[which]!; k < b.roomCellStart[which + 1]! && count < sources.length; k++)
        sources[count++] = b.roomCellList[k]!;
    } else if (which === -1) {
      for (let r = 0; r < b.roomCount; r++) {
        if (
          b.roomKind[r] !== ROOM ||
          b.roomDoorStart[r + 1] === b.roomDoorStart[r] ||
          this.roomHunters[r]! > 0
        )
          continue;
        const k = b.roomAnchor[r]!;
        if (count < sources.length) sources[count++] = k;
      }
    } else {
      for (let e = 0; e < b.exitCount; e++) {
        if (b.exitSealed[e] === 1) continue;
        const r = b.exitRoom[e]!;
        for (let k = b.roomCellStart[r]!; k < b.roomCellStart[r + 1]! && count < sources.length; k++) {
          const c = b.roomCellList[k]!;
          if (b.kind[c] === Cell.EXIT) sources[count++] = c;
        }
      }
    }
    field.touchedCount = this.solver!.solve(
      field.values,
      field.touched,
      field.touchedCount,
      sources,
      count,
      PEOPLE,
      FAR - 1,
    );
    field.doorVersion = b.doorVersion;
    field.computedTick = this.tick;
  }

  /** Where people are, for zombies' noses, out to `range` metres; at most every `every` seconds. */
  scent(range: number, every: number): Field {
    const field = this.scentField!;
    const b = this.b!;
    const stale = field.doorVersion !== b.doorVersion || this.scentComputedVersion !== this.scentVersion;
    if (!stale || this.tick - field.computedTick < every / this.dt) return field;
    const a = this.a;
    let count = 0;
    const sources = this.sources;
    // People behind barricades on every side cannot be smelt from outside: they seed nothing.
    const sealed = this.sealedRooms;
    for (let i = 0; i < a.n && count < sources.length; i++) {
      if (a.state[i] !== HUMAN || a.away[i] !== 0) continue;
      const r = b.room[a.cell[i]!]!;
      if (r >= 0 && sealed[r] === 1) continue;
      sources[count++] = a.cell[i]!;
    }
    const limit = Math.round((2 * range) / b.cellSize);
    field.touchedCount = this.solver!.solve(
      field.values,
      field.touched,
      field.touchedCount,
      sources,
      count,
      ZOMBIES,
      limit,
    );
    field.doorVersion = b.doorVersion;
    field.computedTick = this.tick;
    this.scentComputedVersion = this.scentVersion;
    return field;
  }

  /** An infected person on the open plane dies and rises in place: a new zombie, last in its cell's list. */
  riseInPlace(i: number, t: number): void {
    const a = this.a;
    this.plane.removeFromCell(i);
    this.stateChanges++;
    this.counts[a.state[i]!]!--;
    this.counts[ZOMBIE]!++;
    a.state[i] = ZOMBIE;
    this.plane.appendToCell(i, a.cell[i]!);
    if ((this.listed[i]! & (1 << ZOMBIE)) === 0) {
      this.zombieOrder[this.zombieCount++] = i;
      this.listed[i]! |= 1 << ZOMBIE;
    }
    if (Number.isNaN(this.firstZombie)) this.firstZombie = t;
    this.log.add(t, EV_TURN, i, -1, a.cell[i]!, ZOMBIE);
  }

  /** Turns every agent the countdown unit marked this tick, in the order they were marked. */
  risePending(t: number): void {
    for (let k = 0; k < this.pendingCount; k++) {
      const i = this.pendingTurn[k]!;
      if (this.a.state[i] !== INFECTED) continue;
      if (this.b) this.turn(i, t);
      else this.riseInPlace(i, t);
    }
    this.pendingCount = 0;
  }

  /** Infects person h with no turning time of its own (the countdown unit decides). */
  infectCounting(h: number, by: number): void {
    const a = this.a;
    this.setState(h, INFECTED);
    a.infectedAt[h] = this.time;
    a.counter[h] = 0;
    a.turnAt[h] = Number.POSITIVE_INFINITY;
    if (Number.isNaN(this.firstBite)) this.firstBite = this.time;
    this.log.add(this.time, EV_BITE, by, h, this.where(h), 0);
  }

  /**
   * Opens, shuts, unlocks or breaks door d, by agent `by` (or −1: the world), and logs the change
   * where the agent stands. Only changes are logged: setting a door to the state it is in does nothing.
   */
  setDoor(d: number, state: number, by: number): void {
    const b = this.b!;
    if (b.doorState[d] === state) return;
    b.setDoor(d, state);
    const where = by >= 0 ? this.a.cell[by]! : b.doorCell[d]!;
    this.log.add(this.time, EV_DOOR, by, -1, where, doorDetail(d, state));
  }

  /** Refuge-ness of a room: a room (not corridor or outdoors) with doors. */
  isRefuge(r: number): boolean {
    const b = this.b!;
    return r >= 0 && b.roomKind[r] === ROOM && b.roomDoorStart[r + 1]! > b.roomDoorStart[r]!;
  }

  /** True for corridors and outdoor places. */
  isOpenArea(r: number): boolean {
    const b = this.b!;
    return r < 0 || b.roomKind[r] === CORRIDOR || b.roomKind[r] === OUTDOOR;
  }

  /** Clears a person's plan. */
  calm(i: number): void {
    this.a.plan[i] = PLAN_NONE;
  }
}

function hours(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h! + m! / 60;
}

export { PLAN_GO, PLAN_LEAVE, PLAN_SHELTER };
