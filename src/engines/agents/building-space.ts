import { InvalidIntervention } from '../../model/intervention.js';
import type { Unit } from './behaviours/unit.js';
import type { Building } from './building.js';
import type { Perception } from './perception.js';
import { AWAY_FLOOR, type ReplayWriter } from './replay.js';
import type { Sim } from './sim.js';
import { type ReplayPlan, runUnits, type Space } from './space.js';
import { HUMAN, PERCEIVES, STACK_HUMAN, STACK_OF_STATE } from './states.js';
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
  private readonly b: Building;
  /** Replay frames' scratch: each agent's place in metres, and its floor. */
  private readonly frameX: Float64Array;
  private readonly frameY: Float64Array;
  private readonly frameFloor: Uint8Array;

  constructor(
    private readonly sim: Sim,
    private readonly perception: Perception,
    private readonly worldEvents: WorldEvents,
  ) {
    this.b = sim.b!;
    const n = sim.a.n;
    this.frameX = new Float64Array(n);
    this.frameY = new Float64Array(n);
    this.frameFloor = new Uint8Array(n);
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
    // four times less often.
    const every = sim.world.perception.every;
    const resting = every * RESTING_FACTOR;
    for (let i = (every - (tick % every)) % every; i < n; i += every) {
      if (PERCEIVES[a.state[i]!] !== 1 || a.away[i] !== 0) continue;
      if (a.sleepUntil[i]! > tick && (tick + i) % resting !== 0) continue;
      perception.perceive(i);
    }
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

  runHunters(units: readonly Unit[], list: Int32Array, count: number, state: number, tick: number): void {
    const sim = this.sim;
    const a = sim.a;
    let updates = 0;
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      if (a.state[i] !== state || a.away[i] !== 0 || a.sleepUntil[i]! > tick) continue;
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
  }

  fallen(): boolean {
    const registry = this.sim.registry;
    const present = this.sim.a.n - registry.awayCount;
    const humans = registry.counts[HUMAN]! - registry.awayHumans;
    return humans <= (1 - FALLEN_SHARE) * present;
  }

  at(place: string): (i: number) => boolean {
    const a = this.sim.a;
    const b = this.b;
    const r = b.roomIndex.get(place);
    if (r === undefined) throw new InvalidIntervention(`no room '${place}' in the building`);
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
}
