/**
 * The compiled form of an agents world: plain data and constants that the agents engine is made
 * from, already checked by the scenario layer (`compile-world.ts`). Like `compiled.ts`, this file
 * holds types and constants only and imports nothing, so that an engine importing it carries no
 * zod, no YAML parser and no map parser.
 */

/** Cell kinds of a floor plan: how a cell blocks movement, sight and sound. */
export const Cell = {
  VOID: 0,
  FLOOR: 1,
  WALL: 2,
  DOOR: 3,
  LOCKED: 4,
  WINDOW: 5,
  EXIT: 6,
} as const;

/** Whether a person can stand on a cell of this kind: floor, an exit, or a door (locked or not). */
export function isPassable(kind: number): boolean {
  return kind === Cell.FLOOR || kind === Cell.EXIT || kind === Cell.DOOR || kind === Cell.LOCKED;
}

/** Cell flags, on top of the kind. */
export const Flag = {
  STAIRS_UP: 1,
  STAIRS_DOWN: 2,
  FURNITURE: 4,
  SPEAKER: 8,
  WEAPON: 16,
} as const;

/** The agent states, which are also the compartments of an agents scenario, in this order. */
export const agentStates = ['human', 'infected', 'zombie', 'immune', 'immortal', 'dead'] as const;
export type AgentStateName = (typeof agentStates)[number];

/** The traits of a person, in the order they are drawn. */
export const traitNames = [
  'walk',
  'run',
  'strength',
  'skill',
  'hearing',
  'sight',
  'courage',
  'weapon',
  'restraint',
] as const;
export type TraitName = (typeof traitNames)[number];

/** The most a share can be (courage, skill, a weapon in hand, restraint: 0 … 1). */
export const SHARE_TOP = 1;
/**
 * The most any other trait can be (speeds, sight, hearing, strength), so that it stays a number
 * (walk: 1e300 was written as Infinity in agents.csv).
 */
export const TRAIT_TOP = 1e6;
/** The largest value of each trait; the smallest is 0. */
export const traitTops: Readonly<Record<TraitName, number>> = {
  walk: TRAIT_TOP,
  run: TRAIT_TOP,
  strength: TRAIT_TOP,
  skill: SHARE_TOP,
  hearing: TRAIT_TOP,
  sight: TRAIT_TOP,
  courage: SHARE_TOP,
  weapon: SHARE_TOP,
  restraint: SHARE_TOP,
};

/** Units of the agents engine's distance fields a straight step of one cell costs (a diagonal one, 3). */
export const FIELD_UNIT = 2;
/**
 * The most a walk may cost in those fields: they are 16-bit, and the next value, 65,535, marks a
 * cell out of reach.
 */
export const FIELD_MOST = 65_534;

/** A flight of stairs' cost in field units: `stairs` metres on cells of `cell` metres, at least one step. */
export function stairFieldCost(stairs: number, cell: number): number {
  return Math.max(FIELD_UNIT, Math.round((FIELD_UNIT * stairs) / cell));
}

/** The kinds of typed array a behaviour unit's per-agent field can be. */
export type FieldKind = 'int8' | 'int16' | 'int32' | 'uint8' | 'float32';

/**
 * A per-agent field a behaviour unit allocates for itself: its kind, and the value every agent
 * starts with. Units that declare a field of the same name share it.
 */
export interface UnitField {
  readonly kind: FieldKind;
  readonly fill: number;
}

/** Where a behaviour unit can run: in a building with floors, on an open plane, or in either. */
export type UnitSpace = 'building' | 'open' | 'any';

/**
 * The behaviour units, one entry each, in the schema's order: where it can run, its default
 * priority (higher acts first), what it does in a line (for editors), and the defaults of its
 * parameters (the scenario schema checks them and fills them in), and the per-agent fields it
 * allocates for itself (`fields`, made only when a scenario uses the unit). Each unit is one file in
 * src/engines/agents/behaviours, made from its parameters by the factory of the same name there.
 */
