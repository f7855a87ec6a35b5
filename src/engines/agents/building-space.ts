import { InvalidIntervention } from '../../model/intervention.js';
import { Cell, type Member, traitNames } from '../../scenario/compiled-world.js';
import type { Unit } from './behaviours/unit.js';
import { type Building, DOOR_BARRICADED } from './building.js';
import { doorOf, EV_ARRIVE, EV_BREACH, EV_DOOR, EV_EXIT } from './event-log.js';
import { takeOnTraits, traitsOf } from './infection.js';
import type { Perception } from './perception.js';
import { drawTraits, socialOf } from './population.js';
import { AWAY_FLOOR, type ReplayWriter } from './replay.js';
import type { Sim } from './sim.js';
import { type ReplayPlan, runUnits, type Space } from './space.js';
import { DEAD, HUMAN, HUNTS, IMMUNE, PERCEIVES, STACK_HUMAN, STACK_OF_STATE, ZOMBIE } from './states.js';
import { Whereabouts } from './whereabouts.js';
import type { WorldEvents } from './world-events.js';

/** How much less often the resting (hiding, calm) look around than the others. */
const RESTING_FACTOR = 4;
/** The share of the people on the grounds that are lost when the place fell. */
const FALLEN_SHARE = 0.9;
/** The border of padding cells around each floor of a building's grid. */
const PADDING = 2;

/**
 * A multi-floor building: each tick the light changes, lasting sounds are made again and the
 * sounds of the last tick spread, sealed rooms are marked, people look around (in turns, the
 * resting less often); those who left by an exit or sleep do not act; those who left face the
 * outbreak where they went.
 */
export class BuildingSpace implements Space {
  readonly falls = true;
  private readonly b: Building;
  /** Replay frames' scratch: each agent's place in metres, and its floor. */
  private readonly frameX: Float64Array;
  private readonly frameY: Float64Array;
  private readonly frameFloor: Uint8Array;
  /** At the start: each room's leader (a named leader, else its first adult), or −1. */
  private readonly roomLeader: Int32Array;
  /** The trait values drawn for one person at the start. */
  private readonly traits = new Float64Array(traitNames.length);
  /** Where the named characters go (made once everyone is placed). */
  private whereabouts: Whereabouts | undefined;
  /** The agents who may look around (see `listPerceivers`), and the change count and agents it was made at. */
  private readonly perceivers: Int32Array;
  private perceiverCount = 0;
  private perceiversAtChanges = -1;
  private perceiversAtN = -1;

  constructor(
    private readonly sim: Sim,
    private readonly perception: Perception,
    private readonly worldEvents: WorldEvents,
  ) {
    this.b = sim.b!;
    // Every slot: those not made (yet) stay away, so that no viewer draws them.
    const n = sim.a.capacity;
    this.frameX = new Float64Array(n);
    this.frameY = new Float64Array(n);
    this.frameFloor = new Uint8Array(n).fill(AWAY_FLOOR);
    this.roomLeader = new Int32Array(this.b.roomCount).fill(-1);
    this.perceivers = new Int32Array(n);
  }

  placeAtStart(i: number, m: Member): void {
    const b = this.b;
    this.drawPerson(i, m);
    // The scenario layer checked that every member has a room with a free place.
    const r = b.roomIndex.get(m.room!)!;
    this.sim.a.cell[i] = this.freeCell(r, this.sim.stream.next());
    const leader = this.roomLeader;
    if ((m.leader || m.adult) && (leader[r]! < 0 || m.leader)) leader[r] = i;
  }

  /** A building needs a room to put people in, with enough free places. */
  checkDrop(place: string | undefined, count: number): void {
    if (place === undefined)
      throw new InvalidIntervention('humans are added to a room of the building: name one (add … at ROOM)');
    const r = this.roomOf(place);
    const free = this.freePlaces(r);
    if (count > free)
      throw new InvalidIntervention(`cannot add ${count} humans in ${place}: it has ${free} free places`);
  }

  /** A person dropped in a room (`checkDrop` found room) takes a free cell of it. */
  placeDropped(i: number, m: Member, place: string | undefined): void {
    this.drawPerson(i, m);
    this.sim.a.cell[i] = this.freeCell(this.roomOf(place!), this.sim.stream.next());
  }

