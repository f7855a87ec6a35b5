import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputTimes } from '../../src/engines/trajectory.js';
import { formatPercent } from '../../src/output/number-format.js';
import { formatDuration, formatRunTime } from '../../src/output/time-format.js';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import type { RunData } from '../../web/src/run-files.js';
import { parseGroupRuns, shareLevels } from '../../web/src/share/ensemble.js';
import { runDescription } from '../../web/src/share/run-description.js';
import { gridStep, linkTime, readUrlState, urlStateSearch } from '../../web/src/url-state.js';
import { temporaryDir, UNDEAD, undead } from '../helpers.js';
import { axeReport, downloaded, expectPngExport } from './page-checks.js';

/**
 * The viewer's charts, export and sharing, end to end in headless Chromium: an hour of hyosan-high
 * (and, beside it, an hour without the broadcast, on another seed), and a 20-run SSA ensemble of
 * munz-basic. One browser and one page for the whole file; the runs are made once.
 */

const UNTIL = 3600;
const ENSEMBLE_RUNS = 20;

let browser: Browser;
let page: Page;
let runServer: ViewServer;
let ensembleServer: ViewServer;
let compareServer: ViewServer;
let other: string;
let run: string;
let ensemble: string;

/** A CSV file's rows, split on commas (the files read here quote nothing but the `time` column). */
function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.replace(/"[^"]*"/g, 'TIME').split(','));
}

/** `undead run ARGS` into a fresh folder, without blocking (the runs of `beforeAll` go together). */
async function made(args: string[]): Promise<string> {
  const out = join(temporaryDir(), 'run');
  await promisify(execFile)(process.execPath, [...UNDEAD, 'run', ...args, '--out', out, '--quiet']);
  return out;
}

