import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import {
  applyEvent,
  type CompiledEvent,
  conditionalEvents,
  type Schedule,
  scheduleOf,
} from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';
import { type Intervention, InvalidIntervention, type LoggedIntervention } from '../../model/intervention.js';
import { readInterventions, writeInterventions } from '../../model/intervention-codec.js';
import type { Network } from '../../model/network.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';
import { derivativesOf, deterministicRate } from '../../model/rates.js';
import { compileDerivatives } from '../../model/wasm-derivatives.js';
import type { CompiledScenario, EngineOptions } from '../../scenario/compiled.js';
import type { Engine, FiredEvent, Milestones } from '../engine.js';
import { applyIntervention } from './apply-intervention.js';
import { DEFAULT_MAX_STEPS, DormandPrince } from './dormand-prince.js';
import { findRoot } from './find-root.js';
import { MilestoneTracker } from './milestone-tracker.js';

/** The name snapshots carry. */
const ENGINE = 'ode';

/** The most steps a stiff model may still need to reach `until`: beyond it the run could not end. */
const MAX_STIFF_STEPS = 1e6;
/**
 * Every this many accepted steps the run's pace is checked: a run whose steps so far, kept up to
 * `until`, would pass the solver's step limit stops then rather than seconds later at the limit.
 */
const PACE_EVERY = 1e6;

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

/** `pendingEvent` when no conditional event is waiting to fire. */
const NO_EVENT = -1;

