import { suggestingFirst } from '../core/closest-name.js';
import { binomial } from '../core/distributions.js';
import { SHOWN_ISSUES } from '../core/errors.js';
import { type Compiled, type Expr, namesIn } from '../core/expression.js';
import { gridTime, gridTimes } from '../core/grid-time.js';
import type { Stream } from '../core/random.js';
import { compileField, type Network, parseField, type Report } from './network.js';

/** What an event is built from: one entry of a scenario's `events` list. */
export interface EventSpec {
  name?: string | undefined;
  /** false: the event is checked but never fires. */
  enabled?: boolean | undefined;
  at?: number | readonly number[] | undefined;
  every?: number | undefined;
  start?: number | undefined;
  when?: string | undefined;
  set?: Readonly<Record<string, number>> | undefined;
  scale?: Readonly<Record<string, number>> | undefined;
  move?: MoveSpec | readonly MoveSpec[] | undefined;
}

interface MoveSpec {
  from: string;
  to: string;
  fraction: number;
}

/** One change an event makes. */
export type EventAction =
  | { kind: 'set-parameter'; index: number; value: number }
  | { kind: 'set-compartment'; index: number; value: number }
  | { kind: 'scale'; index: number; factor: number }
  | { kind: 'move'; from: number; to: number; fraction: number };

/** A compiled event: fires at `times` (sorted), or each time `condition` turns non-zero. */
export interface CompiledEvent {
  readonly name: string;
  readonly times: Float64Array;
  readonly condition: Compiled | undefined;
  /** Whether `condition` reads `t`, directly or through derived quantities (so it can turn true between jumps). */
  readonly conditionReadsTime: boolean;
  readonly actions: readonly EventAction[];
}

/** The most timed firings a scenario may schedule in all: the schedule is kept in memory. */
const MAX_FIRINGS = 10_000_000;

/**
 * The first firing of an `every` event at or after t = 0, and how many firings fall in
 * [0, until], counted without listing them: a start far in the past (`start: -1e308`) begins at
 * its first occurrence ≥ 0 instead of stepping up to it.
 */
export function everySchedule(every: number, start: number, until: number): { first: number; count: number } {
  const skipped = start < 0 ? Math.ceil(-start / every) : 0;
  const first = gridTime(start, every, skipped);
  const span = until * (1 + 1e-12) - first;
  return { first, count: span < 0 ? 0 : Math.floor(span / every) + 1 };
}

/** How many times an event fires in [0, until]: 0 for a `when` event. */
export function firingCount(spec: EventSpec, until: number): number {
  if (spec.every !== undefined) return everySchedule(spec.every, spec.start ?? spec.every, until).count;
  if (spec.at === undefined) return 0;
  const at = typeof spec.at === 'number' ? [spec.at] : spec.at;
  return at.filter((t) => t >= 0 && t <= until).length;
}

/** The firing times of an `every` or `at` event that fall in [0, until]. */
function firingTimes(spec: EventSpec, until: number): Float64Array {
  if (spec.every !== undefined) {
    const { first, count } = everySchedule(spec.every, spec.start ?? spec.every, until);
    // first + k·every as written (`grid-time.ts`): an event every 0.3 fires at the row at 0.9.
    return gridTimes(first, spec.every, count);
  }
  if (spec.at === undefined) return new Float64Array(0);
  const at = typeof spec.at === 'number' ? [spec.at] : [...spec.at];
  return Float64Array.from(at.filter((t) => t >= 0 && t <= until).sort((a, b) => a - b));
}

