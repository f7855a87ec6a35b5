import { secondsPerUnit } from '../../src/scenario/clock.js';

/** Round steps of time for an axis, in seconds: a second to a year. */
const ROUND_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  432_000, 864_000, 1_728_000, 4_320_000, 8_640_000, 31_536_000,
];

/**
 * uPlot's `incrs` for a time axis in `unit`: round steps of time (10 min, 1 h, 1 day …) rather
 * than its decimal ones (8 min 20 s is 500 s); none for a unit that is not a length of time.
 */
export function roundTimeSteps(unit: string): { incrs?: number[] } {
  const perUnit = secondsPerUnit(unit);
  return perUnit === undefined ? {} : { incrs: ROUND_SECONDS.map((s) => s / perUnit) };
}
