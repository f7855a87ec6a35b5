import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import { applyEvent, type CompiledEvent, conditionalEvents, scheduleOf } from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';
import type { Network } from '../../model/network.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';
import { derivativesOf, deterministicRate } from '../../model/rates.js';
import { compileDerivatives } from '../../model/wasm-derivatives.js';
import type { CompiledScenario, EngineOptions } from '../../scenario/compiled.js';
import type { Engine, FiredEvent, Milestones, Overtake } from '../engine.js';
import { DormandPrince } from './dormand-prince.js';
import { findRoot } from './find-root.js';

/** Below one individual, a compartment of the mean-field model counts as died out. */
const EXTINCTION_THRESHOLD = 1;

/** Overtake states of a pair (a, b), as in `MilestoneWatch`: done, armed (a seen at or below b), waiting. */
const DONE = 0;
const ARMED = 1;
const WAITING = 2;

/** The most steps a stiff model may still need to reach `until`: beyond it the run could not end. */
const MAX_STIFF_STEPS = 1e6;

/**
 * Conditional events that fire this many times in a row, each within ZENO_GAP·until of the last,
 * are caught in a loop: the action makes the condition true again at once (Zeno behaviour), and
 * the run would crawl on forever.
 */
const ZENO_FIRINGS = 1000;
const ZENO_GAP = 1e-9;

/** Root finding stops within this share of `until` (and never below ROOT_TOLERANCE_FLOOR). */
const ROOT_TOLERANCE = 1e-12;
const ROOT_TOLERANCE_FLOOR = 1e-12;

/** Differences below this share of the initial population are round-off, not an overtake. */
const OVERTAKE_NOISE = 1e-9;

/**
 * The mean-field ODE of a scenario, integrated by Dormand–Prince 5(4). Output times are read from
 * the dense output; timed events stop the integrator exactly at their times, and conditional
 * events and milestones are located by root finding on the dense output.
 */
export class OdeEngine implements Engine {
  readonly compartments: readonly string[];
  readonly eventCount = 0;
  private readonly solver: DormandPrince;
  private readonly parameters: Float64Array;
  private readonly scratch: Float64Array;
  private readonly schedule: ReturnType<typeof scheduleOf>;
  private readonly conditionals: number[];
  private readonly conditionWas: Uint8Array;
  private readonly extinct: Float64Array;
  /** 1 once a compartment has reached the extinction threshold: only then can it die out. */
  private readonly present: Uint8Array;
  private readonly overtakes: Overtake[] = [];
  private readonly pending: Int32Array;
  /** Differences below this share of the population are round-off, not an overtake. */
  private readonly noise: number;
  private readonly firings: FiringLog;
  private readonly network: Network;
  private readonly events: readonly CompiledEvent[];
  private readonly options: EngineOptions['ode'];
  private readonly tolerance: number;
  private readonly until: number;
  private readonly initial: Float64Array;
  /** The reactions whose rate constant or law reads the state or `t`: checked after every step. */
  private readonly varying: Int32Array;
  /** Every reaction: checked after a start or an event. */
  private readonly all: Int32Array;
  /** The state with its rounding noise below 0 cut off, for checking rates. */
  private readonly clamped: Float64Array;
  private nextTimed = 0;
  private pendingEvent = -1;
  private pendingTime = 0;
  private lastFiring = Number.NEGATIVE_INFINITY;
  private rapidFirings = 0;
  private stateTime = 0;

  constructor(compiled: CompiledScenario) {
    const { network, events, time } = compiled;
    const options = compiled.options.ode;
    const tolerances = { rtol: options.rtol, atol: options.atol };
    const n = network.compartments.length;
    this.network = network;
    this.events = events;
    this.options = options;
    this.compartments = network.compartments;
    this.scratch = new Float64Array(n);
    const wasm = options.wasm ? compileDerivatives(network) : undefined;
    if (wasm === undefined) {
      this.parameters = network.parameters.slice();
      this.solver = new DormandPrince(n, derivativesOf(network, this.parameters), tolerances);
    } else {
      // The parameters, the state and every stage live in the module's memory, so calls pass offsets.
      this.parameters = wasm.array(network.parameters.length);
      this.parameters.set(network.parameters);
      const { rhs } = wasm;
      const pOffset = this.parameters.byteOffset;
      this.solver = new DormandPrince(
        n,
        (t, _y, _dy, yOffset, dyOffset) => rhs(t, yOffset, dyOffset, pOffset),
        { ...tolerances, storage: wasm.array },
      );
    }
    this.schedule = scheduleOf(events);
    this.conditionals = conditionalEvents(events);
    this.conditionWas = new Uint8Array(events.length);
    this.extinct = new Float64Array(n).fill(Number.NaN);
    this.present = new Uint8Array(n);
    this.pending = new Int32Array(n * n);
    this.until = time.until;
    this.tolerance = Math.max(ROOT_TOLERANCE_FLOOR, time.until * ROOT_TOLERANCE);
    this.initial = compiled.initial.slice();
    this.noise =
      OVERTAKE_NOISE *
      Math.max(
        1,
        this.initial.reduce((sum, v) => sum + Math.abs(v), 0),
      );
    this.firings = new FiringLog(events);
    this.all = Int32Array.from(network.reactionNames.keys());
    this.varying = this.all.filter((j) => network.coefficientVaries[j] === 1);
    this.clamped = new Float64Array(n);
    this.restart();
  }

