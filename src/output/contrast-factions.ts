import {
  type ContrastCurves,
  type ContrastSummary,
  type Interval,
  intervalOf,
  survivalOf,
} from './contrast.js';

/** The rows of `factions.csv` (with a leading `run` column for an ensemble), by run, faction and time. */
export interface FactionTable {
  times: number[];
  names: string[];
  /** `standing[run][faction][time]`: living members; `joined[run][faction][time]`: members ever, by then. */
  standing: Float64Array[][];
  joined: Float64Array[][];
}

/** Reads `factions.csv`: `t,faction,standing,joined`, or an ensemble's, under a leading `run` column. */
export function readFactionTable(text: string): FactionTable {
  const lines = text.split('\n').filter((line) => line !== '');
  const header = lines[0]!.split(',');
  const at = (name: string) => header.indexOf(name);
  const [runCol, tCol, nameCol, standingCol, joinedCol] = [
    at('run'),
    at('t'),
    at('faction'),
    at('standing'),
    at('joined'),
  ];
  const rows = lines.slice(1).map((line) => line.split(','));
  const times: number[] = [];
  const names: string[] = [];
  for (const row of rows) {
    if (runCol >= 0 && row[runCol] !== rows[0]![runCol]) break;
    const t = Number(row[tCol]);
    if (times[times.length - 1] !== t) times.push(t);
    if (times.length === 1) names.push(row[nameCol]!);
  }
  const runCount = runCol >= 0 ? new Set(rows.map((row) => row[runCol])).size : 1;
  const grid = () => names.map(() => new Float64Array(times.length));
  const standing = Array.from({ length: runCount }, grid);
  const joined = Array.from({ length: runCount }, grid);
  const perRun = times.length * names.length;
  rows.forEach((row, k) => {
    const run = Math.floor(k / perRun);
    const f = k % names.length;
    const time = Math.floor((k % perRun) / names.length);
    standing[run]![f]![time] = Number(row[standingCol]);
    joined[run]![f]![time] = Number(row[joinedCol]);
  });
  return { times, names, standing, joined };
}

/** A faction's size over runs (medians and 90% bands): at the start, at its peak, at the end, and members ever. */
export interface FactionCounts {
  start: Interval;
  peak: Interval;
  end: Interval;
  joined: Interval;
  /** By the medians at the start and at the end. */
  change: 'grew' | 'shrank' | 'held';
}

/**
 * One faction outnumbering another that was more numerous at the start (by living members): the
 * first time it did in each run, over the runs where it did (`runs` of them).
 */
export interface Overtake {
  ahead: string;
  behind: string;
  t: Interval;
  runs: number;
}

/**
 * The contrast of factions: summary.json's `contrast` when `--contrast` names factions. The shares
 * are of each faction still standing (living members of all who ever joined it); `counts` and
 * `overtakes` say which side grew, which shrank, and when one outnumbered another.
 */
export interface FactionContrastSummary
  extends Pick<ContrastSummary, 'runs' | 'surviving' | 'half_lost_t' | 'better' | 'crossings'> {
  factions: string[];
  counts: Record<string, FactionCounts>;
  overtakes: Overtake[];
  /** Why there are no bites and kills by faction. */
  encounters: string;
}

/** Everything the contrast of factions computes: the summary and the curves for contrast.csv and contrast.svg. */
export interface FactionContrast {
  summary: FactionContrastSummary;
  curves: ContrastCurves;
  /** `standing[f]`: the median, q05 and q95 of faction f's living members at each output time. */
  standing: { median: Float64Array; q05: Float64Array; q95: Float64Array }[];
}

/** What the contrast of factions is made from. */
export interface FactionContrastInput {
  /** `factions.csv` of the run, or of an ensemble (stacked under a `run` column). */
  factionsCsv: string;
  /** The factions compared (two or more, each a faction of factions.csv). */
  factions: readonly string[];
  /** Times at which to report the shares; default `defaultReportTimes(until)`. */
  at?: readonly number[] | undefined;
}

