import { flagError } from '../../core/errors.js';
import { type Stream, streamFor } from '../../core/random.js';
import { type DesignPoint, type DesignValue, MAX_POINTS, type SweepDesign } from './design.js';
import type { VaryFlag } from './vary-flag.js';

/**
 * The stream an LHS design draws from: `streamFor(seed, LHS_STREAM)`, a replicate number no run
 * reaches (runs are numbered from 0 and a sweep has at most 100,000), so the design and the
 * replicates never share numbers and the same `--seed` always gives the same design.
 */
export const LHS_STREAM = Number.MAX_SAFE_INTEGER;

/**
 * A Latin hypercube sample of `n` points over the ranges FROM:TO of `flags`: each range is cut
 * into `n` equal strata and every stratum of every dimension holds exactly one point. Per
 * dimension, in the order given, the strata are shuffled (Fisher–Yates, n − 1 draws) and each
 * point jittered uniformly inside its stratum (n draws), all from `streamFor(seed, LHS_STREAM)`.
 *
 * Lists among the flags (`--vary engine=ode,ssa`) are crossed with the sample: every list value
 * (lists in the order given, the first slowest) gets the same n points, so that the values of a
 * list are compared on the same parameters.
 */
export function lhsDesign(n: number, flags: readonly VaryFlag[], seed: number): SweepDesign {
  const ranges = flags.filter((flag) => flag.kind === 'range');
  const lists = flags.filter((flag) => flag.kind === 'list');
  if (ranges.length === 0) throw flagError('--lhs', 'needs at least one range, --vary NAME=FROM:TO');
  for (const range of ranges)
    if (range.step !== undefined)
      throw flagError(`--vary ${range.text}`, '--lhs takes ranges FROM:TO, without a step');
  const listSize = lists.reduce((product, list) => product * list.values.length, 1);
  if (n * listSize > MAX_POINTS)
    throw flagError(
      '--lhs',
      `${n.toLocaleString('en-US')} points${listSize > 1 ? ` × ${listSize} list values` : ''} is more than a sweep's ${MAX_POINTS.toLocaleString('en-US')}`,
    );
  const stream = streamFor(seed, LHS_STREAM);
  const columns = ranges.map((range) => {
    if (range.kind !== 'range') throw new Error('unreachable');
    return stratified(n, range.from, range.to, stream);
  });
  const origin = { file: '<command line>', line: 1, col: 1, path: `--lhs ${n}` };
  // Every combination of the lists' values, the first list slowest.
  let combos: DesignValue[][] = [[]];
  for (const list of lists) {
    if (list.kind !== 'list') throw new Error('unreachable');
    combos = combos.flatMap((combo) => list.values.map((value) => [...combo, value]));
  }
  const points: DesignPoint[] = [];
  for (const combo of combos)
    for (let i = 0; i < n; i++) {
      let r = 0;
      let l = 0;
      const values = flags.map((flag) => (flag.kind === 'range' ? columns[r++]![i]! : combo[l++]!));
      points.push({ values, origin });
    }
  return {
    kind: 'lhs',
    names: flags.map((flag) => flag.name),
    words: flags.map((flag) => flag.kind === 'list' && flag.words),
    points,
  };
}

/** One dimension of the sample: point i lies in stratum perm[i] of [from, to], jittered. */
function stratified(n: number, from: number, to: number, stream: Stream): number[] {
  const strata = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(stream.nextDouble() * (k + 1));
    [strata[k], strata[j]] = [strata[j]!, strata[k]!];
  }
  const width = (to - from) / n;
  // A value computed at the very top of the last stratum could round past TO: clamp it.
  return strata.map((stratum) => Math.min(to, from + (stratum + stream.nextDouble()) * width));
}
