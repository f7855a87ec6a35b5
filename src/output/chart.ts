import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { DOMParser } from 'linkedom';
import { compartmentColours } from './palette.js';

/** One line on a chart. */
export interface ChartSeries {
  /** Legend label; also the key that picks the colour and matches a {@link ChartBand}. */
  name: string;
  /** One y value per entry of {@link ChartInput.times}. Non-finite values leave a gap in the line. */
  values: ArrayLike<number>;
  /** Line width in pixels; default 2. Thin lines (such as 1) suit many sample runs. */
  strokeWidth?: number;
  /** Line opacity in [0, 1]; default 1. */
  opacity?: number;
}

/** A moment marked on the chart (a scenario event): a dashed vertical rule with a label. */
export interface ChartMarker {
  /** Where, in the units of {@link ChartInput.times}; markers outside the time range are left out. */
  at: number;
  /** Written along the rule, from the top of the plot, just left of it. */
  label: string;
}

/** The ticks of the horizontal axis, chosen by the caller (such as clock times). */
export interface ChartTicks {
  /** Tick positions, in the units of {@link ChartInput.times}. */
  values: readonly number[];
  /** The label of each tick. */
  format: (x: number) => string;
}

/** A shaded band between two curves (ensemble quantiles). */
export interface ChartBand {
  /** Name of the series whose colour the band takes; a series with this name must exist. */
  name: string;
  /** Lower curve, one value per entry of {@link ChartInput.times}. */
  low: ArrayLike<number>;
  /** Upper curve, one value per entry of {@link ChartInput.times}. */
  high: ArrayLike<number>;
  /** Fill opacity in [0, 1]; default 0.2. */
  opacity?: number;
}

/** Everything a line chart shows. All arrays are read, never kept or changed. */
export interface ChartInput {
  /** Drawn centred above the plot area; a title too long for one line wraps at spaces. */
  title: string;
  /** Label of the horizontal axis, such as `t (day)`. */
  xLabel: string;
  /** Label of the vertical axis, such as `count`. */
  yLabel: string;
  /** Shared x values of every series and band. */
  times: ArrayLike<number>;
  /**
   * The lines, drawn in this order. Each distinct name gets its colour by name (see
   * `compartmentColours`: `S` and `human` blue, `Z` and `zombie` red, …; other names the next
   * colour of a fixed list, in order of first appearance); series sharing a name share a colour
   * and one legend entry. The legend, at the right, lists the distinct names in this order.
   */
  series: ChartSeries[];
  /** Shaded bands, drawn beneath all lines; each takes the colour of the series with its name. */
  bands?: ChartBand[];
  /** Moments to mark with labelled vertical rules, such as a scenario's events. */
  markers?: readonly ChartMarker[];
  /** The horizontal axis's ticks; default: Plot's own, as plain numbers. */
  xTicks?: ChartTicks;
  /** Width of the SVG in pixels; default 800. */
  width?: number;
  /** Height of the SVG in pixels; default 450. */
  height?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_SHEET = `
:where(.undead-chart) {
  display: block;
  height: auto;
  max-width: 100%;
}
:where(.undead-chart text),
:where(.undead-chart tspan) {
  white-space: pre;
}
`;
/** Listed first so that resvg and browsers pick a font that exists before the generic fallback. */
const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const AXIS_FONT_SIZE = 11;
const LEGEND_FONT_SIZE = 12;
/** A generous average glyph width of the legend font, in ems, used to size the legend column. */
const CHAR_EM = 0.62;
const LEGEND_SWATCH = 20;
const LEGEND_GAP = 6;
const LEGEND_ROW = 18;
const MARGIN_TOP = 48;
const TITLE_FONT_SIZE = 16;
const TITLE_LINE = 20;
const MARKER_FONT_SIZE = 10;
/** A marker label longer than this is cut, so that it stays inside the plot. */
const MARKER_CHARS = 48;
const MARGIN_BOTTOM = 44;
const DEFAULT_BAND_OPACITY = 0.2;
/** The chart's size in pixels unless the input gives one, and the smallest it may give. */
const DEFAULT_WIDTH = 800;
const DEFAULT_HEIGHT = 450;
const MIN_SIZE = 50;
/**
 * The legend column: the space before its swatches and after its names, its least width, and the
 * most of the chart's width it may take.
 */
const LEGEND_PAD_LEFT = 16;
const LEGEND_PAD_RIGHT = 8;
const LEGEND_MIN_WIDTH = 80;
const LEGEND_MAX_SHARE = 0.4;
/** The width the title leaves free, in pixels, when it wraps. */
const TITLE_PAD = 20;

function toFloat64(values: ArrayLike<number>): Float64Array {
  // Plot reads typed arrays as channels directly; any other ArrayLike is copied once.
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

function checkLength(what: string, values: ArrayLike<number>, n: number): void {
  if (values.length !== n) {
    throw new RangeError(`renderChartSvg: ${what} has ${values.length} values but times has ${n}`);
  }
}

function checkSize(what: string, size: number): number {
  if (!Number.isFinite(size) || size < MIN_SIZE) {
    throw new RangeError(
      `renderChartSvg: ${what} must be a finite number of pixels >= ${MIN_SIZE}, got ${size}`,
    );
  }
  return size;
}

/** Finite [min, max] over several arrays, or undefined when no value is finite. */
function finiteExtent(arrays: readonly Float64Array[]): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v < lo && v > Number.NEGATIVE_INFINITY) lo = v;
      if (v > hi && v < Number.POSITIVE_INFINITY) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Widens an empty or single-value extent so that scales never divide by zero. */
function widen(extent: [number, number] | undefined, fallback: [number, number]): [number, number] {
  if (extent === undefined) return fallback;
  const [lo, hi] = extent;
  if (lo < hi) return extent;
  const pad = lo === 0 ? 1 : Math.abs(lo) / 2;
  return [lo - pad, hi + pad];
}

function svgElement(document: Document, tag: string, attrs: Record<string, string | number>): Element {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  return element;
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** Words into lines of at most `maxChars` (a longer word gets a line of its own). */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= maxChars) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [''];
}

