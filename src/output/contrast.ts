import { type Encounters, encountersOf, type RunLog } from './contrast-encounters.js';
import { quantileSorted } from './sample-quantiles.js';

export type { RunLog } from './contrast-encounters.js';

/** The share of a group whose loss is timed (`half_lost_t`): half of it no longer human. */
const HALF = 0.5;

/** How far (a share) one group's median must get above another's to count as ahead of it (see `crossingsOf`). */
export const CROSSING_MARGIN = 0.05;

/** The band over runs of every contrast figure: 5% to 95%, a 90% interval. */
const LOW = 0.05;
const HIGH = 0.95;

/**
 * Round durations (in seconds, the agents engine's unit) that the default report times snap to:
 * a minute up to two days.
 */
const ROUND_TIMES = [60, 120, 300, 600, 900, 1200, 1800].concat(
  [1, 2, 3, 4, 6, 8, 12, 24, 48].map((hours) => hours * 3600),
);

/** The default report times, as fractions of the run: a twenty-fourth, an eighth (and the end). */
const DEFAULT_FRACTIONS = [1 / 24, 1 / 8];

/** The rows of `groups.csv` (with a leading `run` column for an ensemble), by run, group and time. */
export interface GroupTable {
  /** The output times, in order. */
  times: number[];
  /** The names of the rows of each time, in file order. */
  names: string[];
  /** `human[run][group][time]` and `members[run][group][time]` (every state summed). */
  human: Float64Array[][];
  members: Float64Array[][];
}

/** A number over runs: its median and 90% interval (null when it never happened). */
export interface Interval {
  median: number | null;
  q05: number | null;
  q95: number | null;
}

/**
 * Each group's survival curve: the median share still human (of those human at the start) and its
 * 90% band over runs, at every output time.
 */
export interface ContrastCurves {
  times: readonly number[];
  groups: readonly string[];
  /** `median[g][k]`, `q05[g][k]`, `q95[g][k]`: group g at `times[k]`. */
  median: Float64Array[];
  q05: Float64Array[];
  q95: Float64Array[];
}

/** The contrast report: the `contrast` of summary.json. */
export interface ContrastSummary {
  groups: string[];
  runs: number;
  /** Each group's size at the start (of the first run). */
  members: Record<string, number>;
  /** Those of each group human at the start (of the first run): the whole of its share still human. */
  human_at_start: Record<string, number>;
  /**
   * Each group's share still human at the report times, and in how many runs each group was
   * ahead of all the others then (`ahead_runs`; runs level at the top count for none).
   */
  surviving: { t: number; share: Record<string, Interval>; ahead_runs: Record<string, number> }[];
  /** When half of each group was no longer human, over the runs where that happened. */
  half_lost_t: Record<string, Interval & { never: number }>;
  /** The group with the higher median share still human at the end (ties: over the whole run); null if level. */
  better: string | null;
  /** Where two groups' median curves crossed (by `CROSSING_MARGIN` at least): after `t`, `ahead` is above `behind`. */
  crossings: { t: number; ahead: string; behind: string }[];
  /** Bites and kills between groups, from the event logs (`other`: an agent of no group compared). */
  encounters: Encounters;
}

/** Everything the contrast report computes: the summary and the curves for contrast.csv and contrast.svg. */
export interface Contrast {
  summary: ContrastSummary;
  curves: ContrastCurves;
}

/** What the report is made from. */
export interface ContrastInput {
  /** `groups.csv` of the run, or of an ensemble (stacked under a `run` column). */
  groupsCsv: string;
  /** The groups compared: rows of groups.csv, two or more. */
  groups: readonly string[];
  /** The event logs available (the first run's, or every run's with `--keep-events all`). */
  logs: readonly RunLog[];
  /** Times at which to report the shares; default `defaultReportTimes(until)`. */
  at?: readonly number[] | undefined;
}

/** Reads `groups.csv` (one run, or an ensemble's with a leading `run` column). */
export function readGroupTable(text: string): GroupTable {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = lines[0]!.split(',');
  const stacked = header[0] === 'run';
  const at = (name: string) => header.indexOf(name);
  const [runCol, tCol, groupCol, humanCol] = [at('run'), at('t'), at('group'), at('human')];
  const firstState = humanCol;
  const rows = lines.slice(1).map((line) => line.split(','));
  const times: number[] = [];
  const names: string[] = [];
  for (const row of rows) {
    if (stacked && row[runCol] !== rows[0]![runCol]) break;
    const t = Number(row[tCol]);
    if (times[times.length - 1] !== t) times.push(t);
    if (times.length === 1) names.push(row[groupCol]!);
  }
  const runCount = stacked ? new Set(rows.map((row) => row[runCol])).size : 1;
  const grid = () => names.map(() => new Float64Array(times.length));
  const human = Array.from({ length: runCount }, grid);
  const members = Array.from({ length: runCount }, grid);
  const perRun = times.length * names.length;
  rows.forEach((row, k) => {
    const run = Math.floor(k / perRun);
    const g = k % names.length;
    const time = Math.floor((k % perRun) / names.length);
    let sum = 0;
    for (let c = firstState; c < row.length; c++) sum += Number(row[c]);
    human[run]![g]![time] = Number(row[humanCol]);
    members[run]![g]![time] = sum;
  });
  return { times, names, human, members };
}