  /**
   * Starts again from the scenario's initial state at t = 0, with `parameters` (in the network's
   * order) if given: a parameter sweep reuses one engine and allocates nothing per solve.
   */
  restart(parameters?: ArrayLike<number>): void {
    this.parameters.set(parameters ?? this.network.parameters);
    this.nextTimed = 0;
    this.pendingEvent = -1;
    this.stateTime = 0;
    this.extinct.fill(Number.NaN);
    this.overtakes.length = 0;
    this.firings.clear();
    this.lastFiring = Number.NEGATIVE_INFINITY;
    this.rapidFirings = 0;
    this.solver.reset(0, this.initial);
    this.checkRates(0, this.solver.y, this.all);
    this.startWatching();
  }

  get time(): number {
    return this.stateTime;
  }

  /**
   * Advances to t. The integrator's steps end only at timed events, at conditional events and at
   * `until` (beyond it they run free), never at the caller's t, which is read off the dense output:
   * so what is observed at a time does not depend on how the calls are spaced.
   */
  advanceTo(t: number): void {
    if (!(t >= this.stateTime) || t === Number.POSITIVE_INFINITY)
      throw new RangeError(
        `the ODE engine cannot advance from t = ${this.stateTime} to ${t}: only forwards, to a finite time`,
      );
    const solver = this.solver;
    while (true) {
      // A conditional event found inside the last step fires once the run reaches it; until then
      // the last step's dense output still holds for the times before it.
      if (this.pendingEvent >= 0 && this.pendingTime <= t) this.firePendingEvent();
      this.fireTimedEventsAt(Math.min(solver.t, t));
      if (solver.t >= t || this.pendingEvent >= 0) break;
      this.step(this.nextStop());
      this.afterStep();
    }
    this.stateTime = t;
  }

  /** Where the next steps must end: the next timed event, else `until`, else nowhere. */
  private nextStop(): number {
    const { times } = this.schedule;
    if (this.nextTimed < times.length) return times[this.nextTimed]!;
    return this.solver.t < this.until ? this.until : Number.POSITIVE_INFINITY;
  }

  observe(out: Float64Array): void {
    if (this.stateTime === this.solver.t) out.set(this.solver.y);
    else this.solver.interpolate(this.stateTime, out);
  }

  /**
   * The milestones up to the present time. (The watch runs to the end of each step, so it may
   * have seen a little of the future; that part is left out.)
   */
  milestones(): Milestones {
    const now = this.stateTime;
    return {
      extinct: this.extinct.map((t) => (t <= now ? t : Number.NaN)),
      overtakes: this.overtakes.filter((o) => o.t <= now),
    };
  }

  firedEvents(): FiredEvent[] {
    return this.firings.fired();
  }

