import { binomial } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import type { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { type CompiledEvent, conditionalEvents } from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';
import type { CompiledLattice, SpatialEvent } from '../../scenario/compiled-lattice.js';
import { setTotal } from './cell-counts.js';
import { centreOf, DIRECTIONS } from './lattice-grid.js';
import type { LatticeState } from './lattice-state.js';

/** Kinds of timed firings, in the order they take at one time. */
const SCENARIO = 0;
const LURE_END = 1;
const SPATIAL = 2;

/**
 * The scenario's events and the lattice's spatial events, on a lattice. Scenario events act on
 * the whole map: a parameter set applies everywhere; `scale` and `move` act on each cell's
 * individuals independently (binomially, as in the SSA); `set` of a count follows the rule of
 * `cell-counts.ts` (additions to the most populous cell, removals from the fullest). Spatial
 * events act on a region: a cordon closes its border for good, a bomb moves everyone in it to a
 * compartment (or out of the model), a lure biases one compartment's hops towards its centre from
 * `at` to `until` (the last started of several active lures of a compartment applies).
 *
 * At one time, scenario events fire first (in the scenario's order), then lures end, then spatial
 * events start (in their order). Conditional events (`when`) read the totals over cells and are
 * checked after every event of the kernel and after every jump; unlike the SSA, a condition that
 * reads `t` is checked only then too, not between events.
 *
 * The firing log names spatial events by their own `name`, or without one `cordon REGION`,
 * `bomb REGION`, `lure REGION`, after the scenario's events.
 */
export class LatticeEvents {
  /** Whether there are conditional events to check after each event. */
  readonly watching: boolean;
  readonly log: FiringLog;
  private readonly events: readonly CompiledEvent[];
  private readonly spatial: readonly SpatialEvent[];
  private readonly lattice: CompiledLattice;
  private readonly kernel: LatticeState;
  private readonly stream: Stream;
  /** The timed firings, in order: time, kind and index. */
  private readonly times: Float64Array;
  private readonly kinds: Uint8Array;
  private readonly which: Int32Array;
  private next = 0;
  private readonly conditional: Int32Array;
  private readonly was: Uint8Array;
  private readonly turned: Uint8Array;
  /** Per spatial event: 1 while it is an active lure. */
  private readonly active: Uint8Array;
  /** Per compartment with a lure: the array its weights are written into. */
  private readonly weights: (Float64Array | undefined)[];
  /** Per region: a 0/1 mask over cells, made when a cordon first needs it. */
  private readonly masks = new Map<number, Uint8Array>();

  constructor(
    events: readonly CompiledEvent[],
    lattice: CompiledLattice,
    kernel: LatticeState,
    stream: Stream,
    until: number,
  ) {
    this.events = events;
    this.spatial = lattice.spatialEvents;
    this.lattice = lattice;
    this.kernel = kernel;
    this.stream = stream;
    const names = [
      ...events.map((e) => e.name),
      ...this.spatial.map((s) => s.name ?? `${s.kind} ${lattice.regions[s.region]?.name ?? s.region}`),
    ];
    this.log = new FiringLog(names);
    const firings: [number, number, number][] = [];
    events.forEach((event, e) => {
      for (const t of event.times) firings.push([t, SCENARIO, e]);
    });
    this.spatial.forEach((s, i) => {
      // A lure that ends before it starts never acts.
      if (s.kind === 'lure' && !(s.until > s.at)) return;
      if (s.enabled !== false && s.at <= until) firings.push([Math.max(0, s.at), SPATIAL, i]);
      if (s.kind === 'lure' && s.until <= until) firings.push([s.until, LURE_END, i]);
    });
    firings.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    this.times = Float64Array.from(firings, (f) => f[0]);
    this.kinds = Uint8Array.from(firings, (f) => f[1]);
    this.which = Int32Array.from(firings, (f) => f[2]);
    this.conditional = Int32Array.from(conditionalEvents(events));
    this.was = new Uint8Array(this.conditional.length);
    this.turned = new Uint8Array(this.conditional.length);
    this.watching = this.conditional.length > 0;
    this.active = new Uint8Array(this.spatial.length);
    this.weights = kernel.lure.map((_, c) =>
      this.spatial.some((s) => s.kind === 'lure' && s.compartment === c)
        ? new Float64Array(kernel.cells * DIRECTIONS)
        : undefined,
    );
  }

  /** The array compartment c's lure weights live in (for a snapshot's restore). */
  lureWeights(c: number): Float64Array {
    return this.weights[c] ?? new Float64Array(this.kernel.cells * DIRECTIONS);
  }

  /** The time of the next timed firing, or Infinity. */
  nextTime(): number {
    return this.next < this.times.length ? this.times[this.next]! : Number.POSITIVE_INFINITY;
  }

  /**
   * Fires every timed firing due at or before t, in order. Returns whether any changed counts,
   * parameters or bonds (so that rates must be recomputed).
   */
  fireDue(t: number): boolean {
    let jumped = false;
    while (this.next < this.times.length && this.times[this.next]! <= t) {
      const at = this.times[this.next]!;
      const kind = this.kinds[this.next]!;
      const i = this.which[this.next]!;
      this.next++;
      if (kind === SCENARIO) {
        this.apply(i);
        this.log.record(i, at);
        jumped = true;
      } else if (kind === LURE_END) {
        this.active[i] = 0;
        this.refreshLures();
      } else {
        jumped = this.startSpatial(i) || jumped;
        this.log.record(this.events.length + i, at);
      }
    }
    return jumped;
  }

  /** Fires scenario event e now, at time t, whatever its trigger (live control). */
  fire(e: number, t: number): void {
    this.apply(e);
    this.log.record(e, t);
  }

  /** Starts spatial event i now, at time t, before or beside its own time (live control). */
  fireSpatial(i: number, t: number): void {
    this.startSpatial(i);
    this.log.record(this.events.length + i, t);
  }

  /** After an event of the kernel at time t: whether a condition turned true (those are marked). */
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

  /** Fires, in order, the conditional events that turned true at time t. */
  fireConditional(t: number): void {
    for (let c = 0; c < this.conditional.length; c++) {
      if (this.turned[c] === 1) {
        this.apply(this.conditional[c]!);
        this.log.record(this.conditional[c]!, t);
      }
    }
  }

  /** Records which conditions hold now, without firing anything (after a jump: its own effect does not fire). */
  resync(t: number): void {
    for (let c = 0; c < this.conditional.length; c++) {
      this.was[c] = this.holds(c, t);
      this.turned[c] = 0;
    }
  }

  write(out: SnapshotWriter): void {
    out.u32(this.next).array(this.was).array(this.turned).array(this.active);
    this.log.write(out);
  }

  read(from: SnapshotReader): void {
    this.next = from.u32();
    from.arrayInto(this.was);
    from.arrayInto(this.turned);
    from.arrayInto(this.active);
    this.log.read(from);
  }

  private holds(c: number, t: number): number {
    const { totals, params } = this.kernel;
    return this.events[this.conditional[c]!]!.condition!(totals, params, t) !== 0 ? 1 : 0;
  }

  /** Applies scenario event e to the cells and parameters. */
  private apply(e: number): void {
    const { x, n, cells, params } = this.kernel;
    const { stream } = this;
    for (const action of this.events[e]!.actions) {
      switch (action.kind) {
        case 'set-parameter':
          params[action.index] = action.value;
          break;
        case 'set-compartment':
          setTotal(x, n, this.lattice.open, action.index, action.value);
          break;
        case 'scale':
          for (let k = 0; k < cells; k++) {
            const i = k * n + action.index;
            x[i] = scaleCount(stream, x[i]!, action.factor);
          }
          break;
        case 'move':
          for (let k = 0; k < cells; k++) {
            const moved = binomial(stream, x[k * n + action.from]!, action.fraction);
            x[k * n + action.from]! -= moved;
            x[k * n + action.to]! += moved;
          }
          break;
      }
    }
  }

  /** Starts spatial event i; returns whether it changed counts or bonds. */
  private startSpatial(i: number): boolean {
    const event = this.spatial[i]!;
    const region = this.lattice.regions[event.region]!;
    const { x, n, grid } = this.kernel;
    switch (event.kind) {
      case 'cordon':
        grid.closeBorder(this.mask(event.region));
        this.refreshLures();
        return true;
      case 'bomb':
        for (const k of region.cells) {
          let everyone = 0;
          for (let c = 0; c < n; c++) {
            everyone += x[k * n + c]!;
            x[k * n + c] = 0;
          }
          if (event.to >= 0) x[k * n + event.to] = everyone;
        }
        return true;
      case 'lure':
        this.active[i] = 1;
        this.refreshLures();
        return false;
    }
  }

  /** Gives each compartment the weights of its last started active lure, or none. */
  private refreshLures(): void {
    const { kernel } = this;
    for (let c = 0; c < kernel.n; c++) {
      let chosen = -1;
      this.spatial.forEach((s, i) => {
        if (s.kind === 'lure' && s.compartment === c && this.active[i] === 1) chosen = i;
      });
      if (chosen < 0) {
        kernel.lure[c] = undefined;
        continue;
      }
      const lure = this.spatial[chosen] as Extract<SpatialEvent, { kind: 'lure' }>;
      const centre = centreOf(this.lattice.regions[lure.region]!.cells, this.lattice.width);
      const weights = this.weights[c]!;
      kernel.grid.lureWeights(centre.x, centre.y, lure.strength, weights);
      kernel.lure[c] = weights;
    }
  }

  private mask(region: number): Uint8Array {
    let mask = this.masks.get(region);
    if (mask === undefined) {
      mask = new Uint8Array(this.kernel.cells);
      for (const k of this.lattice.regions[region]!.cells) mask[k] = 1;
      this.masks.set(region, mask);
    }
    return mask;
  }
}

/** A whole count scaled by a factor: binomial thinning below 1, a Bernoulli-rounded excess above (as the SSA's events). */
function scaleCount(stream: Stream, count: number, factor: number): number {
  if (factor <= 1) return binomial(stream, count, factor);
  const exact = count * factor;
  const whole = Math.floor(exact);
  return whole + (stream.next() < exact - whole ? 1 : 0);
}
