import { formatRunTime } from '../../../src/output/time-format.js';
import { chartTimeOf, countsChartOf, countsTable } from '../counts.js';
import { DoorHistory } from '../door-history.js';
import { floorPlanOf } from '../floor-plan.js';
import { replayFrames } from '../frame-source.js';
import { MapView } from '../map-view.js';
import type { RunData } from '../run-files.js';
import { rowAt } from '../series.js';
import { hasGroups, survivalChartOf, survivalTable } from '../survival.js';
import type { ChartToExport } from './chart-csv.js';
import { element } from './element.js';
import type { MapPainter } from './map-image.js';

const CHART_HEIGHT = 200;
const SURVIVAL_HEIGHT = 140;

/** One run's column of the side-by-side page, which shows any time it is asked to. */
export interface RunPanel {
  /** What the page calls the run: `Run A`. */
  readonly name: string;
  /** What sets it apart, under its name (`runDescription`). */
  readonly description: string;
  /** Its charts, each line's label led by the run's name, for the export panel's CSV. */
  readonly charts: readonly ChartToExport[];
  /** Its map's painter (for a PNG or a clip of both maps), when the run has a map. */
  readonly painter?: MapPainter;
  show(t: number): void;
  /** Fits the map to its canvas (once every column is laid out). */
  fit(): void;
}

/** A table in `section` with a hidden caption and the given column heads; returns its body. */
function table(section: HTMLElement, id: string, caption: string, heads: readonly string[]) {
  const node = element('table', { class: 'counts', id });
  node.append(element('caption', { class: 'sr-only' }, caption));
  const row = element('tr');
  for (const head of heads) row.append(element('th', { scope: 'col' }, head));
  const thead = element('thead');
  thead.append(row);
  const body = element('tbody');
  node.append(thead, body);
  section.append(node);
  return body;
}

/**
 * Builds the column of run `run` inside `parent`: its name and what sets it apart (`description`,
 * from `runDescription`), its map (when it has a replay), its counts at the time shown and its time
 * series up to that time, and its survival by group (when it has groups). `key` (`a`, `b`) makes
 * the column's element ids unique on the page and names the run (`Run A`).
 */
export function runPanel(
  parent: HTMLElement,
  run: RunData,
  key: string,
  until: number,
  description: string,
): RunPanel {
  const { series, scale } = run;
  const name = `Run ${key.toUpperCase()}`;
  const describe = (t: number) => formatRunTime(t, scale);
  const time = chartTimeOf(run, until, describe);
  // Two runs of one scenario share a title: the description makes each column's name unique.
  const section = element('section', {
    class: 'compare-run',
    'aria-labelledby': `run-${key}-heading run-${key}-description`,
  });
  section.dataset.run = key;
  section.append(
    element('h2', { id: `run-${key}-heading` }, `${name}: ${run.title}`),
    element('p', { class: 'muted run-description', id: `run-${key}-description` }, description),
  );
  parent.append(section);

  const plan = floorPlanOf(run);
  let map: { view: MapView; frameAt: (t: number) => number; painter: MapPainter } | undefined;
  if (plan !== undefined && run.replay !== undefined) {
    const frames = replayFrames(run.replay);
    const canvas = element('canvas', {
      id: `map-${key}`,
      class: 'compare-map',
      role: 'img',
      'aria-roledescription': 'map',
      'aria-label': `The ${plan.open ? 'open plane' : 'building'} of ${name}, ${description}`,
      tabindex: '0',
    });
    section.append(canvas);
    const named = new Map<number, string>();
    run.agents.forEach((row, id) => {
      if (row.name) named.set(id, row.name);
    });
    const view = new MapView(canvas, plan, frames, named);
    view.setDoors(new DoorHistory(plan.doorStart, run.events));
    map = { view, frameAt: (t) => frames.frameAt(t), painter: view };
  }

  const counts = countsTable(
    table(section, `counts-${key}`, `People in each state at the time shown, ${name}`, ['State', 'Count']),
    series,
  );
  const chartBox = element('div', {
    class: 'chart',
    id: `series-chart-${key}`,
    role: 'img',
    'aria-label': `Counts of each state over time, up to the time shown, ${name}`,
  });
  section.append(chartBox);
  const chart = countsChartOf(chartBox, run, time, CHART_HEIGHT);
  const charts: ChartToExport[] = [{ chart, prefix: name }];

  let survival: ((t: number) => void) | undefined;
  if (hasGroups(run)) {
    section.append(element('h3', { id: `survival-${key}-heading` }, 'Survival by group'));
    survival = survivalTable(
      table(section, `survival-${key}`, `Share of each group still human at the time shown, ${name}`, [
        'Group',
        'Human',
        'Of',
      ]),
      run.groups,
    );
    const survivalBox = element('div', {
      class: 'chart',
      id: `survival-chart-${key}`,
      role: 'img',
      'aria-label': `Share of each group still human over time, ${name}`,
    });
    section.append(survivalBox);
    const survivalChart = survivalChartOf(survivalBox, run, time, SURVIVAL_HEIGHT);
    charts.push({ chart: survivalChart, unit: '%', prefix: name });
    const groupTimes = run.groups.t;
    const showTable = survival;
    survival = (t) => {
      showTable(t);
      survivalChart.showUpTo(rowAt(groupTimes, t));
    };
  }

  return {
    name,
    description,
    charts,
    ...(map === undefined ? {} : { painter: map.painter }),
    show(t) {
      const row = rowAt(series.t, t);
      counts(row);
      chart.showUpTo(row);
      survival?.(t);
      map?.view.show(map.frameAt(t));
    },
    fit() {
      map?.view.fit();
    },
  };
}
