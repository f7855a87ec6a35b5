import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMParser } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChartInput, renderChartSvg, svgToPng } from '../../src/output/chart.js';
import { compartmentColours } from '../../src/output/palette.js';
import { runCharts, scenarioMarkers } from '../../src/output/run-charts.js';
import { timeAxis } from '../../src/output/time-format.js';
import { loadScenario } from '../../src/scenario/files.js';
import { runBuiltin } from '../helpers.js';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));

/** The fixed colours of humans (S), zombies (Z) and the removed (R), and the first two extra colours. */
const HUMAN = '#4269d0';
const ZOMBIE = '#ff725c';
const REMOVED = '#9498a0';
const EXTRA = ['#6cc5b0', '#ff8ab7'];

/**
 * Golden-file normal form: numbers with more than 2 decimals inside attribute values rounded to 2
 * (colours left alone), generated ids and class suffixes renumbered, one tag per line.
 */
function normalise(svg: string): string {
  const ids = new Map<string, string>();
  return svg
    .replace(/\bplot-(clip|pattern|marker)-\d+\b/g, (id, kind: string) => {
      if (!ids.has(id)) ids.set(id, `plot-${kind}-${ids.size + 1}`);
      return ids.get(id)!;
    })
    .replace(/\bplot-[0-9a-f]{6}\b/g, 'plot-XXXXXX')
    .replace(/([\w:-]+)="([^"]*)"/g, (_, name: string, value: string) => {
      if (value.startsWith('#')) return `${name}="${value}"`;
      const rounded = value.replace(/-?\d*\.\d{3,}(?:e[-+]?\d+)?/g, (num) => {
        const r = Math.round(Number(num) * 100) / 100;
        return String(Object.is(r, -0) ? 0 : r);
      });
      return `${name}="${rounded}"`;
    })
    .replace(/></g, '>\n<');
}

