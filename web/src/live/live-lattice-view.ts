import type { LoggedIntervention } from '../../../src/model/intervention.js';
import { dayCounter } from '../lattice/day-counter.js';
import { arrivalLegendHtml, densityLegendHtml } from '../lattice/lattice-legend.js';
import { LatticeMap } from '../lattice/lattice-map.js';
import { addCellPanel, addMapTools, cellChart } from '../lattice/lattice-panels.js';
import type { LiveChart } from '../live-chart.js';
import { cellArrival } from './cell-arrival.js';
import type { LiveClient } from './live-client.js';
import type { LatticeCell, LatticeLayout, LiveFrame, LiveReady } from './protocol.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

/** What the lattice view needs of the page. */
export interface LatticeViewParts {
  readonly client: LiveClient;
  readonly times: Float64Array;
  readonly describe: (t: number) => string;
  /** The count and state a click adds (or removes), or undefined if a click only inspects. */
  readonly dropOnClick: () => { compartment: string; count: number } | undefined;
}

/**
 * The live lattice map: density by state (viridis of the log of the count), with a state menu,
 * an arrival-time layer, a legend and a day counter, pan and zoom (`LatticeMap`). Clicking a cell
 * watches it (the worker sends its series, and its named regions', with every frame) and answers
 * "when does it reach me?" in the side column; it also drops the count and state of the controls there
 * (`add … at x,y`), as a click on the building drops people in a room, and says in the panel what
 * it did (or why the run refused it). Zombies dropped in a cell do not answer its question: the
 * arrival told is the outbreak's, before the drop (`cell-arrival.ts`).
 */
export class LiveLatticeView {
  readonly map: LatticeMap;
  private readonly layout: LatticeLayout;
  /** The cell watched, kept across resets (the worker's new run is told again). */
  private watched: { x: number; y: number } | undefined;
  private chart: LiveChart | undefined;
  private chartColumns: Float64Array[] = [];
  private chartKey = '';

  constructor(
    private run: LiveReady,
    private readonly parts: LatticeViewParts,
  ) {
    this.layout = run.lattice!;
    $('#map-area').hidden = false;
    $('#map-heading').textContent =
      `Lattice, ${this.layout.width} × ${this.layout.height} cells of ${this.layout.cellKm} km`;
    const canvas = $<HTMLCanvasElement>('#map');
    canvas.classList.add('lattice-map');
    canvas.setAttribute('aria-label', 'The lattice map');
    this.map = new LatticeMap(canvas, this.layout);
    this.buildTools();
    addCellPanel();
    const dropped = document.createElement('p');
    dropped.id = 'lattice-cell-drop';
    dropped.setAttribute('aria-live', 'polite');
    $('#lattice-arrival-time').after(dropped);
    this.map.onCellClick((cell) => void this.clicked(cell));
  }

  /** A new run of the same scenario (reset or reseed): the watched cell is watched again. */
  restart(run: LiveReady): void {
    this.run = run;
    this.chartKey = '';
    const state = Number($<HTMLSelectElement>('#lattice-state').value);
    if (state !== Math.max(0, this.layout.attacker))
      void this.parts.client.send({ type: 'map', compartment: state });
    if (this.watched !== undefined)
      void this.parts.client.send({ type: 'watch', x: this.watched.x, y: this.watched.y });
  }

  /** Draws a frame: the map, the day counter and the watched cell. */
  show(frame: LiveFrame): void {
    const day = dayCounter(frame.t, this.run.unit);
    $('#lattice-day').textContent = day;
    // A large map comes with some frames only (see live-worker.ts): the counter goes on meanwhile.
    const lattice = frame.lattice;
    if (lattice === undefined) return;
    this.map.show(lattice, this.run.until, day);
    if (lattice.cell !== undefined) this.showCell(lattice.cell, frame.t, frame.interventions);
  }

  /**
   * A cell was clicked: watch it, and drop the controls' count there if the map's click adds. The
   * drop is read and sent once the watch is answered, so that a refusal (the page's, of a count it
   * cannot read, or the run's) comes last and stays on the page.
   */
  private async clicked(cell: { x: number; y: number }): Promise<void> {
    const open = this.layout.open[cell.y * this.layout.width + cell.x] === 1;
    if (this.watched?.x !== cell.x || this.watched?.y !== cell.y) {
      this.watched = cell;
      this.map.mark(cell);
      $('#lattice-cell').hidden = false;
      $('#lattice-cell-heading').textContent = `Cell ${cell.x}, ${cell.y}`;
      $('#lattice-arrival-time').textContent = 'Finding when the zombies reach it…';
      $('#lattice-cell-drop').textContent = '';
      await this.parts.client.send({ type: 'watch', x: cell.x, y: cell.y });
    }
    if (!open) return;
    const drop = this.parts.dropOnClick();
    if (drop === undefined) return;
    const place = `${cell.x},${cell.y}`;
    const answer = await this.parts.client.send({
      type: 'control',
      intervention: { kind: 'add', compartment: drop.compartment, count: drop.count, place },
    });
    const what = `${drop.count < 0 ? 'remove' : 'add'} ${Math.abs(drop.count)} ${drop.compartment}`;
    $('#lattice-cell-drop').textContent =
      answer.type === 'error'
        ? `This click would ${what} here; the run refused it: ${answer.message}.`
        : `This click ${drop.count < 0 ? 'removed' : 'added'} ${Math.abs(drop.count)} ${drop.compartment} here at ${this.parts.describe(answer.t)}.`;
  }