/**
 * The default report times of a run of length `until` (seconds): a twenty-fourth and an eighth of
 * it, each snapped to the nearest round duration (1 h and 3 h of a day), and the end.
 */
export function defaultReportTimes(until: number): number[] {
  const snapped = DEFAULT_FRACTIONS.map((f) => nearestRound(until * f)).filter((t) => t > 0 && t < until);
  return [...new Set([...snapped, until])];
}

function nearestRound(t: number): number {
  let best = ROUND_TIMES[0]!;
  for (const r of ROUND_TIMES) if (Math.abs(Math.log(r / t)) < Math.abs(Math.log(best / t))) best = r;
  return best;
}

/** What `survivalOf` finds of curves of shares: the part of a contrast common to groups and factions. */
export type Survival = Pick<ContrastSummary, 'surviving' | 'half_lost_t' | 'better' | 'crossings'> & {
  curves: ContrastCurves;
};

/**
 * The curves, the shares at report times (`at`, default `defaultReportTimes`), the half-lost times,
 * the better and the crossings of `names`, from `shares[g][run][k]`: the share of `names[g]` kept
 * (still human, or still standing) in that run at `times[k]` (NaN where it is not defined).
 */
export function survivalOf(
  times: readonly number[],
  names: readonly string[],
  shares: readonly Float64Array[][],
  at?: readonly number[] | undefined,
): Survival {
  const groups = [...names];
  const runs = shares[0]?.length ?? 0;
  const curves: ContrastCurves = {
    times,
    groups,
    median: groups.map(() => new Float64Array(times.length)),
    q05: groups.map(() => new Float64Array(times.length)),
    q95: groups.map(() => new Float64Array(times.length)),
  };
  const column = new Float64Array(runs);
  shares.forEach((byRun, g) => {
    for (let k = 0; k < times.length; k++) {
      for (let r = 0; r < runs; r++) column[r] = byRun[r]![k]!;
      const band = intervalOf(column);
      curves.median[g]![k] = band.median ?? Number.NaN;
      curves.q05[g]![k] = band.q05 ?? Number.NaN;
      curves.q95[g]![k] = band.q95 ?? Number.NaN;
    }
  });
  const until = times[times.length - 1]!;
  const reportTimes = at ?? defaultReportTimes(until);
  const surviving = reportTimes.map((t) => {
    const k = rowAtOrBefore(times, t);
    return {
      t,
      share: Object.fromEntries(
        groups.map((group, g) => [group, intervalOf(Float64Array.from(shares[g]!, (run) => run[k]!))]),
      ),
      ahead_runs: aheadRuns(groups, shares, k),
    };
  });
  const halfLost = Object.fromEntries(
    groups.map((group, g) => {
      const lost = shares[g]!.map((run) => halfLostTime(times, run));
      const happened = Float64Array.from(lost.filter((t): t is number => t !== null));
      return [group, { ...intervalOf(happened), never: lost.length - happened.length }];
    }),
  );
  return {
    curves,
    surviving,
    half_lost_t: halfLost,
    better: betterOf(curves),
    crossings: crossingsOf(curves),
  };
}

/** The contrast report of `input.groups` (each must be a row of groups.csv; see `unknownGroups`). */
export function contrastOf(input: ContrastInput): Contrast {
  const table = readGroupTable(input.groupsCsv);
  const groups = [...input.groups];
  const index = groups.map((group) => table.names.indexOf(group));
  // shares[g][run][k]: the share of group g still human in that run at times[k].
  // Of those human at the start: an agent infected from the outset (patient zero) never was.
  const shares = index.map((row) =>
    table.human.map((human) => {
      const start = human[row]![0]!;
      return Float64Array.from(human[row]!, (h) => (start > 0 ? h / start : Number.NaN));
    }),
  );
  const { curves, ...survival } = survivalOf(table.times, groups, shares, input.at);
  return {
    summary: {
      groups,
      runs: table.human.length,
      members: Object.fromEntries(groups.map((group, g) => [group, table.members[0]![index[g]!]![0]!])),
      human_at_start: Object.fromEntries(groups.map((group, g) => [group, table.human[0]![index[g]!]![0]!])),
      ...survival,
      encounters: encountersOf(input.logs, groups),
    },
    curves,
  };
}

