import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import type { Milestones, Overtake } from '../engine.js';

/** Below one individual, a compartment is empty. */
const OCCUPIED = 1;

/** Overtake states of a pair (a, b). */
const DONE = 0;
/** a has been seen below b, or level with it and occupied: a rise above b is an overtake. */
const ARMED = 1;
/**
 * a started level with b or above it: it must first be seen below b, or level with it and
 * occupied, at an output time t > 0.
 */
const WAITING = 2;

/**
 * Milestones of a run on whole counts, by the rules every engine follows:
 * - a compartment dies out when its count falls from at least 1 to 0 and stays at 0: its time is
 *   that of the last such fall. The kernels time each fall exactly when a reaction empties it
 *   (overwriting an earlier one); `jumped` when a scenario event does. One that is occupied again
 *   at an output time, or after an event, has not died out (so far): a zombie killed while the
 *   people it bit are still turning is not the end of the zombies. A compartment that was never
 *   occupied has not died out.
 * - compartment a overtakes b when, at an output time t > 0, a is above b, having been seen below
 *   b before (at t = 0 or at an output time), or level with b at an output time t > 0 with both
 *   occupied: two compartments that are both empty have not overtaken each other when one fills,
 *   however long they were empty together. One that starts above b overtakes it only after such
 *   a fall or tie. Each pair's first overtake is kept, the later ones are not.
 *   Overtakes are read off the output grid, as the summary would read them.
 */
export class MilestoneWatch {
  /** Per compartment: when its count last fell to 0, having been occupied; NaN if it has not, or has come back since. */
  readonly extinct: Float64Array;
  private readonly pending: Uint8Array;
  private readonly before: Float64Array;
  private readonly overtakes: Overtake[] = [];
  private readonly n: number;

  /** Starts watching from the initial counts. */
  constructor(initial: Float64Array) {
    const n = initial.length;
    this.n = n;
    this.extinct = new Float64Array(n).fill(Number.NaN);
    this.before = Float64Array.from(initial);
    this.pending = new Uint8Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        // A pair is done at its first overtake, never before: a that starts above b may fall
        // below it and rise above it again.
        this.pending[a * n + b] = a === b ? DONE : initial[a]! < initial[b]! ? ARMED : WAITING;
      }
    }
  }

  /** Just before a scenario event's jump: the counts it starts from. */
  beforeJump(y: Float64Array): void {
    for (let i = 0; i < this.n; i++) this.before[i] = y[i]!;
  }

  /** After a scenario event's jump at time t: the compartments it emptied died out then; those occupied have not. */
  jumped(y: Float64Array, t: number): void {
    for (let i = 0; i < this.n; i++) {
      if (y[i]! < OCCUPIED && this.before[i]! >= OCCUPIED) this.extinct[i] = t;
      else if (y[i]! >= OCCUPIED) this.extinct[i] = Number.NaN;
    }
  }

  /** At an output time t: the compartments occupied have not died out (so far); overtakes since the last one. */
  observed(y: Float64Array, t: number): void {
    const n = this.n;
    for (let a = 0; a < n; a++) if (y[a]! >= OCCUPIED) this.extinct[a] = Number.NaN;
    if (!(t > 0)) return;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const state = this.pending[a * n + b];
        if (state === DONE) continue;
        if (y[a]! < y[b]!) this.pending[a * n + b] = ARMED;
        // Level with b arms only where b is occupied: two empty compartments are not a race.
        else if (y[a] === y[b]) {
          if (y[b]! >= OCCUPIED) this.pending[a * n + b] = ARMED;
        } else if (state === ARMED) {
          this.pending[a * n + b] = DONE;
          this.overtakes.push({ a, b, t });
        }
      }
    }
  }

  /** Writes what the watch has seen into a snapshot. */
  write(out: SnapshotWriter): void {
    out.array(this.extinct).array(this.before).array(this.pending).u32(this.overtakes.length);
    for (const { a, b, t } of this.overtakes) out.u32(a).u32(b).f64(t);
  }

  /** Reads back what `write` wrote. */
  read(from: SnapshotReader): void {
    from.arrayInto(this.extinct);
    from.arrayInto(this.before);
    from.arrayInto(this.pending);
    this.overtakes.length = 0;
    for (let k = from.u32(); k > 0; k--) this.overtakes.push({ a: from.u32(), b: from.u32(), t: from.f64() });
  }

  /** A copy of the milestones so far. */
  milestones(): Milestones {
    return { extinct: this.extinct.slice(), overtakes: [...this.overtakes] };
  }
}
