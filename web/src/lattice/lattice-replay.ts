import { formatDuration } from '../../../src/output/time-format.js';
import type { LatticeFrame, LatticeLayout } from '../live/protocol.js';
import type { LiveChart } from '../live-chart.js';
import type { Series } from '../series.js';
import { rowAt } from '../series.js';
import { dayCounter } from './day-counter.js';
import { FrameReader } from './frame-reader.js';
import { arrivalLegendHtml, densityLegendHtml } from './lattice-legend.js';
import { LatticeMap } from './lattice-map.js';
import { addCellPanel, addMapTools, cellChart } from './lattice-panels.js';
import { type LatticeRun, regionsAt } from './lattice-run.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

/** What the replay needs of the page. */
export interface LatticeReplayParts {
  /** Where the run's files are (`run/`). */
  readonly base: string;
  readonly run: LatticeRun;
  /** The run's totals (timeseries.csv): a click outside every named region charts them. */
  readonly totals: Series;
  readonly unit: string;
  readonly until: number;
  /** The output interval (time.every): frames are taken at multiples of it. */
  readonly every: number;
  readonly describe: (t: number) => string;
}

/**
 * A finished lattice run's map, replayed on the viewer's timeline: the density frames the run drew
 * (`--frames-every`, read back by `FrameReader`) in viridis, or the arrival-time layer from
 * arrival.csv (cells reached after the time shown, or never, in grey), with pan, zoom, a legend and
 * a day counter (`LatticeMap`). Clicking a cell answers "when does it reach me?" from arrival.csv
 * and charts the series of the named region holding it (regions.csv), or the totals. A run without
 * frames shows the arrival layer only, and says how to get frames.
 */
export class LatticeReplayView {
  readonly map: LatticeMap;
  private readonly layout: LatticeLayout;
  private readonly frame: LatticeFrame;
  private readonly reader: FrameReader | undefined;
  /** The frame whose counts `frame.density` holds (−1: none yet), and the one asked for last. */
  private shownFrame = -1;
  private wantedFrame = -1;
  private t = 0;
  /** What the map was last coloured for (`paint`). */
  private painted = '';
  private watched: { x: number; y: number } | undefined;
  private chart: LiveChart | undefined;
  private chartTimes: Float64Array = new Float64Array(0);
  /** Resolves once the frame asked for last is drawn (for tests and screenshots). */
  drawn: Promise<void> = Promise.resolve();

  constructor(private readonly parts: LatticeReplayParts) {
    const { run } = parts;
    const { layout: summary } = run;
    const frames = summary.frames;
    this.layout = {
      width: summary.width,
      height: summary.height,
      cellKm: summary.cell_km,
      open: run.open,
      peak: frames?.top ?? summary.peak,
      regions: [],
      attacker: -1,
    };
    const cells = summary.width * summary.height;
    this.frame = {
      compartment: 0,
      density: new Float32Array(cells),
      arrival: new Float32Array(cells).fill(Number.NaN),
    };
    this.reader =
      frames === undefined || frames.count === 0
        ? undefined
        : new FrameReader(parts.base, frames, summary.width, summary.height);
    $('#map-area').hidden = false;
    $('#map-heading').textContent =
      `Lattice, ${summary.width} × ${summary.height} cells of ${Number(summary.cell_km.toPrecision(3))} km`;
    const canvas = $<HTMLCanvasElement>('#map');
    canvas.classList.add('lattice-map');
    this.map = new LatticeMap(canvas, this.layout);
    if (this.reader === undefined) this.map.layer = 'arrival';
    this.buildTools();
    addCellPanel();
    this.map.onCellClick((cell) => this.watch(cell));
    $('#zoom-in').addEventListener('click', () => this.map.zoomIn());
    $('#zoom-out').addEventListener('click', () => this.map.zoomOut());
    $('#zoom-fit').addEventListener('click', () => this.map.fit());
  }

  /** Shows time t: the frame taken at or before it, the arrivals up to it, the watched cell's answer. */
  show(t: number): void {
    this.t = t;
    $('#lattice-day').textContent = dayCounter(t, this.parts.unit);
    this.paint();
    const reader = this.reader;
    if (reader !== undefined) {
      const f = reader.frameAt(t);
      if (f !== this.shownFrame && f !== this.wantedFrame) {
        this.wantedFrame = f;
        this.drawn = reader.read(f).then(
          (counts) => this.frameRead(f, counts),
          (error: unknown) => {
            $('#lattice-frames-note').textContent =
              `Frame ${f} could not be read: ${error instanceof Error ? error.message : String(error)}`;
          },
        );
        // While playing, the next frame is fetched before it is needed.
        if (f + 1 < reader.count) void reader.read(f + 1).catch(() => undefined);
      }
    }
    if (this.watched !== undefined) this.answer(this.watched);
    this.chart?.showUpTo(rowAt(this.chartTimes, t));
  }

  /** The frame drawn (−1 before the first) and its counts as read back, by cell (for tests). */
  shownCounts(): { frame: number; counts: Float32Array } {
    return { frame: this.shownFrame, counts: this.frame.density };
  }

  /** The canvas point (CSS pixels) of cell (x, y)'s centre. */
  cellScreen(x: number, y: number): { x: number; y: number } {
    return this.map.screenOf(x, y);
  }

