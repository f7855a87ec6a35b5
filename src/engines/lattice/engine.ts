import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import type { Stream } from '../../core/random.js';
import { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import {
  type Intervention,
  InvalidIntervention,
  interventionTarget,
  type LoggedIntervention,
  requireFinite,
  requireWholeCount,
} from '../../model/intervention.js';
import { readInterventions, writeInterventions } from '../../model/intervention-codec.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import type { CompiledLattice } from '../../scenario/compiled-lattice.js';
import type { Engine, FiredEvent, Milestones } from '../engine.js';
import { EVENT_LIMIT, runWithinLimit } from '../stochastic/kernel.js';
import { MilestoneWatch } from '../stochastic/milestone-watch.js';
import { MAX_COUNT } from '../stochastic/runaway.js';
import { outputTimes } from '../trajectory.js';
import { attackerOf } from './attacker.js';
import { addToMostPopulous, countOf, removeFromFullest } from './cell-counts.js';
import { LatticeEvents } from './lattice-events.js';
import { LatticeGrid } from './lattice-grid.js';
import { CONDITION_TURNED, type LatticeState } from './lattice-state.js';
import { NextSubvolume } from './next-subvolume.js';
import { SpatialTau } from './spatial-tau.js';

/** Rates that read `t` are held constant for at most this fraction of the output interval (as in the SSA). */
const TIME_STEPS_PER_OUTPUT = 16;

/**
 * Creates the lattice engine for a compiled scenario with a `lattice` world: the reaction network
 * in every cell, coupled between neighbouring cells by movement and contact across bonds, simulated
 * by `lattice.method`: `exact`, the next-subvolume method (`next-subvolume.ts`), or `fast`,
 * operator splitting with binomial hop stages and reactions stepped cell by cell with the error
 * control `lattice.epsilon` (`spatial-tau.ts`), drawing from `stream`.
 */
export function createLattice(compiled: CompiledScenario, stream: Stream): Engine {
  return new LatticeEngine(compiled, stream);
}

/**
 * The lattice engine: a method's kernel (`LatticeState`), the scenario's and the lattice's timed
 * events (`lattice-events.ts`), milestones over the totals, snapshots, live control and the
 * arrival map.
 *
 * - `observe` gives the totals over cells; `eventCount` counts reactions (in cells and across
 *   bonds) and hops.
 * - The kernel stops, with the exact state, only at times the scenario fixes: timed and spatial
 *   events, the output grid, and (for rates that read `t`) 16 steps per output interval; a stop
 *   between them draws nothing (the fast method keeps a leap that would end after it), so results
 *   do not depend on how `advanceTo` is called.
 * - `control` takes places as `x,y` (a cell; x from the west edge, y from the north) or a region's
 *   name. Without a place, or with a region, additions go to the most populous cell and removals
 *   come from the fullest cells (see `cell-counts.ts`).
 * - Its budget of events is `options.ssa.max_events` (`--max-events`).
 * - `artifacts()`: `arrival.csv` (x,y,t: when the attacker, `attacker.ts`, first reached each cell
 *   it reached) and, for a map with regions, `regions.csv` (each region's counts at the output times).
 */
export class LatticeEngine implements Engine {
  readonly compartments: readonly string[];
  /** The method: the next-subvolume method (`exact`) or operator splitting with local leaps (`fast`). */
  readonly kernel: LatticeState;
  private readonly compiled: CompiledScenario;
  private readonly lattice: CompiledLattice;
  private readonly stream: Stream;
  private readonly events: LatticeEvents;
  private readonly watch: MilestoneWatch;
  private readonly grid: Float64Array;
  private output = 1;
  private readonly tick: number;
  private ticks = 1;
  private readonly maxEvents: number;
  private readonly log: LoggedIntervention[] = [];
  /** Per output time reached: t, then each region's counts (regions × compartments). */
  private regionRows: number[] = [];

  constructor(compiled: CompiledScenario, stream: Stream) {
    const lattice = compiled.lattice;
    if (lattice === undefined) throw new Error(`scenario '${compiled.name}' has no lattice world`);
    const { network } = compiled;
    this.compiled = compiled;
    this.lattice = lattice;
    this.stream = stream;
    this.compartments = network.compartments;
    this.maxEvents = compiled.options.ssa.maxEvents;
    this.grid = outputTimes(compiled.time.until, compiled.time.every);
    const n = network.compartments.length;
    const totals = new Float64Array(n);
    lattice.initial.forEach((count, i) => {
      totals[i % n]! += count;
    });
    this.watch = new MilestoneWatch(totals);
    const Method = lattice.method === 'exact' ? NextSubvolume : SpatialTau;
    this.kernel = new Method(
      network,
      lattice,
      new LatticeGrid(lattice),
      stream,
      attackerOf(network),
      this.watch.extinct,
    );
    // `options.ssa.compile: false` keeps either method's hops in JavaScript (the same numbers).
    if (this.kernel instanceof NextSubvolume || this.kernel instanceof SpatialTau)
      this.kernel.compiled = compiled.options.ssa.compile;
    this.events = new LatticeEvents(compiled.events, lattice, this.kernel, stream, compiled.time.until);
    this.kernel.watchConditions(this.events);
    this.tick = network.readsTime.includes(1) ? compiled.time.every / TIME_STEPS_PER_OUTPUT : 0;
    this.kernel.resetAll(0);
    this.events.resync(0);
    if (this.events.nextTime() <= 0) {
      this.watch.beforeJump(this.kernel.totals);
      if (this.events.fireDue(0)) this.afterJump();
    }
    this.recordRegions(0);
  }

  get time(): number {
    return this.kernel.t;
  }

  get eventCount(): number {
    return this.kernel.events;
  }

  advanceTo(t: number): void {
    const { kernel } = this;
    if (!(t >= kernel.t)) throw new RangeError(`cannot advance to t = ${t}: the state is at ${kernel.t}`);
    while (kernel.t < t) {
      const boundary = this.boundary();
      const reason = runWithinLimit(
        kernel,
        () => kernel.events,
        Math.min(t, boundary),
        this.maxEvents,
        boundary,
      );
      this.checkCounts();
      if (reason === EVENT_LIMIT) {
        const { until, unit } = this.compiled.time;
        throw new RuntimeFailure(
          `the lattice engine stopped at t = ${formatValue(kernel.t)} of ${formatValue(until)} ${unit}s, past its ` +
            `--max-events limit of ${formatValue(this.maxEvents)} events; raise --max-events`,
        );
      }
      if (reason === CONDITION_TURNED) {
        this.watch.beforeJump(kernel.totals);
        this.events.fireConditional(kernel.t);
        this.afterJump();
      } else if (kernel.t >= boundary) this.atBoundary();
    }
  }

  /** Runs at most `count` more events, stopping at no output time (for benchmarks); returns how many ran. */
  runEvents(count: number): number {
    const before = this.kernel.events;
    this.kernel.run(Number.POSITIVE_INFINITY, count, Number.POSITIVE_INFINITY);
    return this.kernel.events - before;
  }

  observe(out: Float64Array): void {
    const { totals } = this.kernel;
    for (let i = 0; i < this.compartments.length; i++) out[i] = totals[i]!;
  }

  milestones(): Milestones {
    return this.watch.milestones();
  }

  firedEvents(): FiredEvent[] {
    return this.events.log.fired();
  }

  artifacts(): Record<string, string> {
    const files: Record<string, string> = { 'arrival.csv': this.arrivalCsv() };
    if (this.lattice.regions.length > 0) files['regions.csv'] = this.regionsCsv();
    return files;
  }

  snapshot(): Uint8Array {
    const out = new SnapshotWriter({ engine: 'lattice', fingerprint: this.compiled.fingerprint });
    out.array(this.stream.save());
    this.kernel.write(out);
    this.watch.write(out);
    this.events.write(out);
    out.u32(this.output).f64(this.ticks).array(Float64Array.from(this.regionRows));
    writeInterventions(out, this.log);
    return out.finish();
  }

  restore(bytes: Uint8Array): void {
    const from = new SnapshotReader(bytes, { engine: 'lattice', fingerprint: this.compiled.fingerprint });
    const stream = from.array((length) => new Uint32Array(length));
    this.kernel.read(from, (c) => this.events.lureWeights(c));
    this.watch.read(from);
    this.events.read(from);
    this.output = from.u32();
    this.ticks = from.f64();
    this.regionRows = Array.from(from.array((length) => new Float64Array(length)));
    const log = readInterventions(from);
    from.end();
    this.stream.restore(stream);
    this.log.length = 0;
    this.log.push(...log);
  }

  control(intervention: Intervention): void {
    const { kernel } = this;
    // The fast method's counts may stand at the end of its last leap: they are brought to the
    // present with a shortened leap, and brought back if the intervention is refused, so that a
    // refusal changes nothing. The exact method's counts are always at the present.
    const before = kernel.needsSettling() ? this.snapshot() : undefined;
    kernel.settle(kernel.t);
    try {
      this.apply(intervention);
    } catch (error) {
      if (before !== undefined) this.restore(before);
      throw error;
    }
  }

  /** Applies a control at the present time (see `control`). */
  private apply(intervention: Intervention): void {
    const { kernel } = this;
    const t = kernel.t;
    switch (intervention.kind) {
      case 'set': {
        const { name, value } = intervention;
        const index = interventionTarget(name, this.compiled.network.parameterNames, 'parameter');
        requireFinite(value, `parameter '${name}'`);
        const old = kernel.params[index]!;
        kernel.params[index] = value;
        try {
          kernel.reactions.refreshCoefficients(t);
          kernel.bonds.refreshRates(kernel.params, kernel.reactions.y, t);
          for (let k = 0; k < kernel.cells; k++) kernel.cellRate(k, t);
        } catch (error) {
          kernel.params[index] = old;
          kernel.reactions.refreshCoefficients(t);
          kernel.bonds.refreshRates(kernel.params, kernel.reactions.y, t);
          throw new InvalidIntervention(`${name} = ${value} cannot apply: ${(error as Error).message}`);
        }
        this.watch.beforeJump(kernel.totals);
        break;
      }
      case 'add': {
        const { compartment, count, place } = intervention;
        const c = interventionTarget(compartment, this.compartments, 'compartment');
        requireWholeCount(compartment, count);
        const cells = place === undefined ? undefined : this.placeCells(place);
        const held = countOf(kernel.x, kernel.n, c, cells);
        if (held + count < 0)
          throw new InvalidIntervention(
            `cannot remove ${-count} from ${compartment}${place === undefined ? '' : ` at '${place}'`}: it holds ${held}`,
          );
        if (kernel.totals[c]! + count > MAX_COUNT)
          throw new InvalidIntervention(`${compartment} would hold more than 2^53 − 1 individuals`);
        this.watch.beforeJump(kernel.totals);
        if (count > 0) addToMostPopulous(kernel.x, kernel.n, this.lattice.open, c, count, cells);
        else removeFromFullest(kernel.x, kernel.n, this.lattice.open, c, -count, cells);
        break;
      }
      case 'fire': {
        // A scenario event by its name, or a spatial one (world.lattice.events) by the name given it.
        const names = this.compiled.events.map((event) => event.name);
        const spatial = this.lattice.spatialEvents.map((event) => event.name ?? '');
        const e = names.indexOf(intervention.event);
        const s = e >= 0 ? -1 : spatial.indexOf(intervention.event);
        if (e < 0 && s < 0)
          interventionTarget(
            intervention.event,
            [...names, ...spatial.filter((name) => name !== '')],
            'event',
          );
        this.watch.beforeJump(kernel.totals);
        if (e >= 0) this.events.fire(e, t);
        else this.events.fireSpatial(s, t);
        break;
      }
    }
    this.afterJump();
    this.recordRegionsAgain(t);
    this.log.push({ t, intervention });
  }

  interventions(): readonly LoggedIntervention[] {
    return [...this.log];
  }

  /** The open cells a place names: `x,y`, or a region's name (people never go into the sea). */
  private placeCells(place: string): ArrayLike<number> {
    const { open } = this.lattice;
    const cell = this.kernel.grid.cellAt(place);
    if (cell >= 0) {
      if (open[cell] !== 1)
        throw new InvalidIntervention(`cell ${place} is closed (sea, or outside the map): give an open cell`);
      return [cell];
    }
    const region = this.lattice.regions.find((r) => r.name === place);
    if (region !== undefined) {
      const cells = Array.from(region.cells).filter((k) => open[k] === 1);
      if (cells.length === 0) throw new InvalidIntervention(`region '${place}' has no open cell`);
      return cells;
    }
    const names = this.lattice.regions.map((r) => r.name);
    throw new InvalidIntervention(
      `no place '${place}' on the lattice: give a cell as x,y (0 ≤ x < ${this.lattice.width}, 0 ≤ y < ${this.lattice.height})` +
        (names.length > 0 ? ` or a region (${names.join(', ')})` : ''),
    );
  }

  /** The next time fixed by the scenario at which the exact state is needed. */
  private boundary(): number {
    const output = this.output < this.grid.length ? this.grid[this.output]! : Number.POSITIVE_INFINITY;
    const tick = this.tick > 0 ? this.ticks * this.tick : Number.POSITIVE_INFINITY;
    return Math.min(output, tick, this.events.nextTime());
  }

  /** At a boundary: timed and spatial events fire, rates that read `t` are recomputed, outputs are read. */
  private atBoundary(): void {
    const { kernel } = this;
    const t = kernel.t;
    let jumped = false;
    if (this.events.nextTime() <= t) {
      this.watch.beforeJump(kernel.totals);
      jumped = this.events.fireDue(t);
      if (jumped) this.afterJump();
    }
    let ticked = false;
    while (this.tick > 0 && this.ticks * this.tick <= t) {
      this.ticks++;
      ticked = true;
    }
    if (ticked && !jumped) kernel.resetAll(t);
    while (this.output < this.grid.length && this.grid[this.output]! <= t) {
      this.watch.observed(kernel.totals, this.grid[this.output]!);
      this.recordRegions(this.grid[this.output]!);
      this.output++;
    }
  }

  /** After counts, parameters or bonds changed at the present time. */
  private afterJump(): void {
    const { kernel } = this;
    const t = kernel.t;
    kernel.resetAll(t);
    this.events.resync(t);
    this.watch.jumped(kernel.totals, t);
  }

  /** Fails the run if a total has grown past what a double counts exactly. */
  private checkCounts(): void {
    const { totals } = this.kernel;
    for (let i = 0; i < this.compartments.length; i++) {
      if (totals[i]! > MAX_COUNT)
        throw new RuntimeFailure(
          `compartment ${this.compartments[i]} passes 2^53 at t = ${formatValue(this.kernel.t)}, more than the lattice engine can count exactly`,
        );
    }
  }

  /**
   * An intervention at an output time comes before its row (as in timeseries.csv): the regions'
   * row at t, read when the run reached t, is read again (it showed the state before a bomb).
   */
  private recordRegionsAgain(t: number): void {
    const width = 1 + this.lattice.regions.length * this.kernel.n;
    const last = this.regionRows.length - width;
    if (this.lattice.regions.length === 0 || last < 0 || this.regionRows[last] !== t) return;
    this.regionRows.length = last;
    this.recordRegions(t);
  }

  private recordRegions(t: number): void {
    const { regions } = this.lattice;
    if (regions.length === 0) return;
    const { x, n } = this.kernel;
    this.regionRows.push(t);
    for (const region of regions)
      for (let c = 0; c < n; c++) this.regionRows.push(countOf(x, n, c, region.cells));
  }

  private arrivalCsv(): string {
    const { arrival, cells } = this.kernel;
    const width = this.lattice.width;
    const lines = ['x,y,t'];
    for (let k = 0; k < cells; k++) {
      const t = arrival[k]!;
      if (!Number.isNaN(t)) lines.push(`${k % width},${Math.floor(k / width)},${t}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private regionsCsv(): string {
    const { regions } = this.lattice;
    const n = this.compartments.length;
    const lines = [`t,region,${this.compartments.join(',')}`];
    const width = 1 + regions.length * n;
    for (let row = 0; row < this.regionRows.length; row += width) {
      const t = this.regionRows[row]!;
      regions.forEach((region, r) => {
        const counts = this.regionRows.slice(row + 1 + r * n, row + 1 + (r + 1) * n);
        lines.push(`${t},${region.name},${counts.join(',')}`);
      });
    }
    return `${lines.join('\n')}\n`;
  }
}