/** Compiles a scenario's events against its network. Every problem goes to `report`. */
export function compileEvents(
  specs: readonly EventSpec[],
  net: Network,
  until: number,
  report: Report,
): CompiledEvent[] {
  const stateIndex = new Map(net.compartments.map((name, i) => [name, i]));
  const paramIndex = new Map(net.parameterNames.map((name, i) => [name, i]));
  let firings = 0;
  // Unknown names past the first few that an error shows get no suggestion: see suggestingFirst.
  const known = suggestingFirst(SHOWN_ISSUES, () => [
    ...net.compartments,
    ...net.parameterNames,
    ...net.derived.keys(),
    't',
  ]);
  const named = new Map<string, number>();
  return specs.map((spec, e) => {
    const base = ['events', e];
    if (spec.name !== undefined) {
      const first = named.get(spec.name);
      // `fire`, `--set events.NAME…` and the summary's counts know an event by its name.
      if (first !== undefined)
        report(
          [...base, 'name'],
          0,
          `'${spec.name}' names events.${first} too; give each event a name of its own`,
        );
      else named.set(spec.name, e);
    }
    firings += firingCount(spec, until);
    const tooMany = firings > MAX_FIRINGS;
    if (tooMany && spec.every !== undefined) {
      report(
        [...base, 'every'],
        0,
        `fires ${firingCount(spec, until).toExponential(1)} times up to time.until; a scenario may schedule at most ${MAX_FIRINGS.toLocaleString('en-US')} timed firings`,
      );
    } else if (tooMany) {
      report([...base, 'at'], 0, `more than ${MAX_FIRINGS.toLocaleString('en-US')} timed firings in all`);
    }
    const actions: EventAction[] = [];
    const compartment = (name: string, path: (string | number)[]): number => {
      const index = stateIndex.get(name);
      if (index === undefined) report(path, 0, `unknown compartment '${name}'`);
      return index ?? -1;
    };
    for (const [name, value] of Object.entries(spec.set ?? {})) {
      const param = paramIndex.get(name);
      if (param !== undefined) actions.push({ kind: 'set-parameter', index: param, value });
      else if (stateIndex.has(name))
        actions.push({ kind: 'set-compartment', index: stateIndex.get(name)!, value });
      else report([...base, 'set', name], 0, `unknown parameter or compartment '${name}'`);
    }
    for (const [name, factor] of Object.entries(spec.scale ?? {})) {
      actions.push({ kind: 'scale', index: compartment(name, [...base, 'scale', name]), factor });
    }
    const moves = spec.move === undefined ? [] : 'from' in spec.move ? [spec.move] : spec.move;
    moves.forEach((move, m) => {
      const path = Array.isArray(spec.move) ? [...base, 'move', m] : [...base, 'move'];
      const from = compartment(move.from, [...path, 'from']);
      const to = compartment(move.to, [...path, 'to']);
      actions.push({ kind: 'move', from, to, fraction: move.fraction });
    });
    let condition: Compiled | undefined;
    let conditionReadsTime = false;
    if (spec.when !== undefined) {
      const expr = parseField(spec.when, [...base, 'when'], report);
      condition = expr && compileField(expr, net.resolve, [...base, 'when'], report, known);
      conditionReadsTime = expr !== undefined && readsTime(net, expr);
    }
    const name = spec.name ?? `event ${e + 1}`;
    // A disabled event is checked like the others, and never fires.
    if (spec.enabled === false)
      return { name, times: new Float64Array(0), condition: undefined, conditionReadsTime: false, actions };
    const times = tooMany ? new Float64Array(0) : firingTimes(spec, until);
    return { name, times, condition, conditionReadsTime, actions };
  });
}

/** Whether an expression reads `t`, directly or through derived quantities. */
function readsTime(net: Network, expr: Expr): boolean {
  return namesIn(expr).some(({ name }) => {
    const binding = net.resolve(name);
    if (binding?.kind === 'time') return true;
    return binding?.kind === 'derived' && net.derivedReads(name)?.time === true;
  });
}

/** All timed firings in time order; firings at the same time keep the scenario's order. */
export interface Schedule {
  readonly times: Float64Array;
  readonly events: Int32Array;
}

/** Merges the firing times of every timed event into one schedule. */
export function scheduleOf(events: readonly CompiledEvent[]): Schedule {
  const firings: [number, number][] = [];
  events.forEach((event, e) => {
    for (const t of event.times) firings.push([t, e]);
  });
  firings.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { times: Float64Array.from(firings, (f) => f[0]), events: Int32Array.from(firings, (f) => f[1]) };
}

/** The indices of the events that fire on a condition. */
export function conditionalEvents(events: readonly CompiledEvent[]): number[] {
  return events.flatMap((event, e) => (event.condition === undefined ? [] : [e]));
}

/**
 * Applies an event. Without a stream the state is continuous and fractions move exactly; with one,
 * counts are whole and each individual is scaled away or moved independently, so
 * `scale: {Z: 0.25}` keeps Binomial(Z, 0.25) zombies and a factor above 1 adds its fractional
 * part as one Bernoulli draw.
 */
export function applyEvent(event: CompiledEvent, x: Float64Array, p: Float64Array, stream?: Stream): void {
  for (const action of event.actions) {
    switch (action.kind) {
      case 'set-parameter':
        p[action.index] = action.value;
        break;
      case 'set-compartment':
        x[action.index] = action.value;
        break;
      case 'scale':
        x[action.index] =
          stream === undefined
            ? x[action.index]! * action.factor
            : scaleCount(stream, x[action.index]!, action.factor);
        break;
      case 'move': {
        const moved =
          stream === undefined
            ? x[action.from]! * action.fraction
            : binomial(stream, x[action.from]!, action.fraction);
        x[action.from]! -= moved;
        x[action.to]! += moved;
        break;
      }
    }
  }
}

/** A whole count scaled by a factor: binomial thinning below 1, a Bernoulli-rounded excess above. */
function scaleCount(stream: Stream, count: number, factor: number): number {
  if (factor <= 1) return binomial(stream, count, factor);
  const exact = count * factor;
  const whole = Math.floor(exact);
  return whole + (stream.next() < exact - whole ? 1 : 0);
}