  /** The watched cell's arrival time, regions and series chart. */
  private showCell(cell: LatticeCell, now: number, interventions: readonly LoggedIntervention[]): void {
    const { describe } = this.parts;
    const attacker = this.run.compartments[this.layout.attacker] ?? '';
    const { arrival: t, droppedAt } = cellArrival(cell.arrival, interventions, attacker, cell, now);
    const arrival = $('#lattice-arrival-time');
    arrival.dataset.t = Number.isNaN(t) ? '' : String(t);
    arrival.textContent = !cell.open
      ? 'Sea, or outside the map: no one lives here, and nothing is dropped here.'
      : !Number.isNaN(t)
        ? `The first zombie reached it at ${describe(t)} (${dayCounter(t, this.run.unit)}).`
        : droppedAt === undefined
          ? `Not reached yet, at ${describe(now)}.`
          : `Not reached by the outbreak before ${attacker} were dropped here at ${describe(droppedAt)}.`;
    const regions = cell.regions.map((r) => r.name);
    $('#lattice-cell-regions').textContent =
      regions.length === 0
        ? 'In no named region: the series is the cell’s.'
        : `In ${regions.join(', ')}: the series is the region’s.`;
    // The region's series when the cell lies in one (the first), else the cell's own.
    const series = cell.regions[0]?.series ?? cell.series;
    const key = `${cell.x},${cell.y},${cell.regions[0]?.name ?? ''}`;
    if (key !== this.chartKey) this.makeChart(key, series);
    const n = this.run.compartments.length;
    const count = series.length / n;
    for (let c = 0; c < n; c++) {
      const column = this.chartColumns[c]!;
      column.fill(Number.NaN);
      for (let r = 0; r < count; r++) column[r] = series[r * n + c]!;
    }
    this.chart!.showUpTo(-1);
    this.chart!.showUpTo(Math.max(0, count - 1));
  }

  private makeChart(key: string, series: Float64Array): void {
    this.chartKey = key;
    const { compartments } = this.run;
    const n = compartments.length;
    let yMax = 1;
    for (let r = 0; r * n < series.length; r++) {
      let sum = 0;
      for (let c = 0; c < n; c++) sum += series[r * n + c]!;
      yMax = Math.max(yMax, sum);
    }
    this.chartColumns = compartments.map(() => new Float64Array(this.parts.times.length).fill(Number.NaN));
    this.chart = cellChart(compartments, this.parts.times, this.chartColumns, yMax, {
      until: this.run.until,
      unit: this.run.unit,
      describe: this.parts.describe,
    });
  }

  /** The state menu, the arrival layer's switch, the legend and the day counter, under the map. */
  private buildTools(): void {
    const options = this.run.compartments
      .map(
        (name, c) =>
          `<option value="${c}"${c === Math.max(0, this.layout.attacker) ? ' selected' : ''}>${name}</option>`,
      )
      .join('');
    addMapTools(`
      <p class="lattice-day"><output id="lattice-day" aria-live="off">day 0</output></p>
      <label>Density of <select id="lattice-state">${options}</select></label>
      <label><input type="checkbox" id="lattice-arrival" /> Arrival times</label>
      <div class="lattice-legend" id="lattice-legend" aria-label="Legend"></div>`);
    const state = $<HTMLSelectElement>('#lattice-state');
    state.addEventListener('change', () => {
      void this.parts.client.send({ type: 'map', compartment: Number(state.value) });
    });
    const arrival = $<HTMLInputElement>('#lattice-arrival');
    arrival.addEventListener('change', () => {
      this.map.setLayer(arrival.checked ? 'arrival' : 'density');
      state.disabled = arrival.checked;
      this.fillLegend();
    });
    this.fillLegend();
  }

  /** The legend of the layer shown: viridis from none to the peak, or the arrival ramp over the run. */
  private fillLegend(): void {
    $('#lattice-legend').innerHTML =
      this.map.layer === 'density'
        ? densityLegendHtml('People', this.layout.peak)
        : arrivalLegendHtml(this.run.until, this.run.unit);
  }
}
