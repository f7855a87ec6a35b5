import { formatDuration, formatRunTime } from '../../../src/output/time-format.js';
import { DoorHistory } from '../door-history.js';
import { floorPlanOf } from '../floor-plan.js';
import { replayFrames } from '../frame-source.js';
import { LiveChart } from '../live-chart.js';
import { MapView } from '../map-view.js';
import { compartmentColour, markerSvg, STATE_STYLES } from '../palette.js';
import type { RunData } from '../run-files.js';
import { rowAt } from '../series.js';
import { element } from './element.js';
import { bandsNote } from './ensemble.js';
import { ensembleSeriesLines } from './ensemble-lines.js';

const CHART_HEIGHT = 200;

/** One run's column of the side-by-side page, which shows any time it is asked to. */
export interface RunPanel {
  show(t: number): void;
  /** Fits the map to its canvas (once every column is laid out). */
  fit(): void;
}

/** What makes a run what it is, in a line: engine, seed, runs and its `--set` overrides. */
export function runDescription(run: RunData): string {
  const { summary } = run;
  const sets = (summary as { overrides?: { set?: readonly string[] } }).overrides?.set ?? [];
  const parts = [`${summary.engine} engine`, `seed ${summary.seed}`];
  if (summary.runs > 1) parts.push(`${summary.runs} runs`);
  parts.push(sets.length === 0 ? 'as the scenario says' : sets.map((s) => `--set ${s}`).join(' '));
  return parts.join(', ');
}

/**
 * Builds the column of run `run` inside `parent`: its title and what sets it apart, its map (when
 * it has a replay), its counts at the time shown, and its time series up to that time. `key`
 * (`a`, `b`) makes the column's element ids unique on the page.
 */
export function runPanel(parent: HTMLElement, run: RunData, key: string, until: number): RunPanel {
  const { series, scale } = run;
  const describe = (t: number) => formatRunTime(t, scale);
  // Two runs of one scenario share a title: the description makes each column's name unique.
  const section = element('section', {
    class: 'compare-run',
    'aria-labelledby': `run-${key}-heading run-${key}-description`,
  });
  section.dataset.run = key;
  section.append(
    element('h2', { id: `run-${key}-heading` }, run.title),
    element('p', { class: 'muted run-description', id: `run-${key}-description` }, runDescription(run)),
  );
  parent.append(section);

  const plan = floorPlanOf(run);
  let map: { view: MapView; frameAt: (t: number) => number } | undefined;
  if (plan !== undefined && run.replay !== undefined) {
    const frames = replayFrames(run.replay);
    const canvas = element('canvas', {
      id: `map-${key}`,
      class: 'compare-map',
      role: 'img',
      'aria-roledescription': 'map',
      'aria-label': `The ${plan.open ? 'open plane' : 'building'} of ${run.title}, ${runDescription(run)}`,
      tabindex: '0',
    });
    section.append(canvas);
    const named = new Map<number, string>();
    run.agents.forEach((row, id) => {
      if (row.name) named.set(id, row.name);
    });
    const view = new MapView(canvas, plan, frames, named);
    view.setDoors(new DoorHistory(plan.doorStart, run.events));
    map = { view, frameAt: (t) => frames.frameAt(t) };
  }

  const table = element('table', { class: 'counts', id: `counts-${key}` });
  table.append(
    element('caption', { class: 'sr-only' }, `People in each state at the time shown, ${run.title}`),
  );
  table.insertAdjacentHTML(
    'beforeend',
    '<thead><tr><th scope="col">State</th><th scope="col">Count</th></tr></thead>',
  );
  const body = element('tbody');
  table.append(body);
  const cells = series.names.map((name) => {
    const row = element('tr');
    row.dataset.compartment = name;
    const head = element('th', { scope: 'row' });
    const style = STATE_STYLES.find((s) => s.name === name);
    head.innerHTML = style === undefined ? '' : markerSvg(style);
    head.append(` ${name}`);
    const value = element('td', { class: 'count' });
    row.append(head, value);
    body.append(row);
    return value;
  });
  section.append(table);

  const chartBox = element('div', {
    class: 'chart',
    id: `series-chart-${key}`,
    role: 'img',
    'aria-label': `Counts of each state over time, up to the time shown, ${run.title}`,
  });
  section.append(chartBox);
  const totals = new Float64Array(series.t.length);
  for (const column of series.columns) for (let r = 0; r < totals.length; r++) totals[r]! += column[r]!;
  const chart = new LiveChart(
    chartBox,
    series.t,
    ensembleSeriesLines(run) ??
      series.names.map((label, c) => ({
        label,
        values: series.columns[c]!,
        colour: compartmentColour(label, c),
      })),
    {
      until,
      yMax: Math.max(1, ...totals),
      formatTime: describe,
      formatTimeTick: (t) => formatDuration(t, scale.unit),
      formatValue: (v) => v.toLocaleString('en-US'),
      height: CHART_HEIGHT,
      ...(run.quantiles === undefined ? {} : { note: bandsNote(run.summary.runs) }),
    },
  );

  return {
    show(t) {
      const row = rowAt(series.t, t);
      cells.forEach((cell, c) => {
        cell.textContent = series.columns[c]![row]!.toLocaleString('en-US');
      });
      chart.showUpTo(row);
      map?.view.show(map.frameAt(t));
    },
    fit() {
      map?.view.fit();
    },
  };
}
