import { type CsvRow, csvRows, numberCell } from './csv-cells.js';

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

/**
 * Parses `timeseries.csv`. An ensemble's file (a leading `run` column) gives its first run, the
 * one whose replay and event log the folder keeps. A cell that is not a number is a `CsvUnreadable`
 * naming `file`, its line, column and field.
 */
export function parseSeries(text: string, file = 'timeseries.csv'): Series {
  const [head, ...rows] = csvRows(text);
  const header = head?.cells ?? [];
  const hasRun = header[0] === 'run';
  const first = hasRun ? rows.filter((row) => row.cells[0] === rows[0]?.cells[0]) : rows;
  const offset = hasRun ? 1 : 0;
  const names = header.slice(offset + 1);
  const t = Float64Array.from(first, (row) => numberCell(file, row, offset, 't'));
  const columns = names.map((name, c) =>
    Float64Array.from(first, (row) => numberCell(file, row, offset + 1 + c, name)),
  );
  return { names, t, columns };
}

/**
 * Parses `groups.csv` (`t,group,<compartments…>`), keeping the top-level groups (no `/`). An
 * ensemble's file (a leading `run` column) gives its first run, as `parseSeries` does; its cells are
 * checked as `parseSeries` checks them.
 */
export function parseGroupSeries(text: string, file = 'groups.csv'): GroupSeries {
  const [head, ...allRows] = csvRows(text);
  const fullHeader = head?.cells ?? [];
  const hasRun = fullHeader[0] === 'run';
  const offset = hasRun ? 1 : 0;
  const header = fullHeader.slice(offset);
  const rows = hasRun ? allRows.filter((row) => row.cells[0] === allRows[0]?.cells[0]) : allRows;
  const groupOf = (row: CsvRow) => row.cells[offset + 1] ?? '';
  const names = header.slice(2);
  const top = rows.filter((row) => !groupOf(row).includes('/'));
  const groupNames = [...new Set(top.map(groupOf))];
  const byGroup = groupNames.map((name) => top.filter((row) => groupOf(row) === name));
  const t = Float64Array.from(byGroup[0] ?? [], (row) => numberCell(file, row, offset, 't'));
  const groups = groupNames.map((name, g) => ({
    name,
    states: names.map((state, c) =>
      Float64Array.from(byGroup[g]!, (row) => numberCell(file, row, offset + 2 + c, state)),
    ),
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
