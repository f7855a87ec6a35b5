import { formatPercent } from '../../src/output/number-format.js';
import type { ChartTime } from './counts.js';
import { type ChartLine, type ChartOptions, LiveChart } from './live-chart.js';
import { OKABE_ITO } from './palette.js';
import type { RunData } from './run-files.js';
import { type GroupSeries, rowAt } from './series.js';
import { bandsNote } from './share/ensemble.js';
import { ensembleSurvivalLines } from './share/ensemble-lines.js';

/**
 * Survival by group (students against staff in hyosan-high, and any other top-level groups a
 * scenario defines), from `groups.csv`: a table of each group's members still human at the time
 * shown, and a chart of that share over time. The single-run page, each column of the
 * side-by-side page and a live run's page build theirs here.
 */

/** The state a group's survivors are in: the first, human. */
const HUMAN = 0;
const { blue, orange, bluishGreen, reddishPurple, skyBlue, vermillion } = OKABE_ITO;
/** The groups' colours, in order (Okabe–Ito, without the states' own yellow and black). */
const GROUP_COLOURS = [blue, orange, bluishGreen, reddishPurple, skyBlue, vermillion];

/** Whether `run` has groups to show (a `groups.csv` with at least one top-level group). */
export function hasGroups(run: RunData): run is RunData & { readonly groups: GroupSeries } {
  return run.groups !== undefined && run.groups.groups.length > 0;
}

/**
 * Fills `body` with one row per group (its name, its members still human, and how many it had)
 * and returns a function that shows time t in it.
 */
export function survivalTable(body: HTMLTableSectionElement, groups: GroupSeries): (t: number) => void {
  const rows = groups.groups.map((group) => {
    const row = document.createElement('tr');
    row.dataset.group = group.name;
    const total = group.states.reduce((sum, column) => sum + column[0]!, 0);
    row.innerHTML = '<th scope="row"></th><td class="count"></td><td></td>';
    row.cells[0]!.textContent = group.name;
    row.cells[2]!.textContent = total.toLocaleString('en-US');
    body.append(row);
    return { cell: row.cells[1]!, group, total };
  });
  return (t) => {
    const r = rowAt(groups.t, t);
    for (const { cell, group, total } of rows) {
      const human = group.states[HUMAN]![r]!;
      cell.textContent = `${human.toLocaleString('en-US')} (${formatPercent(human / (total || 1))})`;
    }
  };
}

/**
 * The chart of each group's share still human (%) over time in `box`, `height` CSS pixels tall;
 * for an ensemble, each group's median over the runs with its bands.
 */
export function survivalChartOf(
  box: HTMLElement,
  run: RunData & { readonly groups: GroupSeries },
  time: ChartTime,
  height: number,
): LiveChart {
  const { groups } = run;
  const shares = groups.groups.map(() => new Float64Array(groups.t.length));
  fillShares(groups, shares, 0, groups.t.length);
  return new LiveChart(
    box,
    groups.t,
    ensembleSurvivalLines(run, GROUP_COLOURS) ?? shareLines(groups, shares),
    {
      ...shareOptions(time, height),
      ...(run.groupRuns === undefined ? {} : { note: bandsNote(run.groupRuns.length) }),
    },
  );
}

/**
 * The chart of each group's share still human (%) on arrays the caller fills (`fillShares`) as a
 * live run's rows come, one a group on the rows of `groups.t`.
 */
export function shareChartOf(
  box: HTMLElement,
  groups: GroupSeries,
  shares: readonly Float64Array[],
  time: ChartTime,
  height: number,
): LiveChart {
  return new LiveChart(box, groups.t, shareLines(groups, shares), shareOptions(time, height));
}

/** Writes each group's share still human (%) at rows first … end − 1 into `shares`, one array a group. */
export function fillShares(
  groups: GroupSeries,
  shares: readonly Float64Array[],
  first: number,
  end: number,
): void {
  groups.groups.forEach((group, g) => {
    const total = group.states.reduce((sum, column) => sum + column[0]!, 0) || 1;
    const human = group.states[HUMAN]!;
    const share = shares[g]!;
    for (let r = first; r < end; r++) share[r] = (100 * human[r]!) / total;
  });
}

function shareLines(groups: GroupSeries, shares: readonly Float64Array[]): ChartLine[] {
  return groups.groups.map((group, g) => ({
    label: `${group.name} human`,
    values: shares[g]!,
    colour: GROUP_COLOURS[g % GROUP_COLOURS.length]!,
  }));
}

function shareOptions(time: ChartTime, height: number): ChartOptions {
  return {
    until: time.until,
    yMax: 100,
    formatTime: time.describe,
    timeUnit: time.unit,
    formatValue: (v) => formatPercent(v / 100),
    height,
  };
}