/** Opens `url` and waits for the viewer to be ready. */
async function open(url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

async function shownTime(): Promise<number> {
  return Number(await page.locator('#time').getAttribute('data-t'));
}

beforeAll(async () => {
  [run, other, ensemble] = await Promise.all([
    made(['hyosan-high', '--until', String(UNTIL)]),
    made([
      'hyosan-high',
      '--until',
      String(UNTIL),
      '--seed',
      '2',
      '--set',
      'world.events.broadcast.enabled=false',
    ]),
    made(['munz-basic', '--engine', 'ssa', '--runs', String(ENSEMBLE_RUNS), '--workers', '1']),
  ]);
  [runServer, ensembleServer, compareServer, browser] = await Promise.all([
    startViewServer(run),
    startViewServer(ensemble),
    startViewServer(run, ['--compare', other]),
    launchBrowser(),
  ]);
  page = await openPage(browser, {
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    acceptDownloads: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await runServer?.stop();
  await ensembleServer?.stop();
  await compareServer?.stop();
});

describe('export', () => {
  beforeAll(async () => {
    await open(runServer.url);
  });

  it('saves the map as a PNG whose 2× is twice the size of 1×, and not blank', async () => {
    await page.locator('#scrubber').fill(String(UNTIL / 2));
    const names = await expectPngExport(page);
    expect(names[0]).toMatch(/-map-1x\.png$/);
    expect(names[1]).toMatch(/-map-2x\.png$/);
  });

  it("saves the charts' data up to the time shown, its last row timeseries.csv's at that time", async () => {
    const series = csvRows(readFileSync(join(run, 'timeseries.csv'), 'utf8'));
    const middle = series[Math.floor(series.length / 2)]!;
    await page.locator('#scrubber').fill(middle[0]!);
    const { name, bytes } = await downloaded(page, '#export-csv');
    expect(name).toMatch(/charts\.csv$/);
    const rows = csvRows(bytes.toString('utf8'));
    const header = rows[0]!;
    expect(header.slice(0, 2)).toEqual(['t (second)', 'time']);
    const last = rows.at(-1)!;
    expect(last[0]).toBe(middle[0]);
    expect(rows.length).toBe(Math.floor(series.length / 2) + 1);
    for (const [c, compartment] of series[0]!.entries()) {
      if (c === 0) continue;
      expect(last[header.indexOf(compartment)], compartment).toBe(middle[c]);
    }
    // Survival by group comes along, in %.
    expect(header.some((h) => h.endsWith('human (%)'))).toBe(true);
  });

  it('records a WebM clip of a time range', async () => {
    await page.locator('#clip-from').fill('0');
    await page.locator('#clip-to').fill('600');
    const { name, bytes } = await downloaded(page, '#export-webm');
    expect(name).toMatch(/\.webm$/);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(bytes.length).toBeGreaterThan(5_000);
    await expect
      .poll(() => page.locator('#export-status').textContent())
      .toMatch(/Saved a clip of 11 frames/);
  });

  it("saves the run's own files as a zip", async () => {
    const { name, bytes } = await downloaded(page, '#export-run');
    expect(name).toBe('hyosan-high-seed1.zip');
    // A zip starts with a local file header, and its central directory names every file.
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    const files = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')).files as string[];
    for (const file of files) expect(bytes.includes(`hyosan-high-seed1/${file}`), file).toBe(true);
  });
});

describe('the URL', () => {
  it('opens at the time t= holds, and holds the time shown', async () => {
    await open(`${runServer.url}?t=1800`);
    expect(await shownTime()).toBe(1800);
    await page.locator('#scrubber').fill('900');
    await expect.poll(() => page.evaluate(() => window.location.search)).toBe('?t=900');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await shownTime()).toBe(900);
  });

  it('says what it cannot read, and reads the rest', async () => {
    await open(`${runServer.url}?t=soon&seed=1`);
    expect(await shownTime()).toBe(0);
    expect(await page.locator('#status').textContent()).toContain(
      'Not read from the link: t=soon: not a time ≥ 0.',
    );
  });

  it('reads and writes the scenario, seed, settings and time', () => {
    const search = urlStateSearch(
      { scenario: 'hyosan-high', seed: 7, set: ['beta=0.012', 'time.until=7200'], t: 5400 },
      '?compare=1',
    );
    expect(search).toBe(
      '?compare=1&scenario=hyosan-high&seed=7&set=beta%3D0.012&set=time.until%3D7200&t=5400',
    );
    expect(readUrlState(search)).toEqual({
      scenario: 'hyosan-high',
      seed: 7,
      set: ['beta=0.012', 'time.until=7200'],
      t: 5400,
      problems: [],
    });
    expect(readUrlState('?seed=-1&set=beta').problems).toEqual([
      'seed=-1: not a whole number ≥ 0',
      'set=beta: not of the form name=value',
    ]);
    expect(urlStateSearch({ t: undefined, seed: undefined }, '?t=5&seed=2&x=1')).toBe('?x=1');
  });

  it('holds a clean time, as the display shows it, on the row or tick shown', () => {
    const days = (t: number) => formatDuration(t, 'day');
    const seconds = (t: number) => formatRunTime(t, { unit: 'second', clockStart: 31_200 });
    const rows = outputTimes(10, 0.1);
    const link = (t: number, shows: (t: number) => string, grids = [rows]) =>
      linkTime(t, gridStep(t, grids), shows);
    // A live SSA run paused at 0.45 days, give or take float noise: 0.45, not 0.449.
    expect(link(0.4499999999999996, days)).toBe(0.45);
    expect(link(0.44263333333532, days)).toBe(0.443);
    // Row 3 of every 0.3 days is 0.8999999999999999: 0.9, not 0.899 (row 2).
    const thirds = outputTimes(3, 0.3);
    expect(link(thirds[3]!, days, [thirds])).toBe(0.9);
    // An agents run's ticks of 1 s: 12, not 12.000000001; 41.478 s shows 41.5 s, 08:40:41 (41.5 s
    // would be 08:40:42); 161.6 s shows 2 min 42 s, but 162 would be the next tick.
    const ticks = [Float64Array.from({ length: 900 }, (_, k) => k)];
    expect(link(12.000000001, seconds, ticks)).toBe(12);
    expect(link(41.477999999821165, seconds, ticks)).toBe(41.48);
    expect(link(161.6, seconds, ticks)).toBe(161.6);
    expect(urlStateSearch({ t: 0.57 })).toBe('?t=0.57');
  });
});

describe('what sets a compared run apart', () => {
  it('names --until and --every, and the times in words where the other run differs and no option says', () => {
    const run = (summary: Record<string, unknown>) =>
      ({
        summary: { engine: 'ode', seed: 1, runs: 1, until: 10, every: 0.1, ...summary },
        scale: { unit: 'day' },
      }) as unknown as RunData;
    const given = run({ until: 5, every: 0.5, overrides: { set: ['beta=0.01'], until: 5, every: 0.5 } });
    const plain = run({ overrides: { set: [] } });
    expect(runDescription(given, [plain])).toBe('ode engine, seed 1, --until 5 --every 0.5 --set beta=0.01');
    expect(runDescription(plain, [given])).toBe(
      'ode engine, seed 1, as the scenario says, until 10 days, every 0.1 days',
    );
    expect(runDescription(plain, [plain])).toBe('ode engine, seed 1, as the scenario says');
    const set = run({ until: 5, overrides: { set: ['time.until=5'] } });
    expect(runDescription(set, [plain])).toBe('ode engine, seed 1, --set time.until=5');
  });
});

describe('an ensemble', () => {
  beforeAll(async () => {
    await open(ensembleServer.url);
  });

  it("draws the median with 50% and 90% bands, the bands being quantiles.csv's", async () => {
    expect(await page.locator('.chart-note').first().textContent()).toContain(
      `median of the ${ENSEMBLE_RUNS} runs`,
    );
    const quantiles = csvRows(readFileSync(join(ensemble, 'quantiles.csv'), 'utf8'));
    const at = quantiles.filter((row) => row[0] === '5');
    expect(at.length).toBe(3);
    await page.locator('#scrubber').fill('5');
    const rows = csvRows((await downloaded(page, '#export-csv')).bytes.toString('utf8'));
    const header = rows[0]!;
    const last = rows.at(-1)!;
    expect(last[0]).toBe('5');
    const column = (name: string) => header.indexOf(name);
    const level = (name: string) => quantiles[0]!.indexOf(name);
    for (const row of at) {
      const c = row[1]!;
      expect(last[column(`${c} median`)], c).toBe(row[level('q50')]);
      expect(last[column(`${c} median 90% low`)], c).toBe(row[level('q05')]);
      expect(last[column(`${c} median 90% high`)], c).toBe(row[level('q95')]);
      expect(last[column(`${c} median 50% low`)], c).toBe(row[level('q25')]);
      expect(last[column(`${c} median 50% high`)], c).toBe(row[level('q75')]);
    }
    // The bands are drawn: the chart has pixels of a band's light tint, which no line draws.
    const tinted = await page.locator('#series-chart canvas').evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      // The 90% band alone is drawn at opacity 0.15 (alpha 38); a line's anti-aliased edge rarely is.
      for (let k = 0; k < data.length; k += 4) if (Math.abs(data[k + 3]! - 38) <= 2) count++;
      return count;
    });
    expect(tinted).toBeGreaterThan(1000);
  });
});

