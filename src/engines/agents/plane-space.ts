import { InvalidIntervention } from '../../model/intervention.js';
import type { Member } from '../../scenario/compiled-world.js';
import type { Unit } from './behaviours/unit.js';
import type { OpenPlane } from './open-plane.js';
import type { ReplayWriter } from './replay.js';
import type { Sim } from './sim.js';
import { type ReplayPlan, runUnits, type Space } from './space.js';
import { HUMAN, INFECTED } from './states.js';

/** A point `x,y` of the plane, as live control names a place. */
const POINT = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/;
/** Agents a block when prefetching (16 kB of positions). */
const BLOCK = 256;

/**
 * An open plane: nobody senses anything before acting, leaves the map or sleeps; before the
 * zombies act, the people of the cells they can reach are listed (if their units read them, by
 * `indexMode`: `INDEX_NEAR`, `INDEX_ALL`, or −1 for none).
 */
export class PlaneSpace implements Space {
  readonly falls = false;
  private readonly plane: OpenPlane;
  /** Where `prefetch` puts what it reads, so that the reads are not optimised away. */
  private sink = 0;

  constructor(
    private readonly sim: Sim,
    private readonly indexMode: number,
  ) {
    this.plane = sim.plane;
  }

  /** A person on the plane stands at a uniformly random point. */
  placeAtStart(i: number, _m: Member): void {
    const a = this.sim.a;
    const { width, height } = this.plane;
    const x = this.sim.stream.next() * width;
    const y = this.sim.stream.next() * height;
    a.xy[2 * i] = x;
    a.xy[2 * i + 1] = y;
    a.cell[i] = Math.floor(y) * width + Math.floor(x);
  }

  /** Anywhere on the plane, or at a point of it. */
  checkDrop(place: string | undefined): void {
    if (place !== undefined) this.pointOf(place);
  }

  /** A person dropped on the plane stands at the point named, or at a uniformly random point. */
  placeDropped(i: number, m: Member, place: string | undefined): void {
    if (place === undefined) {
      this.placeAtStart(i, m);
      return;
    }
    const [x, y] = this.pointOf(place);
    const a = this.sim.a;
    a.xy[2 * i] = x;
    a.xy[2 * i + 1] = y;
    a.cell[i] = Math.floor(y) * this.plane.width + Math.floor(x);
  }

  placeArrival(): number {
    throw new Error('an open plane has no exits to arrive through (the schema refuses arrives there)');
  }

  settleStart(): void {}

  sense(): void {}

  runPeople(units: readonly Unit[], list: Int32Array, count: number): number {
    const a = this.sim.a;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      const s = a.state[i]!;
      if (s !== HUMAN && s !== INFECTED) continue;
      list[kept++] = i;
      runUnits(units, i);
    }
    this.sim.updates += kept;
    return kept;
  }

  runHunters(units: readonly Unit[], list: Int32Array, count: number, state: number): void {
    const a = this.sim.a;
    let updates = 0;
    for (let b = 0; b < count; b += BLOCK) {
      const e = Math.min(count, b + BLOCK);
      this.prefetch(list, b, e);
      for (let k = b; k < e; k++) {
        const i = list[k]!;
        if (a.state[i] !== state) continue;
        runUnits(units, i);
        updates++;
      }
    }
    this.sim.updates += updates;
  }

  /**
   * Reads the positions and states of agents list[b .. e) in a tight loop. On an open plane the
   * zombies come in the order they rose, scattered through memory; a tight loop lets the memory
   * system fetch many of them at once, where the units would wait for one after another.
   */
  private prefetch(list: Int32Array, b: number, e: number): void {
    const a = this.sim.a;
    let sum = 0;
    for (let k = b; k < e; k++) sum += a.xy[2 * list[k]!]! + a.state[list[k]!]!;
    this.sink += sum;
  }

  beforeZombies(people: Int32Array, count: number): void {
    if (this.indexMode >= 0) this.plane.indexPeople(this.indexMode, people, count);
  }

  /** On the plane the infected rise in place, last in their cell's order. */
  rise(i: number, t: number): void {
    this.sim.infection.riseInPlace(i, t);
  }

  afterTick(): void {}

  placeOf(): string {
    return 'open';
  }

  describe(_kind: number, cell: number, _detail: number, record: Record<string, unknown>): void {
    if (cell >= 0) record.cell = [cell % this.plane.width, Math.floor(cell / this.plane.width)];
  }

  exitsReached(): [string, number][] {
    return [];
  }

  fallen(): boolean {
    return false;
  }

  at(place: string): (i: number) => boolean {
    const a = this.sim.a;
    const [x, y] = this.pointOf(place);
    const cell = Math.floor(y) * this.plane.width + Math.floor(x);
    return (i) => a.cell[i] === cell;
  }

  /** The point `x,y` a place names, on the plane, or `InvalidIntervention`. */
  private pointOf(place: string): [number, number] {
    const point = POINT.exec(place);
    const { width, height } = this.plane;
    const x = Number(point?.[1]);
    const y = Number(point?.[2]);
    if (point === null || !(x >= 0 && x < width && y >= 0 && y < height))
      throw new InvalidIntervention(`'${place}' is not a point x,y of the ${width} × ${height} plane`);
    return [x, y];
  }

  replayPlan(): ReplayPlan {
    const { width, height } = this.plane;
    return { plan: new Uint8Array(0), width, height, floors: 1, cellSize: 1 };
  }

  recordFrame(replay: ReplayWriter): void {
    replay.addInterleaved(this.sim.time, this.sim.a.xy, this.sim.a.state, this.sim.a.n);
  }

  doorStates(): Uint8Array {
    return new Uint8Array(0);
  }
}
