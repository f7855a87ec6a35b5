import type { Stream } from '../../core/random.js';
import type { LoadedScenario } from '../../scenario/parse.js';
import type { Engine, FiredEvent, Milestones } from '../engine.js';
import type { DependencyGraph } from './dependency-graph.js';
import { EventRunner } from './event-runner.js';
import { initialCounts } from './initial-counts.js';
import { CONDITION, EVENT_LIMIT, type Kernel } from './kernel.js';
import { MilestoneWatch } from './milestone-watch.js';
import { PropensityTable } from './propensity-table.js';
import { countLimitFailure, DEFAULT_MAX_EVENTS, MAX_COUNT, workLimitFailure } from './runaway.js';

/** What a kernel is built from: the shared state, its dependency graph, the stream and the events. */
export interface KernelParts {
  readonly table: PropensityTable;
  readonly graph: DependencyGraph;
  readonly stream: Stream;
  readonly runner: EventRunner;
  /** Per compartment: when its count first hit 0; kernels write it. */
  readonly extinct: Float64Array;
}

/**
 * Rates that read `t` are held constant for at most this fraction of the output interval: the
 * only approximation of the exact kernels, and only for such rates.
 */
const TIME_STEPS_PER_OUTPUT = 16;

/**
 * An engine on whole-number counts around a stochastic kernel (SSA or tau-leaping): it runs the
 * kernel up to each timed event, fires conditional events when the kernel reports one, and
 * observes the state at T as the state after everything at times ≤ T.
 */
export class StochasticEngine<K extends Kernel = Kernel> implements Engine {
  readonly compartments: readonly string[];
  /** The kernel that moves the state. */
  readonly kernel: K;
  private readonly table: PropensityTable;
  private readonly runner: EventRunner;
  private readonly watch: MilestoneWatch;
  private readonly tick: number;
  private readonly engine: string;
  private readonly maxWork: number;
  private readonly until: number;
  private readonly unit: string;

  /**
   * Builds the shared state for `loaded` and a kernel over it; `engine` names the engine in
   * messages. A run stops with a `RuntimeFailure` once its kernel has done `maxWork` units of work
   * (`--max-events`: reactions; tau counts 100 per leap).
   */
  constructor(
    loaded: LoadedScenario,
    stream: Stream,
    engine: string,
    makeKernel: (parts: KernelParts) => K,
    maxWork = DEFAULT_MAX_EVENTS,
  ) {
    const initial = initialCounts(loaded, engine);
    this.engine = engine;
    this.maxWork = maxWork;
    this.until = loaded.scenario.time.until;
    this.unit = loaded.scenario.time.unit;
    this.compartments = loaded.network.compartments;
    this.table = new PropensityTable(loaded, initial);
    this.watch = new MilestoneWatch(initial);
    this.runner = new EventRunner(loaded, this.table.y, this.table.params, stream);
    const graph = this.table.plan.graph;
    this.kernel = makeKernel({
      table: this.table,
      graph,
      stream,
      runner: this.runner,
      extinct: this.watch.extinct,
    });
    this.kernel.reset(0);
    this.tick = loaded.network.readsTime.includes(1) ? loaded.scenario.time.every / TIME_STEPS_PER_OUTPUT : 0;
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
    for (;;) {
      let stop = Math.min(t, this.runner.nextTime());
      if (this.tick > 0) stop = Math.min(stop, kernel.t + this.tick);
      const reason = kernel.run(stop, this.maxWork - kernel.work);
      this.checkCounts();
      if (reason === EVENT_LIMIT) {
        throw workLimitFailure(this.table, this.engine, kernel.t, kernel.work, this.until, this.unit);
      }
      if (reason === CONDITION) {
        this.watch.beforeJump(this.table.y);
        this.runner.fireConditional(kernel.t);
        this.afterJump();
        continue;
      }
      if (this.runner.nextTime() <= kernel.t) this.watch.beforeJump(this.table.y);
      if (this.runner.fireTimed(kernel.t)) this.afterJump();
      else if (this.tick > 0) kernel.reset(kernel.t);
      if (kernel.t >= t) break;
    }
    this.watch.observed(this.table.y, t);
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