describe("an ensemble's survival by group", () => {
  it("reads every run's groups.csv rows and gives each group's share still human over runs", () => {
    // Three runs, one group of 4 (and a subgroup, left out), at t = 0 and 10: 4, 2, 1 still human at 10.
    const text = [
      'run,t,group,human,zombie',
      '0,0,students,4,0',
      '0,0,students/a,2,0',
      '0,10,students,4,0',
      '1,0,students,4,0',
      '1,10,students,2,2',
      '2,0,students,3,1',
      '2,10,students,1,3',
    ].join('\n');
    const runs = parseGroupRuns(text)!;
    expect(runs.map((r) => [...r.t])).toEqual([
      [0, 10],
      [0, 10],
      [0, 10],
    ]);
    expect(runs[0]!.groups.map((g) => g.name)).toEqual(['students']);
    const levels = shareLevels(runs, 0, 0);
    // At 10 the shares are 100%, 50% and 25% (of 4 each): the median 50%; type-7 quantiles between.
    expect(levels.q50[1]).toBe(50);
    expect(levels.q05[1]).toBeCloseTo(25 + 0.1 * 25, 12);
    expect(levels.q95[1]).toBeCloseTo(50 + 0.9 * 50, 12);
    expect([...levels.q50]).toEqual([100, 50]);
    expect(parseGroupRuns('t,group,human\n0,students,4')).toBeUndefined();
  });
});