  placeArrival(i: number, m: Member, through: string, room: string): number {
    const sim = this.sim;
    const a = sim.a;
    const b = this.b;
    // The schema checked that `through` is a room holding exit cells, and that `room` is a room.
    const r = b.roomIndex.get(room)!;
    const gate = b.roomIndex.get(through)!;
    let exit = 0;
    while (exit < b.exitCount && b.exitRoom[exit] !== gate) exit++;
    // A sealed exit lets no one in, as it lets no one out: they wait, as for a full room.
    if (b.exitSealed[exit] === 1 || this.freePlaces(r) === 0) return -1;
    this.drawPerson(i, m);
    a.cell[i] = this.freeCell(r, sim.stream.next());
    const s = a.state[i]!;
    const traits = traitsOf(sim.world.infection, s);
    if (traits !== undefined) takeOnTraits(a, i, traits);
    if (HUNTS[s] === 1) sim.sound!.raiseHearing(a.hearing[i]!);
    if (a.character[i]! >= 0) this.whereabouts!.add(i);
    return exit;
  }

  /** Room r's free places: what its floor cells hold, less who stands there. */
  private freePlaces(r: number): number {
    const b = this.b;
    const places = this.sim.places;
    let free = 0;
    for (let k = b.roomCellStart[r]!; k < b.roomCellStart[r + 1]!; k++) {
      const c = b.roomCellList[k]!;
      if (b.kind[c] === Cell.FLOOR) free += Math.max(0, places.capacity - places.occupancy[c]!);
    }
    return free;
  }

  /** The room of a place's name, or `InvalidIntervention`. */
  private roomOf(place: string): number {
    const r = this.b.roomIndex.get(place);
    if (r === undefined) throw new InvalidIntervention(`no room '${place}' in the building`);
    return r;
  }

  /** Draws person i's traits, in creation order, and sets their social knobs, grade and home. */
  private drawPerson(i: number, m: Member): void {
    const sim = this.sim;
    const a = sim.a;
    const b = this.b;
    const values = this.traits;
    drawTraits(sim.stream, m, values);
    a.walk[i] = values[0]!;
    a.run[i] = values[1]!;
    a.strength[i] = values[2]!;
    a.skill[i] = values[3]!;
    a.hearing[i] = values[4]!;
    a.sight[i] = values[5]!;
    a.courage[i] = values[6]!;
    a.weapon[i] = values[7]!;
    a.restraint[i] = values[8]!;
    const social = socialOf(m);
    a.cohesion[i] = social.cohesion;
    a.selfishness[i] = social.selfishness;
    a.obedience[i] = social.obedience;
    a.grade[i] = m.grade;
    a.home[i] = m.home === undefined ? -1 : (b.roomIndex.get(m.home) ?? -1);
  }

  /** A free cell of room r (not an exit), starting at a random one and scanning on; −1 if it is full. */
  private freeCell(r: number, u: number): number {
    const b = this.b;
    const places = this.sim.places;
    const start = b.roomCellStart[r]!;
    const size = b.roomCellStart[r + 1]! - start;
    const first = Math.floor(u * size);
    for (let k = 0; k < size; k++) {
      const c = b.roomCellList[start + ((first + k) % size)]!;
      if (b.kind[c] === Cell.FLOOR && places.occupancy[c]! < places.capacity) return c;
    }
    return -1;
  }

  /**
   * Students follow their start room's leader; the dead take no place on the floor; zombies present
   * at the start take on a zombie's traits, and sounds spread as far as the keenest of them hears.
   */
  settleStart(members: readonly Member[]): void {
    const sim = this.sim;
    const a = sim.a;
    const b = this.b;
    members.forEach((m, i) => {
      const r = b.room[a.cell[i]!]!;
      const l = r >= 0 ? this.roomLeader[r]! : -1;
      if (m.student && l >= 0 && l !== i) a.leader[i] = l;
    });
    for (let i = 0; i < a.n; i++) {
      const s = a.state[i]!;
      if (s === DEAD) sim.places.occupancy[a.cell[i]!]!--;
      // Who starts risen (a zombie, an Immune, an Immortal) has its traits, as one who rises later.
      const traits = traitsOf(sim.world.infection, s);
      if (traits !== undefined) takeOnTraits(a, i, traits);
      if (HUNTS[s] === 1) sim.sound!.raiseHearing(a.hearing[i]!);
    }
    this.whereabouts = new Whereabouts(sim);
  }

