import type { Trajectory } from '../engines/trajectory.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { Scenario } from '../scenario/schema.js';
import { type ChartInput, type ChartMarker, type ChartSeries, renderChartSvg } from './chart.js';
import { quantileSeries } from './quantiles.js';
import { timeAxis } from './time-format.js';

/** The most output times a chart draws: more would not show on 800 pixels, only slow it down. */
const CHART_POINTS = 5000;

/** At most this many sample runs are drawn in `chart-runs.svg`. */
const SAMPLE_RUNS = 20;

/** One chart file of a run: its name without the extension, and its SVG text. */
export interface RunChart {
  readonly name: string;
  readonly svg: string;
}

/**
 * The charts of a run, over the scenario's time axis (clock times with a clock, hours for a day
 * of seconds; see `timeAxis`) with the scenario's timed events marked:
 * - `chart`: the one run, or an ensemble's median with its 50% and 90% bands;
 * - `chart-runs`, for an ensemble only: up to {@link SAMPLE_RUNS} runs (the first ones) as thin
 *   lines under each compartment's median, which shows what the bands hide when outcomes split
 *   (half the runs burn out, half take over).
 */
export function runCharts(scenario: Scenario, runs: readonly Trajectory[]): RunChart[] {
  const first = runs[0]!;
  const rows = chartRows(first.times.length);
  const axis = timeAxis(scenario.time.until, timeScaleOf(scenario));
  const base = {
    xLabel: axis.label,
    yLabel: 'count',
    times: Float64Array.from(rows, (row) => first.times[row]!),
    markers: scenarioMarkers(scenario),
    ...(axis.ticks === undefined ? {} : { xTicks: axis.ticks }),
  } satisfies Partial<ChartInput>;
  if (runs.length === 1) {
    return [
      {
        name: 'chart',
        svg: renderChartSvg({ ...base, title: scenario.title, series: runSeries(first, rows) }),
      },
    ];
  }
  const quantiles = quantileSeries(runs, rows);
  const shown = runs.slice(0, SAMPLE_RUNS);
  const samples = shown.flatMap((run) =>
    runSeries(run, rows).map((s) => ({ ...s, strokeWidth: 1, opacity: 0.35 })),
  );
  const medians = quantiles.series.map((s) => ({ ...s, strokeWidth: 2.5 }));
  return [
    {
      name: 'chart',
      svg: renderChartSvg({
        ...base,
        title: `${scenario.title} (${runs.length} runs: median, 50% and 90% bands)`,
        ...quantiles,
      }),
    },
    {
      name: 'chart-runs',
      svg: renderChartSvg({
        ...base,
        title: `${scenario.title} (${shown.length} of ${runs.length} runs, thin, and the median, thick)`,
        // Samples first, in compartment order, so that the legend keeps the compartments' order.
        series: [...samples, ...medians],
      }),
    },
  ];
}

/** One series per compartment of a run, at the given rows. */
function runSeries(run: Trajectory, rows: Uint32Array): ChartSeries[] {
  const n = run.compartments.length;
  return run.compartments.map((name, c) => ({
    name,
    values: Float64Array.from(rows, (row) => run.values[row * n + c]!),
  }));
}

/** The rows a chart draws: all of them, or every k-th and the last when there are more than `CHART_POINTS`. */
export function chartRows(count: number): Uint32Array {
  if (count <= CHART_POINTS) return Uint32Array.from({ length: count }, (_, row) => row);
  const stride = Math.ceil((count - 1) / (CHART_POINTS - 1));
  const rows = Uint32Array.from({ length: Math.ceil((count - 1) / stride) + 1 }, (_, k) => k * stride);
  rows[rows.length - 1] = count - 1;
  return rows;
}

/**
 * The scenario's events that fire at given times (`at` of `events` and of `world.events`), as
 * chart markers named after the event (or its action, for an unnamed world event). Events that fire
 * periodically or on a condition are not marked; nor is an event switched off (`enabled: false`).
 */
export function scenarioMarkers(scenario: Scenario): ChartMarker[] {
  const markers: ChartMarker[] = [];
  const add = (event: { at?: number | readonly number[] | undefined }, label: string) => {
    if ((event as { enabled?: unknown }).enabled === false || event.at === undefined) return;
    for (const at of typeof event.at === 'number' ? [event.at] : event.at) markers.push({ at, label });
  };
  scenario.events.forEach((event, e) => {
    add(event, event.name ?? `event ${e + 1}`);
  });
  for (const event of scenario.world?.events ?? []) {
    const action = Object.keys(event).find((key) => key !== 'name' && key !== 'at' && key !== 'enabled');
    add(event, event.name ?? action ?? 'event');
  }
  return markers.sort((a, b) => a.at - b.at);
}
