import { Cell, Flag } from '../../scenario/compiled-world.js';
import { BucketQueue } from './bucket-queue.js';
import { type Building, DOOR_BROKEN, DOOR_OPEN } from './building.js';

/** Sound costs, in metres of reach taken (see `world.perception.sound`). */
export interface SoundCosts {
  wall: number;
  door: number;
  window: number;
  stairs: number;
  fade: number;
}

/** A cell no sound has reached. */
const SILENT = 1e9;

/**
 * The sound field: how much of its reach the loudest recent sound had used up on arriving at each
 * cell ("q": 0 at the source, 1 where a listener of hearing 1 just hears it). A listener of hearing
 * h hears a cell's sound while q < h, so hearing 2 hears twice as far and hearing 0 is deaf.
 *
 * Sounds spread through the floor plan by Dial's algorithm: a metre of floor costs a metre of
 * reach, walls, shut doors and windows cost more, stairs carry sound between floors, void stops
 * it. A sound fades: its q grows by `fade` per second after it was made. Zombies walk down the
 * field towards the source; at a shut door that stands between them and a louder side, they bang.
 */
export class SoundField {
  /** q at the time of `stamp`. */
  readonly q: Float32Array;
  /** Tick at which q was written. */
  readonly stamp: Int32Array;
  /** What the sound that wrote q was (the `SOUND_KINDS` index its maker gave). */
  readonly kind: Uint8Array;
  private readonly b: Building;
  private readonly dist: Int32Array;
  private readonly touched: Int32Array;
  private readonly enter: Int32Array;
  private readonly queue: BucketQueue;
  private readonly stairCost: number;
  private readonly fadePerTick: number;
  private readonly offsets: Int32Array;
  private maxHearing: number;
  /** Cells the last `emit` reached, for waking listeners. */
  lastCount = 0;

  constructor(building: Building, costs: SoundCosts, stairsMetres: number, dt: number, maxHearing: number) {
    this.b = building;
    const n = building.cells;
    this.q = new Float32Array(n).fill(SILENT);
    this.stamp = new Int32Array(n);
    this.kind = new Uint8Array(n);
    this.dist = new Int32Array(n).fill(0x7fffffff);
    this.touched = new Int32Array(n);
    const unit = 2 / building.cellSize;
    // Entry cost of each cell kind, precomputed; doors are decided by their state when entered.
    this.enter = Int32Array.of(
      -1,
      0,
      Math.round(unit * costs.wall),
      Math.round(unit * costs.door),
      Math.round(unit * costs.door),
      Math.round(unit * costs.window),
      0,
    );
    this.stairCost = Math.max(2, Math.round(unit * (stairsMetres + costs.stairs)));
    const ring = Math.max(this.stairCost, 3 + this.enter[2]!, 3 + this.enter[3]!, 3 + this.enter[5]!) + 1;
    this.queue = new BucketQueue(ring, 1 << 15);
    this.fadePerTick = costs.fade * dt;
    const w = building.width;
    this.offsets = Int32Array.of(-1, 1, -w, w, -w - 1, -w + 1, w - 1, w + 1);
    this.maxHearing = Math.max(1e-9, maxHearing);
  }

  /** The hearing of the keenest hunter so far: sounds spread as far as it hears. */
  get keenestHearing(): number {
    return this.maxHearing;
  }

  /** Sounds spread as far as the keenest hunter hears: raised when a keener one appears. */
  raiseHearing(hearing: number): void {
    if (hearing > this.maxHearing) this.maxHearing = hearing;
  }

  /** The sound's q at cell c at tick `tick`, faded. */
  level(c: number, tick: number): number {
    return this.q[c]! + this.fadePerTick * (tick - this.stamp[c]!);
  }

  /** True if a listener of the given hearing at cell c hears something at tick `tick`. */
  heard(c: number, hearing: number, tick: number): boolean {
    return this.q[c]! + this.fadePerTick * (tick - this.stamp[c]!) < hearing;
  }

  /** The list of cells the last `emit` reached: `touchedCells()[0 .. lastCount)`. */
  touchedCells(): Int32Array {
    return this.touched;
  }

  /**
   * Makes a sound of the given reach (metres of open floor) at each of `sources[0 .. count)` at
   * tick `tick`, and spreads it as far as the keenest ear can hear it; `what` labels it.
   */
  emit(sources: ArrayLike<number>, count: number, reachMetres: number, tick: number, what = 0): void {
    const b = this.b;
    const kind = b.kind;
    const flags = b.flags;
    const dist = this.dist;
    const touched = this.touched;
    const queue = this.queue;
    const enter = this.enter;
    const offsets = this.offsets;
    const reach = (2 * reachMetres) / b.cellSize;
    const limit = Math.floor(reach * this.maxHearing);
    queue.clear();
    let written = 0;
    for (let s = 0; s < count; s++) {
      const c = sources[s]!;
      if (dist[c] === 0) continue;
      dist[c] = 0;
      touched[written++] = c;
      queue.push(0, c);
    }
    for (let d = 0; queue.size > 0 && d <= limit; d++) {
      for (let c = queue.pop(d); c >= 0; c = queue.pop(d)) {
        if (dist[c] !== d) continue;
        // Four straight steps through anything but void; diagonal steps only across open floor.
        const wall = kind[c] === Cell.WALL;
        for (let k = 0; k < 8; k++) {
          const n = c + offsets[k]!;
          const kn = kind[n]!;
          let extra = enter[kn]!;
          if (extra < 0) continue;
          if ((kn === Cell.DOOR || kn === Cell.LOCKED) && this.doorOpen(n)) extra = 0;
          let step = 2;
          if (k >= 4) {
            if (extra !== 0 || wall) continue;
            step = 3;
          }
          const nd = d + step + extra;
          if (nd > limit || nd >= dist[n]!) continue;
          if (dist[n] === 0x7fffffff) touched[written++] = n;
          dist[n] = nd;
          queue.push(nd, n);
        }
        const bits = flags[c]!;
        if ((bits & (Flag.STAIRS_UP | Flag.STAIRS_DOWN)) !== 0 && kind[c] === Cell.FLOOR) {
          for (let dir = 0; dir < 2; dir++) {
            const need = dir === 0 ? Flag.STAIRS_UP : Flag.STAIRS_DOWN;
            if ((bits & need) === 0) continue;
            const n = dir === 0 ? c + b.plane : c - b.plane;
            const nd = d + this.stairCost;
            if (nd > limit || nd >= dist[n]!) continue;
            if (dist[n] === 0x7fffffff) touched[written++] = n;
            dist[n] = nd;
            queue.push(nd, n);
          }
        }
      }
    }
    const q = this.q;
    const stamp = this.stamp;
    const fade = this.fadePerTick;
    for (let k = 0; k < written; k++) {
      const c = touched[k]!;
      const fresh = dist[c]! / reach;
      if (fresh < q[c]! + fade * (tick - stamp[c]!)) {
        q[c] = fresh;
        stamp[c] = tick;
        this.kind[c] = what;
      }
      dist[c] = 0x7fffffff;
    }
    this.lastCount = written;
  }

  private doorOpen(c: number): boolean {
    const s = this.b.doorState[this.b.doorAt[c]!]!;
    return s === DOOR_OPEN || s === DOOR_BROKEN;
  }
}
