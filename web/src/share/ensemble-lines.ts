import type { ChartLine } from '../live-chart.js';
import './share.css';
import { compartmentColour } from '../palette.js';
import type { RunData } from '../run-files.js';
import { medianLine, shareLevels } from './ensemble.js';

/**
 * The time-series chart's lines for an ensemble: each compartment's median over the runs with its
 * 50% and 90% bands, from `quantiles.csv`. Undefined for a single run, or when the quantiles are
 * not on the time series' rows (the chart's x).
 */
export function ensembleSeriesLines(run: RunData): ChartLine[] | undefined {
  const q = run.quantiles;
  if (q === undefined || q.t.length !== run.series.t.length) return undefined;
  return q.names.map((name, c) => medianLine(`${name} median`, q.levels[c]!, compartmentColour(name, c)));
}

/**
 * Survival by group for an ensemble: each group's share still human (the first state), its median
 * over the runs with bands, from every run's rows of `groups.csv`. Undefined for a single run.
 */
export function ensembleSurvivalLines(run: RunData, colours: readonly string[]): ChartLine[] | undefined {
  const runs = run.groupRuns;
  if (runs === undefined || runs.length < 2 || run.groups === undefined) return undefined;
  if (runs.some((r) => r.t.length !== run.groups!.t.length)) return undefined;
  return run.groups.groups.map((group, g) =>
    medianLine(`${group.name} human, median`, shareLevels(runs, g, 0), colours[g % colours.length]!),
  );
}
