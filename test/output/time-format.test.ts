import { describe, expect, it } from 'vitest';
import {
  formatClockTime,
  formatDuration,
  formatRunTime,
  timeAxis,
  withReadableTimes,
} from '../../src/output/time-format.js';
import { clockSeconds, secondsPerUnit, timeScaleOf } from '../../src/scenario/clock.js';

/** hyosan-high's scale: seconds, the clock at 08:40 at t = 0. */
const school = { unit: 'second', clockStart: 8 * 3600 + 40 * 60 };

describe('clock texts and units', () => {
  it('reads HH:MM, HH:MM:SS and day N HH:MM as seconds after midnight of day 1', () => {
    expect(clockSeconds('08:50')).toBe(8 * 3600 + 50 * 60);
    expect(clockSeconds('8:50')).toBe(8 * 3600 + 50 * 60);
    expect(clockSeconds('11:30:29')).toBe(41_429);
    expect(clockSeconds('day 2 08:15')).toBe(86_400 + 8 * 3600 + 15 * 60);
    expect(clockSeconds('day 2, 08:15')).toBe(86_400 + 8 * 3600 + 15 * 60);
    for (const bad of ['24:00', '08:60', 'day 0 08:00', '0850', 'noon', '08:50 pm', ''])
      expect(clockSeconds(bad)).toBeUndefined();
  });

  it('knows the units that are lengths of time, and no others', () => {
    expect([
      secondsPerUnit('second'),
      secondsPerUnit('minute'),
      secondsPerUnit('hour'),
      secondsPerUnit('day'),
    ]).toEqual([1, 60, 3600, 86_400]);
    expect(secondsPerUnit('tick')).toBeUndefined();
    expect(secondsPerUnit('constructor')).toBeUndefined();
  });

  it('gives a scenario a clock when it has a world and a unit of time', () => {
    const world = { clock: { start: '08:40' } };
    expect(timeScaleOf({ time: { unit: 'second' }, world })).toEqual(school);
    expect(timeScaleOf({ time: { unit: 'day' } })).toEqual({ unit: 'day' });
    expect(timeScaleOf({ time: { unit: 'tick' }, world })).toEqual({ unit: 'tick' });
  });
});

describe('formatDuration', () => {
  it('reads seconds as seconds, minutes, hours or days by size', () => {
    expect(formatDuration(45, 'second')).toBe('45 s');
    expect(formatDuration(0.25, 'second')).toBe('0.25 s');
    expect(formatDuration(0, 'second')).toBe('0 s');
    expect(formatDuration(725, 'second')).toBe('12 min 5 s');
    expect(formatDuration(720, 'second')).toBe('12 min');
    expect(formatDuration(10_229, 'second')).toBe('2 h 50 min');
    expect(formatDuration(3599.7, 'second')).toBe('1 h');
    expect(formatDuration(86_400, 'second')).toBe('24 h');
    expect(formatDuration(5.1713 * 86_400, 'second')).toBe('5.17 days');
  });

  it('keeps day-unit scenarios in days, and units that are not times as they are', () => {
    expect(formatDuration(2.7503, 'day')).toBe('2.75 days');
    expect(formatDuration(0.3, 'day')).toBe('0.3 days');
    expect(formatDuration(1, 'day')).toBe('1 day');
    expect(formatDuration(12.5, 'hour')).toBe('12 h 30 min');
    expect(formatDuration(50, 'tick')).toBe('50 tick');
    expect(formatDuration(-90, 'second')).toBe('-1 min 30 s');
  });
});

describe('clock times', () => {
  it('gives the time of day, with seconds only when there are some, and the day past midnight', () => {
    expect(formatClockTime(10_229, school)).toBe('11:30:29');
    expect(formatClockTime(10_200, school)).toBe('11:30');
    expect(formatClockTime(0, school)).toBe('08:40');
    expect(formatClockTime(86_400 - 25 * 60, school)).toBe('day 2, 08:15');
    expect(formatClockTime(10_229, { unit: 'second' })).toBeUndefined();
    expect(formatClockTime(1.5, { unit: 'hour', clockStart: 0 })).toBe('01:30');
  });

  it('joins the duration and the time of day', () => {
    expect(formatRunTime(10_229, school)).toBe('2 h 50 min, 11:30:29');
    expect(formatRunTime(5.1713, { unit: 'day' })).toBe('5.17 days');
  });
});