  /** The countdown's marked turn as every infected person does (and may become a hybrid). */
  rise(i: number, t: number): void {
    this.sim.infection.turn(i, t);
  }

  sense(tick: number): void {
    const sim = this.sim;
    const a = sim.a;
    const n = a.n;
    const perception = this.perception;
    perception.updateLight();
    this.worldEvents.sustain();
    sim.noise.flush();
    perception.updateSealedRooms();
    // People look around every `every` ticks (those with (tick + i) mod every = 0), the resting
    // four times less often; in creation order, from the list of those who may perceive.
    if (sim.registry.stateChanges !== this.perceiversAtChanges || n !== this.perceiversAtN)
      this.listPerceivers();
    const every = sim.world.perception.every;
    const resting = every * RESTING_FACTOR;
    const list = this.perceivers;
    for (let k = 0; k < this.perceiverCount; k++) {
      const i = list[k]!;
      if ((tick + i) % every !== 0 || PERCEIVES[a.state[i]!] !== 1 || a.away[i] !== 0) continue;
      if (a.sleepUntil[i]! > tick && (tick + i) % resting !== 0) continue;
      perception.perceive(i);
    }
  }

  /**
   * Lists, in creation order, the agents in a state that perceives: made anew whenever an agent
   * was made or changed state (nobody starts to perceive otherwise), so that the look-around loop
   * need not pass over the zombies.
   */
  private listPerceivers(): void {
    const a = this.sim.a;
    let count = 0;
    for (let i = 0; i < a.n; i++) if (PERCEIVES[a.state[i]!] === 1) this.perceivers[count++] = i;
    this.perceiverCount = count;
    this.perceiversAtChanges = this.sim.registry.stateChanges;
    this.perceiversAtN = a.n;
  }

