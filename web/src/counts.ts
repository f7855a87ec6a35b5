import { countTicks } from './count-ticks.js';
import { LiveChart } from './live-chart.js';
import { compartmentColour, markerSvg, STATE_STYLES } from './palette.js';
import type { RunData } from './run-files.js';
import type { Series } from './series.js';
import { bandsNote } from './share/ensemble.js';
import { ensembleSeriesLines } from './share/ensemble-lines.js';

/**
 * The counts of each state, as the viewer's pages show them: a table at the time shown and a
 * chart of the time series up to it. The single-run page and each column of the side-by-side page
 * build theirs here.
 */

/** How a run's charts read time: `describe` a moment; the axis is labelled in `unit`. */
export interface ChartTime {
  /** The time axis' end (the chart's x range runs from 0 to it). */
  readonly until: number;
  readonly describe: (t: number) => string;
  readonly unit: string;
}

/** A run's `ChartTime`: times read in its own unit, the axis to `until`. */
export function chartTimeOf(run: RunData, until: number, describe: (t: number) => string): ChartTime {
  return { until, describe, unit: run.scale.unit };
}

/**
 * Fills `body` with one row per state of `names` (its marker, so colour is not the only cue, and
 * its name) and returns each row's count cell, in order, for the caller to fill.
 */
export function countCells(body: HTMLTableSectionElement, names: readonly string[]): HTMLTableCellElement[] {
  return names.map((name) => {
    const row = document.createElement('tr');
    row.dataset.compartment = name;
    const head = document.createElement('th');
    head.scope = 'row';
    const style = STATE_STYLES.find((s) => s.name === name);
    const label = document.createElement('span');
    label.className = 'swatch-label';
    label.innerHTML = style === undefined ? '' : markerSvg(style);
    label.append(` ${name}`);
    head.append(label);
    const value = document.createElement('td');
    value.className = 'count';
    row.append(head, value);
    body.append(row);
    return value;
  });
}

/** The counts table of `series` in `body`, and a function that shows row r of the series in it. */
export function countsTable(body: HTMLTableSectionElement, series: Series): (row: number) => void {
  const cells = countCells(body, series.names);
  return (r) => {
    cells.forEach((cell, c) => {
      cell.textContent = series.columns[c]![r]!.toLocaleString('en-US');
    });
  };
}

/**
 * The chart of `run`'s counts over time in `box`, `height` CSS pixels tall: a line per state, or
 * for an ensemble each state's median over the runs with its bands. Its y axis reaches the most
 * people the run ever holds.
 */
export function countsChartOf(box: HTMLElement, run: RunData, time: ChartTime, height: number): LiveChart {
  const { series } = run;
  const totals = new Float64Array(series.t.length);
  for (const column of series.columns) for (let r = 0; r < totals.length; r++) totals[r]! += column[r]!;
  return new LiveChart(
    box,
    series.t,
    ensembleSeriesLines(run) ??
      series.names.map((label, c) => ({
        label,
        values: series.columns[c]!,
        colour: compartmentColour(label, c),
      })),
    {
      until: time.until,
      yMax: Math.max(1, ...totals),
      formatTime: time.describe,
      timeUnit: time.unit,
      formatValue: (v) => v.toLocaleString('en-US'),
      formatTick: countTicks(Math.max(1, ...totals)),
      height,
      ...(run.quantiles === undefined ? {} : { note: bandsNote(run.summary.runs) }),
    },
  );
}