describe('withReadableTimes', () => {
  it('adds a text twin beside every t and *_t field, and changes no number', () => {
    const summary = {
      until: 86_400,
      peak: { S: { value: 3, t: 10_229 } },
      overtakes: [{ compartment: 'Z', over: 'S', t: 60 }],
      extinction: { S: { fraction: 0, t: null } },
      story: {
        school_fell_t: 10_229,
        first_bite_t: null,
        outbreak_through_exits_t: { gate: 600, back: null },
      },
      stories: {
        lost_90_t: { median: 3600, q05: 60, never: 3 },
        exits_t: { gate: { median: 60, never: 0 } },
      },
    };
    const copy = JSON.parse(JSON.stringify(summary));
    expect(withReadableTimes(summary, school)).toEqual({
      until: 86_400,
      peak: { S: { value: 3, t: 10_229, at: '2 h 50 min, 11:30:29' } },
      overtakes: [{ compartment: 'Z', over: 'S', t: 60, at: '1 min, 08:41' }],
      extinction: { S: { fraction: 0, t: null, at: null } },
      story: {
        school_fell_t: 10_229,
        school_fell_at: '2 h 50 min, 11:30:29',
        first_bite_t: null,
        first_bite_at: null,
        outbreak_through_exits_t: { gate: 600, back: null },
        outbreak_through_exits_at: { gate: '10 min, 08:50', back: null },
      },
      stories: {
        lost_90_t: { median: 3600, q05: 60, never: 3 },
        lost_90_at: { median: '1 h, 09:40', q05: '1 min, 08:41' },
        exits_t: { gate: { median: 60, never: 0 } },
        exits_at: { gate: { median: '1 min, 08:41' } },
      },
    });
    expect(summary).toEqual(copy); // the input is not changed
    // Key order: the twin comes right after its number.
    expect(Object.keys(withReadableTimes({ t: 1, x: 2 }, school))).toEqual(['t', 'at', 'x']);
  });
});

describe('timeAxis', () => {
  it('labels a day of seconds with a clock by round times of day, midnight as day 2', () => {
    const axis = timeAxis(86_400, school);
    expect(axis.label).toBe('time of day (t = 0 at 08:40)');
    const labels = axis.ticks!.values.map(axis.ticks!.format);
    expect(labels).toEqual(['09:00', '12:00', '15:00', '18:00', '21:00', 'day 2', '03:00', '06:00']);
    expect(axis.ticks!.values[0]).toBe(20 * 60);
  });

  it('ticks a few minutes by the minute or half-minute, and weeks by whole days', () => {
    const short = timeAxis(300, school);
    expect(short.ticks!.values.map(short.ticks!.format).slice(0, 3)).toEqual(['08:40', '08:40:30', '08:41']);
    const long = timeAxis(20, { unit: 'day', clockStart: 0 });
    expect(long.ticks!.values.map(long.ticks!.format)).toEqual([
      'day 1',
      'day 3',
      'day 5',
      'day 7',
      'day 9',
      'day 11',
      'day 13',
      'day 15',
      'day 17',
      'day 19',
      'day 21',
    ]);
  });

  it('reads a day of seconds without a clock in hours, and leaves days and ticks alone', () => {
    const hours = timeAxis(86_400, { unit: 'second' });
    expect(hours.label).toBe('t (h)');
    expect(hours.ticks!.values.map(hours.ticks!.format)).toEqual([
      '0',
      '3',
      '6',
      '9',
      '12',
      '15',
      '18',
      '21',
      '24',
    ]);
    expect(timeAxis(10, { unit: 'day' })).toEqual({ label: 't (day)' });
    expect(timeAxis(50, { unit: 'tick' })).toEqual({ label: 't (tick)' });
    const minutes = timeAxis(1800, { unit: 'second' });
    expect(minutes.label).toBe('t (min)');
    expect(minutes.ticks!.values.map(minutes.ticks!.format)).toEqual([
      '0',
      '5',
      '10',
      '15',
      '20',
      '25',
      '30',
    ]);
  });
});
