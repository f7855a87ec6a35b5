import type { Stream } from '../../core/random.js';
import { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import {
  type Intervention,
  InvalidIntervention,
  interventionTarget,
  type LoggedIntervention,
  requireFinite,
  requireNoPlace,
  requireWholeCount,
} from '../../model/intervention.js';
import { readInterventions, writeInterventions } from '../../model/intervention-codec.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import type { Engine, FiredEvent, Milestones } from '../engine.js';
import { outputTimes } from '../trajectory.js';
import type { DependencyGraph } from './dependency-graph.js';
import { EventRunner } from './event-runner.js';
import { CONDITION, EVENT_LIMIT, type Kernel, runWithinLimit } from './kernel.js';
import { MilestoneWatch } from './milestone-watch.js';
import { propensityPlan } from './propensity-plan.js';
import { PropensityTable } from './propensity-table.js';
import { countLimitFailure, MAX_COUNT, workLimitFailure } from './runaway.js';

/** What a kernel is built from: the shared state, its dependency graph, the stream and the events. */
export interface KernelParts {
  readonly table: PropensityTable;
  readonly graph: DependencyGraph;
  readonly stream: Stream;
  readonly runner: EventRunner;
  /** Per compartment: when its count last fell to 0; kernels write it (see `MilestoneWatch`). */
  readonly extinct: Float64Array;
}

/**
 * Rates that read `t` are held constant for at most this fraction of the output interval: the
 * only approximation of the exact kernels, and only for such rates.
 */
const TIME_STEPS_PER_OUTPUT = 16;

/** The output grid of each compiled scenario, made once and shared by its runs. */
const grids = new WeakMap<CompiledScenario, Float64Array>();

function outputGrid(compiled: CompiledScenario): Float64Array {
  let grid = grids.get(compiled);
  if (grid === undefined) {
    grid = outputTimes(compiled.time.until, compiled.time.every);
    grids.set(compiled, grid);
  }
  return grid;
}

/**
 * An engine on whole-number counts around a stochastic kernel (SSA or tau-leaping): it runs the
 * kernel up to each timed event, fires conditional events when the kernel reports one, and
 * observes the state at T as the state after everything at times ≤ T.
 *
 * The kernel stops, with the exact state, only at times the scenario fixes: timed events, the
 * output grid (0, every, 2·every, … until), and, for rates that read `t`, a grid of
 * `TIME_STEPS_PER_OUTPUT` steps per output interval at which their propensities are recomputed.
 * A stop that the caller of `advanceTo` asks for in between changes nothing the kernel draws, so
 * results do not depend on how the calls are spaced.
 */
export class StochasticEngine<K extends Kernel = Kernel> implements Engine {
  readonly compartments: readonly string[];
  /** The kernel that moves the state. */
  readonly kernel: K;
  private readonly table: PropensityTable;
  private readonly runner: EventRunner;
  private readonly watch: MilestoneWatch;
  private readonly stream: Stream;
  private readonly compiled: CompiledScenario;
  private readonly engine: 'ssa' | 'tau';
  private readonly maxWork: number;
  private readonly grid: Float64Array;
  /** The next output time not yet reached, as an index into `grid`. */
  private output = 1;
  /** The step of the grid on which rates that read `t` are recomputed (0: none read it). */
  private readonly tick: number;
  /** The next tick not yet reached is `ticks · tick`. */
  private ticks = 1;
  private readonly log: LoggedIntervention[] = [];

  /**
   * Builds the shared state for `compiled` and a kernel over it; `engine` names the engine in
   * messages and snapshots. A run stops with a `RuntimeFailure` once its kernel has done `maxWork`
   * units of work (`--max-events`: reactions; tau counts 100 per leap).
   */
  constructor(
    compiled: CompiledScenario,
    stream: Stream,
    engine: 'ssa' | 'tau',
    makeKernel: (parts: KernelParts) => K,
    maxWork: number,
  ) {
    const { network, initial, time } = compiled;
    this.compiled = compiled;
    this.stream = stream;
    this.engine = engine;
    this.maxWork = maxWork;
    this.compartments = network.compartments;
    this.grid = outputGrid(compiled);
    const plan = propensityPlan(network);
    this.table = new PropensityTable(plan, initial);
    this.watch = new MilestoneWatch(initial);
    this.runner = new EventRunner(compiled.events, this.table.y, this.table.params, stream);
    this.kernel = makeKernel({
      table: this.table,
      graph: plan.graph,
      stream,
      runner: this.runner,
      extinct: this.watch.extinct,
    });
    this.kernel.reset(0);
    this.tick = network.readsTime.includes(1) ? time.every / TIME_STEPS_PER_OUTPUT : 0;
    if (this.runner.fireTimed(0)) this.afterJump();
  }

  get time(): number {
    return this.kernel.t;
  }

  get eventCount(): number {
    return this.kernel.events;
  }

  advanceTo(t: number): void {
    const kernel = this.kernel;
    if (!(t >= kernel.t)) throw new RangeError(`cannot advance to t = ${t}: the state is at ${kernel.t}`);
    while (kernel.t < t) {
      const boundary = this.boundary();
      const reason = runWithinLimit(kernel, () => kernel.work, Math.min(t, boundary), this.maxWork, boundary);
      this.checkCounts();
      if (reason === EVENT_LIMIT) {
        const { until, unit } = this.compiled.time;
        throw workLimitFailure(this.table, this.engine, kernel.t, this.maxWork, until, unit);
      }
      if (reason === CONDITION) {
        this.watch.beforeJump(this.table.y);
        this.runner.fireConditional(kernel.t);
        this.afterJump();
      } else if (kernel.t >= boundary) this.atBoundary();
    }
  }

  observe(out: Float64Array): void {
    const y = this.table.y;
    for (let i = 0; i < this.compartments.length; i++) out[i] = y[i]!;
  }

  milestones(): Milestones {
    return this.watch.milestones();
  }

  firedEvents(): FiredEvent[] {
    return this.runner.log.fired();
  }

  snapshot(): Uint8Array {
    const out = new SnapshotWriter({ engine: this.engine, fingerprint: this.compiled.fingerprint });
    const { table } = this;
    out.array(this.stream.save());
    out.array(table.y).array(table.params).array(table.a).array(table.coefficient);
    out.array(table.groupCoefficient).array(table.groupLast).array(table.product).array(table.weight);
    this.watch.write(out);
    this.runner.write(out);
    this.kernel.write(out);
    out.u32(this.output).f64(this.ticks);
    writeInterventions(out, this.log);
    return out.finish();
  }

  restore(bytes: Uint8Array): void {
    const from = new SnapshotReader(bytes, { engine: this.engine, fingerprint: this.compiled.fingerprint });
    const { table } = this;
    const stream = from.array((length) => new Uint32Array(length));
    from.arrayInto(table.y);
    from.arrayInto(table.params);
    from.arrayInto(table.a);
    from.arrayInto(table.coefficient);
    from.arrayInto(table.groupCoefficient);
    from.arrayInto(table.groupLast);
    from.arrayInto(table.product);
    from.arrayInto(table.weight);
    this.watch.read(from);
    this.runner.read(from);
    this.kernel.read(from);
    this.output = from.u32();
    this.ticks = from.f64();
    const log = readInterventions(from);
    from.end();
    this.stream.restore(stream);
    this.log.length = 0;
    this.log.push(...log);
  }

  control(intervention: Intervention): void {
    const t = this.kernel.t;
    const { table } = this;
    switch (intervention.kind) {
      case 'set': {
        const index = interventionTarget(
          intervention.name,
          this.compiled.network.parameterNames,
          'parameter',
        );
        requireFinite(intervention.value, `parameter '${intervention.name}'`);
        const old = table.params[index]!;
        table.params[index] = intervention.value;
        try {
          table.checkRates(t);
        } catch (error) {
          table.params[index] = old;
          table.refreshCoefficients(t);
          throw new InvalidIntervention(
            `${intervention.name} = ${intervention.value} cannot apply: ${(error as Error).message}`,
          );
        }
        this.watch.beforeJump(table.y);
        break;
      }
      case 'add': {
        const { compartment, count, place } = intervention;
        const index = interventionTarget(compartment, this.compartments, 'compartment');
        requireNoPlace(`the ${this.engine} engine`, compartment, place);
        requireWholeCount(compartment, count);
        const value = table.y[index]! + count;
        if (value < 0)
          throw new InvalidIntervention(
            `cannot remove ${-count} from ${compartment}: it holds ${table.y[index]}`,
          );
        if (value > MAX_COUNT)
          throw new InvalidIntervention(`${compartment} would hold more than 2^53 − 1 individuals`);
        this.watch.beforeJump(table.y);
        table.y[index] = value;
        break;
      }
      case 'fire': {
        const e = interventionTarget(
          intervention.event,
          this.compiled.events.map((event) => event.name),
          'event',
        );
        this.watch.beforeJump(table.y);
        this.runner.fire(e, t);
        break;
      }
    }
    // As after a scenario event's jump: a condition the jump makes true does not fire.
    this.runner.resync(t);
    this.afterJump();
    this.log.push({ t, intervention });
  }

  interventions(): readonly LoggedIntervention[] {
    return [...this.log];
  }

  /** The next time fixed by the scenario at which the exact state is needed. */
  private boundary(): number {
    const output = this.output < this.grid.length ? this.grid[this.output]! : Number.POSITIVE_INFINITY;
    const tick = this.tick > 0 ? this.ticks * this.tick : Number.POSITIVE_INFINITY;
    return Math.min(output, tick, this.runner.nextTime());
  }

  /** At a boundary: timed events fire, rates that read `t` are recomputed, overtakes are read. */
  private atBoundary(): void {
    const kernel = this.kernel;
    const t = kernel.t;
    if (this.runner.nextTime() <= t) this.watch.beforeJump(this.table.y);
    const jumped = this.runner.fireTimed(t);
    if (jumped) this.afterJump();
    let ticked = false;
    while (this.tick > 0 && this.ticks * this.tick <= t) {
      this.ticks++;
      ticked = true;
    }
    if (ticked && !jumped) kernel.reset(t);
    while (this.output < this.grid.length && this.grid[this.output]! <= t) {
      this.watch.observed(this.table.y, this.grid[this.output]!);
      this.output++;
    }
  }

  /** Fails the run if a count has grown past what a double counts exactly. */
  private checkCounts(): void {
    const y = this.table.y;
    for (let i = 0; i < this.compartments.length; i++) {
      if (y[i]! > MAX_COUNT) throw countLimitFailure(this.table, this.engine, i, this.kernel.t);
    }
  }

  /** After an event changed counts or parameters. */
  private afterJump(): void {
    const t = this.kernel.t;
    this.table.refreshSum();
    this.table.refreshCoefficients(t);
    this.kernel.reset(t);
    this.watch.jumped(this.table.y, t);
  }
}
