import type { Member } from '../../scenario/compiled-world.js';
import type { Unit } from './behaviours/unit.js';
import type { ReplayWriter } from './replay.js';

/** The map the replay draws under the agents: the unpadded floor plans, or an empty open plane. */
export interface ReplayPlan {
  readonly plan: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly floors: number;
  readonly cellSize: number;
}

/**
 * Where the agents live and how a tick goes there: a building (`BuildingSpace`: people look
 * around, leave by exits, sleep; sounds spread) or an open plane (`PlaneSpace`: nobody leaves or
 * sleeps, zombies read per-cell lists of people). The engine runs its tick through this one
 * interface, with no branch on the kind of space.
 */
export interface Space {
  /**
   * Places agent i, member m, at the start, drawing what this space needs in creation order: in a
   * building, the person's traits and a free cell of their room; on an open plane, a point.
   */
  placeAtStart(i: number, m: Member): void;
  /**
   * Whether `count` humans can be added at `place` during a run: a building needs a room's name
   * with that many free places; an open plane takes a point `x,y` of it, or none (anywhere).
   * Throws `InvalidIntervention` if not.
   */
  checkDrop(place: string | undefined, count: number): void;
  /**
   * Places agent i, member m, a human added at `place` during a run (`checkDrop` said there is
   * room), drawing as at the start: in a building, traits and a free cell of the room; on an open
   * plane, the point named or a random one.
   */
  placeDropped(i: number, m: Member, place: string | undefined): void;
  /**
   * Places agent i, member m (described already), arriving during the run through the exit room
   * `through`, in `room`: in a building, draws their traits and a free cell of the room, and readies them as
   * those at the start are readied (zombies take on a zombie's traits, hunters' hearing, a named
   * character's whereabouts). Returns the exit's index, or −1, drawing nothing, when the room has
   * no free place. Arrivals are a building's only (the schema refuses them on an open plane).
   */
  placeArrival(i: number, m: Member, through: string, room: string): number;
  /** Once everyone is placed: a building's room leaders, the dead off the floor, hunters' hearing. */
  settleStart(members: readonly Member[]): void;
  /** What the agents sense at the start of tick `tick`, before any stack acts. */
  sense(tick: number): void;
  /**
   * Runs the human stack's `units` for the people list[0 .. count) still in that stack, keeping
   * them in order at the front of the list; returns how many were kept.
   */
  runPeople(units: readonly Unit[], list: Int32Array, count: number, tick: number): number;
  /** Runs a hunter stack's `units` for the agents of `list[0 .. count)` still in `state`. */
  runHunters(units: readonly Unit[], list: Int32Array, count: number, state: number, tick: number): void;
  /** Before the zombies act: what they read of the people (`people[0 .. count)`, creation order). */
  beforeZombies(people: Int32Array, count: number): void;
  /** Infected agent i, marked to rise by the countdown unit, rises at time t. */
  rise(i: number, t: number): void;
  /** At the end of a tick: what happens to those who left the map, and where the named went. */
  afterTick(): void;
  /** Whether the place can fall (a building; an open plane has nothing to fall). */
  readonly falls: boolean;
  /** Whether the place fell: nine in ten of the people still on it lost (never, on an open plane). */
  fallen(): boolean;
  /** The replay's map. */
  replayPlan(): ReplayPlan;
  /** Adds a replay frame of every agent's place and state now. */
  recordFrame(replay: ReplayWriter): void;
  /**
   * Each door's state now, one byte a door in the building's order (the replay plan's, cell by
   * cell): its code (`DOOR_OPEN` …), plus `DOOR_BARRICADED` while a barricade stands; a new array,
   * empty on an open plane.
   */
  doorStates(): Uint8Array;
  /** Where agent i is, in words: its room and floor or where it went (a building), or `open`. */
  placeOf(i: number): string;
  /**
   * Adds to an events.jsonl record what this space knows of an entry: its place (`floor` and
   * `room`, `away`, or an open plane's `cell`) and the building's own kinds (an exit's `exit` and
   * `to`, a door's or breach's `door`, `room` and `to`).
   */
  describe(kind: number, cell: number, detail: number, record: Record<string, unknown>): void;
  /** Each exit of a building, by name, and when the outbreak reached where it leads (∞: never). */
  exitsReached(): [string, number][];
  /**
   * Which agents on the map stand at `place` (a room's name in a building, a point `x,y` of an open
   * plane); throws `InvalidIntervention` for a place there is not.
   */
  at(place: string): (i: number) => boolean;
}

/** Runs agent i's units by priority until one acts. */
export function runUnits(units: readonly Unit[], i: number): void {
  for (let k = 0; k < units.length; k++) if (units[k]!.act(i)) return;
}