export const UNIT_TABLE = {
  bite: { space: 'building', priority: 85, help: 'bite the target when in reach', defaults: { rate: 0.8 } },
  hunt: {
    space: 'building',
    priority: 90,
    help: 'run at the person seen, or where they were last seen',
    defaults: { memory: 8 },
  },
  track: {
    space: 'building',
    priority: 75,
    help: 'follow the smell of people along walking distance',
    defaults: { range: 10, every: 5 },
  },
  'follow-sound': {
    space: 'building',
    priority: 70,
    help: 'make for the loudest place heard',
    defaults: { run: true },
  },
  'break-barricade': {
    space: 'building',
    priority: 95,
    help: 'batter a shut door with a reason to pass it',
    defaults: { rate: 1 },
  },
  wander: {
    space: 'building',
    priority: 0,
    help: 'walk at random, with pauses',
    defaults: { steps: [1, 6], pause: [10, 60], exits: true },
    fields: { wanderDir: { kind: 'int8', fill: 0 }, wanderLeft: { kind: 'int16', fill: 0 } },
  },
  fight: {
    space: 'building',
    priority: 96,
    help: 'strike at a zombie in reach, if brave enough or cornered',
    defaults: { courage: 0.75 },
    fields: { stuck: { kind: 'uint8', fill: 0 } },
  },
  flee: {
    space: 'building',
    priority: 90,
    help: 'run from a zombie seen nearby, towards a refuge',
    defaults: { distance: 12, scream: 0.6 },
    fields: { stuck: { kind: 'uint8', fill: 0 } },
  },
  help: {
    space: 'building',
    priority: 85,
    help: 'go to the aid of a friend being bitten',
    defaults: { range: 8, courage: 0.7 },
    fields: { helpTarget: { kind: 'int32', fill: -1 } },
  },
  barricade: {
    space: 'building',
    priority: 70,
    help: 'shut the doors of the shelter and pile furniture against them',
    defaults: { seconds: 6, hp: 12, pieces: 6 },
    fields: { workDoor: { kind: 'int32', fill: -1 }, work: { kind: 'float32', fill: 0 } },
  },
  shelter: {
    space: 'building',
    priority: 60,
    help: 'run to the goal room or the nearest refuge, and shelter there; on alarm, make a plan',
    defaults: { stay: 0.3, staySeen: 0.15, leave: 0.3 },
  },
  'follow-leader': {
    space: 'building',
    priority: 50,
    help: 'keep near the leader',
    defaults: { distance: 3 },
  },
  'head-for': { space: 'building', priority: 40, help: 'leave for a goal room or an exit', defaults: {} },
  hide: {
    space: 'building',
    priority: 30,
    help: 'keep still and quiet; perhaps give up the hiding place later',
    defaults: { check: 10, restless: 0, settle: 1 },
  },
  routine: {
    space: 'building',
    priority: 0,
    help: 'carry on while calm; chatter draws zombies',
    defaults: { chatter: 0 },
  },
  hunger: {
    space: 'building',
    priority: 97,
    help: 'immunes: attack a person in reach once very hungry',
    defaults: { after: 43_200, rate: 0.001, seek: false },
  },
  'crowd-seek': {
    space: 'open',
    priority: 20,
    help: 'open plane: move towards the most people (Repast4Py zombies)',
    defaults: { step: 0.25, edgeQuirk: true },
  },
  'crowd-avoid': {
    space: 'open',
    priority: 20,
    help: 'open plane: move away from zombies (Repast4Py humans)',
    defaults: { step: 0.5, edgeQuirk: true },
  },
  'infect-first': {
    space: 'open',
    priority: 10,
    help: 'open plane: infect the first person in the cell (Repast4Py)',
    defaults: {},
  },
  countdown: {
    space: 'any',
    priority: 30,
    help: 'the latent infected die after a number of ticks and rise next tick',
    defaults: { ticks: 10 },
  },
  relocate: {
    space: 'open',
    priority: 50,
    help: 'open plane: jump to a random place each tick (well mixed)',
    defaults: {},
  },
  'contact-bite': {
    space: 'open',
    priority: 40,
    help: 'open plane: bite people sharing the cell at a contact rate',
    defaults: {},
  },
  decay: { space: 'any', priority: 60, help: 'zombies fall apart at a rate', defaults: {} },
} as const satisfies Record<
  string,
  {
    space: UnitSpace;
    priority: number;
    help: string;
    defaults: Readonly<Record<string, unknown>>;
    fields?: Readonly<Record<string, UnitField>>;
  }
>;
export type UnitName = keyof typeof UNIT_TABLE;
export const unitNames = Object.keys(UNIT_TABLE) as UnitName[];

/** The kinds of agent that have a stack of behaviour units, in stack order. */
export const stackNames = ['human', 'zombie', 'immune', 'immortal'] as const;
export type StackName = (typeof stackNames)[number];

