import { dayCounter } from './day-counter.js';
import { arrivalColour, cssOf, densityTicks, NONE_RGB, viridis } from './lattice-colours.js';

/** The density legend: viridis from none to `peak` on the log scale, with ticks at powers of ten. */
export function densityLegendHtml(what: string, peak: number): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${cssOf(viridis(i / 8))} ${(i * 100) / 8}%`);
  const ticks = densityTicks(peak)
    .map((v) => {
      const at = v === 0 ? 0 : (100 * Math.log1p(v)) / Math.log1p(peak);
      return `<span style="left:${at.toFixed(1)}%">${v.toLocaleString('en-US')}</span>`;
    })
    .join('');
  return `<p>${what} per cell (log scale; grey: none)</p><div class="lattice-ramp" style="background:linear-gradient(to right, ${cssOf(NONE_RGB)} 0 3%, ${stops.join(', ')})"></div><div class="lattice-ticks">${ticks}</div>`;
}

/** The arrival legend: the ramp from t = 0 to `until`, grey for cells not reached by the time shown. */
export function arrivalLegendHtml(until: number, unit: string): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${cssOf(arrivalColour(i / 8, 1))} ${(i * 100) / 8}%`);
  return `<p>When the first zombie arrived (grey: not by the time shown)</p><div class="lattice-ramp" style="background:linear-gradient(to right, ${stops.join(', ')})"></div><div class="lattice-ticks"><span style="left:0%">${dayCounter(0, unit)}</span><span style="left:100%">${dayCounter(until, unit)}</span></div>`;
}
