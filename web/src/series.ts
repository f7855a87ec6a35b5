/**
 * A run's time series as the viewer reads them: `timeseries.csv` (one column per compartment) and
 * `groups.csv` (the same counts per group), parsed once into typed arrays.
 */

/** Counts over time: `columns[c][row]` is compartment `names[c]` at time `t[row]`. */
export interface Series {
  readonly names: readonly string[];
  readonly t: Float64Array;
  readonly columns: readonly Float64Array[];
}

/** Counts of one group over time, on the rows of `GroupSeries.t`. */
export interface GroupCounts {
  readonly name: string;
  /** Members in each state at each time, `states[c][row]`, in the compartments' order. */
  readonly states: readonly Float64Array[];
}

/** `groups.csv`: the top-level groups (students, staff …), each over the same times. */
export interface GroupSeries {
  readonly names: readonly string[];
  readonly t: Float64Array;
  readonly groups: readonly GroupCounts[];
}

function csvRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
}

/**
 * Parses `timeseries.csv`. An ensemble's file (a leading `run` column) gives its first run, the
 * one whose replay and event log the folder keeps.
 */
export function parseSeries(text: string): Series {
  const [header = [], ...rows] = csvRows(text);
  const hasRun = header[0] === 'run';
  const first = hasRun ? rows.filter((row) => row[0] === rows[0]?.[0]) : rows;
  const offset = hasRun ? 1 : 0;
  const names = header.slice(offset + 1);
  const t = Float64Array.from(first, (row) => Number(row[offset]));
  const columns = names.map((_, c) => Float64Array.from(first, (row) => Number(row[offset + 1 + c])));
  return { names, t, columns };
}

/**
 * Parses `groups.csv` (`t,group,<compartments…>`), keeping the top-level groups (no `/`). An
 * ensemble's file (a leading `run` column) gives its first run, as `parseSeries` does.
 */
export function parseGroupSeries(text: string): GroupSeries {
  const [fullHeader = [], ...allRows] = csvRows(text);
  const hasRun = fullHeader[0] === 'run';
  const header = hasRun ? fullHeader.slice(1) : fullHeader;
  const rows = hasRun
    ? allRows.filter((row) => row[0] === allRows[0]?.[0]).map((row) => row.slice(1))
    : allRows;
  const names = header.slice(2);
  const top = rows.filter((row) => !row[1]!.includes('/'));
  const groupNames = [...new Set(top.map((row) => row[1]!))];
  const byGroup = groupNames.map((name) => top.filter((row) => row[1] === name));
  const t = Float64Array.from(byGroup[0] ?? [], (row) => Number(row[0]));
  const groups = groupNames.map((name, g) => ({
    name,
    states: names.map((_, c) => Float64Array.from(byGroup[g]!, (row) => Number(row[2 + c]))),
  }));
  return { names, t, groups };
}

/** The last row whose time is at or before `t` (0 before the first). Binary search. */
export function rowAt(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || t < times[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