/** A value, or the name of a parameter of `model.parameters` (so that events can `set` it). */
export type ValueOrParameter = number | string;
/** `[low, high]`. */
export type Range = readonly [number, number];

/** A trait value: a number, `[low, high]` (uniform), or `{mean, sd}` (normal, clamped at 0). */
export type TraitValue = number | Range | { readonly mean: number; readonly sd: number };
export type TraitsInput = { readonly [T in TraitName]?: TraitValue | undefined };
export interface SocialInput {
  readonly cohesion?: number | undefined;
  readonly selfishness?: number | undefined;
  readonly obedience?: number | undefined;
}

/** A group's plan, decided together (`world.groups[].strategy.plan`). */
export const strategyPlans = ['fortify', 'move', 'scavenge', 'split'] as const;
export type StrategyPlan = (typeof strategyPlans)[number];

export interface StrategyInput {
  readonly plan: StrategyPlan;
  readonly to?: string | undefined;
  readonly cohesion?: number | undefined;
  readonly aware?: boolean | undefined;
}

/** `world.needs`: food, water, sleep and supply trips over days. */
export interface NeedsInput {
  readonly food: number;
  readonly water: number;
  readonly thirst: number;
  readonly starve: number;
  readonly weak: number;
  readonly sleep: string;
  readonly every: number;
  readonly carry: number;
  readonly scouts: number;
}

export interface GroupInput {
  readonly kind: 'student' | 'adult' | 'other';
  readonly start: AgentStateName;
  readonly count?: number | undefined;
  readonly grades?: readonly number[] | undefined;
  readonly classes?: number | undefined;
  readonly size?: number | undefined;
  readonly home?: string | undefined;
  readonly rooms?: readonly string[] | undefined;
  readonly roles?:
    | Readonly<
        Record<
          string,
          {
            readonly count: number;
            readonly rooms: readonly string[];
            readonly traits?: TraitsInput | undefined;
          }
        >
      >
    | undefined;
  readonly traits: TraitsInput;
  readonly social: SocialInput;
  readonly hybrid?: ValueOrParameter | undefined;
  readonly strategy?: StrategyInput | undefined;
  readonly arrives?: ArrivesInput | undefined;
}

/**
 * People who are not on the map at the start and come in later through exits (`arrives` of a
 * group or a character): at time `at` (seconds), one by one over `over` seconds, through the rooms
 * holding exit cells named in `through`, in turn; put in the exit's room, or in room `to`.
 */
export interface ArrivesInput {
  readonly at: number;
  readonly through: string | readonly string[];
  readonly over?: number | undefined;
  readonly to?: string | undefined;
}

export interface CharacterInput {
  readonly group: string;
  readonly class?: string | undefined;
  readonly role?: string | undefined;
  readonly room?: string | undefined;
  readonly start?: AgentStateName | undefined;
  readonly turn?: Range | undefined;
  readonly traits: TraitsInput;
  readonly social: SocialInput;
  readonly hybrid?:
    | 'immune'
    | 'immortal'
    | number
    | { readonly kind: 'immune' | 'immortal'; readonly chance: number }
    | undefined;
  readonly leader: boolean;
  readonly note?: string | undefined;
  readonly arrives?: ArrivesInput | undefined;
  readonly away?: boolean | undefined;
}

/** Switches and priority, common to every unit. */
interface UnitBase {
  readonly enabled: boolean;
  readonly priority?: number | undefined;
}