  runPeople(units: readonly Unit[], list: Int32Array, count: number, tick: number): number {
    const sim = this.sim;
    const a = sim.a;
    let kept = 0;
    let updates = 0;
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      if (STACK_OF_STATE[a.state[i]!] !== STACK_HUMAN) continue;
      list[kept++] = i;
      if (a.away[i] !== 0 || a.sleepUntil[i]! > tick) continue;
      runUnits(units, i);
      updates++;
    }
    sim.updates += updates;
    return kept;
  }

  /**
   * The hunters of `list` take their turns in its order, but for those away, of another state now,
   * or asleep; those known to take no turn (`sim.naps`) are not even looked at.
   */
  runHunters(units: readonly Unit[], list: Int32Array, count: number, state: number, tick: number): void {
    const sim = this.sim;
    const a = sim.a;
    const naps =
      state === ZOMBIE ? sim.naps.zombies : state === IMMUNE ? sim.naps.immunes : sim.naps.immortals;
    naps.begin(list, count, tick);
    let updates = 0;
    for (let k = naps.nextAwake(0, count); k < count; k = naps.nextAwake(k + 1, count)) {
      const i = list[k]!;
      if (a.state[i] !== state || a.away[i] !== 0) {
        naps.park(k);
        continue;
      }
      const until = a.sleepUntil[i]!;
      if (until > tick) {
        naps.doze(k, tick, until);
        continue;
      }
      runUnits(units, i);
      updates++;
    }
    sim.updates += updates;
  }

  beforeZombies(): void {}

  /** People who left face the outbreak where they went, once it is there (`world.exits[].hazard`). */
  afterTick(): void {
    const sim = this.sim;
    const a = sim.a;
    const b = this.b;
    const registry = sim.registry;
    for (let k = 0; k < registry.awayCount; k++) {
      const i = registry.awayList[k]!;
      if (a.state[i] !== HUMAN) continue;
      const e = a.away[i]! - 1;
      const hazard = b.exitHazard[e]!;
      if (hazard <= 0 || sim.time < Math.min(b.exitReached[e]!, sim.exitReachedAt[e]!)) continue;
      if (sim.stream.next() < 1 - Math.exp((-hazard * sim.dt) / 3600))
        sim.infection.infect(i, sim.infection.drawBiteClass(), -1);
    }
    this.whereabouts!.update();
  }

  fallen(): boolean {
    const registry = this.sim.registry;
    const present = this.sim.a.n - registry.awayCount;
    const humans = registry.counts[HUMAN]! - registry.awayHumans;
    return present > 0 && humans <= (1 - FALLEN_SHARE) * present;
  }

  placeOf(i: number): string {
    const a = this.sim.a;
    const b = this.b;
    if (a.away[i] !== 0) return `away: ${b.exitTo[a.away[i]! - 1]}`;
    const r = b.room[a.cell[i]!]!;
    const floor = b.floorNames[b.floorOf(a.cell[i]!)];
    return r >= 0 ? `${b.roomNames[r]} (${floor})` : `${floor}`;
  }

  describe(kind: number, cell: number, detail: number, record: Record<string, unknown>): void {
    const b = this.b;
    if (cell >= 0) {
      record.floor = b.floorNames[b.floorOf(cell)];
      const r = b.room[cell]!;
      record.room = r >= 0 ? b.roomNames[r] : null;
    } else if (cell < -1) {
      record.away = b.exitTo[-cell - 1];
    }
    if (kind === EV_EXIT) {
      record.exit = b.roomNames[b.exitRoom[detail]!] ?? null;
      record.to = b.exitTo[detail];
    } else if (kind === EV_ARRIVE) {
      record.exit = b.roomNames[b.exitRoom[detail]!] ?? null;
      record.from = b.exitTo[detail];
    } else if (kind === EV_DOOR || kind === EV_BREACH) {
      // The room on the agent's side of the door (the door's first room when the world did it).
      const d = kind === EV_DOOR ? doorOf(detail) : detail;
      record.door = d;
      const here = cell >= 0 ? b.room[cell]! : -1;
      const side = here === b.doorRoomA[d] || here === b.doorRoomB[d] ? here : b.doorRoomA[d]!;
      record.room = b.roomNames[side] ?? null;
      record.to = b.roomNames[b.otherSide(d, side)] ?? null;
    }
  }

  exitsReached(): [string, number][] {
    const b = this.b;
    return Array.from({ length: b.exitCount }, (_, e) => [
      b.roomNames[b.exitRoom[e]!] ?? `exit ${e}`,
      this.sim.exitReachedAt[e]!,
    ]);
  }

  at(place: string): (i: number) => boolean {
    const a = this.sim.a;
    const b = this.b;
    const r = this.roomOf(place);
    return (i) => a.away[i] === 0 && b.room[a.cell[i]!] === r;
  }

  /** The floor plan for the replay: cell kinds of the unpadded maps. */
  replayPlan(): ReplayPlan {
    const b = this.b;
    const w = b.width - PADDING;
    const h = b.height - PADDING;
    const plan = new Uint8Array(w * h * b.floors);
    for (let f = 0; f < b.floors; f++) {
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) plan[(f * h + y) * w + x] = b.kind[b.index(f, x, y)]!;
    }
    return { plan, width: w, height: h, floors: b.floors, cellSize: b.cellSize };
  }

  recordFrame(replay: ReplayWriter): void {
    const a = this.sim.a;
    const b = this.b;
    const x = this.frameX;
    const y = this.frameY;
    const floor = this.frameFloor;
    const size = b.cellSize;
    for (let i = 0; i < a.n; i++) {
      const c = a.cell[i]!;
      x[i] = b.xOf(c) * size;
      y[i] = b.yOf(c) * size;
      floor[i] = a.away[i] !== 0 ? AWAY_FLOOR : b.floorOf(c);
    }
    replay.add(this.sim.time, x, y, floor, a.state);
  }

  doorStates(): Uint8Array {
    const b = this.b;
    const states = b.doorState.slice();
    for (let d = 0; d < b.doorCount; d++) if (b.barricadeHp[d]! > 0) states[d]! += DOOR_BARRICADED;
    return states;
  }
}
