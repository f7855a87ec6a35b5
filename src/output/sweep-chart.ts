import { pointLabel, type SweepDesign } from '../ensemble/sweep/design.js';
import { type ChartBand, type ChartSeries, renderChartSvg } from './chart.js';
import { renderHeatmapSvg } from './heatmap-chart.js';
import { formatHuman } from './number-format.js';
import { renderPointChartSvg } from './point-chart.js';

/** A metric at each point: its mean and 90% band (q05, q95; NaN where a point has none). */
export interface PointValues {
  readonly mean: readonly number[];
  readonly q05: readonly number[];
  readonly q95: readonly number[];
}

/** What the sweep chart shows. */
export interface SweepChartInput {
  readonly design: SweepDesign;
  /** The metric's name, as in results.parquet (`final_S`, `took_off_fraction`). */
  readonly metric: string;
  readonly values: PointValues;
  /** Whether the band means anything (not for a fraction of runs). */
  readonly band: boolean;
  /** `munz-basic, ssa, 20 runs per point`, for the title. */
  readonly caption: string;
}

/**
 * The chart of a sweep, chosen by the design:
 * - one numeric name (and at most one list of words): the metric's mean against it, with its 90%
 *   band over runs, one line per word (an engine, say);
 * - two numeric names and no words: a heatmap of the mean (cells for a grid; coloured dots for a
 *   sample);
 * - anything else (lists of words, more names): each point's mean and band side by side, named by
 *   its values (by its number, as in points.csv, beyond 20 points), with no line between them.
 */
export function sweepChartSvg(input: SweepChartInput): string {
  const { design, metric, values, caption } = input;
  const numeric = design.names.flatMap((_, d) => (design.words[d] ? [] : [d]));
  const words = design.names.flatMap((_, d) => (design.words[d] ? [d] : []));
  const label = metric === 'took_off_fraction' ? 'share of runs that took off' : `${metric}, mean over runs`;
  if (numeric.length === 1 && words.length <= 1) {
    const lines = byLine(input, numeric[0]!, words[0]);
    if (lines !== undefined) return lines;
  }
  if (numeric.length === 2 && words.length === 0) {
    const [dx, dy] = numeric as [number, number];
    const cells = design.points.map((point, p) => ({
      x: Number(point.values[dx]),
      y: Number(point.values[dy]),
      value: values.mean[p]!,
    }));
    const xs = new Set(cells.map((c) => c.x)).size;
    const ys = new Set(cells.map((c) => c.y)).size;
    const keys = new Set(cells.map((c) => `${c.x},${c.y}`)).size;
    return renderHeatmapSvg({
      title: `${label} — ${caption}`,
      xLabel: design.names[dx]!,
      yLabel: design.names[dy]!,
      valueLabel: metric,
      cells,
      grid: design.kind === 'grid' || (keys === cells.length && xs * ys === cells.length),
    });
  }
  // No numeric axis fits: the points side by side, named by their values while they are few.
  const few = design.points.length <= 20;
  return renderPointChartSvg({
    title: `${label}${input.band ? ', 90% band' : ''}${few ? '' : ` by point (${design.names.join(', ')}: see points.csv)`} — ${caption}`,
    yLabel: metric,
    labels: design.points.map((point, p) =>
      few ? pointLabel(design.names, point.values, formatHuman) : String(p),
    ),
    mean: values.mean,
    band: input.band ? { low: values.q05, high: values.q95 } : undefined,
  });
}

/** Lines against numeric name `dx`, one per value of word name `dw`; undefined if two points share a place. */
function byLine(input: SweepChartInput, dx: number, dw: number | undefined): string | undefined {
  const { design, metric, values, caption } = input;
  const xs = [...new Set(design.points.map((point) => Number(point.values[dx])))].sort((a, b) => a - b);
  const lineOf = (p: number) => (dw === undefined ? metric : String(design.points[p]!.values[dw]));
  const names = [...new Set(design.points.map((_, p) => lineOf(p)))];
  const table = new Map(
    names.map((name) => [
      name,
      {
        mean: xs.map(() => Number.NaN),
        q05: xs.map(() => Number.NaN),
        q95: xs.map(() => Number.NaN),
        seen: new Set<number>(),
      },
    ]),
  );
  for (const [p, point] of design.points.entries()) {
    const line = table.get(lineOf(p))!;
    const k = xs.indexOf(Number(point.values[dx]));
    if (line.seen.has(k)) return undefined;
    line.seen.add(k);
    line.mean[k] = values.mean[p]!;
    line.q05[k] = values.q05[p]!;
    line.q95[k] = values.q95[p]!;
  }
  const series: ChartSeries[] = [];
  const bands: ChartBand[] = [];
  for (const [name, line] of table) {
    series.push({ name, values: line.mean });
    if (input.band) bands.push({ name, low: line.q05, high: line.q95 });
  }
  const label =
    metric === 'took_off_fraction'
      ? 'share of runs that took off'
      : `${metric}: mean over runs${input.band ? ', 90% band' : ''}`;
  return renderChartSvg({
    title: `${label} — ${caption}`,
    xLabel: design.names[dx]!,
    yLabel: metric,
    times: xs,
    series,
    bands,
    ...(xs.length <= 12 ? { xTicks: { values: xs, format: (x: number) => formatHuman(x) } } : {}),
  });
}