/** The parameters of each behaviour unit, defaults applied. */
export interface UnitParamsMap {
  bite: UnitBase & { readonly rate: number };
  hunt: UnitBase & { readonly memory: number };
  track: UnitBase & { readonly range: number; readonly every: number };
  'follow-sound': UnitBase & { readonly run: boolean };
  'break-barricade': UnitBase & { readonly rate: number };
  wander: UnitBase & { readonly steps: Range; readonly pause: Range; readonly exits: boolean };
  fight: UnitBase & { readonly courage: number };
  flee: UnitBase & { readonly distance: number; readonly scream: number };
  help: UnitBase & { readonly range: number; readonly courage: number };
  barricade: UnitBase & { readonly seconds: number; readonly hp: number; readonly pieces: number };
  shelter: UnitBase & { readonly stay: number; readonly staySeen: number; readonly leave: number };
  'follow-leader': UnitBase & { readonly distance: number };
  'head-for': UnitBase;
  hide: UnitBase & { readonly check: number; readonly restless: number; readonly settle: number };
  routine: UnitBase & { readonly chatter: number };
  hunger: UnitBase & { readonly after: number; readonly rate: number; readonly seek: boolean };
  'crowd-seek': UnitBase & { readonly step: number; readonly edgeQuirk: boolean };
  'crowd-avoid': UnitBase & { readonly step: number; readonly edgeQuirk: boolean };
  'infect-first': UnitBase;
  countdown: UnitBase & { readonly ticks: number };
  relocate: UnitBase;
  'contact-bite': UnitBase & { readonly rate: ValueOrParameter };
  decay: UnitBase & { readonly rate: ValueOrParameter };
}
export type UnitParams<U extends UnitName> = UnitParamsMap[U];
/** One kind of agent's units, as the scenario gives them. */
export type StackInput = { readonly [U in UnitName]?: UnitParamsMap[U] | undefined };

/** How a person changes on turning. Factors multiply the person's traits; others replace them. */
export interface TurnChange {
  readonly speed?: number | undefined;
  readonly strength?: number | undefined;
  readonly hearing?: number | undefined;
  readonly sight?: number | undefined;
}

/** A change to the world at given times (`world.events[]`): `at` and exactly one action. */
export interface WorldEventInput {
  readonly name?: string | undefined;
  readonly enabled: boolean;
  readonly at: number | readonly number[];
  readonly broadcast?:
    | { readonly from: string; readonly duration: number; readonly panic: number }
    | undefined;
  readonly 'fire-alarm'?: { readonly duration: number } | undefined;
  readonly lights?: { readonly on: boolean; readonly rooms: 'all' | readonly string[] } | undefined;
  readonly seal?: readonly string[] | undefined;
  readonly unseal?: readonly string[] | undefined;
  readonly bomb?: { readonly rooms: 'all' | readonly string[] } | undefined;
  readonly phones?: { readonly share: number; readonly duration: number } | undefined;
  readonly noise?:
    | {
        readonly room: string;
        readonly kind: 'whistle' | 'alarm' | 'speaker' | 'scream' | 'phone';
        readonly duration: number;
      }
    | undefined;
  readonly barricade?: { readonly groups: 'all' | readonly string[] } | undefined;
  readonly evacuate?: { readonly groups: 'all' | readonly string[]; readonly to: string } | undefined;
}

/**
 * A faction (`world.factions.NAME`): who belongs to it (`members`), and how its members treat the
 * members of other factions, by faction name.
 */
export interface FactionInput {
  readonly members: {
    readonly states?: readonly AgentStateName[] | undefined;
    readonly groups?: readonly string[] | undefined;
    readonly names?: readonly string[] | undefined;
  };
  readonly hunts: readonly string[];
  readonly avoids: readonly string[];
  readonly ignores: readonly string[];
  readonly infects: boolean;
}

