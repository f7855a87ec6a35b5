import type { Stream } from '../../core/random.js';
import type { WorldSettings } from '../../scenario/compiled-world.js';
import { Cell } from '../../scenario/compiled-world.js';
import type { Agents } from './agents.js';
import { UnitFields } from './behaviours/unit-fields.js';
import { type Building, CORRIDOR, OUTDOOR, ROOM } from './building.js';
import { BuildingPlaces } from './building-places.js';
import { FAR, Field, FieldSolver, PEOPLE, ZOMBIES } from './distance-field.js';
import { doorDetail, EV_DEATH, EV_DOOR, EV_KILL, type EventLog } from './event-log.js';
import type { FactionTable } from './faction-table.js';
import type { GroupPlans } from './group-plans.js';
import { Hooks } from './hooks.js';
import { HunterNaps } from './hunter-naps.js';
import { Infection } from './infection.js';
import type { NeedsState } from './needs-state.js';
import { Noise } from './noise.js';
import { OpenPlane } from './open-plane.js';
import { Registry } from './registry.js';
import type { LightSettings } from './sight.js';
import { SoundField } from './sound-field.js';
import { DEAD, PLAN_GO, PLAN_LEAVE, PLAN_NONE, PLAN_SHELTER } from './states.js';

export {
  CAUSE_BOMB,
  CAUSE_DECAY,
  CAUSE_EVENT,
  CAUSE_HUNGER,
  CAUSE_KILLED,
  CAUSE_STARVATION,
  CAUSE_THIRST,
  DEATH_CAUSES,
  SCRATCH,
} from './infection.js';
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

/** Goal fields are recomputed when doors changed, at most this often (seconds): a bounded rate. */
const FIELD_SECONDS = 30;

