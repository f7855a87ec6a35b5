import { secondsPerUnit, type TimeScale } from '../scenario/clock.js';
import { formatHuman } from './number-format.js';

/**
 * Times for people: a run time (a number in the scenario's `time.unit`) as a duration since the
 * start (`45 s`, `12 min 5 s`, `2 h 50 min`, `5.17 days`) and, when the scenario has a clock, as a
 * time of day (`11:30:29`, `day 2, 08:15`). The numbers in output files never change; these texts
 * are shown beside them.
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Seconds in a run time, or undefined if the unit is not a length of time. */
function toSeconds(t: number, unit: string): number | undefined {
  const perUnit = secondsPerUnit(unit);
  return perUnit === undefined ? undefined : t * perUnit;
}

/** `n` rounded to 3 significant digits (whole above 1000), without float noise. */
function threeDigits(n: number): string {
  return String(Math.abs(n) >= 1000 ? Math.round(n) : Number(n.toPrecision(3)));
}

/**
 * A run time as a duration since the start:
 * - below a minute, seconds to 3 significant digits (`45 s`, `0.25 s`);
 * - below an hour, whole minutes and seconds (`12 min 5 s`, `12 min`);
 * - below two days, whole hours and minutes (`2 h 50 min`, `24 h`);
 * - from two days on, and always when the unit is days or weeks, days to 3 significant digits
 *   (`5.17 days`, `0.3 days`, `1 day`).
 *
 * A unit that is not a length of time (`tick`) gives the number and the unit (`50 tick`).
 */
export function formatDuration(t: number, unit: string): string {
  const seconds = toSeconds(t, unit);
  if (seconds === undefined || !Number.isFinite(seconds)) return `${formatHuman(t)} ${unit}`;
  if (seconds < 0) return `-${formatDuration(-t, unit)}`;
  const dayUnit = (secondsPerUnit(unit) ?? 0) >= DAY;
  if (dayUnit || seconds >= 2 * DAY) {
    const days = threeDigits(seconds / DAY);
    return `${days} ${days === '1' ? 'day' : 'days'}`;
  }
  if (seconds < MINUTE - 0.5) return `${threeDigits(seconds)} s`;
  if (seconds < HOUR - 0.5) {
    const whole = Math.round(seconds);
    const s = whole % MINUTE;
    return `${Math.floor(whole / MINUTE)} min${s === 0 ? '' : ` ${s} s`}`;
  }
  const minutes = Math.round(seconds / MINUTE);
  const m = minutes % 60;
  return `${Math.floor(minutes / 60)} h${m === 0 ? '' : ` ${m} min`}`;
}

/**
 * A run time as a time of day on the scenario's clock: `11:30:29`, or `11:30` when the seconds
 * are 0, with the day number after the first day (`day 2, 08:15`). Rounded to the second.
 * Undefined without a clock.
 */
export function formatClockTime(t: number, scale: TimeScale): string | undefined {
  const seconds = toSeconds(t, scale.unit);
  if (scale.clockStart === undefined || seconds === undefined || !Number.isFinite(seconds)) return undefined;
  const total = Math.round(scale.clockStart + seconds);
  const day = Math.floor(total / DAY) + 1;
  const ofDay = total - (day - 1) * DAY;
  const pad = (v: number) => String(v).padStart(2, '0');
  const s = ofDay % MINUTE;
  const hhmm = `${pad(Math.floor(ofDay / HOUR))}:${pad(Math.floor(ofDay / MINUTE) % 60)}${s === 0 ? '' : `:${pad(s)}`}`;
  return day === 1 ? hhmm : `day ${day}, ${hhmm}`;
}

/** A run time for people: the duration and, with a clock, the time of day (`2 h 50 min, 11:30:29`). */
export function formatRunTime(t: number, scale: TimeScale): string {
  const clock = formatClockTime(t, scale);
  const duration = formatDuration(t, scale.unit);
  return clock === undefined ? duration : `${duration}, ${clock}`;
}

/** Fields inside a map of times that are not times: counts and shares (`never`: runs in which it never happened). */
const NOT_TIMES = new Set(['never', 'count', 'runs', 'fraction', 'share']);

/**
 * A copy of a summary (plain JSON data) in which every field named `t` or ending in `_t` gains,
 * right after it, a readable twin named `at` or ending in `_at` (`school_fell_t: 10229` →
 * `school_fell_at: "2 h 50 min, 11:30:29"`; `peak.S: {value, t, at}`). A `_t` field that holds
 * a map (times by place, or the statistics of a time over runs: `{median, q05, q95, never}`) gets
 * a map of the same shape holding texts, without its counts and shares (`never`, `count`, `runs`,
 * `fraction`, `share`). `null` (never) stays `null`. Numbers are never changed, and a field that
 * already exists is not overwritten.
 */
