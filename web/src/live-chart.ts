import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDuration } from '../../src/output/time-format.js';
import { roundTimeSteps } from './time-axis.js';

/** A shaded range around a line (an ensemble's spread), on the chart's rows. */
export interface ChartBand {
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly opacity: number;
  /** What the band holds, for the hover readout and exports: `90%`. */
  readonly label: string;
}

/** One line of a chart, with the bands shaded around it (outermost first), if any. */
export interface ChartLine {
  readonly label: string;
  readonly values: Float64Array;
  readonly colour: string;
  readonly bands?: readonly ChartBand[];
}

/** How a chart reads its axes. */
export interface ChartOptions {
  readonly until: number;
  readonly yMax: number;
  /** A time for the hover readout. */
  readonly formatTime: (t: number) => string;
  /** The run's time unit: the time axis is labelled in durations, at round steps of it. */
  readonly timeUnit: string;
  readonly formatValue: (v: number) => string;
  /** The value axis's tick labels, when they must be shorter than `formatValue`'s (`count-ticks.ts`). */
  readonly formatTick?: (v: number) => string;
  readonly height: number;
  /** A line of text under the chart that says what it shows (what the bands are). */
  readonly note?: string;
}

/**
 * A time-series chart that grows as the timeline plays: it shows the rows up to the time shown,
 * on fixed axes (the whole run across, the largest value up), with a legend and a hover readout
 * of every line's value (and its bands' ranges). Bands are shaded under the lines. Drawn by
 * uPlot, only when the row shown changes.
 */
export class LiveChart {
  private readonly plot: uPlot;
  private shown = -1;

  constructor(
    private readonly container: HTMLElement,
    /** The times of the rows. */
    readonly x: Float64Array,
    readonly lines: readonly ChartLine[],
    options: ChartOptions,
  ) {
    const readout = (line: ChartLine, v: number | null, row: number | null) => {
      if (v === null) return '—';
      const ranges = (line.bands ?? []).map(
        (band) =>
          `${band.label}: ${options.formatValue(band.low[row!]!)}–${options.formatValue(band.high[row!]!)}`,
      );
      const value = options.formatValue(v);
      return ranges.length === 0 || row === null ? value : `${value} (${ranges.join(', ')})`;
    };
    this.plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: options.height,
        scales: { x: { time: false, range: [0, options.until] }, y: { range: [0, options.yMax] } },
        axes: [
          {
            values: (_, ticks) => ticks.map((t) => formatDuration(t, options.timeUnit)),
            space: 90,
            ...roundTimeSteps(options.timeUnit),
          },
          { values: (_, ticks) => ticks.map(options.formatTick ?? options.formatValue), size: 70 },
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        hooks: { drawClear: [(u) => this.drawBands(u)] },
        series: [
          { label: 'time', value: (_, t) => (t === null ? '—' : options.formatTime(t)) },
          ...lines.map((line) => ({
            label: line.label,
            stroke: line.colour,
            width: 2,
            value: (_: uPlot, v: number | null, _series: number, row: number | null) => readout(line, v, row),
          })),
        ],
      },
      [x.subarray(0, 0), ...lines.map((line) => line.values.subarray(0, 0))],
      container,
    );
    if (options.note !== undefined) {
      const note = document.createElement('p');
      note.className = 'chart-note';
      note.textContent = options.note;
      container.after(note);
    }
    new ResizeObserver(() =>
      this.plot.setSize({ width: Math.max(200, container.clientWidth), height: options.height }),
    ).observe(container);
  }

  /** Shows rows 0 … row. */
  showUpTo(row: number): void {
    if (row === this.shown) return;
    this.shown = row;
    const end = row + 1;
    // The scales are fixed ranges, so resetting them keeps the axes still while the index window follows the data.
    this.plot.setData([this.x.subarray(0, end), ...this.lines.map((line) => line.values.subarray(0, end))]);
  }

  /** The last row shown (-1 before the first `showUpTo`). */
  get shownRow(): number {
    return this.shown;
  }

  /** Shades each line's bands over the rows shown, clipped to the plotting area. */
  private drawBands(u: uPlot): void {
    const end = u.data[0].length;
    if (end === 0) return;
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const line of this.lines) {
      for (const band of line.bands ?? []) {
        ctx.beginPath();
        for (let r = 0; r < end; r++)
          ctx.lineTo(u.valToPos(this.x[r]!, 'x', true), u.valToPos(band.high[r]!, 'y', true));
        for (let r = end - 1; r >= 0; r--)
          ctx.lineTo(u.valToPos(this.x[r]!, 'x', true), u.valToPos(band.low[r]!, 'y', true));
        ctx.closePath();
        ctx.globalAlpha = band.opacity;
        ctx.fillStyle = line.colour;
        ctx.fill();
      }
    }
    ctx.restore();
  }

  /** The element the chart draws in. */
  get element(): HTMLElement {
    return this.container;
  }
}
