import { secondsPerUnit } from '../../src/scenario/clock.js';

const DAY = 86_400;

/**
 * Round steps of time for an axis, in seconds: a second to 100,000 days. Past 100 days the steps
 * are round numbers of days (200, 500, 1000 …), as the axis labels them in days: a year's step
 * read 365, 730, 1095 days, and a run of years drawn narrow (the cell chart) had no step wide
 * enough for its labels, and so none.
 */
const ROUND_SECONDS = [
  ...[1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200],
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 1e5].map((d) => d * DAY),
];

/**
 * uPlot's `incrs` for a time axis in `unit`: round steps of time (10 min, 1 h, 1 day …) rather
 * than its decimal ones (8 min 20 s is 500 s); none for a unit that is not a length of time.
 */
export function roundTimeSteps(unit: string): { incrs?: number[] } {
  const perUnit = secondsPerUnit(unit);
  return perUnit === undefined ? {} : { incrs: ROUND_SECONDS.map((s) => s / perUnit) };
}