/**
 * The state of a run, as parts: the agents and their one `setState` (`registry`), who stands where
 * (`places` in a building, `plane` on an open plane), noise, infection, the units' own fields
 * (`unitFields`), and here the clock, the parameters, deaths, doors and the goal fields. Moving is
 * the `Walker`'s and perceiving the `Perception`'s, each made over this state. Behaviour units
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
  /** The agents and who is what: the one `setState`, counts, creation orders, who left. */
  readonly registry: Registry;
  /** Who hunts, avoids and ignores whom (`world.factions`, or the default table): never changes. */
  readonly factions: FactionTable;
  /** While a broadcast plays (until `broadcastUntil`): the chance that someone alarmed by it panics. */
  broadcastPanic = 0;
  broadcastUntil = -1;

  /** The per-agent fields the behaviour units allocate for themselves (see `UNIT_TABLE`). */
  readonly unitFields: UnitFields;
  /** What the behaviour units do when something happens to an agent of their stack. */
  readonly hooks = new Hooks();
  /** The open plane's cells (empty in a building). */
  readonly plane: OpenPlane;
  /** Which hunters sleep through this tick, for the turn loop to skip (a building's; see `wake`). */
  readonly naps: HunterNaps;
  /** Agent turns taken (each agent's behaviour stack run once a tick counts one). */
  updates = 0;
  /** Food, water, sleep and supply trips (`world.needs`), or undefined: nobody eats or sleeps. */
  needs: NeedsState | undefined = undefined;
  /** The groups' strategies (`world.groups[].strategy`), or undefined when no group has one. */
  groupPlans: GroupPlans | undefined = undefined;

  // Building.
  /** Who stands where in the building: the agents of each cell, chunk and room. */
  readonly places: BuildingPlaces;
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
  /**
   * Per scent (`FactionTable.scentOf`): where the hunted are, for hunters' noses; recomputed at a
   * bounded rate when the hunted moved.
   */
  readonly scentFields: readonly Field[];
  /** Per scent: the `places.scentVersion` its field was computed at. */
  readonly scentComputedVersion: Float64Array;
  readonly light: LightSettings;
  day = 1;
  /** The sounds made (and, in a building, heard). */
  readonly noise: Noise;
  /** Bites, the clocks of the infected, turning and fights. */
  readonly infection: Infection;
  readonly maxHunterSight: number;
  readonly stairsMetres: number;

  readonly exitReachedAt: Float64Array;

  constructor(
    world: WorldSettings,
    agents: Agents,
    building: Building | undefined,
    stream: Stream,
    log: EventLog,
    parameters: Float64Array,
    parameterIndex: ReadonlyMap<string, number>,
    factions: FactionTable,
  ) {
    this.world = world;
    this.factions = factions;
    this.a = agents;
    this.b = building;
    this.stream = stream;
    this.log = log;
    this.dt = world.tick;
    this.parameters = parameters;
    this.parameterIndex = parameterIndex;
    this.unitFields = new UnitFields(agents.capacity);
    this.naps = new HunterNaps(building !== undefined ? agents.capacity : 0);
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
    const zombieSight = world.infection.zombie.sight ?? 10;
    const immortalSight = world.infection.immortal.sight ?? 20;
    this.maxHunterSight = Math.max(zombieSight, immortalSight, 20);

    const open = world.building.open;
    this.plane = new OpenPlane(agents, open?.width ?? 0, open?.height ?? 0, this);

    const cells = building?.cells ?? 0;
    this.places = new BuildingPlaces(agents, building, world.building.capacity, factions);
    this.roomAlarm = new Int32Array(building?.roomCount ?? 0).fill(-1_000_000);
    this.roomVoice = new Int32Array(building?.roomCount ?? 0).fill(-1_000_000);
    this.exitReachedAt = new Float64Array(building?.exitCount ?? 0).fill(Number.POSITIVE_INFINITY);
    if (building) {
      this.solver = new FieldSolver(building, this.stairsMetres);
      // Sounds spread as far as the keenest hunter hears them: the space raises the reach once the
      // agents are placed, and turning raises it as keener hunters appear.
      this.sound = new SoundField(building, world.perception.sound, this.stairsMetres, this.dt, 1);
      this.refugeField = new Field(cells);
      this.exitField = new Field(cells);
      this.scentFields = factions.smelt.map(() => new Field(cells));
      this.scentComputedVersion = new Float64Array(factions.smelt.length).fill(-1);
      this.roomFields = new Array<Field | undefined>(building.roomCount).fill(undefined);
    } else {
      this.solver = undefined;
      this.sound = undefined;
      this.refugeField = undefined;
      this.exitField = undefined;
      this.scentFields = [];
      this.scentComputedVersion = new Float64Array(0);
      this.roomFields = [];
    }
    this.registry = new Registry(agents, building ? this.places : this.plane, factions, this.naps);
    this.noise = new Noise(this, agents, log, this.sound, loudness);
    this.infection = new Infection(this);
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

  /** Agent i dies: killed by `by` (a kill), or of `cause` (a death). */
  kill(i: number, by: number, cause: number): void {
    this.registry.setState(i, DEAD);
    if (by >= 0) this.log.add(this.time, EV_KILL, by, i, this.where(i), cause);
    else this.log.add(this.time, EV_DEATH, i, -1, this.where(i), cause);
  }

  /**
   * Agent i wakes now (its `sleepUntil` cleared). Every early waking goes through here, never a
   * plain write, so that the turn loop, which skips known sleepers, gives it its turn.
   */
  wake(i: number): void {
    this.a.sleepUntil[i] = 0;
    this.naps.wake(i);
  }

  /** The cell an event about agent i is located at, or −1 − exit for someone away. */
  where(i: number): number {
    const a = this.a;
    return a.away[i] === 0 ? a.cell[i]! : -a.away[i]!;
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
          this.places.roomHunters[r]! > 0
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

  /**
   * Where the hunted of a member of `faction` are, for its nose, out to `range` metres; at most
   * every `every` seconds. Undefined if the faction hunts nobody.
   */
  scent(faction: number, range: number, every: number): Field | undefined {
    const set = this.factions.scentOf[faction]!;
    if (set < 0) return undefined;
    const field = this.scentFields[set]!;
    const b = this.b!;
    const stale =
      field.doorVersion !== b.doorVersion || this.scentComputedVersion[set] !== this.places.scentVersion;
    if (!stale || this.tick - field.computedTick < every / this.dt) return field;
    const a = this.a;
    let count = 0;
    const sources = this.sources;
    // People behind barricades on every side cannot be smelt from outside: they seed nothing.
    const sealed = this.sealedRooms;
    // The smell is of the hunted: the members of the factions this faction hunts.
    const smelt = this.factions.smelt[set]!;
    for (let i = 0; i < a.n && count < sources.length; i++) {
      if (smelt[a.faction[i]!] !== 1 || a.away[i] !== 0) continue;
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
    this.scentComputedVersion[set] = this.places.scentVersion;
    return field;
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
