import type { LiveChart } from '../live-chart.js';
import { rowAt } from '../series.js';

/**
 * A chart to export, with the unit of its values for the column headers (`%`), if any, and a name
 * put before each of its lines' labels (`Run A`), to tell apart two runs' charts in one file.
 */
export interface ChartToExport {
  readonly chart: LiveChart;
  readonly unit?: string;
  readonly prefix?: string;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * What the charts show, as CSV: one row per time of the first chart up to the time shown, the
 * time as a number (`t (UNIT)`, as in `timeseries.csv`) and as read (`time`), then every line of
 * every chart, named with the chart's prefix if it has one (a band as two columns, its low and high
 * edge). Another chart's values are its rows at or before each time.
 */
export function chartCsv(
  charts: readonly ChartToExport[],
  unit: string,
  describe: (t: number) => string,
): string {
  const first = charts[0]?.chart;
  if (first === undefined) return '';
  const header = [`t (${unit})`, 'time'];
  for (const { chart, unit: valueUnit, prefix } of charts) {
    const suffix = valueUnit === undefined ? '' : ` (${valueUnit})`;
    for (const line of chart.lines) {
      const label = prefix === undefined ? line.label : `${prefix} ${line.label}`;
      header.push(`${label}${suffix}`);
      for (const band of line.bands ?? [])
        header.push(`${label} ${band.label} low${suffix}`, `${label} ${band.label} high${suffix}`);
    }
  }
  const out = [header.map(field).join(',')];
  for (let r = 0; r <= first.shownRow; r++) {
    const t = first.x[r]!;
    const cells = [String(t), field(describe(t))];
    for (const { chart } of charts) {
      const k = chart === first ? r : rowAt(chart.x, t);
      for (const line of chart.lines) {
        cells.push(String(line.values[k]));
        for (const band of line.bands ?? []) cells.push(String(band.low[k]), String(band.high[k]));
      }
    }
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}
