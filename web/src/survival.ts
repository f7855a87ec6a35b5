import type { ChartTime } from './counts.js';
import { LiveChart } from './live-chart.js';
import { OKABE_ITO } from './palette.js';
import type { RunData } from './run-files.js';
import { type GroupSeries, rowAt } from './series.js';
import { bandsNote } from './share/ensemble.js';
import { ensembleSurvivalLines } from './share/ensemble-lines.js';

/**
 * Survival by group (students against staff in hyosan-high, and any other top-level groups a
 * scenario defines), from `groups.csv`: a table of each group's members still human at the time
 * shown, and a chart of that share over time. The single-run page and each column of the
 * side-by-side page build theirs here.
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
      cell.textContent = `${human.toLocaleString('en-US')} (${Math.round((100 * human) / (total || 1))}%)`;
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
  return new LiveChart(
    box,
    groups.t,
    ensembleSurvivalLines(run, GROUP_COLOURS) ??
      groups.groups.map((group, g) => {
        const total = group.states.reduce((sum, column) => sum + column[0]!, 0) || 1;
        return {
          label: `${group.name} human`,
          values: group.states[HUMAN]!.map((v) => (100 * v) / total),
          colour: GROUP_COLOURS[g % GROUP_COLOURS.length]!,
        };
      }),
    {
      until: time.until,
      yMax: 100,
      formatTime: time.describe,
      formatTimeTick: time.tick,
      formatValue: (v) => `${Math.round(v)}%`,
      height,
      ...(run.groupRuns === undefined ? {} : { note: bandsNote(run.groupRuns.length) }),
    },
  );
}