/**
 * Renders a line chart as a complete standalone SVG document: one `<svg>` element with `xmlns`,
 * a white background, the title, axes with labels and grid, optional shaded bands, one path per
 * series and a legend on the right. Nothing else is emitted (no HTML wrapper, no scripts).
 *
 * The output is deterministic: the same input gives the same string, byte for byte. Each line is
 * a `<g aria-label="line" aria-description="NAME">` holding one `<path>` (absent if the series
 * has no finite value), each band a `<g aria-label="area" aria-description="NAME">`, and the
 * legend a `<g aria-label="legend">` of swatch-and-`<text>` rows. Markers are one
 * `<g aria-label="rule" aria-description="events">` of dashed lines beneath the series and one
 * `<g aria-label="text" aria-description="event labels">` above them; a wrapped title is a
 * `<text aria-label="title">` of `<tspan>` lines, and pushes the plot down.
 * The y axis always includes 0. Every point is drawn, so 100,000 points make a large file.
 *
 * @throws RangeError if an array's length differs from `times`, a band names no series, or
 *   `width`/`height` is not a finite number >= 50.
 */
export function renderChartSvg(input: ChartInput): string {
  const width = checkSize('width', input.width ?? DEFAULT_WIDTH);
  const height = checkSize('height', input.height ?? DEFAULT_HEIGHT);
  const times = toFloat64(input.times);
  const n = times.length;

  const names: string[] = [];
  for (const s of input.series) if (!names.includes(s.name)) names.push(s.name);
  const colours = compartmentColours(names);
  const colorOf = (name: string): string => colours.get(name)!;

  const lines = input.series.map((s, i) => {
    checkLength(`series[${i}] "${s.name}"`, s.values, n);
    return { name: s.name, values: toFloat64(s.values), width: s.strokeWidth ?? 2, opacity: s.opacity ?? 1 };
  });
  const bandOpacity = new Map<string, number>();
  const bands = (input.bands ?? []).map((b, i) => {
    checkLength(`bands[${i}].low "${b.name}"`, b.low, n);
    checkLength(`bands[${i}].high "${b.name}"`, b.high, n);
    if (!names.includes(b.name)) {
      throw new RangeError(`renderChartSvg: bands[${i}] "${b.name}" matches no series name`);
    }
    const opacity = b.opacity ?? DEFAULT_BAND_OPACITY;
    if (!bandOpacity.has(b.name)) bandOpacity.set(b.name, opacity);
    return { name: b.name, low: toFloat64(b.low), high: toFloat64(b.high), opacity };
  });

  const [t0, t1] = widen(finiteExtent([times]), [0, 1]);
  const yArrays = [...lines.map((l) => l.values), ...bands.flatMap((b) => [b.low, b.high])];
  const yExtent = finiteExtent(yArrays);
  const [y0, y1Raw] = yExtent ? [Math.min(0, yExtent[0]), Math.max(0, yExtent[1])] : [0, 1];
  const y1 = y1Raw > y0 ? y1Raw : 1; // all zero: show [0, 1] rather than a band around 0

  const maxChars = names.reduce((m, name) => Math.max(m, name.length), 1);
  const charWidth = LEGEND_FONT_SIZE * CHAR_EM;
  const marginRight = Math.round(
    Math.min(
      width * LEGEND_MAX_SHARE,
      Math.max(
        LEGEND_MIN_WIDTH,
        LEGEND_PAD_LEFT + LEGEND_SWATCH + LEGEND_GAP + maxChars * charWidth + LEGEND_PAD_RIGHT,
      ),
    ),
  );
  const legendChars = Math.floor(
    (marginRight - LEGEND_PAD_LEFT - LEGEND_SWATCH - LEGEND_GAP - LEGEND_PAD_RIGHT) / charWidth,
  );

  const marks: Plot.Markish[] = [];
  for (const b of bands) {
    marks.push(
      Plot.areaY(times, {
        x: times,
        y1: b.low,
        y2: b.high,
        fill: colorOf(b.name),
        fillOpacity: b.opacity,
        ariaDescription: b.name,
      }),
    );
  }
  // Event rules go beneath the lines, their labels above them.
  const markers = (input.markers ?? []).filter((m) => m.at >= t0 && m.at <= t1);
  let labels: Plot.Markish | undefined;
  if (markers.length > 0) {
    const at = markers.map((m) => m.at);
    marks.push(
      Plot.ruleX(at, { stroke: '#555', strokeDasharray: '4,3', strokeWidth: 1, ariaDescription: 'events' }),
    );
    labels = Plot.text(at, {
      x: at,
      text: markers.map((m) => truncate(m.label, MARKER_CHARS)),
      frameAnchor: 'top',
      rotate: -90,
      textAnchor: 'end',
      // Rotated, the text runs up the rule, ending at the top; it sits just left of the rule.
      lineAnchor: 'bottom',
      dx: -3,
      dy: 4,
      fontSize: MARKER_FONT_SIZE,
      fill: '#333',
      stroke: 'white',
      strokeWidth: 3,
      ariaDescription: 'event labels',
    });
  }
  for (const l of lines) {
    const stroke = colorOf(l.name);
    const style = { stroke, strokeWidth: l.width, ...(l.opacity < 1 ? { strokeOpacity: l.opacity } : {}) };
    marks.push(Plot.line(times, { x: times, y: l.values, ...style, ariaDescription: l.name }));
    // A one-point line is an invisible path; a dot shows where the point is.
    if (n === 1) marks.push(Plot.dot(times, { x: times, y: l.values, fill: stroke, r: 3 }));
  }
  if (labels !== undefined) marks.push(labels);

  // An XML (not HTML) document, so that serialisation escapes `<` and `&` in attribute values.
  const document = new DOMParser().parseFromString(
    `<svg xmlns="${SVG_NS}"></svg>`,
    'image/svg+xml',
  ) as unknown as Document; // linkedom implements the parts of Document that Plot uses
  const titleLines = wrap(input.title, Math.floor((width - TITLE_PAD) / (TITLE_FONT_SIZE * CHAR_EM)));
  const marginTop = MARGIN_TOP + (titleLines.length - 1) * TITLE_LINE;
  const ticks = input.xTicks;
  const layout = {
    document,
    figure: false,
    className: 'undead-chart',
    width,
    height,
    marginTop,
    marginRight,
    marginBottom: MARGIN_BOTTOM,
    x: {
      domain: [t0, t1],
      label: input.xLabel,
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
      ...(ticks === undefined ? {} : { ticks: [...ticks.values], tickFormat: ticks.format }),
    },
    y: {
      domain: [y0, y1],
      nice: true,
      label: input.yLabel,
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
    },
  } satisfies Plot.PlotOptions;
  // Plot does not size margins to tick labels, so a cheap axis-only pass finds the widest y label.
  const probe = Plot.plot({ ...layout, marks: [Plot.ruleY([y0, y1])] }) as SVGSVGElement;
  let tickChars = 1;
  for (const label of Array.from(probe.querySelectorAll('g[aria-label="y-axis tick label"] text'))) {
    tickChars = Math.max(tickChars, (label.textContent ?? '').length);
  }
  const marginLeft = Math.ceil(AXIS_FONT_SIZE * 1.5 + 9 + tickChars * AXIS_FONT_SIZE * CHAR_EM + 4);
  const svg = Plot.plot({ ...layout, marginLeft, ariaLabel: input.title, marks }) as SVGSVGElement;

  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('font-family', FONT_FAMILY);
  svg.setAttribute('font-size', String(AXIS_FONT_SIZE));

  const style = svg.querySelector('style');
  // Plot's sheet repeats `height` (auto, then intrinsic) for old browsers; this one lints clean.
  if (style !== null) style.textContent = STYLE_SHEET;
  const background = svgElement(document, 'rect', { width, height, fill: 'white' });
  const title = svgElement(document, 'text', {
    x: width / 2,
    y: 24,
    'font-size': TITLE_FONT_SIZE,
    'font-weight': 'bold',
    'text-anchor': 'middle',
    'aria-label': 'title',
  });
  if (titleLines.length === 1) title.textContent = input.title;
  else {
    titleLines.forEach((line, i) => {
      const span = svgElement(document, 'tspan', { x: width / 2, dy: i === 0 ? 0 : TITLE_LINE });
      span.textContent = i < titleLines.length - 1 ? `${line} ` : line;
      title.appendChild(span);
    });
  }
  const front = style === null ? svg.firstChild : style.nextSibling;
  svg.insertBefore(background, front);
  svg.insertBefore(title, front);

  const rowHeight = Math.min(LEGEND_ROW, (height - marginTop) / Math.max(1, names.length));
  const legend = svgElement(document, 'g', {
    'font-size': LEGEND_FONT_SIZE,
    'aria-label': 'legend',
    transform: `translate(${width - marginRight + LEGEND_PAD_LEFT},${marginTop})`,
    'text-anchor': 'start',
  });
  names.forEach((name, i) => {
    const y = (i + 0.5) * rowHeight;
    const opacity = bandOpacity.get(name);
    if (opacity !== undefined) {
      legend.appendChild(
        svgElement(document, 'rect', {
          x: 0,
          y: y - 5,
          width: LEGEND_SWATCH,
          height: 10,
          fill: colorOf(name),
          'fill-opacity': opacity,
        }),
      );
    }
    legend.appendChild(
      svgElement(document, 'line', {
        x1: 0,
        x2: LEGEND_SWATCH,
        y1: y,
        y2: y,
        stroke: colorOf(name),
        'stroke-width': 2,
      }),
    );
    const text = svgElement(document, 'text', { x: LEGEND_SWATCH + LEGEND_GAP, y, dy: '0.32em' });
    text.textContent = truncate(name, legendChars);
    legend.appendChild(text);
  });
  svg.appendChild(legend);

  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}

/**
 * Rasterises an SVG string (such as {@link renderChartSvg} output) to PNG bytes with resvg,
 * scaled to `width` pixels wide (default: the SVG's own width) on a white background.
 *
 * Text uses the system fonts (on Linux, whatever fontconfig's directories hold, e.g. DejaVu);
 * nothing is downloaded. On a machine with no fonts at all the text is simply left out.
 *
 * @throws Error if the SVG cannot be parsed; RangeError if `width` is not a positive integer.
 */
export function svgToPng(svg: string, width?: number): Uint8Array {
  if (width !== undefined && !(Number.isInteger(width) && width > 0)) {
    throw new RangeError(`svgToPng: width must be a positive integer, got ${width}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
