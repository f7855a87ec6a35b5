import { flagError } from '../../core/errors.js';
import { formatCount } from '../../output/number-format.js';
import { type DesignPoint, type DesignValue, MAX_POINTS, type SweepDesign } from './design.js';
import type { VaryFlag } from './vary-flag.js';

/**
 * The values of a grid range FROM, FROM + STEP, … up to TO inclusive (a TO within 1e-9 steps of
 * the grid counts as on it), each rounded to the decimals of FROM and STEP, so that steps of 0.1
 * give 0.3, not 0.30000000000000004.
 */
export function rangeValues(from: number, to: number, step: number, decimals: number): number[] {
  const steps = Math.floor((to - from) / step + 1e-9);
  const values: number[] = [];
  for (let k = 0; k <= steps; k++) values.push(roundTo(from + k * step, decimals));
  return values;
}

/** A value rounded to `decimals` decimals (at most 15, beyond which doubles hold no more). */
function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(Math.min(decimals, 15)));
}

/** A flag's values in a grid: a range's steps, or a list as given. */
export function flagValues(flag: VaryFlag): readonly DesignValue[] {
  if (flag.kind === 'list') return flag.values;
  if (flag.step === undefined)
    throw flagError(
      `--vary ${flag.text}`,
      'a range in a grid needs a step, FROM:TO:STEP; FROM:TO without a step is for --lhs N',
    );
  // Counted before they are made: a step of 1e-9 over [0, 1] would be 10⁹ values.
  const count = Math.floor((flag.to - flag.from) / flag.step + 1e-9) + 1;
  if (!(count <= MAX_POINTS))
    throw flagError(
      `--vary ${flag.text}`,
      `the range has ${formatCount(count)} values; a sweep has at most ${MAX_POINTS.toLocaleString('en-US')} points`,
    );
  return rangeValues(flag.from, flag.to, flag.step, flag.decimals);
}

/**
 * The full grid of `--vary` flags: the cross product of their values, in the order given, the
 * first flag's values changing slowest. Throws an `InputError` for a grid of more than
 * `MAX_POINTS` points, before making it.
 */
export function gridDesign(flags: readonly VaryFlag[]): SweepDesign {
  const axes = flags.map(flagValues);
  const size = axes.reduce((product, values) => product * values.length, 1);
  if (size > MAX_POINTS)
    throw flagError(
      '--vary',
      `the grid has ${size.toLocaleString('en-US')} points (${axes.map((a) => a.length).join(' × ')}); a sweep has at most ${MAX_POINTS.toLocaleString('en-US')}`,
    );
  const points: DesignPoint[] = [];
  const origin = {
    file: '<command line>',
    line: 1,
    col: 1,
    path: `--vary ${flags.map((f) => f.text).join(' --vary ')}`,
  };
  const index = axes.map(() => 0);
  for (let p = 0; p < size; p++) {
    points.push({ values: axes.map((values, k) => values[index[k]!]!), origin });
    // The last axis turns fastest, like the digits of a counter.
    for (let k = axes.length - 1; k >= 0; k--) {
      if (++index[k]! < axes[k]!.length) break;
      index[k] = 0;
    }
  }
  return {
    kind: 'grid',
    names: flags.map((flag) => flag.name),
    words: flags.map((flag) => flag.kind === 'list' && flag.words),
    points,
  };
}
