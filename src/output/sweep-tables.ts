import type { SweepDesign } from '../ensemble/sweep/design.js';
import type { RunRow } from '../ensemble/sweep/run-row.js';
import { formatValue, roundFigures } from './number-format.js';
import type { ParquetColumn } from './parquet.js';
import { quantilesOf } from './sample-quantiles.js';

/**
 * The tables of a sweep: `results.parquet`, one row per run, and `points.parquet` (with its twin
 * `points.csv`), one row per point. Column names are lower-snake, with compartment names as the
 * scenario spells them (`final_S`) and varied names as given (`beta`, `time.until`).
 */

/** A numeric figure of a run: a column of `results.parquet`, summarised per point. */
export interface SweepMetric {
  readonly name: string;
  /** The run's value; null when it has none (a compartment that never died out, a story time that never came). */
  readonly of: (row: RunRow) => number | null;
}

/** NaN (never) as null. */
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * The numeric figures of the runs, in column order: per compartment `final_C`, `peak_C`,
 * `peak_t_C` and `extinct_t_C`, then `events`, then the story's numeric fields in the order they
 * first appear in the rows (so the columns depend only on the rows, which are in a fixed order).
 */
export function sweepMetrics(compartments: readonly string[], rows: readonly RunRow[]): SweepMetric[] {
  const metrics: SweepMetric[] = [];
  compartments.forEach((name, c) => {
    metrics.push({ name: `final_${name}`, of: (row) => row.final[c]! });
    metrics.push({ name: `peak_${name}`, of: (row) => row.peak[c]! });
    metrics.push({ name: `peak_t_${name}`, of: (row) => row.peakT[c]! });
    metrics.push({ name: `extinct_t_${name}`, of: (row) => orNull(row.extinctT[c]!) });
  });
  metrics.push({ name: 'events', of: (row) => row.events });
  const taken = new Set(metrics.map((m) => m.name));
  for (const row of rows)
    for (const key of row.story.keys()) {
      if (taken.has(key)) continue;
      taken.add(key);
      metrics.push({ name: key, of: (r) => r.story.get(key) ?? null });
    }
  return metrics;
}

/** The varied names' columns, one value per given point number. */
function variedColumns(design: SweepDesign, pointOf: (k: number) => number, length: number): ParquetColumn[] {
  return design.names.map((name, d) =>
    design.words[d]
      ? {
          name,
          type: 'STRING',
          data: Array.from({ length }, (_, k) => String(design.points[pointOf(k)]!.values[d])),
        }
      : {
          name,
          type: 'DOUBLE',
          data: Float64Array.from({ length }, (_, k) => Number(design.points[pointOf(k)]!.values[d])),
        },
  );
}

/**
 * `results.parquet`: `point`, the varied names, `seed`, `replicate`, the metrics (DOUBLE; null
 * when a run has none) and `took_off` (BOOLEAN; null on the ODE). `seed` is DOUBLE, since a seed
 * may pass 2³¹; replicate r of every point drew from the stream of (seed, r).
 */
export function resultsColumns(
  design: SweepDesign,
  rows: readonly RunRow[],
  metrics: readonly SweepMetric[],
  seed: number,
): ParquetColumn[] {
  const n = rows.length;
  return [
    { name: 'point', type: 'INT32', data: Int32Array.from(rows, (row) => row.point) },
    ...variedColumns(design, (k) => rows[k]!.point, n),
    { name: 'seed', type: 'DOUBLE', data: new Float64Array(n).fill(seed) },
    { name: 'replicate', type: 'INT32', data: Int32Array.from(rows, (row) => row.replicate) },
    ...metrics.map(
      (metric): ParquetColumn => ({
        name: metric.name,
        type: 'DOUBLE',
        data: Float64Array.from(rows, (row) => metric.of(row) ?? Number.NaN),
      }),
    ),
    { name: 'took_off', type: 'BOOLEAN', data: rows.map((row) => row.tookOff ?? null) },
  ];
}