/** The contrast of `input.factions`: shares still standing, counts, and who outnumbered whom when. */
export function factionContrastOf(input: FactionContrastInput): FactionContrast {
  const table = readFactionTable(input.factionsCsv);
  const { times } = table;
  const factions = [...input.factions];
  const index = factions.map((name) => table.names.indexOf(name));
  const runs = table.standing.length;
  // shares[f][run][k]: of those who had ever joined faction f by times[k], the share still standing.
  const shares = index.map((row) =>
    table.standing.map((standing, r) => {
      const joined = table.joined[r]![row]!;
      return Float64Array.from(standing[row]!, (s, k) => (joined[k]! > 0 ? s / joined[k]! : Number.NaN));
    }),
  );
  const { curves, ...survival } = survivalOf(times, factions, shares, input.at);
  const counts = (f: number) => table.standing.map((standing) => standing[index[f]!]!);
  const standing = factions.map((_, f) => {
    const median = new Float64Array(times.length);
    const q05 = new Float64Array(times.length);
    const q95 = new Float64Array(times.length);
    for (let k = 0; k < times.length; k++) {
      const band = intervalOf(Float64Array.from(counts(f), (run) => run[k]!));
      [median[k], q05[k], q95[k]] = [band.median!, band.q05!, band.q95!];
    }
    return { median, q05, q95 };
  });
  const last = times.length - 1;
  return {
    summary: {
      factions,
      runs,
      ...survival,
      counts: Object.fromEntries(
        factions.map((name, f) => {
          const byRun = counts(f);
          const start = intervalOf(byRun.map((run) => run[0]!));
          const end = intervalOf(byRun.map((run) => run[last]!));
          const change =
            end.median! > start.median! ? 'grew' : end.median! < start.median! ? 'shrank' : 'held';
          return [
            name,
            {
              start,
              peak: intervalOf(byRun.map((run) => Math.max(...run))),
              end,
              joined: intervalOf(table.joined.map((joined) => joined[index[f]!]![last]!)),
              change,
            },
          ];
        }),
      ),
      overtakes: overtakesOf(
        times,
        factions,
        factions.map((_, f) => counts(f)),
      ),
      encounters:
        'not by faction: a faction depends on the state at the time, which the event log does not give for every agent; compare groups for bites and kills',
    },
    curves,
    standing,
  };
}

/**
 * Where, run by run, each faction first outnumbered another that led it before (ties lead for
 * neither; the time is interpolated linearly between the output times around the change), as an
 * interval over the runs where it happened; in time order of the medians.
 */
export function overtakesOf(
  times: readonly number[],
  names: readonly string[],
  counts: readonly Float64Array[][],
): Overtake[] {
  const found = new Map<string, { ahead: string; behind: string; times: number[] }>();
  const runs = counts[0]?.length ?? 0;
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++)
      for (let r = 0; r < runs; r++) {
        const gap = (k: number) => counts[a]![r]![k]! - counts[b]![r]![k]!;
        let leader = 0;
        for (let k = 0; k < times.length; k++) {
          const d = Math.sign(gap(k));
          if (d === 0 || d === leader) continue;
          if (leader !== 0) {
            const before = gap(k - 1);
            const t = times[k - 1]! + ((times[k]! - times[k - 1]!) * before) / (before - gap(k));
            const [ahead, behind] = d > 0 ? [names[a]!, names[b]!] : [names[b]!, names[a]!];
            const key = `${ahead}\u0000${behind}`;
            const entry = found.get(key) ?? { ahead, behind, times: [] };
            entry.times.push(t);
            found.set(key, entry);
            break;
          }
          leader = d;
        }
      }
  return [...found.values()]
    .map(({ ahead, behind, times: at }) => ({ ahead, behind, t: intervalOf(at), runs: at.length }))
    .sort((x, y) => x.t.median! - y.t.median!);
}