describe('two runs side by side', () => {
  beforeAll(async () => {
    await open(compareServer.url);
  });

  /** The counts the side-by-side page shows for run `key` (`a`, `b`). */
  const countsOf = (key: string) =>
    page.$$eval(`#counts-${key} tbody tr`, (trs) =>
      Object.fromEntries(
        trs.map((tr) => [
          (tr as HTMLElement).dataset.compartment!,
          Number(tr.querySelector('.count')!.textContent!.replace(/,/g, '')),
        ]),
      ),
    );

  it('refuses a --compare that is not a run folder; with --export, the site holds both runs', () => {
    const nowhere = undead(['view', run, '--compare', join(temporaryDir(), 'nowhere')]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toContain('--compare: ');
    expect(nowhere.stderr).toContain('is not a run folder');
    const site = join(temporaryDir(), 'site');
    const both = undead(['view', run, '--compare', other, '--export', site]);
    expect(both.status, both.stderr).toBe(0);
    expect(both.stderr).toContain('compare.html');
    expect(existsSync(join(site, 'compare.html'))).toBe(true);
    for (const [folder, dir] of [
      ['run', run],
      ['compare', other],
    ] as const)
      expect(readFileSync(join(site, folder, 'summary.json'), 'utf8')).toBe(
        readFileSync(join(dir, 'summary.json'), 'utf8'),
      );
  });

  it("shows both runs at one time, each ending on its summary.json's final counts", async () => {
    expect(compareServer.url).toMatch(/\/compare\.html$/);
    expect(await page.locator('#run-b-heading + .run-description').textContent()).toContain(
      '--set world.events.broadcast.enabled=false',
    );
    expect(await page.locator('#run-a-heading + .run-description').textContent()).toBe(
      `agents engine, seed 1, --until ${UNTIL}`,
    );
    await page.locator('#scrubber').fill(String(UNTIL));
    expect(Number(await page.locator('#compare-time').getAttribute('data-t'))).toBe(UNTIL);
    const finals = [run, other].map(
      (dir) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).final,
    );
    expect(await countsOf('a')).toEqual(finals[0]);
    expect(await countsOf('b')).toEqual(finals[1]);
    expect(finals[0]).not.toEqual(finals[1]);
    // One timeline moves both: at the start, both show the first row.
    await page.locator('#scrubber').fill('0');
    expect((await countsOf('a')).human).toBe((await countsOf('b')).human);
  });

  it("shows each run's survival by group, as its groups.csv has it at the time shown", async () => {
    await page.locator('#scrubber').fill(String(UNTIL));
    for (const [key, dir] of [
      ['a', run],
      ['b', other],
    ] as const) {
      const rows = csvRows(readFileSync(join(dir, 'groups.csv'), 'utf8'));
      const top = rows.slice(1).filter((row) => !row[1]!.includes('/'));
      const groups = [...new Set(top.map((row) => row[1]!))];
      expect(groups, key).toEqual(['students', 'staff']);
      for (const group of groups) {
        const at = (t: number) => top.find((row) => row[0] === String(t) && row[1] === group)!;
        const total = at(0)
          .slice(2)
          .reduce((sum, v) => sum + Number(v), 0);
        const human = Number(at(UNTIL)[2]);
        expect(
          await page.locator(`#survival-${key} tr[data-group="${group}"] .count`).textContent(),
          `${key} ${group}`,
        ).toBe(`${human.toLocaleString('en-US')} (${formatPercent(human / total)})`);
      }
    }
    for (const key of ['a', 'b'])
      expect(await page.locator(`#survival-chart-${key} canvas`).count(), key).toBeGreaterThan(0);
  });

  it('saves both maps in one PNG, side by side under their captions, 2× twice 1×', async () => {
    await page.locator('#scrubber').fill(String(UNTIL / 2));
    const maps = await page.$$eval('.compare-map', (canvases) =>
      canvases.map((c) => ({ width: c.clientWidth, height: c.clientHeight })),
    );
    expect(maps.length).toBe(2);
    const sizes: { width: number; height: number }[] = [];
    for (const scale of [1, 2]) {
      await page.locator('#png-scale').selectOption(String(scale));
      const { name, bytes } = await downloaded(page, '#export-png');
      expect(name).toBe(`hyosan-high-side-by-side-map-${scale}x.png`);
      const png = PNG.sync.read(bytes);
      sizes.push({ width: png.width, height: png.height });
      // Each half holds a map: many pixels not white, in several colours.
      for (const [from, to] of [
        [0, png.width >> 1],
        [png.width >> 1, png.width],
      ] as const) {
        const colours = new Set<number>();
        let painted = 0;
        for (let y = 0; y < png.height; y++)
          for (let x = from; x < to; x++) {
            const k = 4 * (y * png.width + x);
            const rgb = (png.data[k]! << 16) | (png.data[k + 1]! << 8) | png.data[k + 2]!;
            if (rgb !== 0xffffff) painted++;
            colours.add(rgb);
          }
        expect(painted / ((to - from) * png.height), `${scale}× from ${from}`).toBeGreaterThan(0.1);
        expect(colours.size).toBeGreaterThan(8);
      }
    }
    // 1×: the two maps as on screen, a margin of 8 around and between, two caption lines of 20 above.
    expect(sizes[0]).toEqual({
      width: maps[0]!.width + maps[1]!.width + 3 * 8,
      height: Math.max(maps[0]!.height, maps[1]!.height) + 2 * 8 + 2 * 20,
    });
    expect(sizes[1]).toEqual({ width: 2 * sizes[0]!.width, height: 2 * sizes[0]!.height });
  });

  it("saves both runs' charts in one CSV, each run's columns named for it", async () => {
    const series = [run, other].map((dir) => csvRows(readFileSync(join(dir, 'timeseries.csv'), 'utf8')));
    const middle = Math.floor(series[0]!.length / 2);
    await page.locator('#scrubber').fill(series[0]![middle]![0]!);
    const { name, bytes } = await downloaded(page, '#export-csv');
    expect(name).toBe('hyosan-high-side-by-side-charts.csv');
    const rows = csvRows(bytes.toString('utf8'));
    const header = rows[0]!;
    const last = rows.at(-1)!;
    expect(rows.length).toBe(middle + 1);
    for (const [k, prefix] of ['Run A', 'Run B'].entries()) {
      const at = series[k]!.find((row) => row[0] === last[0])!;
      for (const [c, compartment] of series[k]![0]!.entries()) {
        if (c === 0) continue;
        expect(last[header.indexOf(`${prefix} ${compartment}`)], `${prefix} ${compartment}`).toBe(at[c]);
      }
      expect(header).toContain(`${prefix} students human (%)`);
    }
  });

  // The clip is recorded in real time (MediaRecorder): on a machine loaded by the rest of the suite
  // it once came out with no frames, so it gets two more tries.
  it('records a clip of both maps, and zips both run folders as --export lays them out', {
    retry: 2,
  }, async () => {
    await page.locator('#clip-from').fill('0');
    await page.locator('#clip-to').fill('300');
    const clip = await downloaded(page, '#export-webm');
    expect(clip.name).toBe('hyosan-high-side-by-side-t0-300.webm');
    expect([...clip.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(clip.bytes.length).toBeGreaterThan(5_000);
    await expect.poll(() => page.locator('#export-status').textContent()).toMatch(/Saved a clip of 6 frames/);
    const { name, bytes } = await downloaded(page, '#export-run');
    expect(name).toBe('hyosan-high-side-by-side.zip');
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    for (const [folder, dir] of [
      ['run', run],
      ['compare', other],
    ] as const) {
      const files = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).files as string[];
      for (const file of files)
        expect(bytes.includes(`hyosan-high-side-by-side/${folder}/${file}`), `${folder}/${file}`).toBe(true);
    }
  });
});

describe('accessibility', () => {
  it('reaches every control of the export panel and the side-by-side page by keyboard', async () => {
    for (const [url, scope] of [
      [runServer.url, '.export'],
      [compareServer.url, 'body'],
    ] as const) {
      await open(url);
      const controls = await page.$$eval(`${scope} :is(button, input, select, [tabindex="0"])`, (els) =>
        els.filter((el) => el.closest('dialog') === null).map((el) => el.id || el.textContent!.trim()),
      );
      expect(controls.length, url).toBeGreaterThan(4);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      for (let k = 0; k < 120 && !controls.every((c) => reached.has(c)); k++) {
        await page.keyboard.press('Tab');
        reached.add(
          await page.evaluate(
            () => document.activeElement!.id || document.activeElement!.textContent!.trim(),
          ),
        );
      }
      for (const control of controls) expect(reached, `${url}: ${control}`).toContain(control);
    }
  });

  it('has no axe-core violations, on the viewer with its export panel and side by side', async () => {
    for (const url of [runServer.url, compareServer.url]) {
      await open(url);
      expect((await axeReport(page)).violations, url).toEqual([]);
    }
  });
});