/** A metric over the runs of one point: mean and quantiles of the runs that have a value. */
export interface MetricSpread {
  readonly mean: number;
  readonly q05: number;
  readonly q50: number;
  readonly q95: number;
}

/** One point's runs, summarised. */
export interface PointSummary {
  readonly point: number;
  readonly runs: number;
  /** Per metric (by name): its spread, or null if no run has a value. */
  readonly spreads: ReadonlyMap<string, MetricSpread | null>;
  /** The share of runs that took off; null on the ODE. */
  readonly tookOffFraction: number | null;
}

/** The spread of a sample (quantiles of type 7, as everywhere in undead); null if empty. */
export function spreadOf(values: readonly number[]): MetricSpread | null {
  if (values.length === 0) return null;
  const { mean, q05, q50, q95 } = quantilesOf(values);
  return { mean, q05, q50, q95 };
}

/** Summarises the rows (in (point, replicate) order) point by point. */
export function pointSummaries(
  pointCount: number,
  rows: readonly RunRow[],
  metrics: readonly SweepMetric[],
): PointSummary[] {
  const summaries: PointSummary[] = [];
  let at = 0;
  for (let point = 0; point < pointCount; point++) {
    const start = at;
    while (at < rows.length && rows[at]!.point === point) at++;
    const own = rows.slice(start, at);
    const spreads = new Map<string, MetricSpread | null>();
    for (const metric of metrics)
      spreads.set(
        metric.name,
        spreadOf(own.map(metric.of).filter((v): v is number => v !== null && !Number.isNaN(v))),
      );
    const judged = own.filter((row) => row.tookOff !== undefined);
    summaries.push({
      point,
      runs: own.length,
      spreads,
      tookOffFraction:
        judged.length === 0 ? null : judged.filter((row) => row.tookOff).length / judged.length,
    });
  }
  return summaries;
}

/** The statistics of each metric in `points.parquet`, in column order. */
export const POINT_STATS = ['mean', 'q05', 'q50', 'q95'] as const;

/**
 * `points.parquet`: `point`, the varied names, `runs`, then for each metric M `M_mean`, `M_q05`,
 * `M_q50`, `M_q95` (over the runs that have a value; null if none), and `took_off_fraction`.
 */
export function pointsColumns(
  design: SweepDesign,
  summaries: readonly PointSummary[],
  metrics: readonly SweepMetric[],
): ParquetColumn[] {
  const n = summaries.length;
  return [
    { name: 'point', type: 'INT32', data: Int32Array.from(summaries, (s) => s.point) },
    ...variedColumns(design, (k) => summaries[k]!.point, n),
    { name: 'runs', type: 'INT32', data: Int32Array.from(summaries, (s) => s.runs) },
    ...metrics.flatMap((metric) =>
      POINT_STATS.map(
        (stat): ParquetColumn => ({
          name: `${metric.name}_${stat}`,
          type: 'DOUBLE',
          data: Float64Array.from(summaries, (s) => s.spreads.get(metric.name)?.[stat] ?? Number.NaN),
        }),
      ),
    ),
    {
      name: 'took_off_fraction',
      type: 'DOUBLE',
      data: Float64Array.from(summaries, (s) => s.tookOffFraction ?? Number.NaN),
    },
  ];
}

/**
 * A table as CSV: a header of the column names, then one line per row; numbers with at most 12
 * significant digits, as in `summary.json` (a quantile interpolated between runs is 3.2, not
 * 3.1999999999999957; the Parquet twin keeps every bit), null (and NaN) as an empty field, words
 * as they are (quoted if they hold a comma, a quote or a line break).
 */
export function tableCsv(columns: readonly ParquetColumn[]): string {
  const rows = columns[0]?.data.length ?? 0;
  const lines = [columns.map((c) => c.name).join(',')];
  for (let r = 0; r < rows; r++)
    lines.push(
      columns
        .map((column) => {
          const v = column.data[r];
          if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
          if (typeof v === 'number') return formatValue(roundFigures(v));
          // A word from a YAML points file may hold a comma or a quote: quoted as RFC 4180 says.
          const text = String(v);
          return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
        })
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}
