import { LiveChart } from '../live-chart.js';
import { compartmentColour } from '../palette.js';

const CELL_CHART_HEIGHT = 160;

/**
 * The tools under a lattice map, live or replayed, in place of the building view's legend: `html`
 * (the day counter, the layer's switches, the lattice legend). Returns their container.
 */
export function addMapTools(html: string): HTMLElement {
  const legend = document.querySelector<HTMLElement>('#legend')!;
  legend.hidden = true;
  const tools = document.createElement('div');
  tools.id = 'lattice-tools';
  tools.className = 'lattice-tools';
  tools.innerHTML = html;
  legend.after(tools);
  return tools;
}

/**
 * The panel for the cell clicked on a lattice map, live or replayed: when the first zombie reached
 * it, the regions that hold it and their series. Placed in the side column under the counts,
 * beside the map, where a click's answer is seen at once.
 */
export function addCellPanel(): void {
  const section = document.createElement('section');
  section.id = 'lattice-cell';
  section.hidden = true;
  section.setAttribute('aria-labelledby', 'lattice-cell-heading');
  section.innerHTML = `<h2 id="lattice-cell-heading">Cell</h2>
      <p id="lattice-arrival-time" aria-live="polite"></p>
      <p id="lattice-cell-regions" class="muted"></p>
      <div id="lattice-cell-chart" class="chart"></div>`;
  document.querySelector('#counts')!.closest('section')!.after(section);
}

/** How the cell chart shows time: the run's end, its unit, and a time in words. */
export interface CellChartTime {
  readonly until: number;
  readonly unit: string;
  readonly describe: (t: number) => string;
}

/**
 * The cell panel's chart of one series per compartment (`columns[c]`, over `times`), replacing the
 * last. Its axis reaches the largest total of a row; millions (a region of a country) read 13.6M.
 */
export function cellChart(
  names: readonly string[],
  times: Float64Array,
  columns: readonly Float64Array[],
  yMax: number,
  time: CellChartTime,
): LiveChart {
  const host = document.querySelector<HTMLElement>('#lattice-cell-chart')!;
  host.replaceChildren();
  return new LiveChart(
    host,
    times,
    names.map((label, c) => ({
      label,
      values: columns[c] ?? new Float64Array(times.length),
      colour: compartmentColour(label, c),
    })),
    {
      until: time.until,
      yMax,
      formatTime: time.describe,
      timeUnit: time.unit,
      formatValue:
        yMax >= 1e6
          ? (v) => v.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 })
          : (v) => v.toLocaleString('en-US'),
      height: CELL_CHART_HEIGHT,
    },
  );
}