  /** A frame's counts arrived: shown if it is still the one wanted. */
  private frameRead(f: number, counts: Float32Array): void {
    if (f !== this.wantedFrame) return;
    const { density } = this.frame;
    const { run } = this.parts;
    const learnSea = !run.openKnown;
    for (let k = 0; k < counts.length; k++) {
      const v = counts[k]!;
      density[k] = Math.max(0, v);
      // A map too large for summary.json's list of open cells: the frames' sea shows them.
      if (learnSea) run.open[k] = v < 0 ? 0 : 1;
    }
    run.openKnown = true;
    this.shownFrame = f;
    this.wantedFrame = -1;
    this.paint();
  }

  /** Draws the layer shown, labelled with the time its map is of. */
  private paint(): void {
    const { unit } = this.parts;
    const reader = this.reader;
    const density = this.map.layer === 'density' && reader !== undefined;
    // A country's map is a million cells or more: it is coloured again only when what it shows changes.
    const key = density ? `frame ${this.shownFrame}` : `arrival ${this.t}`;
    if (key === this.painted) return;
    this.painted = key;
    if (!density) {
      const { arrival } = this.parts.run;
      const shown = this.frame.arrival;
      const t = this.t;
      for (let k = 0; k < shown.length; k++) shown[k] = arrival[k]! <= t ? arrival[k]! : Number.NaN;
    }
    const label =
      density && this.shownFrame >= 0
        ? dayCounter(reader.timeOf(this.shownFrame), unit)
        : dayCounter(this.t, unit);
    this.map.show(this.frame, this.parts.until, label);
    // The canvas is an image to assistive technology: its label says what it shows now.
    $('#map').setAttribute(
      'aria-label',
      density
        ? `The lattice map at ${label}: ${this.parts.run.layout.frames?.compartment} per cell`
        : `The lattice map at ${label}: when the first zombie reached each cell`,
    );
  }

  /** A cell was clicked: mark it, answer when it was reached, chart its region's series. */
  private watch(cell: { x: number; y: number }): void {
    this.watched = cell;
    this.map.mark(cell);
    $('#lattice-cell').hidden = false;
    $('#lattice-cell-heading').textContent = `Cell ${cell.x}, ${cell.y}`;
    this.answer(cell);
    const regions = regionsAt(this.parts.run, cell.x, cell.y);
    $('#lattice-cell-regions').textContent =
      regions.length === 0
        ? 'In no named region: the series is the whole map’s.'
        : `In ${regions.map((r) => r.name).join(', ')}: the series is ${regions[0]!.name}’s.`;
    const region = regions[0];
    const { totals } = this.parts;
    this.makeChart(region?.t ?? totals.t, region?.columns ?? totals.columns, totals.names);
    this.chart?.showUpTo(rowAt(this.chartTimes, this.t));
  }

  /** "When does it reach me?" for a cell, at the time shown. */
  private answer(cell: { x: number; y: number }): void {
    const { run, describe, unit } = this.parts;
    const k = cell.y * run.layout.width + cell.x;
    const text = run.arrivalText.get(k);
    const t = run.arrival[k]!;
    const out = $('#lattice-arrival-time');
    out.dataset.t = text ?? '';
    const when = `${describe(t)} (${dayCounter(t, unit)})`;
    out.textContent =
      run.openKnown && run.open[k] === 0
        ? 'Sea, or outside the map: no one lives here.'
        : text === undefined
          ? `Never reached in this run, up to ${describe(this.parts.until)}.`
          : t <= this.t
            ? `The first zombie reached it at ${when}.`
            : `The first zombie reaches it at ${when}, later than the time shown.`;
  }

  private makeChart(times: Float64Array, columns: readonly Float64Array[], names: readonly string[]): void {
    let yMax = 1;
    for (let r = 0; r < times.length; r++) {
      let sum = 0;
      for (const column of columns) sum += column[r]!;
      yMax = Math.max(yMax, sum);
    }
    this.chartTimes = times;
    this.chart = cellChart(names, times, columns, yMax, this.parts);
  }

  /** The day counter, the arrival layer's switch, the legend and (without frames) how to get them. */
  private buildTools(): void {
    const frames = this.parts.run.layout.frames;
    // About 20 frames, on the output grid (`--frames-every` must be a whole number of intervals).
    const { until, every: step } = this.parts;
    const every = Number((Math.max(1, Math.round(until / 20 / step)) * step).toPrecision(6));
    addMapTools(`
      <p class="lattice-day"><output id="lattice-day" aria-live="off">day 0</output></p>
      <label><input type="checkbox" id="lattice-arrival"${this.reader === undefined ? ' checked disabled' : ''} /> Arrival times</label>
      <div class="lattice-legend" id="lattice-legend" aria-label="Legend"></div>
      <p id="lattice-frames-note" class="muted">${
        frames === undefined
          ? `This run kept no map frames, so only the arrival times are mapped: run it again with <code>--frames-every T</code> (a frame every T ${this.parts.unit}s, such as <code>--frames-every ${every}</code>) to replay the ${this.parts.run.layout.arrival_of ?? 'density'} map.`
          : `Density of ${frames.compartment} from the run's ${frames.count} frames, one every ${formatDuration(frames.every, this.parts.unit)}.`
      }</p>`);
    const arrival = $<HTMLInputElement>('#lattice-arrival');
    arrival.addEventListener('change', () => {
      // `paint` colours the map for the layer (setting `layer` alone draws nothing).
      this.map.layer = arrival.checked ? 'arrival' : 'density';
      this.fillLegend();
      this.paint();
    });
    this.fillLegend();
  }

  private fillLegend(): void {
    const frames = this.parts.run.layout.frames;
    $('#lattice-legend').innerHTML =
      this.map.layer === 'density' && frames !== undefined
        ? densityLegendHtml(frames.compartment, frames.top)
        : arrivalLegendHtml(this.parts.until, this.parts.unit);
  }
}
