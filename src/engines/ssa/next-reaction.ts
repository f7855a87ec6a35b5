import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { zigguratExponential } from '../../core/ziggurat.js';
import type { DependencyGraph } from '../stochastic/dependency-graph.js';
import type { EventRunner } from '../stochastic/event-runner.js';
import { CONDITION, EVENT_LIMIT, endRun, type Kernel, REACHED } from '../stochastic/kernel.js';
import type { PropensityTable } from '../stochastic/propensity-table.js';
import { IndexedHeap } from './indexed-heap.js';

/**
 * The next-reaction method of Gibson and Bruck (2000): each reaction keeps an absolute putative
 * firing time in an indexed priority queue. The earliest fires; the fired reaction draws a fresh
 * time, and each dependent whose propensity changed from a to a′ rescales its time,
 * t + (a/a′)(T − t), so one random number is drawn per step and the work per step is
 * O(dependents · log M) however many reactions there are. A reaction whose propensity falls to
 * zero keeps its unused internal time a·(T − t) and resumes from it.
 */
export class NextReactionMethod implements Kernel {
  readonly name = 'next-reaction';
  t = 0;
  events = 0;

  /** One unit of work per reaction. */
  get work(): number {
    return this.events;
  }
  private readonly table: PropensityTable;
  private readonly graph: DependencyGraph;
  private readonly stream: Stream;
  private readonly runner: EventRunner;
  private readonly extinct: Float64Array;
  private readonly heap: IndexedHeap;
  /** For a reaction with propensity 0: its unused internal time. */
  private readonly rest: Float64Array;

  /** A kernel over `table`'s state, with fresh firing times drawn for every reaction. */
  constructor(
    table: PropensityTable,
    graph: DependencyGraph,
    stream: Stream,
    runner: EventRunner,
    extinct: Float64Array,
  ) {
    this.table = table;
    this.graph = graph;
    this.stream = stream;
    this.runner = runner;
    this.extinct = extinct;
    this.heap = new IndexedHeap(table.plan.m);
    this.rest = new Float64Array(table.plan.m);
    table.computeAll(0);
    for (let j = 0; j < table.plan.m; j++) {
      const wait = zigguratExponential(stream);
      const a = table.a[j]!;
      this.heap.keys[j] = a > 0 ? wait / a : Number.POSITIVE_INFINITY;
      this.rest[j] = wait;
    }
    this.heap.build();
  }

  /** Recomputes every propensity and rescales the firing times, which stay valid by the random time change. */
  reset(t: number): void {
    this.t = t;
    const { a, coefficient, product } = this.table;
    const { groupOf, g, m } = this.table.plan;
    for (let k = 0; k < g; k++) this.table.updateGroup(k, t);
    for (let j = 0; j < m; j++) {
      const old = a[j]!;
      const value = coefficient[j]! * product[groupOf[j]!]!;
      a[j] = value;
      this.retime(j, old, value, t);
    }
  }

  run(tStop: number, maxEvents: number): number {
    const table = this.table;
    const { a, coefficient } = table;
    const { memberStart, memberIndex } = table.plan;
    const { start, index } = this.graph;
    const { stream, runner, extinct, heap, rest } = this;
    const keys = heap.keys;
    const watching = runner.watching;
    const watchingTime = runner.watchingTime;
    const limit = this.events + maxEvents;
    let t = this.t;
    let events = this.events;
    let reason = REACHED;

    for (;;) {
      const j = heap.top();
      const next = keys[j]!;
      if (!(next <= tStop)) break;
      if (watchingTime) {
        const crossing = runner.crossing(t, next);
        if (!Number.isNaN(crossing)) {
          t = crossing;
          reason = CONDITION;
          break;
        }
      }
      t = next;

      table.fire(j, t, extinct);
      for (let d = start[j]!, end = start[j + 1]!; d < end; d++) {
        const k = index[d]!;
        const value = table.updateGroup(k, t);
        for (let r = memberStart[k]!, stop = memberStart[k + 1]!; r < stop; r++) {
          const member = memberIndex[r]!;
          const old = a[member]!;
          const propensity = coefficient[member]! * value;
          a[member] = propensity;
          if (member !== j) this.retime(member, old, propensity, t);
        }
      }
      const wait = zigguratExponential(stream);
      const aj = a[j]!;
      if (aj === Number.POSITIVE_INFINITY) table.fail(t);
      if (aj > 0) heap.update(j, t + wait / aj);
      else {
        rest[j] = wait;
        heap.update(j, Number.POSITIVE_INFINITY);
      }
      events++;
      if (watching && runner.turnsOn(t)) {
        reason = CONDITION;
        break;
      }
      if (events >= limit) {
        reason = EVENT_LIMIT;
        break;
      }
    }

    return endRun(this, runner, reason, t, tStop, events);
  }

  write(out: SnapshotWriter): void {
    const { heap } = this;
    out.f64(this.t).f64(this.events).array(heap.keys).array(heap.heap).array(heap.position).array(this.rest);
  }

  read(from: SnapshotReader): void {
    const { heap } = this;
    this.t = from.f64();
    this.events = from.f64();
    from.arrayInto(heap.keys);
    from.arrayInto(heap.heap);
    from.arrayInto(heap.position);
    from.arrayInto(this.rest);
  }

  /** Moves reaction k's firing time after its propensity changed from `old` to `value` at time t. */
  private retime(k: number, old: number, value: number, t: number): void {
    if (value === old) return;
    if (value === Number.POSITIVE_INFINITY) this.table.fail(t);
    const keys = this.heap.keys;
    if (old > 0 && value > 0) {
      this.heap.update(k, t + (old / value) * (keys[k]! - t));
    } else if (old > 0) {
      this.rest[k] = old * (keys[k]! - t);
      this.heap.update(k, Number.POSITIVE_INFINITY);
    } else this.heap.update(k, t + this.rest[k]! / value);
  }
}
