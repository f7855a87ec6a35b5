/**
 * Time units and the world clock: how many seconds a scenario's `time.unit` holds, where its clock
 * stands at t = 0, and clock times written in a scenario (`at: "08:50"`) turned into run times.
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Seconds in one of each unit name `time.unit` may take that is a length of time; others (`tick`) have none. */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  min: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  h: HOUR,
  hour: HOUR,
  hours: HOUR,
  d: DAY,
  day: DAY,
  days: DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
};

/**
 * Seconds in one `unit` (`second`, `minute`, `hour`, `day`, `week`, their plurals and `s`, `min`,
 * `h`, `d`), or undefined for a unit that is not a length of time (such as `tick`).
 */
export function secondsPerUnit(unit: string): number | undefined {
  return Object.hasOwn(UNIT_SECONDS, unit) ? UNIT_SECONDS[unit] : undefined;
}

/** A run's time scale: its unit, and the time of day at t = 0 if the scenario has a clock. */
export interface TimeScale {
  /** `time.unit`. */
  readonly unit: string;
  /** Seconds after midnight at t = 0 (`world.clock.start`); absent without a clock. */
  readonly clockStart?: number | undefined;
}

/** `HH:MM` or `HH:MM:SS` (a time of day), optionally after `day N ` (N ≥ 1; day 1 is the run's first). */
export const CLOCK_TEXT = /^(?:day\s+(\d{1,3}),?\s+)?(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * Seconds after midnight of day 1 of a clock time such as `08:50`, `08:50:30` or `day 2 08:15`,
 * or undefined if the text is not one (hours above 23 included).
 */
export function clockSeconds(text: string): number | undefined {
  const match = CLOCK_TEXT.exec(text.trim());
  if (match === null) return undefined;
  const [, day, h, m, s] = match;
  const dayIndex = day === undefined ? 0 : Number(day) - 1;
  if (dayIndex < 0 || Number(h) > 23) return undefined;
  return dayIndex * DAY + Number(h) * HOUR + Number(m) * MINUTE + Number(s ?? 0);
}

/**
 * The time scale of a validated scenario. A scenario has a clock when it has an agents `world`
 * (its `world.clock.start`, 08:40 unless given) and its unit is a length of time.
 */
export function timeScaleOf(scenario: {
  time: { unit: string };
  world?: { clock?: { start: string } | undefined } | undefined;
}): TimeScale {
  const { unit } = scenario.time;
  // A lattice world has no clock.
  const clock = scenario.world?.clock;
  const start = clock === undefined ? undefined : clockSeconds(clock.start);
  return start === undefined || secondsPerUnit(unit) === undefined ? { unit } : { unit, clockStart: start };
}

type Report = (path: (string | number)[], message: string) => void;

/**
 * Turns clock times in event triggers into run times, in place, in raw scenario data (before the
 * schema checks it): `at` of each entry of `events` and `world.events`, a single value or a list,
 * and `arrives.at` of each group and character of the world.
 * `"08:50"` is that time on the run's first day, and must not be before the clock's start;
 * `"day 2 08:15"` is on its second. A clock time in a scenario without a clock (no `world`), or
 * whose `time.unit` is not a length of time, is reported; any other text is left for the schema.
 */
export function resolveClockTimes(raw: unknown, report: Report): void {
  if (!isMap(raw)) return;
  const world = isMap(raw.world) ? raw.world : undefined;
  const clock = world !== undefined && isMap(world.clock) ? world.clock : undefined;
  // A lattice world has no clock; an agents world's starts at 08:40 unless it says otherwise.
  const startText = clock?.start ?? (world === undefined || 'lattice' in world ? undefined : '08:40');
  const start = typeof startText === 'string' ? clockSeconds(startText) : undefined;
  const time = isMap(raw.time) ? raw.time : undefined;
  const unit = typeof time?.unit === 'string' ? time.unit : 'day';
  const perUnit = secondsPerUnit(unit);

  const convert = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value !== 'string') return value;
    const seconds = clockSeconds(value);
    if (seconds === undefined) {
      // Written as a clock time, but not one: day 0, or an hour past 23.
      const match = CLOCK_TEXT.exec(value.trim());
      if (match !== null)
        report(
          path,
          match[1] !== undefined && Number(match[1]) < 1
            ? `'${value}': days count from 1 (day 1 is the run's first)`
            : `'${value}': hours run from 00 to 23`,
        );
      return value;
    }
    if (world === undefined) {
      report(
        path,
        `'${value}' is a clock time, but this scenario has no clock (world.clock); give a time in ${unit}s`,
      );
    } else if (start === undefined) {
      return value; // the schema reports the bad world.clock.start
    } else if (perUnit === undefined) {
      report(path, `'${value}' is a clock time, but time.unit '${unit}' is not a length of time`);
    } else if (seconds < start) {
      report(
        path,
        `'${value}' is before the clock's start (${startText}); write 'day 2 ${value}' for the next day`,
      );
    } else {
      return (seconds - start) / perUnit;
    }
    return value;
  };
  const eventLists: [unknown, (string | number)[]][] = [[raw.events, ['events']]];
  if (world !== undefined) eventLists.push([world.events, ['world', 'events']]);
  for (const [list, base] of eventLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((event, e) => {
      if (!isMap(event) || !('at' in event)) return;
      const at = event.at;
      event.at = Array.isArray(at)
        ? at.map((v, k) => convert(v, [...base, e, 'at', k]))
        : convert(at, [...base, e, 'at']);
    });
  }
  if (world === undefined) return;
  for (const key of ['groups', 'characters'] as const) {
    const entries = world[key];
    if (!isMap(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (!isMap(entry) || !isMap(entry.arrives) || !('at' in entry.arrives)) continue;
      entry.arrives.at = convert(entry.arrives.at, ['world', key, name, 'arrives', 'at']);
    }
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