/** In how many runs each group's share at output time k was above every other group's (ties count for none). */
function aheadRuns(
  groups: readonly string[],
  shares: readonly Float64Array[][],
  k: number,
): Record<string, number> {
  const counts = groups.map(() => 0);
  for (let r = 0; r < shares[0]!.length; r++) {
    let best = -1;
    let top = Number.NEGATIVE_INFINITY;
    let tied = false;
    shares.forEach((byRun, g) => {
      const v = byRun[r]![k]!;
      if (v > top) [best, top, tied] = [g, v, false];
      else if (v === top) tied = true;
    });
    if (best >= 0 && !tied) counts[best]!++;
  }
  return Object.fromEntries(groups.map((group, g) => [group, counts[g]!]));
}

/** The groups asked for that are not rows of groups.csv (`names`). */
export function unknownGroups(asked: readonly string[], names: readonly string[]): string[] {
  return asked.filter((group) => !names.includes(group));
}

/** The median and 90% interval of the finite values (all null when there are none). */
export function intervalOf(values: ArrayLike<number>): Interval {
  const sorted = Float64Array.from(Array.from(values).filter(Number.isFinite)).sort();
  if (sorted.length === 0) return { median: null, q05: null, q95: null };
  return {
    median: quantileSorted(sorted, 0.5),
    q05: quantileSorted(sorted, LOW),
    q95: quantileSorted(sorted, HIGH),
  };
}

/** The index of the last output time at or before t (the first when t is before them all). */
function rowAtOrBefore(times: readonly number[], t: number): number {
  let k = 0;
  while (k + 1 < times.length && times[k + 1]! <= t) k++;
  return k;
}

/**
 * When a run's share still human first fell to one half, interpolated linearly between the output
 * times around it; null if it never did.
 */
export function halfLostTime(times: readonly number[], share: ArrayLike<number>): number | null {
  for (let k = 0; k < times.length; k++) {
    if (!(share[k]! <= HALF)) continue;
    if (k === 0) return times[0]!;
    const before = share[k - 1]!;
    return times[k - 1]! + ((times[k]! - times[k - 1]!) * (before - HALF)) / (before - share[k]!);
  }
  return null;
}

/** The group whose median share at the end is highest (ties: highest on average over the run); null if level. */
function betterOf(curves: ContrastCurves): string | null {
  const last = curves.times.length - 1;
  const score = curves.median.map((m) => [m[last]!, mean(m)] as const);
  // A curve with no share at the end (a faction nobody ever joined) is never the better.
  let best = score.findIndex(([end]) => Number.isFinite(end));
  if (best < 0) return null;
  let tied = false;
  for (let g = best + 1; g < score.length; g++) {
    if (!Number.isFinite(score[g]![0])) continue;
    const order = score[g]![0] - score[best]![0] || score[g]![1] - score[best]![1];
    if (order > 0) {
      best = g;
      tied = false;
    } else if (order === 0) tied = true;
  }
  return tied ? null : curves.groups[best]!;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Every time two groups' median curves cross, in time order. A group is ahead once its median is
 * above the other's by at least {@link CROSSING_MARGIN}, so that two lines that run together near
 * zero, a member apart, do not cross back and forth; the crossing is at the time interpolated
 * linearly between the last output time when the group behind was still ahead and the next.
 */
export function crossingsOf(curves: ContrastCurves): ContrastSummary['crossings'] {
  const found: ContrastSummary['crossings'] = [];
  const { times, groups, median } = curves;
  for (let a = 0; a < groups.length; a++)
    for (let b = a + 1; b < groups.length; b++) {
      const gap = (k: number) => median[a]![k]! - median[b]![k]!;
      let side = 0;
      // The last output time at which the side ahead was ahead by any amount.
      let lastAhead = -1;
      for (let k = 0; k < times.length; k++) {
        const d = gap(k);
        if (!Number.isFinite(d)) continue;
        if (side !== 0 && Math.sign(d) === side) lastAhead = k;
        if (Math.abs(d) < CROSSING_MARGIN || Math.sign(d) === side) continue;
        if (side !== 0) {
          let next = lastAhead + 1;
          while (!(Math.sign(gap(next)) === -side)) next++;
          const before = gap(lastAhead);
          const t = times[lastAhead]! + ((times[next]! - times[lastAhead]!) * before) / (before - gap(next));
          const [ahead, behind] = d > 0 ? [groups[a]!, groups[b]!] : [groups[b]!, groups[a]!];
          found.push({ t, ahead, behind });
        }
        side = Math.sign(d);
        lastAhead = k;
      }
    }
  return found.sort((x, y) => x.t - y.t);
}
