import type { Agents } from './agents.js';
import { EV_NOISE, type EventLog } from './event-log.js';
import type { Registry } from './registry.js';
import type { SoundField } from './sound-field.js';
import { SOUND_KINDS } from './sounds.js';
import { HUNTS } from './states.js';

/** A person cries out (a scream, the noise of a fight) at most once in this many seconds. */
const SHOUT_SECONDS = 5;
/** Sources of one kind a tick, to start with (the lists grow by doubling). */
const INITIAL_SOURCES = 64;

/** What the noise reads of the run: its clock, and the hunters in creation order (whom sounds wake). */
export interface NoiseContext {
  readonly tick: number;
  readonly time: number;
  readonly dt: number;
  readonly registry: Pick<Registry, 'zombieOrder' | 'zombieCount' | 'immortalOrder' | 'immortalCount'>;
  /** Agent i wakes now (see `Sim.wake`). */
  wake(i: number): void;
}

/**
 * The sounds agents and the world make in a building. A sound is logged when it is made and
 * spreads at the start of the next tick (`flush`), together with every other sound of its kind
 * made that tick: one multi-source flood a kind, not one a sound. On an open plane (no sound
 * field) nothing is heard and nothing is logged.
 */
export class Noise {
  private readonly sources: Int32Array[] = SOUND_KINDS.map(() => new Int32Array(INITIAL_SOURCES));
  private readonly counts = new Int32Array(SOUND_KINDS.length);

  constructor(
    private readonly run: NoiseContext,
    private readonly a: Agents,
    private readonly log: EventLog,
    /** The sound field of the building, or undefined on an open plane. */
    readonly sound: SoundField | undefined,
    /** Metres of open floor each kind of sound carries, by `SOUND_KINDS` code. */
    private readonly loudness: Float64Array,
  ) {}

  /** A sound of this kind at cell c, made by agent `by` (or −1). */
  at(c: number, kind: number, by: number): void {
    if (this.sound === undefined) return;
    if (by >= 0) this.a.lastNoise[by] = this.run.tick;
    this.queue(c, kind);
    this.log.add(this.run.time, EV_NOISE, by, -1, c, kind);
  }

  /** A sound of this kind from every cell of `cells[0 .. count)` (the speakers), logged once. */
  from(cells: ArrayLike<number>, count: number, kind: number): void {
    if (this.sound === undefined || count === 0) return;
    for (let k = 0; k < count; k++) this.queue(cells[k]!, kind);
    this.log.add(this.run.time, EV_NOISE, -1, -1, cells[0]!, kind);
  }

  /** Person h cries out (a scream, the noise of a fight), unless they did a moment ago. */
  shout(h: number, kind: number): void {
    if ((this.run.tick - this.a.lastNoise[h]!) * this.run.dt >= SHOUT_SECONDS)
      this.at(this.a.cell[h]!, kind, h);
  }

  /** Spreads the sounds made last tick, one flood a kind, and wakes the hunters who hear them. */
  flush(): void {
    const sound = this.sound;
    if (sound === undefined) return;
    let any = false;
    for (let kind = 0; kind < this.counts.length; kind++) {
      const count = this.counts[kind]!;
      if (count === 0) continue;
      sound.emit(this.sources[kind]!, count, this.loudness[kind]!, this.run.tick, kind);
      this.counts[kind] = 0;
      any = true;
    }
    if (any) this.wakeListeners(sound);
  }

  private queue(c: number, kind: number): void {
    let cells = this.sources[kind]!;
    const count = this.counts[kind]!;
    if (count === cells.length) {
      const grown = new Int32Array(cells.length * 2);
      grown.set(cells);
      this.sources[kind] = grown;
      cells = grown;
    }
    cells[count] = c;
    this.counts[kind] = count + 1;
  }

  private wakeListeners(sound: SoundField): void {
    const registry = this.run.registry;
    this.wakeHearing(sound, registry.zombieOrder, registry.zombieCount);
    this.wakeHearing(sound, registry.immortalOrder, registry.immortalCount);
  }

  /** Wakes the hunters of `order[0 .. count)` asleep on the map who hear the sound field. */
  private wakeHearing(sound: SoundField, order: Int32Array, count: number): void {
    const a = this.a;
    const run = this.run;
    const tick = run.tick;
    for (let k = 0; k < count; k++) {
      const z = order[k]!;
      if (
        a.sleepUntil[z]! > tick &&
        HUNTS[a.state[z]!] === 1 &&
        a.away[z] === 0 &&
        sound.heard(a.cell[z]!, a.hearing[z]!, tick)
      ) {
        run.wake(z);
      }
    }
  }
}
