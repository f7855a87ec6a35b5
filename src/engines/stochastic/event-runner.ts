import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { applyEvent, type CompiledEvent, conditionalEvents, scheduleOf } from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';

/**
 * Timed and conditional events on whole-number counts, for the stochastic engines. Between two
 * reactions the counts stand still, so a condition that reads only counts and parameters can turn
 * true only at a reaction, and one that reads `t` turns true at a time found by bisection down to
 * adjacent doubles: `when: t >= 25` fires at exactly 25. As in the ODE engine, a conditional event
 * fires when its condition turns from false to true, and not when an event's own jump makes it true.
 */
export class EventRunner {
  /** Whether there are conditional events to watch after each reaction. */
  readonly watching: boolean;
  /** Whether a watched condition reads `t`, so that it can turn true between reactions. */
  readonly watchingTime: boolean;
  private readonly events: readonly CompiledEvent[];
  private readonly y: Float64Array;
  private readonly params: Float64Array;
  private readonly stream: Stream;
  private readonly times: Float64Array;
  private readonly timedEvents: Int32Array;
  private readonly conditional: Int32Array;
  private readonly readsTime: Uint8Array;
  private readonly was: Uint8Array;
  private readonly turned: Uint8Array;
  private nextTimed = 0;
  /** The events fired so far, with when. */
  readonly log: FiringLog;

  /** Watches `events` over the counts `y` and parameters `params`; moves draw from `stream`. */
  constructor(events: readonly CompiledEvent[], y: Float64Array, params: Float64Array, stream: Stream) {
    this.events = events;
    this.y = y;
    this.params = params;
    this.stream = stream;
    this.log = new FiringLog(events);
    const schedule = scheduleOf(events);
    this.times = schedule.times;
    this.timedEvents = schedule.events;
    this.conditional = Int32Array.from(conditionalEvents(events));
    this.readsTime = Uint8Array.from(this.conditional, (e) => (events[e]!.conditionReadsTime ? 1 : 0));
    this.was = new Uint8Array(this.conditional.length);
    this.turned = new Uint8Array(this.conditional.length);
    this.watching = this.conditional.length > 0;
    this.watchingTime = this.readsTime.includes(1);
    this.resync(0);
  }

  /** The time of the next timed firing, or Infinity. */
  nextTime(): number {
    return this.nextTimed < this.times.length ? this.times[this.nextTimed]! : Number.POSITIVE_INFINITY;
  }

  /** Fires, in order, every timed event due at or before t. Returns whether any fired. */
  fireTimed(t: number): boolean {
    let fired = false;
    while (this.nextTimed < this.times.length && this.times[this.nextTimed]! <= t) {
      const e = this.timedEvents[this.nextTimed]!;
      applyEvent(this.events[e]!, this.y, this.params, this.stream);
      this.log.record(e, this.times[this.nextTimed]!);
      this.nextTimed++;
      fired = true;
    }
    if (fired) this.resync(t);
    return fired;
  }

  /** After a reaction at time t: whether some condition turned true (those are marked to fire). */
  turnsOn(t: number): boolean {
    let any = false;
    for (let c = 0; c < this.conditional.length; c++) {
      const now = this.holds(c, t);
      const on = now === 1 && this.was[c] === 0 ? 1 : 0;
      this.turned[c] = on;
      this.was[c] = now;
      any ||= on === 1;
    }
    return any;
  }

  /**
   * With the counts as they stand: the earliest time in (from, to] at which a false condition that
   * reads `t` turns true, or NaN if none does at `to` (a condition that is true only inside the
   * interval is missed).
   */
  crossing(from: number, to: number): number {
    let first = Number.NaN;
    for (let c = 0; c < this.conditional.length; c++) {
      if (this.readsTime[c] === 0 || this.was[c] === 1 || this.holds(c, to) === 0) continue;
      let low = from;
      let high = to;
      for (;;) {
        const middle = low + (high - low) / 2;
        if (middle <= low || middle >= high) break;
        if (this.holds(c, middle) === 1) high = middle;
        else low = middle;
      }
      if (!(high >= first)) first = high;
    }
    return first;
  }

  /** Fires, in order, the conditional events that turned true at time t. */
  fireConditional(t: number): void {
    // A crossing in time is found with the flags as they were; mark what holds now.
    if (!this.turned.includes(1)) this.turnsOn(t);
    for (let c = 0; c < this.conditional.length; c++) {
      if (this.turned[c] === 1) {
        applyEvent(this.events[this.conditional[c]!]!, this.y, this.params, this.stream);
        this.log.record(this.conditional[c]!, t);
      }
    }
    this.resync(t);
  }

  /** Fires event e now, at time t, whatever its trigger (live control): applies it and logs it. */
  fire(e: number, t: number): void {
    applyEvent(this.events[e]!, this.y, this.params, this.stream);
    this.log.record(e, t);
    this.resync(t);
  }

  /** Writes the runner's state (the next timed firing, the conditions' flags, the log) into a snapshot. */
  write(out: SnapshotWriter): void {
    out.u32(this.nextTimed).array(this.was).array(this.turned);
    this.log.write(out);
  }

  /** Reads back the state written by `write`. */
  read(from: SnapshotReader): void {
    this.nextTimed = from.u32();
    from.arrayInto(this.was);
    from.arrayInto(this.turned);
    this.log.read(from);
  }

  /** Records which conditions hold now, without firing anything. */
  resync(t: number): void {
    for (let c = 0; c < this.conditional.length; c++) {
      this.was[c] = this.holds(c, t);
      this.turned[c] = 0;
    }
  }

  private holds(c: number, t: number): number {
    return this.events[this.conditional[c]!]!.condition!(this.y, this.params, t) !== 0 ? 1 : 0;
  }
}
