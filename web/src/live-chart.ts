import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartLine {
  readonly label: string;
  readonly values: Float64Array;
  readonly colour: string;
}

/** How a chart reads its axes. */
export interface ChartOptions {
  readonly until: number;
  readonly yMax: number;
  /** A time for the axis and the hover readout. */
  readonly formatTime: (t: number) => string;
  readonly formatTimeTick: (t: number) => string;
  readonly formatValue: (v: number) => string;
  readonly height: number;
}

/**
 * A time-series chart that grows as the timeline plays: it shows the rows up to the time shown,
 * on fixed axes (the whole run across, the largest value up), with a legend and a hover readout
 * of every line's value. Drawn by uPlot, only when the row shown changes.
 */
export class LiveChart {
  private readonly plot: uPlot;
  private shown = -1;

  constructor(
    private readonly container: HTMLElement,
    private readonly x: Float64Array,
    private readonly lines: readonly ChartLine[],
    options: ChartOptions,
  ) {
    this.plot = new uPlot(
      {
        width: Math.max(200, container.clientWidth),
        height: options.height,
        scales: { x: { time: false, range: [0, options.until] }, y: { range: [0, options.yMax] } },
        axes: [
          { values: (_, ticks) => ticks.map(options.formatTimeTick), space: 90 },
          { values: (_, ticks) => ticks.map(options.formatValue), size: 70 },
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: 'time', value: (_, t) => (t === null ? '—' : options.formatTime(t)) },
          ...lines.map((line) => ({
            label: line.label,
            stroke: line.colour,
            width: 2,
            value: (_: uPlot, v: number | null) => (v === null ? '—' : options.formatValue(v)),
          })),
        ],
      },
      [x.subarray(0, 0), ...lines.map((line) => line.values.subarray(0, 0))],
      container,
    );
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

  /** The element the chart draws in. */
  get element(): HTMLElement {
    return this.container;
  }
}
