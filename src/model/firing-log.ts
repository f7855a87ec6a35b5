import type { SnapshotReader, SnapshotWriter } from '../core/snapshot-codec.js';
import type { CompiledEvent } from './events.js';

/** At most this many firing times are kept per event: an `every` event may fire very often. */
const TIMES_KEPT = 100;

/** A scenario event that fired in a run: how often, and its first firing times. */
export interface FiredEvent {
  readonly name: string;
  readonly count: number;
  /** The first (at most 100) firing times, in order. */
  readonly times: readonly number[];
}

/**
 * Which of a scenario's events fired in a run, and when. Engines call `record` as they fire an
 * event; `fired()` lists the events that fired at least once, in the scenario's order.
 */
export class FiringLog {
  private readonly names: readonly string[];
  private readonly counts: Float64Array;
  private readonly times: number[][];

  /** A log for these events (by index), or for events named by `names`. */
  constructor(events: readonly CompiledEvent[] | readonly string[]) {
    this.names = events.map((e) => (typeof e === 'string' ? e : e.name));
    this.counts = new Float64Array(this.names.length);
    this.times = this.names.map(() => []);
  }

  /** Event e fired at time t. */
  record(e: number, t: number): void {
    this.counts[e]! += 1;
    if (this.times[e]!.length < TIMES_KEPT) this.times[e]!.push(t);
  }

  /** Forgets every firing (a restarted run). */
  clear(): void {
    this.counts.fill(0);
    for (const times of this.times) times.length = 0;
  }

  /** Writes the log into an engine's snapshot. */
  write(out: SnapshotWriter): void {
    out.array(this.counts);
    for (const times of this.times) out.array(Float64Array.from(times));
  }

  /** Reads back a log written by `write`, replacing this one. */
  read(from: SnapshotReader): void {
    from.arrayInto(this.counts);
    for (let e = 0; e < this.times.length; e++)
      this.times[e] = [...from.array((length) => new Float64Array(length))];
  }

  /** The events that fired, in the scenario's order. */
  fired(): FiredEvent[] {
    return this.names.flatMap((name, e) =>
      this.counts[e]! > 0 ? [{ name, count: this.counts[e]!, times: [...this.times[e]!] }] : [],
    );
  }
}