/** How many times the absolute tolerance (with the relative one of the largest count) a compartment may stand below 0: rounding. */
const NEGATIVE_SLACK = 1000;

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
  private readonly schedule: Schedule;
  private readonly conditionals: number[];
  /** 1 where a conditional event's condition held at the last check: it fires when it turns true. */
  private readonly conditionWas: Uint8Array;
  private readonly milestoneTracker: MilestoneTracker;
  private readonly firings: FiringLog;
  private readonly log: LoggedIntervention[] = [];
  private readonly network: Network;
  private readonly events: readonly CompiledEvent[];
  private readonly options: EngineOptions['ode'];
  private readonly fingerprint: string;
  private readonly tolerance: number;
  private readonly until: number;
  private readonly initial: Float64Array;
  /** The reactions whose rate constant or law reads the state or `t`: checked after every step. */
  private readonly varying: Int32Array;
  /** Every reaction: checked after a start or an event. */
  private readonly all: Int32Array;
  /** The state with its rounding noise below 0 cut off, for checking rates. */
  private readonly clamped: Float64Array;
  /** The next entry of `schedule` to fire. */
  private nextTimed = 0;
  /** A conditional event found inside the last step, to fire at `pendingTime`; or NO_EVENT. */
  private pendingEvent = NO_EVENT;
  private pendingTime = 0;
  private lastFiring = Number.NEGATIVE_INFINITY;
  private rapidFirings = 0;
  private stateTime = 0;
  /**
   * How far the last step is still to be watched for milestones (NaN: nothing owed). A step is
   * watched only once the run has passed it, or an event or an intervention cuts it, so a step
   * that reaches past the present time is never watched beyond where the run turns out to go.
   */
  private unwatchedUntil = Number.NaN;

  constructor(compiled: CompiledScenario) {
    const { network, events, time } = compiled;
    const options = compiled.options.ode;
    const tolerances = { rtol: options.rtol, atol: options.atol };
    const n = network.compartments.length;
    this.network = network;
    this.events = events;
    this.options = options;
    this.fingerprint = compiled.fingerprint;
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
    this.until = time.until;
    this.tolerance = Math.max(ROOT_TOLERANCE_FLOOR, time.until * ROOT_TOLERANCE);
    this.initial = compiled.initial.slice();
    const population = this.initial.reduce((sum, v) => sum + Math.abs(v), 0);
    this.milestoneTracker = new MilestoneTracker(n, OVERTAKE_NOISE * Math.max(1, population), this.tolerance);
    this.firings = new FiringLog(events);
    this.all = Int32Array.from(network.reactionNames.keys());
    this.varying = this.all.filter((j) => network.coefficientVaries[j] === 1);
    this.clamped = new Float64Array(n);
    this.restart();
  }

  /**
   * Starts again from the scenario's initial state at t = 0, with `parameters` (in the network's
   * order) if given, and no interventions: a parameter sweep reuses one engine and allocates
   * nothing per solve.
   */
  restart(parameters?: ArrayLike<number>): void {
    this.parameters.set(parameters ?? this.network.parameters);
    this.nextTimed = 0;
    this.pendingEvent = NO_EVENT;
    this.stateTime = 0;
    this.firings.clear();
    this.log.length = 0;
    this.lastFiring = Number.NEGATIVE_INFINITY;
    this.rapidFirings = 0;
    this.unwatchedUntil = Number.NaN;
    this.solver.reset(0, this.initial);
    this.checkRates(0, this.solver.y, this.all);
    this.milestoneTracker.start(this.solver.y);
    for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, 0) ? 1 : 0;
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
      if (this.pendingEvent !== NO_EVENT && this.pendingTime <= t) this.firePendingEvent();
      this.fireTimedEventsAt(Math.min(solver.t, t));
      if (solver.t >= t || this.pendingEvent !== NO_EVENT) break;
      this.watchMilestones(Number.POSITIVE_INFINITY);
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
   * have seen a little of the future; that part is left out, but for one thing: a compartment
   * that died out and is back above one individual at the step's end is taken as not died out,
   * even if it comes back only after the present time. A run's last step ends at `until`.)
   */
  milestones(): Milestones {
    const tracker = this.milestoneTracker;
    return Number.isNaN(this.unwatchedUntil)
      ? tracker.report(this.stateTime)
      : tracker.reportWithStep(this.solver, this.unwatchedUntil, this.stateTime);
  }

  firedEvents(): FiredEvent[] {
    return this.firings.fired();
  }

  /**
   * Applies an intervention at the present time: the integration is cut there and starts again
   * from the changed state, as after a timed event (a condition it makes true does not fire). A
   * parameter set or an event fired changes the parameters from now on; `add` changes a
   * compartment (never below 0; the mean field has no places). Refused, changing nothing, with an
   * `InvalidIntervention` if a name is unknown or a rate would become bad.
   */
  control(intervention: Intervention): void {
    const now = this.stateTime;
    const x = new Float64Array(this.compartments.length);
    this.observe(x);
    const p = this.parameters.slice();
    const fired = applyIntervention(intervention, this.network, this.events, x, p);
    const failure = this.badRate(now, x, p, this.all);
    if (failure !== undefined) throw new InvalidIntervention(`it would make a rate bad: ${failure.message}`);
    this.parameters.set(p);
    if (fired !== NO_EVENT) this.firings.record(fired, now);
    this.log.push({ t: now, intervention: structuredClone(intervention) });
    this.pendingEvent = NO_EVENT;
    this.restartAt(now, x);
  }

  interventions(): readonly LoggedIntervention[] {
    return this.log.map((entry) => structuredClone(entry));
  }

  /**
   * The whole state: the integrator's (its step, dense output and controller), the events', the
   * milestones', the parameters and the interventions so far.
   */
  snapshot(): Uint8Array {
    const out = new SnapshotWriter({ engine: ENGINE, fingerprint: this.fingerprint });
    this.solver.writeState(out);
    out.f64(this.stateTime).f64(this.nextTimed).f64(this.pendingEvent).f64(this.pendingTime);
    out.f64(this.lastFiring).f64(this.rapidFirings).f64(this.unwatchedUntil);
    out.array(this.parameters).array(this.conditionWas);
    this.milestoneTracker.writeTo(out);
    this.firings.write(out);
    writeInterventions(out, this.log);
    return out.finish();
  }

  /**
   * Continues from a `snapshot` of an engine made from the same compiled scenario. Throws
   * `SnapshotMismatch` for one of another version, scenario, options or engine, changing nothing;
   * for damaged bytes, leaving the engine as if freshly made.
   */
  restore(bytes: Uint8Array): void {
    const input = new SnapshotReader(bytes, { engine: ENGINE, fingerprint: this.fingerprint });
    try {
      this.solver.readState(input);
      this.stateTime = input.f64();
      this.nextTimed = input.f64();
      this.pendingEvent = input.f64();
      this.pendingTime = input.f64();
      this.lastFiring = input.f64();
      this.rapidFirings = input.f64();
      this.unwatchedUntil = input.f64();
      input.arrayInto(this.parameters);
      input.arrayInto(this.conditionWas);
      this.milestoneTracker.readFrom(input);
      this.firings.read(input);
      const log = readInterventions(input);
      input.end();
      this.log.length = 0;
      this.log.push(...log);
    } catch (error) {
      this.restart();
      throw error;
    }
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
    const { accepted, rejected } = solver.stats;
    if (accepted % PACE_EVERY === 0 && solver.t > 0) {
      const more = ((accepted + rejected) * (this.until - solver.t)) / solver.t;
      if (accepted + rejected + more > DEFAULT_MAX_STEPS)
        throw new RuntimeFailure(
          `the ODE solver cannot go on at t = ${formatValue(solver.t)} (${this.stateText(solver.y)}): at its pace so far it would need about ${formatValue(more)} more steps to reach ${formatValue(this.until)}; the model is stiff there, or blows up`,
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
    this.checkNotNegative(solver.t, y);
  }

  /**
   * Fails the run if a compartment has fallen below 0 by more than the solver's tolerances allow
   * for rounding: a law that does not vanish when a compartment it takes is empty (`alpha * S`
   * for S + Z → S + R) drives it negative, which the stochastic engines cannot do.
   */
  private checkNotNegative(t: number, y: Float64Array): void {
    let scale = 0;
    for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]!));
    const slack = NEGATIVE_SLACK * this.options.atol + this.options.rtol * scale;
    for (let i = 0; i < y.length; i++) {
      if (y[i]! >= -slack) continue;
      const name = this.compartments[i]!;
      const { reactantStart, reactantIndex, massAction, reactionNames } = this.network;
      const laws = reactionNames.filter((_, j) => {
        if (massAction[j] === 1) return false;
        for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++)
          if (reactantIndex[r] === i) return true;
        return false;
      });
      const which =
        laws.length === 0
          ? ''
          : `: ${laws.map((j) => `'${j}'`).join(', ')} take${laws.length === 1 ? 's' : ''} ${name} by a law that is not 0 when ${name} is; guard it, such as if(${name} > 0, …, 0)`;
      throw new RuntimeFailure(
        `${name} falls below 0 at t = ${formatValue(t)} (${this.stateText(y)})${which}`,
      );
    }
  }

  /**
   * Fails the run if a reaction of `which` has a rate that is NaN, infinite or negative in the
   * state x at time t. Rounding noise can leave a compartment a hair below 0, so a bad rate is
   * judged again with such values read as 0, and only a rate that is still bad fails.
   */
  private checkRates(t: number, x: Float64Array, which: Int32Array): void {
    const failure = this.badRate(t, x, this.parameters, which);
    if (failure !== undefined) throw failure;
  }

  /** The failure of the first reaction of `which` whose rate is bad in (x, p) at t, judged as `checkRates` says; or undefined. */
  private badRate(
    t: number,
    x: Float64Array,
    p: Float64Array,
    which: Int32Array,
  ): RuntimeFailure | undefined {
    const net = this.network;
    for (let r = 0; r < which.length; r++) {
      const j = which[r]!;
      const value = deterministicRate(net, j, x, p, t);
      if (isGoodRate(value)) continue;
      const clamped = this.clamped;
      for (let i = 0; i < x.length; i++) clamped[i] = Math.max(x[i]!, 0);
      const again = deterministicRate(net, j, clamped, p, t);
      if (!isGoodRate(again)) return rateFailure(net, j, clamped, p, t, again);
    }
    return undefined;
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

  /** After an accepted step: finds the first conditional event inside it, and owes the watch for milestones up to there. */
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
    if (this.pendingEvent === NO_EVENT)
      for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, solver.t) ? 1 : 0;
    if (this.options.milestones) this.unwatchedUntil = Math.min(first, solver.t);
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
    this.pendingEvent = NO_EVENT;
    this.restartAt(time, x);
  }

  private conditionAt(e: number, time: number): boolean {
    const x = this.scratch;
    if (time === this.solver.t) x.set(this.solver.y);
    else this.solver.interpolate(time, x);
    return this.events[e]!.condition!(x, this.parameters, time) !== 0;
  }

  /** Watches the last step for milestones, up to `limit` at the most, if it is still owed. */
  private watchMilestones(limit: number): void {
    if (Number.isNaN(this.unwatchedUntil)) return;
    this.milestoneTracker.watch(this.solver, Math.min(this.unwatchedUntil, limit));
    this.unwatchedUntil = Number.NaN;
  }

  /** Bisection on the dense output between a and b, where g(a) < 0 ≤ g(b). */
  private locate(g: (time: number) => number, a: number, b: number): number {
    return findRoot(g, a, g(a), b, g(b), this.tolerance);
  }

  /** Restarts the integrator at t from the state x, after an event or an intervention changed it. */
  private restartAt(t: number, x: Float64Array): void {
    this.watchMilestones(t);
    this.solver.reset(t, x);
    this.checkRates(t, this.solver.y, this.all);
    if (this.options.milestones) this.milestoneTracker.jump(x, t);
    for (const e of this.conditionals) this.conditionWas[e] = this.conditionAt(e, t) ? 1 : 0;
  }
}

/**
 * Creates the ODE engine for a compiled scenario, with its tolerances and options
 * (`compiled.options.ode`). Deterministic: it takes no random stream.
 */
export function createOde(compiled: CompiledScenario): OdeEngine {
  return new OdeEngine(compiled);
}