export function withReadableTimes<T>(data: T, scale: TimeScale): T {
  const readable = (value: unknown): unknown => {
    if (typeof value === 'number') return formatRunTime(value, scale);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return value === null ? null : undefined;
    const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !NOT_TIMES.has(key));
    const texts = entries.map(([key, v]) => [key, readable(v)] as const).filter(([, v]) => v !== undefined);
    return texts.length === 0 ? undefined : Object.fromEntries(texts);
  };
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const source = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(source)) {
      out[key] = visit(field);
      if (key !== 't' && !key.endsWith('_t')) continue;
      const twin = key === 't' ? 'at' : `${key.slice(0, -2)}_at`;
      const text = readable(field);
      if (!Object.hasOwn(source, twin) && text !== undefined) out[twin] = text;
    }
    return out;
  };
  return visit(data) as T;
}

/** How a chart's time axis reads: its label, and its ticks when they are not plain run times. */
export interface TimeAxis {
  /** Such as `time of day (t = 0 at 08:40)`, `t (h)` or `t (day)`. */
  readonly label: string;
  /** Tick positions in run time and their labels; absent: plain numbers in `time.unit`. */
  readonly ticks?: { readonly values: readonly number[]; readonly format: (t: number) => string };
}

/** Tick steps, in seconds, for an axis of clock times. */
const CLOCK_STEPS = [
  ...[1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800],
  ...[1, 2, 3, 4, 6, 12].map((h) => h * HOUR),
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].map((d) => d * DAY),
];
/** Tick steps, in the axis unit, for an axis of durations. */
const STEPS: Readonly<Record<string, readonly number[]>> = {
  s: [1, 2, 5, 10, 15, 30],
  min: [1, 2, 5, 10, 15, 30],
  h: [1, 2, 3, 4, 6, 12],
};
const MAX_TICKS = 10;

/** The smallest step from `steps` (then 1, 2, 5 × 10^k) that gives at most MAX_TICKS ticks over `span`. */
function tickStep(span: number, steps: readonly number[]): number {
  for (const step of steps) if (span / step <= MAX_TICKS) return step;
  for (let power = 1; ; power *= 10) {
    for (const m of [1, 2, 5]) if (span / (m * power) <= MAX_TICKS) return m * power;
  }
}

/**
 * The time axis of a run from 0 to `until`:
 * - with a clock, ticks at round times of day (`10:00`, `12:00`, …; midnight reads `day 2`, or
 *   `day 1` at the start of the first day);
 * - else, when the unit is a length of time and the run spans much more or less than it, ticks in
 *   a unit that suits the span: seconds below 2 min, minutes below 2 h, hours below 3 days, days
 *   beyond (a day of seconds reads `t (h)`: 0, 3, 6, …, 24);
 * - else plain numbers in `time.unit`.
 */
export function timeAxis(until: number, scale: TimeScale): TimeAxis {
  const perUnit = secondsPerUnit(scale.unit);
  const plain: TimeAxis = { label: `t (${scale.unit})` };
  if (perUnit === undefined || !(until > 0) || !Number.isFinite(until * perUnit)) return plain;
  const span = until * perUnit;
  if (scale.clockStart !== undefined) {
    const start = scale.clockStart;
    const step = tickStep(span, CLOCK_STEPS);
    const values: number[] = [];
    for (let k = Math.ceil(start / step); k * step <= start + span && values.length <= 4 * MAX_TICKS; k++)
      values.push((k * step - start) / perUnit);
    const format = (t: number) => {
      const clock = formatClockTime(t, scale)!;
      if (clock === '00:00') return 'day 1';
      return clock.replace(/^(day \d+), 00:00$/, '$1').replace(/^day \d+, /, '');
    };
    return { label: `time of day (t = 0 at ${formatClockTime(0, scale)})`, ticks: { values, format } };
  }
  const [name, seconds] =
    span < 2 * MINUTE
      ? ['s', 1]
      : span < 2 * HOUR
        ? ['min', MINUTE]
        : span < 3 * DAY
          ? ['h', HOUR]
          : ['day', DAY];
  if (seconds === perUnit) return plain;
  const inUnit = span / seconds;
  const step = tickStep(inUnit, STEPS[name] ?? []);
  const values: number[] = [];
  for (let k = 0; k * step <= inUnit * (1 + 1e-12); k++) values.push((k * step * seconds) / perUnit);
  const format = (t: number) => String(Number(((t * perUnit) / seconds).toPrecision(6)));
  return { label: `t (${name})`, ticks: { values, format } };
}
