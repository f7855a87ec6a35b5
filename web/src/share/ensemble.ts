import { quantileSorted } from '../../../src/output/sample-quantiles.js';
import type { ChartLine } from '../live-chart.js';
import type { GroupSeries } from '../series.js';

/**
 * An ensemble as the viewer draws it: each line is the median over runs, with two shaded bands,
 * the middle 50% (25–75%) and 90% (5–95%) of the runs, read from `quantiles.csv` (the CLI's own
 * figures) or, for survival by group, computed here from every run's rows of `groups.csv`.
 */

/** The quantile levels of a band line: the median and the bands' edges. */
export interface BandLevels {
  readonly q05: Float64Array;
  readonly q25: Float64Array;
  readonly q50: Float64Array;
  readonly q75: Float64Array;
  readonly q95: Float64Array;
}

/** `quantiles.csv` parsed: for each compartment, its levels on the times `t`. */
export interface QuantileSeries {
  readonly names: readonly string[];
  readonly t: Float64Array;
  readonly levels: readonly BandLevels[];
}

const LEVEL_NAMES = ['q05', 'q25', 'q50', 'q75', 'q95'] as const;
const LEVEL_VALUES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
/** The fill opacity of the 90% band and of the 50% band drawn over it. */
const OUTER_OPACITY = 0.15;
const INNER_OPACITY = 0.3;

function emptyLevels(rows: number): BandLevels {
  return {
    q05: new Float64Array(rows),
    q25: new Float64Array(rows),
    q50: new Float64Array(rows),
    q75: new Float64Array(rows),
    q95: new Float64Array(rows),
  };
}

/** Parses `quantiles.csv` (`t,compartment,mean,q05,q25,q50,q75,q95`, rows by time then compartment). */
export function parseQuantiles(text: string): QuantileSeries {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const column = LEVEL_NAMES.map((name) => header.indexOf(name));
  if (header[0] !== 't' || header[1] !== 'compartment' || column.includes(-1))
    throw new Error(`quantiles.csv has an unexpected header: ${lines[0] ?? '(empty)'}`);
  const rows = lines.slice(1).map((line) => line.split(','));
  const names: string[] = [];
  for (const row of rows) {
    if (names.includes(row[1]!)) break;
    names.push(row[1]!);
  }
  const times = rows.length / Math.max(1, names.length);
  const t = new Float64Array(times);
  const levels = names.map(() => emptyLevels(times));
  rows.forEach((row, k) => {
    const r = Math.floor(k / names.length);
    const c = k % names.length;
    t[r] = Number(row[0]);
    LEVEL_NAMES.forEach((level, i) => {
      levels[c]![level][r] = Number(row[column[i]!]);
    });
  });
  return { names, t, levels };
}

/** A chart line for the median of `levels`, with its 90% and 50% bands. */
export function medianLine(label: string, levels: BandLevels, colour: string): ChartLine {
  return {
    label,
    values: levels.q50,
    colour,
    bands: [
      { low: levels.q05, high: levels.q95, opacity: OUTER_OPACITY, label: '90%' },
      { low: levels.q25, high: levels.q75, opacity: INNER_OPACITY, label: '50%' },
    ],
  };
}

/** What the shading means, for the legend under an ensemble's chart. */
export function bandsNote(runs: number): string {
  return `Lines: the median of the ${runs} runs. Shaded: the middle 50% of the runs (darker) and 90% (lighter).`;
}

/** Every run's rows of `groups.csv`, when it has a leading `run` column (an ensemble); else undefined. */
export function parseGroupRuns(text: string): GroupSeries[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  if (header[0] !== 'run') return undefined;
  const names = header.slice(3);
  const byRun = new Map<string, string[][]>();
  for (const line of lines.slice(1)) {
    const row = line.split(',');
    if (row[2]!.includes('/')) continue;
    const rows = byRun.get(row[0]!) ?? [];
    if (rows.length === 0) byRun.set(row[0]!, rows);
    rows.push(row);
  }
  return [...byRun.values()].map((rows) => {
    const groupNames = [...new Set(rows.map((row) => row[2]!))];
    const byGroup = groupNames.map((name) => rows.filter((row) => row[2] === name));
    return {
      names,
      t: Float64Array.from(byGroup[0] ?? [], (row) => Number(row[1])),
      groups: groupNames.map((name, g) => ({
        name,
        states: names.map((_, c) => Float64Array.from(byGroup[g]!, (row) => Number(row[3 + c]))),
      })),
    };
  });
}

/**
 * The levels over runs of one group's share (in %) in state `state` (the first: human), each run's
 * share measured against that run's group size at the start. Runs must share the times of run 0.
 */
export function shareLevels(runs: readonly GroupSeries[], group: number, state: number): BandLevels {
  const rows = runs[0]!.t.length;
  const levels = emptyLevels(rows);
  const column = new Float64Array(runs.length);
  const sizes = runs.map((run) => run.groups[group]!.states.reduce((sum, s) => sum + s[0]!, 0) || 1);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < runs.length; k++)
      column[k] = (100 * runs[k]!.groups[group]!.states[state]![r]!) / sizes[k]!;
    column.sort();
    LEVEL_NAMES.forEach((level, i) => {
      levels[level][r] = quantileSorted(column, LEVEL_VALUES[i]!);
    });
  }
  return levels;
}