  /**
   * One accepted step of the solver, then the checks of the one rule for bad rates: the state must
   * stay finite and the rates that vary must stay finite and ≥ 0. A solver that cannot go on fails
   * the run with the state it stands at.
   */
  private step(tEnd: number): void {
    const solver = this.solver;
    try {
      solver.step(tEnd);
    } catch (error) {
      if (error instanceof RuntimeFailure || !(error instanceof Error)) throw error;
      this.checkRates(solver.t, solver.y, this.all);
      const why = /step limit/.test(error.message)
        ? 'it has taken too many steps; the model is stiff there, or blows up'
        : 'its step size shrank to nothing; the model blows up there';
      throw new RuntimeFailure(
        `the ODE solver cannot go on at t = ${formatValue(solver.t)} (${this.stateText(solver.y)}): ${why}`,
      );
    }
    // A stiff model is fine while its steps stay long (near an equilibrium, say); one whose
    // stability-bound steps would take more than MAX_STIFF_STEPS to reach `until` would not end.
    if (solver.stiff && (this.until - solver.t) / solver.stepSize > MAX_STIFF_STEPS) {
      throw new RuntimeFailure(
        `the ODE solver cannot go on at t = ${formatValue(solver.t)} (${this.stateText(solver.y)}): the model has become stiff (rates so fast that this explicit solver would need about ${formatValue((this.until - solver.t) / solver.stepSize)} more steps); slow the fastest rates, or use the tau engine`,
      );
    }
    const y = solver.y;
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i]!)) {
        throw new RuntimeFailure(
          `the state overflows at t = ${formatValue(solver.t)} (${this.stateText(y)}): the model blows up`,
        );
      }
    }
    this.checkRates(solver.t, y, this.varying);
  }

  /**
   * Fails the run if a reaction of `which` has a rate that is NaN, infinite or negative in the
   * state x at time t. Rounding noise can leave a compartment a hair below 0, so a bad rate is
   * judged again with such values read as 0, and only a rate that is still bad fails.
   */
  private checkRates(t: number, x: Float64Array, which: Int32Array): void {
    const net = this.network;
    const p = this.parameters;
    for (let r = 0; r < which.length; r++) {
      const j = which[r]!;
      const value = deterministicRate(net, j, x, p, t);
      if (isGoodRate(value)) continue;
      const clamped = this.clamped;
      for (let i = 0; i < x.length; i++) clamped[i] = Math.max(x[i]!, 0);
      const again = deterministicRate(net, j, clamped, p, t);
      if (!isGoodRate(again)) throw rateFailure(net, j, clamped, p, t, again);
    }
  }

  private stateText(y: Float64Array): string {
    return this.compartments.map((name, i) => `${name} = ${formatValue(y[i]!)}`).join(', ');
  }

  /** Fires every timed event due at time t, then restarts the integrator there. */
  private fireTimedEventsAt(t: number): void {
    const { times, events } = this.schedule;
    if (this.nextTimed >= times.length || times[this.nextTimed]! > t) return;
    const x = this.scratch;
    x.set(this.solver.y);
    while (this.nextTimed < times.length && times[this.nextTimed]! <= t) {
      applyEvent(this.events[events[this.nextTimed]!]!, x, this.parameters);
      this.firings.record(events[this.nextTimed]!, times[this.nextTimed]!);
      this.nextTimed++;
    }
    this.restartAt(t, x);
  }

  /** After an accepted step: the first conditional event and the milestones inside it. */
  private afterStep(): void {
    const solver = this.solver;
    let first = Number.POSITIVE_INFINITY;
    for (const e of this.conditionals) {
      if (this.conditionWas[e] === 0 && this.conditionAt(e, solver.t)) {
        const te = this.locate((time) => (this.conditionAt(e, time) ? 1 : -1), solver.tPrevious, solver.t);
        if (te < first) {
          first = te;
          this.pendingEvent = e;
          this.pendingTime = te;
        }
      }
    }
    if (this.pendingEvent < 0)
      for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, solver.t) ? 1 : 0;
    if (this.options.milestones) this.watchMilestones(Math.min(first, solver.t));
  }

  /** Fires the conditional event found in the last step, with any other that is true then, and restarts. */
  private firePendingEvent(): void {
    const time = this.pendingTime;
    this.rapidFirings = time - this.lastFiring <= ZENO_GAP * this.until ? this.rapidFirings + 1 : 0;
    this.lastFiring = time;
    if (this.rapidFirings >= ZENO_FIRINGS) {
      const name = this.events[this.pendingEvent]!.name;
      throw new RuntimeFailure(
        `event '${name}' fires over and over at t = ${formatValue(time)} (${this.stateText(this.solver.y)}): its action makes its condition true again at once, so the run cannot go on; change its condition or its action`,
      );
    }
    const x = this.scratch;
    this.solver.interpolate(time, x);
    for (const e of this.conditionals) {
      const risen = this.conditionWas[e] === 0 && this.events[e]!.condition!(x, this.parameters, time) !== 0;
      if (e === this.pendingEvent || risen) {
        applyEvent(this.events[e]!, x, this.parameters);
        this.firings.record(e, time);
      }
    }
    this.pendingEvent = -1;
    this.restartAt(time, x);
  }

  private conditionAt(e: number, time: number): boolean {
    const x = this.scratch;
    if (time === this.solver.t) x.set(this.solver.y);
    else this.solver.interpolate(time, x);
    return this.events[e]!.condition!(x, this.parameters, time) !== 0;
  }

  /** Bisection on the dense output between a and b, where g(a) < 0 ≤ g(b). */
  private locate(g: (time: number) => number, a: number, b: number): number {
    return findRoot(g, a, g(a), b, g(b), this.tolerance);
  }

  private restartAt(t: number, x: Float64Array): void {
    this.solver.reset(t, x);
    this.checkRates(t, this.solver.y, this.all);
    if (this.options.milestones) this.checkJumps(x, t);
    for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, t) ? 1 : 0;
  }

  /**
   * Marks which milestones are still to come, from the initial state. The rules, for values that
   * are means rather than counts:
   * - a compartment dies out when it falls below one individual at a time t > 0, having been at or
   *   above one at an earlier time t > 0, or above one at t = 0. One that starts at exactly 1 and
   *   only falls was never more than the single individual it started with: it has not died out
   *   (its final value tells how little is left), and no extinction is dated t = 0;
   * - a overtakes b when it rises above b at t > 0 by more than round-off (`noise`), having been at
   *   or below b: below it at t = 0, or at or below it at a step's end t > 0. An overtake among
   *   less than one individual (the values at the crossing are below 1) is not news; the pair is
   *   watched again for a later one.
   */
  private startWatching(): void {
    const y = this.solver.y;
    const n = y.length;
    for (let a = 0; a < n; a++) {
      this.present[a] = y[a]! > EXTINCTION_THRESHOLD ? 1 : 0;
      for (let b = 0; b < n; b++) {
        const state = y[a]! < y[b]! - this.noise ? ARMED : y[a]! <= y[b]! + this.noise ? WAITING : DONE;
        this.pending[a * n + b] = a === b ? DONE : state;
      }
    }
    for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, 0) ? 1 : 0;
  }

  private watchMilestones(until: number): void {
    const solver = this.solver;
    const n = this.compartments.length;
    const x = this.scratch;
    if (until === solver.t) x.set(solver.y);
    else solver.interpolate(until, x);
    for (let a = 0; a < n; a++) {
      if (this.present[a] === 0) {
        if (x[a]! >= EXTINCTION_THRESHOLD) this.present[a] = 1;
      } else if (Number.isNaN(this.extinct[a]!) && x[a]! < EXTINCTION_THRESHOLD) {
        this.extinct[a] = this.crossing(
          (time) => EXTINCTION_THRESHOLD - solver.interpolateComponent(time, a),
          solver.tPrevious,
          until,
        );
      }
      for (let b = 0; b < n; b++) {
        const state = this.pending[a * n + b];
        if (state === DONE) continue;
        if (x[a]! <= x[b]! + this.noise) this.pending[a * n + b] = ARMED;
        else if (state === ARMED) {
          const t = this.crossing(
            (time) => solver.interpolateComponent(time, a) - solver.interpolateComponent(time, b),
            solver.tPrevious,
            until,
          );
          this.overtook(a, b, t, solver.interpolateComponent(t, a));
        }
      }
    }
  }

  /** Milestones passed by an event's jump happen at the event's time. */
  private checkJumps(after: Float64Array, t: number): void {
    const n = after.length;
    for (let a = 0; a < n; a++) {
      if (this.present[a] === 1 && Number.isNaN(this.extinct[a]!) && after[a]! < EXTINCTION_THRESHOLD)
        this.extinct[a] = t;
      for (let b = 0; b < n; b++) {
        const state = this.pending[a * n + b];
        if (state === DONE || t === 0) continue;
        if (after[a]! <= after[b]! + this.noise) this.pending[a * n + b] = ARMED;
        else if (state === ARMED) this.overtook(a, b, t, after[a]!);
      }
    }
  }

  /** a rose above b at t, at the value `level`: news if at least one individual, else watched again. */
  private overtook(a: number, b: number, t: number, level: number): void {
    const n = this.compartments.length;
    if (level >= EXTINCTION_THRESHOLD) {
      this.pending[a * n + b] = DONE;
      this.overtakes.push({ a, b, t });
    } else this.pending[a * n + b] = WAITING;
  }

  /** Where g turns from ≤ 0 at a to > 0 at b (a, if g(a) is already above 0: the rise came with a jump). */
  private crossing(g: (time: number) => number, a: number, b: number): number {
    const ga = g(a);
    return ga > 0 ? a : findRoot(g, a, ga, b, g(b), this.tolerance);
  }
}

/**
 * Creates the ODE engine for a compiled scenario, with its tolerances and options
 * (`compiled.options.ode`). Deterministic: it takes no random stream.
 */
export function createOde(compiled: CompiledScenario): OdeEngine {
  return new OdeEngine(compiled);
}
