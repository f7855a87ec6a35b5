import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { ZIGGURAT_K, ZIGGURAT_W, zigguratSlow } from '../../core/ziggurat.js';
import type { DependencyGraph } from './dependency-graph.js';
import type { EventRunner } from './event-runner.js';
import { CONDITION, EVENT_LIMIT, endRun, type Kernel, REACHED } from './kernel.js';
import type { PropensityTable } from './propensity-table.js';

const TWO_POW_MINUS_32 = 2 ** -32;

/**
 * Gillespie's direct method (1977). Each step draws the waiting time from the total propensity a₀
 * and picks reaction j with probability aⱼ/a₀ by a linear search; after it fires, only the
 * propensities of its dependents (the dependency graph) are recomputed. The search and the sum
 * are O(M), which is cheap for the few reactions of most scenarios; for many reactions the
 * next-reaction method is faster. The time of the next reaction, once drawn, is kept until it
 * fires or the state changes from outside (`reset`), so a stop before it does not redraw it.
 */
export class DirectMethod implements Kernel {
  readonly name = 'direct';
  t = 0;
  events = 0;
  /** The drawn time of the next reaction, or NaN while none is drawn. */
  pending = Number.NaN;

  /** One unit of work per reaction. */
  get work(): number {
    return this.events;
  }
  private readonly table: PropensityTable;
  private readonly graph: DependencyGraph;
  private readonly stream: Stream;
  private readonly runner: EventRunner;
  private readonly extinct: Float64Array;

  /**
   * A kernel over `table`'s state; reactions that empty a compartment record the time in `extinct`.
   */
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
  }

  reset(t: number): void {
    this.t = t;
    this.pending = Number.NaN;
    this.table.computeAll(t);
  }

  /** Stops before a reaction after `tStop`, keeping its time for the next call. */
  run(tStop: number, maxEvents: number): number {
    const table = this.table;
    const { weight, product, groupLast, coefficient } = table;
    const { memberStart, memberIndex, g } = table.plan;
    const { start, index } = this.graph;
    const { stream, runner, extinct } = this;
    // Module bindings copied into locals, so the loop reads them from registers.
    const zigguratK = ZIGGURAT_K;
    const zigguratW = ZIGGURAT_W;
    const watching = runner.watching;
    const watchingTime = runner.watchingTime;
    const lastGroup = g - 1;
    const limit = this.events + maxEvents;
    let t = this.t;
    let next = this.pending;
    let events = this.events;
    let reason = REACHED;
    let total = 0;
    for (let k = 0; k < g; k++) total += weight[k]!;

    for (;;) {
      if (!(total > 0 && total < Number.POSITIVE_INFINITY)) {
        if (total !== 0) table.fail(t);
        break;
      }
      if (Number.isNaN(next)) {
        // None drawn (NaN): the ziggurat's fast path inline, one 32-bit draw, no logarithm.
        const bits = stream.nextUint32();
        const layer = bits & 255;
        const position = bits >>> 8;
        const wait =
          position < zigguratK[layer]! ? position * zigguratW[layer]! : zigguratSlow(stream, layer, position);
        next = t + wait / total;
      }
      if (next > tStop) break;
      if (watchingTime) {
        const crossing = runner.crossing(t, next);
        if (!Number.isNaN(crossing)) {
          t = crossing;
          reason = CONDITION;
          break;
        }
      }
      t = next;
      next = Number.NaN;

      // Cumulative sums in the order of `total`'s own sum, so the search cannot stop on a zero weight.
      const target = stream.nextUint32() * TWO_POW_MINUS_32 * total;
      let group = 0;
      let before = 0;
      let cumulative = weight[0]!;
      while (target >= cumulative && group < lastGroup) {
        before = cumulative;
        cumulative += weight[++group]!;
      }
      // Then the reaction within the group, by its share of the group's coefficient (composition).
      let r = memberStart[group]!;
      let j = memberIndex[r]!;
      if (memberStart[group + 1]! - r > 1) {
        const last = groupLast[group]!;
        const residual = target - before;
        const p = product[group]!;
        let sum = coefficient[j]! * p;
        while (residual >= sum && j !== last) {
          j = memberIndex[++r]!;
          sum += coefficient[j]! * p;
        }
      }

      table.fire(j, t, extinct);
      for (let d = start[j]!, end = start[j + 1]!; d < end; d++) table.updateGroup(index[d]!, t);
      total = 0;
      for (let k = 0; k < g; k++) total += weight[k]!;
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

    this.pending = next;
    return endRun(this, runner, reason, t, tStop, events);
  }

  write(out: SnapshotWriter): void {
    writeDirectState(out, this);
  }

  read(from: SnapshotReader): void {
    readDirectState(from, this);
  }
}

/** What a direct-method kernel keeps between runs: its time, its events and its drawn next reaction time. */
export interface DirectState {
  t: number;
  events: number;
  pending: number;
}

/** Writes a direct-method kernel's own state into a snapshot. */
export function writeDirectState(out: SnapshotWriter, state: DirectState): void {
  out.f64(state.t).f64(state.events).f64(state.pending);
}

/** Reads back what `writeDirectState` wrote. */
export function readDirectState(from: SnapshotReader, state: DirectState): void {
  state.t = from.f64();
  state.events = from.f64();
  state.pending = from.f64();
}