/** The `world` block of an agents scenario, validated and with its defaults applied. */
export interface WorldSettings {
  readonly building: {
    readonly cell: number;
    readonly legend: Readonly<Record<string, string>>;
    readonly floors?: readonly { readonly name: string; readonly map: string }[] | undefined;
    readonly open?: { readonly width: number; readonly height: number } | undefined;
    readonly rooms: Readonly<
      Record<
        string,
        {
          readonly kind: 'room' | 'corridor' | 'outdoor' | 'stairs';
          readonly furniture?: number | undefined;
          readonly doors: 'open' | 'closed';
          readonly supplies?: { readonly food: number; readonly water: number } | undefined;
        }
      >
    >;
    readonly capacity: number;
    readonly stairs: number;
    readonly doors: { readonly hp: number };
  };
  readonly tick: number;
  readonly schedule: { readonly order: readonly StackName[] };
  readonly groups: Readonly<Record<string, GroupInput>>;
  readonly characters: Readonly<Record<string, CharacterInput>>;
  /** The characters who carry the virus at t = 0, if not those the file starts infected. */
  readonly outbreak?: string | readonly string[] | undefined;
  readonly behaviours: { readonly [S in StackName]: StackInput };
  /** Who hunts, avoids and ignores whom; undefined: the default table (`compile-factions.ts`). */
  readonly factions?: Readonly<Record<string, FactionInput>> | undefined;
  readonly infection: {
    readonly bites: Readonly<Record<string, { readonly share: number; readonly turn: Range }>>;
    readonly scratch: { readonly chance: number; readonly turn: Range };
    readonly fight: { readonly kill: number; readonly escape: number };
    readonly hybrid: ValueOrParameter;
    readonly immuneShare: ValueOrParameter;
    readonly zombie: TurnChange;
    readonly immune: TurnChange;
    readonly immortal: TurnChange;
  };
  readonly perception: {
    readonly every: number;
    readonly sound: {
      readonly wall: number;
      readonly door: number;
      readonly window: number;
      readonly stairs: number;
      readonly fade: number;
      readonly period: number;
    };
    readonly loudness: {
      readonly scream: number;
      readonly fight: number;
      readonly bang: number;
      readonly phone: number;
      readonly speaker: number;
      readonly alarm: number;
      readonly whistle: number;
      readonly voice: number;
    };
  };
  readonly clock: { readonly start: string; readonly dawn: string; readonly dusk: string };
  readonly light: { readonly night: number; readonly indoorDark: number; readonly floor: number };
  readonly exits: Readonly<
    Record<string, { readonly to: string; readonly hazard: number; readonly reached?: number | undefined }>
  >;
  readonly events: readonly WorldEventInput[];
  readonly needs?: NeedsInput | undefined;
  readonly replay: { readonly every: number };
  readonly breakdown: {
    readonly grades: boolean;
    readonly classes: boolean;
    readonly roles: boolean;
    /** Write factions.csv (`FactionTally`): off unless asked, so that other runs' files stay as they were. */
    readonly factions: boolean;
  };
}

/** Where a room's label stands. */
export interface LabelPosition {
  floor: number;
  line: number;
  col: number;
}

/**
 * A parsed building: `floors` layers of `width` × `height` cells, row-major, floor by floor
 * (index = (floor · height + y) · width + x, y counting lines from the top of the map).
 */
export interface ParsedBuilding {
  readonly width: number;
  readonly height: number;
  readonly floors: number;
  readonly floorNames: readonly string[];
  /** `Cell` kind of each cell. */
  readonly kind: Uint8Array;
  /** `Flag` bits of each cell. */
  readonly flags: Uint8Array;
  /** Room index of each cell, or −1 (walls, doors, windows, void and unnamed floor). */
  readonly room: Int16Array;
  readonly roomNames: readonly string[];
  readonly roomFloor: readonly number[];
  readonly roomLabels: readonly LabelPosition[];
}

/** Room kinds (`world.building.rooms[].kind`), by code. */
export const ROOM_KIND_NAMES = ['room', 'corridor', 'outdoor', 'stairs'] as const;

/** A gate out of the map: the room holding its exit cells, where it leads, and its hazard. */
export interface CompiledExit {
  readonly room: number;
  readonly to: string;
  /** Per hour: chance rate that a person who left is bitten there, once reached. */
  readonly hazard: number;
  /** When the outbreak reaches the place by itself (seconds; Infinity if never). */
  readonly reached: number;
}

/** The building of a world, parsed once, with the attributes of its rooms resolved by room index. */
export interface CompiledBuilding {
  readonly plan: ParsedBuilding;
  /** Per room: its kind, as an index of `ROOM_KIND_NAMES`. */
  readonly roomKind: Uint8Array;
  /** Per room: furniture pieces the scenario gives, or −1 for the furniture cells in it. */
  readonly roomFurniture: Int32Array;
  /** Per room: 1 if its doors stand closed at the start. */
  readonly roomDoorsClosed: Uint8Array;
  /** The exits: those the scenario describes, then other exit rooms (leading to their own name). */
  readonly exits: readonly CompiledExit[];
  /** Per room: portions of food and of water kept there at the start (`rooms[].supplies`). */
  readonly roomFood: Float64Array;
  readonly roomWater: Float64Array;
}

/** A group's strategy, compiled (`world.groups[].strategy`). */
export interface CompiledStrategy {
  /** An index of `strategyPlans`, or −1: the group has no plan (each acts on their own, as before). */
  readonly plan: number;
  /** move: the room index of `to`; else −1. */
  readonly to: number;
  /** Chance that a member follows the plan; NaN: the member's own cohesion. */
  readonly cohesion: number;
  /** Whether the group knows of the outbreak from the start (`aware`). */
  readonly aware: boolean;
}

