import * as Plot from '@observablehq/plot';
import { DOMParser } from 'linkedom';
import { chartTitle } from './chart-title.js';
import { formatHuman } from './number-format.js';

/** Everything a chart of a metric point by point shows. */
export interface PointChartInput {
  readonly title: string;
  readonly yLabel: string;
  /** One label per point, in order (its values, or its number). */
  readonly labels: readonly string[];
  readonly mean: readonly number[];
  /** The 90% band per point, or undefined for none. */
  readonly band?: { readonly low: readonly number[]; readonly high: readonly number[] } | undefined;
  readonly width?: number;
  readonly height?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const COLOUR = '#4269d0';
/** Beyond this many points, the axis shows point numbers rather than a label per point. */
const MAX_CATEGORIES = 60;

/**
 * The metric at each point as a dot on a category axis, with its 90% band as a vertical bar: for
 * designs whose points lie on no numeric axis (lists of words, or more than two varied names), where
 * a line between points would suggest values in between that do not exist. A standalone SVG
 * document; deterministic.
 */
export function renderPointChartSvg(input: PointChartInput): string {
  const width = input.width ?? 800;
  const height = input.height ?? 450;
  const document = new DOMParser().parseFromString(
    `<svg xmlns="${SVG_NS}"></svg>`,
    'image/svg+xml',
  ) as unknown as Document;
  const heading = chartTitle(document, input.title, width);
  const many = input.labels.length > MAX_CATEGORIES;
  const data = input.labels.map((label, p) => ({
    // Many points go on a numeric axis of point numbers, without a tick for each.
    x: many ? p : label,
    mean: input.mean[p]!,
    low: input.band?.low[p] ?? Number.NaN,
    high: input.band?.high[p] ?? Number.NaN,
  }));
  type Datum = (typeof data)[number];
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const longest = input.labels.reduce((most, label) => Math.max(most, label.length), 1);
  const rotate = !many && longest * input.labels.length * 7 > width - 80;
  const plot = Plot.plot({
    document,
    figure: false,
    className: 'undead-chart',
    width,
    height: height - 34 - heading.extra,
    marginLeft: 64,
    marginBottom: rotate ? Math.min(160, 30 + longest * 5) : 44,
    x: many
      ? { label: 'point', labelAnchor: 'center', labelArrow: 'none', grid: true }
      : { type: 'band', domain: input.labels, label: null, tickRotate: rotate ? -30 : 0, padding: 0.4 },
    y: {
      label: input.yLabel,
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
      zero: true,
      tickFormat: (v: number) => formatHuman(v),
    },
    marks: [
      Plot.ruleX(data, {
        x: 'x',
        y1: (d: Datum) => finite(d.low),
        y2: (d: Datum) => finite(d.high),
        stroke: COLOUR,
        strokeOpacity: many ? 0.15 : 0.35,
        strokeWidth: many ? 1 : 10,
      }),
      Plot.dot(data, {
        x: 'x',
        y: (d: Datum) => finite(d.mean),
        fill: COLOUR,
        r: data.length > 2000 ? 1.5 : many ? 2.5 : 5,
      }),
    ],
  }) as SVGSVGElement;
  plot.setAttribute('y', String(34 + heading.extra));
  plot.setAttribute('font-family', FONT_FAMILY);
  plot.setAttribute('font-size', '11');
  plot.querySelector('style')?.remove();
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [key, value] of Object.entries({
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': FONT_FAMILY,
    role: 'img',
    'aria-label': input.title,
  }))
    svg.setAttribute(key, String(value));
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', 'white');
  svg.appendChild(background);
  svg.appendChild(heading.element);
  svg.appendChild(plot);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
