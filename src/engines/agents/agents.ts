/**
 * Agent state, struct-of-arrays: one typed array per field, indexed by agent (creation order).
 * Everything is allocated once, at its final size: `capacity`, the people at the start and the
 * reserve for humans added during a run. Agents 0 … n − 1 are made; the slots above are not
 * (yet), and every loop over the agents stops at `n`. Fields only a building needs are allocated
 * only in a building (`full`), so that an open plane of millions of agents stays small.
 */
export class Agents {
  /** Agents made so far: those at the start, then those added during the run. */
  n: number;
  /** The most agents there can be: every per-agent array has this many slots. */
  readonly capacity: number;
  readonly full: boolean;

  // Who and where.
  readonly state: Uint8Array;
  /** Faction index (`world.factions`, or the default table), or `NO_FACTION` (255): kept by `Registry`. */
  readonly faction: Uint8Array;
  /** Cell index (building: padded multi-floor grid; open plane: y · width + x). */
  readonly cell: Int32Array;
  /** Continuous position (open plane only): x of agent i at 2i, y at 2i + 1, read together. */
  readonly xy: Float64Array;
  /** 0 on the map, else 1 + the index of the exit the agent left by. */
  readonly away: Uint8Array;
  readonly group: Uint16Array;
  /** Ticks infected (the countdown unit). */
  readonly counter: Uint16Array;
  /**
   * Open plane: when the agent last arrived in its cell (a counter that every arrival advances),
   * which orders each cell's list by arrival; and the next person in its cell's list of people,
   * rebuilt each tick before the zombies act (`OpenPlane.indexPeople`).
   */
  readonly arrived: Float64Array;
  readonly cellNext: Int32Array;

  // Traits (building only).
  readonly walk: Float32Array;
  readonly run: Float32Array;
  readonly strength: Float32Array;
  readonly skill: Float32Array;
  readonly hearing: Float32Array;
  readonly sight: Float32Array;
  readonly courage: Float32Array;
  readonly weapon: Float32Array;
  /** An immune's hold on its hunger, 0 … 1: its attacks are that much rarer (see `hunger`). */
  readonly restraint: Float32Array;
  readonly cohesion: Float32Array;
  readonly selfishness: Float32Array;
  readonly obedience: Float32Array;
  /** Chance of becoming a hybrid; NaN: the scenario's `infection.hybrid`. */
  readonly hybridChance: Float32Array;
  /** 0: drawn by `immuneShare`; else the hybrid state it becomes. */
  readonly hybridKind: Uint8Array;
  readonly grade: Uint8Array;
  /** Home room, or −1. */
  readonly home: Int16Array;
  readonly leader: Int32Array;
  /** Index into the named characters, or −1. */
  readonly character: Int16Array;

  // Infection.
  readonly infectedAt: Float64Array;
  readonly turnAt: Float64Array;
  /** Severity class of the bite, or 255 for a scratch. */
  readonly severity: Uint8Array;
  readonly turnedAt: Float64Array;

  // Mind (building only).
  readonly alarmed: Uint8Array;
  /** When the person was alarmed (seconds). */
  readonly alarmedAt: Float32Array;
  /** Heard the broadcast and froze rather than panic (decides once). */
  readonly froze: Uint8Array;
  readonly plan: Uint8Array;
  /** Goal room of a plan, or −1 for the nearest refuge or exit. */
  readonly goal: Int16Array;
  readonly threat: Int32Array;
  readonly threatDist: Float32Array;
  readonly lastNoise: Int32Array;

  // Hunting (building only).
  readonly target: Int32Array;
  readonly targetCell: Int32Array;
  readonly seenTick: Int32Array;
  readonly targetDist: Float32Array;
  readonly blockedDoor: Int32Array;
  readonly blockedTick: Int32Array;
  readonly sleepUntil: Int32Array;
  readonly carry: Float32Array;

  // Perception lists (building only): chunk lists of hunters and of people.
  readonly chunk: Int32Array;
  readonly chunkNext: Int32Array;
  readonly chunkPrev: Int32Array;

  /** `made` agents at the start, with room for `capacity` in all. */
  constructor(made: number, capacity: number, full: boolean) {
    this.n = made;
    this.capacity = capacity;
    this.full = full;
    const n = capacity;
    const m = full ? n : 0;
    this.state = new Uint8Array(n);
    this.faction = new Uint8Array(n).fill(255);
    this.cell = new Int32Array(n);
    this.xy = new Float64Array(full ? 0 : 2 * n);
    this.away = new Uint8Array(n);
    this.group = new Uint16Array(n);
    this.counter = new Uint16Array(n);
    this.arrived = new Float64Array(full ? 0 : n);
    this.cellNext = new Int32Array(full ? 0 : n);
    this.walk = new Float32Array(m);
    this.run = new Float32Array(m);
    this.strength = new Float32Array(m);
    this.skill = new Float32Array(m);
    this.hearing = new Float32Array(m);
    this.sight = new Float32Array(m);
    this.courage = new Float32Array(m);
    this.weapon = new Float32Array(m);
    this.restraint = new Float32Array(m);
    this.cohesion = new Float32Array(m);
    this.selfishness = new Float32Array(m);
    this.obedience = new Float32Array(m);
    this.hybridChance = new Float32Array(n);
    this.hybridKind = new Uint8Array(n);
    this.grade = new Uint8Array(m);
    this.home = new Int16Array(m).fill(-1);
    this.leader = new Int32Array(m).fill(-1);
    this.character = new Int16Array(n).fill(-1);
    this.infectedAt = new Float64Array(n).fill(Number.NaN);
    this.turnAt = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.severity = new Uint8Array(n);
    this.turnedAt = new Float64Array(full ? n : 0).fill(Number.NaN);
    this.alarmed = new Uint8Array(m);
    this.alarmedAt = new Float32Array(m);
    this.froze = new Uint8Array(m);
    this.plan = new Uint8Array(m);
    this.goal = new Int16Array(m).fill(-1);
    this.threat = new Int32Array(m).fill(-1);
    this.threatDist = new Float32Array(m);
    this.lastNoise = new Int32Array(m).fill(-1_000_000);
    this.target = new Int32Array(m).fill(-1);
    this.targetCell = new Int32Array(m).fill(-1);
    this.seenTick = new Int32Array(m).fill(-1_000_000);
    this.targetDist = new Float32Array(m);
    this.blockedDoor = new Int32Array(m).fill(-1);
    this.blockedTick = new Int32Array(m).fill(-1_000_000);
    this.sleepUntil = new Int32Array(n);
    this.carry = new Float32Array(m);
    this.chunk = new Int32Array(m).fill(-1);
    this.chunkNext = new Int32Array(m).fill(-1);
    this.chunkPrev = new Int32Array(m).fill(-1);
  }
}
