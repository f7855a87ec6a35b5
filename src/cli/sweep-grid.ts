import { flagError } from '../core/errors.js';

/** One `--vary NAME=FROM:TO:STEP`: the values a name takes in a sweep. */
export interface SweepAxis {
  name: string;
  values: number[];
}

/** The most grid points a sweep may have, so a typo cannot start a run of years. */
export const MAX_SWEEP_POINTS = 1_000_000;

/** Parses `NAME=FROM:TO:STEP` into the values FROM, FROM+STEP, … up to TO inclusive. */
export function parseAxis(text: string): SweepAxis {
  const match = /^([A-Za-z_][A-Za-z0-9_.]*)=([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (match === null) throw flagError('--vary', `expected NAME=FROM:TO:STEP, not '${text}'`);
  const [from, to, step] = [match[2], match[3], match[4]].map(Number) as [number, number, number];
  if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) {
    throw flagError('--vary', `'${text}' needs numbers with FROM ≤ TO and STEP > 0`);
  }
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_SWEEP_POINTS)
    throw flagError('--vary', `'${text}' has ${count} points; at most ${MAX_SWEEP_POINTS}`);
  // Multiply rather than accumulate, and round away float noise such as 0.30000000000000004.
  const values = Array.from({ length: count }, (_, k) => Number((from + k * step).toPrecision(12)));
  return { name: match[1]!, values };
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function gridPoints(axes: readonly SweepAxis[]): number[][] {
  const total = axes.reduce((product, axis) => product * axis.values.length, 1);
  if (total > MAX_SWEEP_POINTS)
    throw flagError('--vary', `the grid has ${total} points; at most ${MAX_SWEEP_POINTS}`);
  let points: number[][] = [[]];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => [...point, value]));
  return points;
}