/** Compares against `golden/NAME.svg`; writes `NAME-changed.svg` (or the missing golden) and fails. */
function expectGolden(name: string, svg: string): void {
  const golden = `${goldenDir}${name}.svg`;
  const changed = `${goldenDir}${name}-changed.svg`;
  const actual = normalise(svg);
  if (!existsSync(golden)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(golden, actual);
    expect.fail(`golden ${name}.svg was missing and has been created; check it and run again`);
  }
  if (readFileSync(golden, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect.fail(`${name}.svg differs from its golden; see ${name}-changed.svg`);
}

function parse(svg: string) {
  return new DOMParser().parseFromString(svg, 'image/svg+xml');
}

function pathPoints(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

const n = 21;
const times = Float64Array.from({ length: n }, (_, i) => i);
const susceptible = times.map((t) => 100 * Math.exp(-t / 5));
const zombie = times.map((t) => (100 * t * Math.exp(-t / 5)) / 5);
const removed = times.map((_, i) => 100 - susceptible[i]! - zombie[i]!);

const threeSeries: ChartInput = {
  title: 'Closed forms: S, Z, R',
  xLabel: 't (day)',
  yLabel: 'count',
  times,
  series: [
    { name: 'S', values: susceptible },
    { name: 'Z', values: zombie },
    { name: 'R', values: removed },
  ],
};

const withBands: ChartInput = {
  title: 'Ensemble median & 90% band',
  xLabel: 't (day)',
  yLabel: 'zombies',
  times: Array.from(times),
  series: [
    { name: 'Z', values: zombie },
    { name: 'R', values: removed },
  ],
  bands: [
    { name: 'Z', low: zombie.map((v) => 0.8 * v), high: zombie.map((v) => 1.25 * v) },
    { name: 'R', low: removed.map((v) => v - 5), high: removed.map((v) => v + 5), opacity: 0.3 },
  ],
  width: 640,
  height: 360,
};

/** A school day in seconds from 08:40: clock ticks, two events, a long title and thin sample runs. */
const schoolDay = (() => {
  const t = Float64Array.from({ length: 145 }, (_, i) => i * 600);
  const axis = timeAxis(86_400, { unit: 'second', clockStart: 8 * 3600 + 40 * 60 });
  const human = (shift: number) => t.map((x) => 600 / (1 + Math.exp((x - 9000 - shift) / 1500)));
  return {
    title: 'A school day, in a title long enough that it must wrap onto a second line rather than be clipped',
    xLabel: axis.label,
    yLabel: 'count',
    times: t,
    xTicks: axis.ticks!,
    markers: [
      { at: 5400, label: 'the PA carries the attack (10:10)' },
      { at: 10_200, label: 'parents call (11:30)' },
      { at: 90_000, label: 'after the end: not drawn' },
    ],
    series: [
      { name: 'human', values: human(-3000), strokeWidth: 1, opacity: 0.35 },
      { name: 'human', values: human(3000), strokeWidth: 1, opacity: 0.35 },
      { name: 'human', values: human(0), strokeWidth: 2.5 },
      { name: 'zombie', values: human(0).map((v) => 600 - v), strokeWidth: 2.5 },
    ],
  } satisfies ChartInput;
})();

describe('renderChartSvg golden files', () => {
  it('a clock axis, event markers, a wrapped title and thin sample lines', () => {
    expectGolden('school-day', renderChartSvg(schoolDay));
  });

  it('three closed-form series', () => {
    expectGolden('three-series', renderChartSvg(threeSeries));
  });

  it('series with quantile bands', () => {
    expectGolden('bands', renderChartSvg(withBands));
  });
});

describe('renderChartSvg structure', () => {
  it('is one standalone <svg> with one path per series, legend in order and no NaN', () => {
    const svg = renderChartSvg(threeSeries);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toMatch(/<(figure|div|h2|span)\b/);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    const root = parse(svg).documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect([root.getAttribute('width'), root.getAttribute('height')]).toEqual(['800', '450']);

    const lines = [...root.querySelectorAll('g[aria-label="line"]')];
    expect(lines.map((g) => g.getAttribute('aria-description'))).toEqual(['S', 'Z', 'R']);
    for (const g of lines) {
      const paths = g.querySelectorAll('path');
      expect(paths).toHaveLength(1);
      expect(pathPoints(paths[0]!.getAttribute('d')!)).toBe(n);
    }
    const strokes = lines.map((g) => g.getAttribute('stroke'));
    expect(strokes).toEqual([HUMAN, ZOMBIE, REMOVED]);

    const legend = root.querySelector('g[aria-label="legend"]')!;
    expect([...legend.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['S', 'Z', 'R']);
    expect([...legend.querySelectorAll('line')].map((l) => l.getAttribute('stroke'))).toEqual(strokes);
    expect(root.querySelector('text[aria-label="title"]')!.textContent).toBe('Closed forms: S, Z, R');
    expect(svg).toContain('>t (day)<');
    expect(svg).toContain('>count<');
  });

  it('draws bands beneath lines in the colour of the series with the same name', () => {
    const root = parse(renderChartSvg(withBands)).documentElement;
    const groups = [...root.querySelectorAll('g[aria-label="area"], g[aria-label="line"]')];
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['area', 'area', 'line', 'line']);
    const [bandZ, bandR, lineZ, lineR] = groups;
    expect(bandZ!.getAttribute('fill')).toBe(lineZ!.getAttribute('stroke'));
    expect(bandR!.getAttribute('fill')).toBe(lineR!.getAttribute('stroke'));
    expect(bandZ!.getAttribute('fill-opacity')).toBe('0.2');
    expect(bandR!.getAttribute('fill-opacity')).toBe('0.3');
    expect(pathPoints(bandZ!.querySelector('path')!.getAttribute('d')!)).toBe(2 * n);
  });

  it('is deterministic', () => {
    expect(renderChartSvg(withBands)).toBe(renderChartSvg(withBands));
  });

  it('escapes markup in names and labels so the XML stays valid', () => {
    const svg = renderChartSvg({
      ...threeSeries,
      title: 'a < b & "c"',
      series: [{ name: '<S&>', values: zombie }],
    });
    const root = parse(svg).documentElement;
    expect(root.querySelector('text[aria-label="title"]')!.textContent).toBe('a < b & "c"');
    expect(root.querySelector('g[aria-label="legend"] text')!.textContent).toBe('<S&>');
    expect(svgToPng(svg, 100)[0]).toBe(0x89); // resvg's strict XML parser accepts it
  });

  it('shares one colour and one legend row among series with the same name', () => {
    const root = parse(
      renderChartSvg({
        ...threeSeries,
        series: [
          { name: 'run', values: zombie },
          { name: 'run', values: removed },
          { name: 'mean', values: susceptible },
        ],
      }),
    ).documentElement;
    const strokes = [...root.querySelectorAll('g[aria-label="line"]')].map((g) => g.getAttribute('stroke'));
    expect(strokes).toEqual([EXTRA[0], EXTRA[0], EXTRA[1]]);
    const legend = [...root.querySelectorAll('g[aria-label="legend"] text')].map((t) => t.textContent);
    expect(legend).toEqual(['run', 'mean']);
  });

  it('renders an all-zero series and a single time point without NaN', () => {
    const zeros = renderChartSvg({ ...threeSeries, series: [{ name: 'Z', values: new Float64Array(n) }] });
    expect(zeros).not.toContain('NaN');
    const flat = parse(zeros).querySelector('g[aria-label="line"] path')!.getAttribute('d')!;
    expect(pathPoints(flat)).toBe(n);
    expect(new Set(flat.match(/,[\d.]+/g))).toHaveProperty('size', 1); // one y for every point

    const one = renderChartSvg({ ...threeSeries, times: [3], series: [{ name: 'S', values: [7] }] });
    expect(one).not.toContain('NaN');
    expect(parse(one).querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(1);
  });

  it('leaves gaps for non-finite values and keeps them out of the y domain', () => {
    const svg = renderChartSvg({
      ...threeSeries,
      times: [0, 1, 2, 3],
      series: [{ name: 'S', values: [1, Number.NaN, Number.POSITIVE_INFINITY, 4] }],
    });
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
    const d = parse(svg).querySelector('g[aria-label="line"] path')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(2);
  });

  it('rejects arrays whose length differs from times, and bands that name no series', () => {
    expect(() => renderChartSvg({ ...threeSeries, series: [{ name: 'S', values: [1, 2] }] })).toThrow(
      'renderChartSvg: series[0] "S" has 2 values but times has 21',
    );
    expect(() => renderChartSvg({ ...withBands, bands: [{ name: 'X', low: times, high: times }] })).toThrow(
      'renderChartSvg: bands[0] "X" matches no series name',
    );
    expect(() => renderChartSvg({ ...threeSeries, width: Number.NaN })).toThrow(RangeError);
  });

  it('renders every one of 100,000 points per series', () => {
    const big = 100_000;
    const t = Float64Array.from({ length: big }, (_, i) => i / 1000);
    const series = ['S', 'Z', 'R'].map((name, k) => ({
      name,
      values: t.map((x) => 1e6 * (1 + Math.sin(x + k))),
    }));
    const svg = renderChartSvg({ ...threeSeries, times: t, series });
    const d = parse(svg).querySelector('g[aria-label="line"] path')!.getAttribute('d')!;
    expect(pathPoints(d)).toBe(big);
  });
});

describe('what a chart shows of time and events', () => {
  let root: ReturnType<typeof parse>['documentElement'];
  beforeAll(() => {
    root = parse(renderChartSvg(schoolDay)).documentElement;
  });

  it('labels the time axis with the given ticks', () => {
    const ticks = [...root.querySelectorAll('g[aria-label="x-axis tick label"] text')].map(
      (t) => t.textContent,
    );
    expect(ticks).toEqual(['09:00', '12:00', '15:00', '18:00', '21:00', 'day 2', '03:00', '06:00']);
    expect(root.textContent).toContain('time of day (t = 0 at 08:40)');
  });

  it('marks each event in range with a dashed rule and its label', () => {
    expect(root.querySelectorAll('g[aria-description="events"] line')).toHaveLength(2);
    const labels = [...root.querySelectorAll('g[aria-description="event labels"] text')].map(
      (t) => t.textContent,
    );
    expect(labels).toEqual(['the PA carries the attack (10:10)', 'parents call (11:30)']);
  });

  it('wraps a long title onto lines that fit, and keeps its words', () => {
    const title = root.querySelector('text[aria-label="title"]')!;
    const spans = [...title.querySelectorAll('tspan')].map((t) => t.textContent!);
    expect(spans.length).toBe(2);
    for (const line of spans) expect(line.trim().length).toBeLessThanOrEqual(Math.floor(780 / (16 * 0.62)));
    expect(spans.join('')).toBe(schoolDay.title);
  });

  it('draws thin, faint lines for sample runs in their compartment colour', () => {
    const lines = [...root.querySelectorAll('g[aria-label="line"]')];
    expect(
      lines.map((g) => [g.getAttribute('stroke-width') ?? '1', g.getAttribute('stroke-opacity')]),
    ).toEqual([
      ['1', '0.35'],
      ['1', '0.35'],
      ['2.5', null],
      ['2.5', null],
    ]);
    expect(new Set(lines.slice(0, 3).map((g) => g.getAttribute('stroke')))).toEqual(new Set([HUMAN]));
  });
});

describe('compartment colours', () => {
  it('are the same for a compartment by any of its names, in any scenario', () => {
    const model = compartmentColours(['S', 'I', 'Z', 'R', 'Q']);
    const agents = compartmentColours(['human', 'infected', 'zombie', 'immune', 'immortal', 'dead']);
    expect(agents.get('human')).toBe(model.get('S'));
    expect(agents.get('zombie')).toBe(model.get('Z'));
    expect(agents.get('infected')).toBe(model.get('I'));
    expect(agents.get('dead')).toBe(model.get('R'));
    expect(compartmentColours(['Zombie']).get('Zombie')).toBe(ZOMBIE);
    expect(new Set([...agents.values(), model.get('Q')]).size).toBe(7); // all distinct
  });

  it('give other names fixed extra colours in their order, none of them a known colour', () => {
    const colours = compartmentColours(['X', 'S', 'Y', 'X']);
    expect([colours.get('X'), colours.get('S'), colours.get('Y')]).toEqual([EXTRA[0], HUMAN, EXTRA[1]]);
    const known = compartmentColours(['S', 'Z', 'I', 'R', 'immune', 'immortal', 'Q']);
    for (const c of EXTRA) expect([...known.values()]).not.toContain(c);
  });
});

describe('runCharts', () => {
  it('marks the scenario events given at times', () => {
    const impulsive = loadScenario('munz-impulsive').scenario;
    expect(scenarioMarkers(impulsive).map((m) => m.at)).toEqual([2.5, 5, 7.5, 10]);
    expect(scenarioMarkers(impulsive)[0]!.label).toBe('strike 1 kills 25%');
    const school = loadScenario('hyosan-high').scenario;
    expect(scenarioMarkers(school).map((m) => m.at)).toEqual([5400, 10_200, 40_800, 84_000]);
  });

  it('gives one run one chart, and an ensemble a second chart of sample runs under the medians', () => {
    const one = runCharts(loadScenario('munz-impulsive').scenario, [runBuiltin('munz-impulsive')]);
    expect(one.map((c) => c.name)).toEqual(['chart']);
    expect(parse(one[0]!.svg).querySelectorAll('g[aria-description="events"] line')).toHaveLength(4);

    const scenario = loadScenario('munz-basic', ['engine=ssa']).scenario;
    const runs = [1, 2, 3].map((seed) => runBuiltin('munz-basic', ['engine=ssa'], seed));
    const charts = runCharts(scenario, runs);
    expect(charts.map((c) => c.name)).toEqual(['chart', 'chart-runs']);
    const spaghetti = parse(charts[1]!.svg).documentElement;
    const lines = [...spaghetti.querySelectorAll('g[aria-label="line"]')];
    expect(lines).toHaveLength(3 * 3 + 3);
    expect(lines.filter((g) => g.getAttribute('stroke-opacity') === '0.35')).toHaveLength(9);
    expect(spaghetti.querySelector('text[aria-label="title"]')!.textContent).toContain('3 of 3 runs');
    const legend = [...spaghetti.querySelectorAll('g[aria-label="legend"] text')].map((t) => t.textContent);
    expect(legend).toEqual(['S', 'Z', 'R']);
  });
});

describe('svgToPng', () => {
  function ihdrSize(png: Uint8Array): [number, number] {
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    return [view.getUint32(16), view.getUint32(20)];
  }

  it('returns PNG bytes at the requested width', () => {
    const png = svgToPng(renderChartSvg(threeSeries), 400);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(ihdrSize(png)).toEqual([400, 225]);
  });

  it('defaults to the SVG width', () => {
    expect(ihdrSize(svgToPng(renderChartSvg(withBands)))).toEqual([640, 360]);
  });
});
