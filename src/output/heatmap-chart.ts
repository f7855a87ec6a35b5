import * as Plot from '@observablehq/plot';
import { DOMParser } from 'linkedom';
import { chartTitle } from './chart-title.js';
import { formatHuman } from './number-format.js';

/** One coloured point of a heatmap: its x and y, and the value its colour shows (NaN: no value). */
export interface HeatmapCell {
  readonly x: number;
  readonly y: number;
  readonly value: number;
}

/** Everything a heatmap shows. */
export interface HeatmapInput {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The colour legend's label (the metric). */
  readonly valueLabel: string;
  readonly cells: readonly HeatmapCell[];
  /**
   * True when the cells fill a grid (each x with each y once): they are drawn as touching
   * rectangles with their values written in when few; otherwise as coloured dots on linear axes
   * (a Latin hypercube sample, say).
   */
  readonly grid: boolean;
  readonly width?: number;
  readonly height?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const LEGEND_WIDTH = 110;
const MARGIN_TOP = 44;
/** Values are written into the cells of a grid of at most this many cells. */
const LABELLED_CELLS = 144;
const STOPS = 16;

/**
 * A heatmap (viridis, dark for low values, yellow for high) as a standalone SVG document: a title,
 * the plot with labelled axes, and a colour legend at the right with the lowest, middle and highest
 * value. Deterministic: the same input gives the same string.
 */
export function renderHeatmapSvg(input: HeatmapInput): string {
  const width = input.width ?? 800;
  const height = input.height ?? 500;
  const document = new DOMParser().parseFromString(
    `<svg xmlns="${SVG_NS}"></svg>`,
    'image/svg+xml',
  ) as unknown as Document;
  const finite = input.cells.filter((cell) => Number.isFinite(cell.value)).map((cell) => cell.value);
  // Folds, not Math.min(...values): a sweep of 100,000 points is too many arguments for a call.
  const low = finite.length === 0 ? 0 : finite.reduce((a, b) => Math.min(a, b));
  const high = finite.length === 0 ? 1 : finite.reduce((a, b) => Math.max(a, b));
  const domain: [number, number] = low < high ? [low, high] : [low - 1, high + 1];
  const color = { type: 'linear', scheme: 'viridis', domain } as const;
  const scale = Plot.scale({ color });
  const data = input.cells.map((cell) => ({ ...cell }));
  const xs = [...new Set(input.cells.map((c) => c.x))].sort((a, b) => a - b);
  const ys = [...new Set(input.cells.map((c) => c.y))].sort((a, b) => b - a);
  const marks: Plot.Markish[] = input.grid
    ? [
        Plot.cell(data, {
          x: 'x',
          y: 'y',
          fill: (d: HeatmapCell) => (Number.isFinite(d.value) ? d.value : null),
          inset: 0.5,
        }),
        ...(data.length <= LABELLED_CELLS
          ? [
              Plot.text(data, {
                x: 'x',
                y: 'y',
                text: (d: HeatmapCell) =>
                  Number.isFinite(d.value) ? formatHuman(Number(d.value.toPrecision(3))) : '–',
                // Dark text on the light (high) end of viridis, white on the dark end.
                fill: (d: HeatmapCell) => (d.value > (domain[0] + domain[1]) / 2 ? 'black' : 'white'),
                fontSize: 10,
              }),
            ]
          : []),
      ]
    : [Plot.dot(data, { x: 'x', y: 'y', fill: 'value', r: 5, stroke: '#333', strokeWidth: 0.5 })];
  const axis = (label: string, values: number[]) => ({
    label,
    labelAnchor: 'center' as const,
    labelArrow: 'none' as const,
    tickFormat: (v: number) => formatHuman(v),
    ...(input.grid
      ? { type: 'band' as const, domain: values, tickRotate: values.length > 12 ? -45 : 0 }
      : { grid: true, inset: 8 }),
  });
  const plotWidth = width - LEGEND_WIDTH;
  const heading = chartTitle(document, input.title, width);
  const plot = Plot.plot({
    document,
    figure: false,
    className: 'undead-chart',
    width: plotWidth,
    height: height - MARGIN_TOP + 10 - heading.extra,
    marginLeft: 64,
    marginBottom: 50,
    x: axis(input.xLabel, xs),
    y: axis(input.yLabel, ys),
    color,
    marks,
  }) as SVGSVGElement;
  plot.setAttribute('y', String(MARGIN_TOP - 10 + heading.extra));
  plot.setAttribute('font-family', FONT_FAMILY);
  plot.setAttribute('font-size', '11');
  // Plot's sheet sets a system font that resvg may not have; the attributes above say which.
  plot.querySelector('style')?.remove();
  const element = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svg = element('svg', {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': FONT_FAMILY,
    'font-size': 11,
    role: 'img',
    'aria-label': input.title,
  });
  svg.appendChild(element('rect', { width, height, fill: 'white' }));
  svg.appendChild(heading.element);
  svg.appendChild(plot);
  // The legend: a vertical gradient, high at the top, with three values beside it.
  const defs = element('defs', {});
  const gradient = element('linearGradient', { id: 'undead-viridis', x1: 0, y1: 1, x2: 0, y2: 0 });
  for (let k = 0; k <= STOPS; k++) {
    const v = domain[0] + ((domain[1] - domain[0]) * k) / STOPS;
    gradient.appendChild(element('stop', { offset: k / STOPS, 'stop-color': String(scale.apply(v)) }));
  }
  defs.appendChild(gradient);
  svg.appendChild(defs);
  const legendX = plotWidth + 10;
  const top = MARGIN_TOP + 20 + heading.extra;
  const barHeight = Math.max(60, height - top - 80);
  const legend = element('g', { 'aria-label': 'legend', 'font-size': 11 });
  // The metric's name, ending at the right edge so that a long one stays inside the picture.
  legend.appendChild(
    element('text', { x: width - 6, y: top - 16, 'font-size': 12, 'text-anchor': 'end' }, input.valueLabel),
  );
  legend.appendChild(
    element('rect', { x: legendX, y: top, width: 16, height: barHeight, fill: 'url(#undead-viridis)' }),
  );
  [domain[1], (domain[0] + domain[1]) / 2, domain[0]].forEach((v, k) => {
    legend.appendChild(
      element(
        'text',
        { x: legendX + 22, y: top + (barHeight * k) / 2, dy: '0.32em' },
        formatHuman(Number(v.toPrecision(4))),
      ),
    );
  });
  svg.appendChild(legend);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
