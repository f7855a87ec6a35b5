import type { TimeScale } from '../scenario/clock.js';
import type { ContrastSummary, Interval } from './contrast.js';
import { formatPercent } from './number-format.js';
import { formatDuration } from './time-format.js';

/** The crossings told by time; the rest are counted. */
const CROSSINGS_TOLD = 3;

/**
 * The contrast report in three plain sentences: which group stayed human longer (the shares at the
 * report time where the groups differ most), when half of each was lost, and whether and when
 * their lines crossed.
 */
export function contrastSentences(contrast: ContrastSummary, scale: TimeScale): string {
  const duration = (t: number) => formatDuration(t, scale.unit);
  const { runs } = contrast;
  // A group with nobody human at the start (one that arrives later) has no share to compare.
  const groups = contrast.groups.filter((g) => contrast.surviving.some((at) => at.share[g]?.median != null));
  const absent = contrast.groups.filter((g) => !groups.includes(g));
  if (groups.length === 0)
    return `The ${list(absent)} had nobody human at the start: there is nothing to compare.`;
  const telling = mostTelling({
    surviving: contrast.surviving.map((at) => ({
      ...at,
      share: Object.fromEntries(groups.map((g) => [g, at.share[g]!])),
    })),
  });
  const shares = groups.map((group) => `${percentWithBand(telling.share[group]!, runs)} of the ${group}`);
  // The claim needs the shares it quotes to bear it out: the better at the end must lead then too.
  const first =
    contrast.better === null || groups.length < 2 || leaderOf(telling.share, groups) !== contrast.better
      ? 'No group kept its humanity clearly longer'
      : `${capital(contrast.better)} kept their humanity longer than ${list(groups.filter((g) => g !== contrast.better))}`;
  const second = groups.map((group) => {
    const lost = contrast.half_lost_t[group]!;
    if (lost.median === null) return `half the ${group} were never lost`;
    const happened = runs - lost.never;
    if (runs > 1 && 2 * happened <= runs)
      return `half the ${group} were lost in only ${happened} of ${runs} runs (by ${duration(lost.median)})`;
    const some = lost.never > 0 ? ` in ${happened} of ${runs} runs` : '';
    return `half the ${group} were lost by ${duration(lost.median)}${some}`;
  });
  const crossings = contrast.crossings;
  const told = crossings
    .slice(0, CROSSINGS_TOLD)
    .map((c) => `at ${duration(c.t)} (${c.ahead} ahead after it)`);
  if (crossings.length > CROSSINGS_TOLD) told.push(`${crossings.length - CROSSINGS_TOLD} more times`);
  const third = crossings.length === 0 ? 'Their lines never crossed.' : `Their lines crossed ${list(told)}.`;
  const aheadIn = groups.map((group) => `${group} in ${telling.ahead_runs[group]}`);
  const runByRun = runs > 1 ? ` (ahead run by run: ${list(aheadIn)} of ${runs})` : '';
  const nobody = absent.length > 0 ? ` The ${list(absent)} had nobody human at the start.` : '';
  return [
    `${first}: ${shares.length === 2 ? shares.join(' against ') : list(shares)} still human at ${duration(telling.t)}${runByRun}.${nobody}`,
    ...(second.length > 0 ? [`${capital(second.join(', '))}.`] : []),
    third,
  ].join(' ');
}

/** The report time at which the groups' (or factions') median shares are furthest apart. */
export function mostTelling(
  contrast: Pick<ContrastSummary, 'surviving'>,
): ContrastSummary['surviving'][number] {
  let best = contrast.surviving[contrast.surviving.length - 1]!;
  let widest = -1;
  for (const at of contrast.surviving) {
    const medians = Object.values(at.share).map((s) => s.median ?? 0);
    const width = Math.max(...medians) - Math.min(...medians);
    if (width > widest) {
      widest = width;
      best = at;
    }
  }
  return best;
}

/** The one of `names` with the highest median share (null if none has one, or two tie). */
export function leaderOf(share: Readonly<Record<string, Interval>>, names: readonly string[]): string | null {
  let leader: string | null = null;
  let highest = Number.NEGATIVE_INFINITY;
  for (const name of names) {
    const median = share[name]?.median ?? null;
    if (median === null) continue;
    if (median > highest) {
      highest = median;
      leader = name;
    } else if (median === highest) leader = null;
  }
  return leader;
}

export function percentWithBand(share: Interval, runs: number): string {
  if (share.median === null) return 'none';
  const band = runs > 1 ? ` (90%: ${percent(share.q05!)}–${percent(share.q95!)})` : '';
  return `${percent(share.median)}${band}`;
}

/** A share as a percentage: never 100% unless all, nor 0% unless none (`formatPercent`). */
export function percent(v: number): string {
  return formatPercent(v);
}

export function list(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