/** One person to create, before traits are drawn. */
export interface Member {
  group: number;
  grade: number;
  /** The role in its group (`roles`), or undefined. */
  role: string | undefined;
  /** Home room name (students), or undefined. */
  home: string | undefined;
  /** The room to start in (a name of the maps), or undefined on an open plane. */
  room: string | undefined;
  state: number;
  traits: TraitsInput[];
  social: SocialInput[];
  /** A chance, or a parameter name; undefined for the scenario default. */
  hybrid: ValueOrParameter | undefined;
  hybridKind: number;
  character: number;
  leader: boolean;
  turn: Range | undefined;
  adult: boolean;
  student: boolean;
}

/** A group as the outputs know it: its name and, for school groups, its grades. */
export interface ReportGroup {
  name: string;
  /** The world group index. */
  group: number;
  /** The grade, or 0 for the whole group. */
  grade: number;
}

/** One person who comes in during the run: who, when (seconds), and through which exit room. */
export interface Arrival {
  readonly member: Member;
  readonly at: number;
  readonly through: string;
  /** The room they are put in: `arrives.to`, else the exit's room. */
  readonly room: string;
}

/** The people of a world, in creation order, and how the outputs group them. */
export interface Roster {
  /** The people on the map at the start, in creation order. */
  members: Member[];
  /** The people who come in later (`arrives`), by time, ties in creation order. */
  arrivals: Arrival[];
  groupNames: string[];
  groupKinds: string[];
  report: ReportGroup[];
  characterNames: string[];
}

/** One behaviour unit of a stack, enabled, with its resolved priority and its parameters. */
export interface CompiledUnit<U extends UnitName = UnitName> {
  readonly name: U;
  readonly priority: number;
  readonly params: UnitParamsMap[U];
}

/** The faction index of an agent that belongs to no faction: it hunts nobody and avoids nobody. */
export const NO_FACTION = 255;

/**
 * The factions of a world, compiled (F of them, in the scenario's order; an agent belongs to the
 * first whose members match it). Relations are F × F matrices, row the faction that acts, column
 * the faction acted on: `hunts[fi * F + fj]` is 1 when members of fi hunt members of fj.
 */
export interface CompiledFactions {
  readonly names: readonly string[];
  /** Per faction: bit s is set when an agent in state s may belong (every bit if `states` is not given). */
  readonly stateMask: Uint8Array;
  /** Per faction: 1 when it matches by state and group (`states` or `groups` given), else by name only. */
  readonly byKind: Uint8Array;
  /** Faction × group (the roster's `groupNames`): 1 when an agent of the group may belong (every group if `groups` is not given). */
  readonly groupAllowed: Uint8Array;
  readonly groupCount: number;
  /** Faction × character (the roster's `characterNames`): 1 when the character is named in `names`. */
  readonly named: Uint8Array;
  readonly characterCount: number;
  readonly hunts: Uint8Array;
  readonly avoids: Uint8Array;
  readonly ignores: Uint8Array;
  /** Per faction: 1 when a bite by a member infects. */
  readonly infects: Uint8Array;
}

/** An agents world, compiled: everything the agents engine is made from. */
export interface CompiledWorld {
  /** The world block, validated, defaults applied. */
  readonly settings: WorldSettings;
  /** The building, parsed once; undefined on an open plane. */
  readonly building: CompiledBuilding | undefined;
  /** The people, in creation order. */
  readonly roster: Roster;
  /** Per stack (`stackNames` order): its enabled units, highest priority first. */
  readonly stacks: readonly (readonly CompiledUnit[])[];
  /** The stacks in the order they act each tick (`world.schedule.order`), by `stackNames` index. */
  readonly order: readonly number[];
  /** Who hunts, avoids and ignores whom: `world.factions`, or the default table. */
  readonly factions: CompiledFactions;
  /** Room for this many humans added during a run (`options.agents.reserve`). */
  readonly reserve: number;
  /** Per group (roster order): its strategy; undefined when no group has one. */
  readonly strategies: readonly CompiledStrategy[] | undefined;
  /**
   * Who a human added during a run is (with a reserve): a member of the group `DROPPED_GROUP`, an
   * adult with the default traits and no character; undefined without a reserve.
   */
  readonly dropped: Member | undefined;
}

/** The group of the humans added during a run (a row of groups.csv when there is a reserve). */
export const DROPPED_GROUP = 'dropped';
