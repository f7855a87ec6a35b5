import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir, UNDEAD } from '../helpers.js';
import { inkOf } from './page-checks.js';
import { SMALL_LATTICE } from './small-lattice.js';

/**
 * A finished lattice run replayed in the viewer: the small lattice of `small-lattice.ts` (24 × 16
 * cells of 50 people, a cordon round the middle on day 5) run with `--frames-every 1` and served by
 * `undead view DIR` to headless Chromium; and the same run without frames, which still opens.
 * The oracles are the run's own files: arrival.csv for the clicks, timeseries.csv for the frames
 * read back (a count of at most 50 in a cell survives the frames' 238 log levels exactly).
 */

const execFileAsync = promisify(execFile);

let folder: string;
let run: string;
let server: ViewServer;
let browser: Browser;
let page: Page;

interface Viewer {
  playback: { seek(t: number): void };
  lattice: {
    drawn: Promise<void>;
    shownCounts(): { frame: number; counts: Float32Array };
    cellScreen(x: number, y: number): { x: number; y: number };
  };
}

/** Shows time t and waits for its frame. */
async function seek(t: number): Promise<void> {
  await page.evaluate(async (time) => {
    const viewer = (window as never as { undeadViewer: Viewer }).undeadViewer;
    viewer.playback.seek(time);
    await viewer.lattice.drawn;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }, t);
}

async function clickCell(x: number, y: number): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const at = await page.evaluate(
    ([cx, cy]) => {
      const point = (window as never as { undeadViewer: Viewer }).undeadViewer.lattice.cellScreen(cx!, cy!);
      const box = document.querySelector('#map')!.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
    [x, y],
  );
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction(
    (heading) => document.querySelector('#lattice-cell-heading')?.textContent === heading,
    `Cell ${x}, ${y}`,
  );
}

beforeAll(async () => {
  folder = temporaryDir();
  const file = join(folder, 'lattice-small.yaml');
  writeFileSync(file, SMALL_LATTICE);
  run = join(folder, 'framed');
  // The run and Chromium's start overlap: each waits on its own process.
  const launching = launchBrowser();
  launching.catch(() => undefined);
  await execFileAsync(process.execPath, [
    ...UNDEAD,
    'run',
    file,
    '--seed',
    '2',
    '--frames-every',
    '1',
    '--out',
    run,
    '--quiet',
  ]);
  [server, browser] = await Promise.all([startViewServer(run), launching]);
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe("a lattice run's summary.json", () => {
  it('says where the map is in its frames, and lists its open cells and regions', () => {
    const { lattice } = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(lattice).toMatchObject({ width: 24, height: 16, cell_km: 1, peak: 50, arrival_of: 'Z' });
    // Every cell is open: one run a row. The region 'middle' is the box x 10–14, y 6–10.
    expect(lattice.open).toEqual(Array.from({ length: 16 }, (_, y) => [y, 0, 24]).flat());
    expect(lattice.regions).toEqual([
      { name: 'middle', cells: [6, 7, 8, 9, 10].flatMap((y) => [y, 10, 15]) },
    ]);
    const frames = readdirSync(join(run, 'frames'));
    expect(lattice.frames).toMatchObject({ every: 1, count: frames.length, compartment: 'Z', top: 50 });
    const png = PNG.sync.read(readFileSync(join(run, 'frames', frames[0]!)));
    expect([png.width, png.height]).toEqual([lattice.frames.image_width, lattice.frames.image_height]);
    // The map is centred across the frame, from row 0.
    const { scale, left } = lattice.frames;
    expect(24 * scale + 2 * left).toBe(png.width);
  });
});

describe('a finished lattice run with frames', () => {
  it('draws the frame of the time shown, whose counts are the run’s', async () => {
    const rows = readFileSync(join(run, 'timeseries.csv'), 'utf8').trim().split('\n').slice(1);
    const zAt = (t: number) => Number(rows.find((row) => Number(row.split(',')[0]) === t)!.split(',')[2]);
    await seek(6.5);
    expect(await page.locator('#lattice-day').textContent()).toBe('day 6.5');
    const shown = await page.evaluate(() => {
      const { frame, counts } = (
        window as never as { undeadViewer: Viewer }
      ).undeadViewer.lattice.shownCounts();
      return { frame, total: counts.reduce((sum, v) => sum + v, 0) };
    });
    // Frames are taken every day: at day 6.5 the map is day 6's, and its zombies are the run's.
    expect(shown.frame).toBe(6);
    expect(shown.total).toBe(zAt(6));
    const ink = inkOf(PNG.sync.read(await page.locator('#map').screenshot()));
    expect(ink.painted).toBeGreaterThan(0.3);
    expect(ink.colours).toBeGreaterThan(3);
    expect(await page.locator('#lattice-legend').textContent()).toContain('Z per cell');
  });

  it('marks the cordon on the timeline', async () => {
    expect(await page.locator('#marks .mark-bookmark[title="cordon"]').count()).toBe(1);
  });

  it('answers "when does it reach me?" from arrival.csv, with the region’s series or the totals', async () => {
    const arrivals = readFileSync(join(run, 'arrival.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    // A cell outside the region 'middle' (x 10–14, y 6–10), reached late; and one inside it.
    const outside = arrivals.filter(([x]) => Number(x) < 6).sort((a, b) => Number(b[2]) - Number(a[2]))[0]!;
    await clickCell(Number(outside[0]), Number(outside[1]));
    expect(await page.locator('#lattice-arrival-time').getAttribute('data-t')).toBe(outside[2]);
    expect(await page.locator('#lattice-arrival-time').textContent()).toContain('later than the time shown');
    expect(await page.locator('#lattice-cell-regions').textContent()).toContain('no named region');
    const inside = arrivals.find(([x, y]) => x === '11' && y === '7')!;
    await clickCell(11, 7);
    expect(await page.locator('#lattice-arrival-time').getAttribute('data-t')).toBe(inside[2]);
    expect(await page.locator('#lattice-cell-regions').textContent()).toContain('middle');
    expect(await page.locator('#lattice-cell-chart canvas').count()).toBeGreaterThan(0);
  });

  it('draws the arrival layer: cells reached by the time shown apart from the rest', async () => {
    await page.locator('#lattice-arrival').check();
    expect(await page.locator('#lattice-legend').textContent()).toContain('When the first zombie arrived');
    const ink = inkOf(PNG.sync.read(await page.locator('#map').screenshot()));
    expect(ink.colours).toBeGreaterThan(2);
    await page.locator('#lattice-arrival').uncheck();
  });
});

describe('a finished lattice run without frames', () => {
  it('opens on the arrival layer and says how to get frames', async () => {
    // What `undead run` writes without --frames-every: no frames/, no map.apng, no lattice.frames
    // (all that the option adds), served in place of the run's own summary.json.
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    delete summary.lattice.frames;
    summary.files = summary.files.filter(
      (name: string) => !name.startsWith('frames/') && name !== 'map.apng',
    );
    await page.route('**/run/summary.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(summary) }),
    );
    await page.route('**/run/frames/**', (route) => route.fulfill({ status: 404 }));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#lattice-arrival').isChecked()).toBe(true);
    expect(await page.locator('#lattice-arrival').isDisabled()).toBe(true);
    expect(await page.locator('#lattice-frames-note').textContent()).toContain('--frames-every 1');
    const ink = inkOf(PNG.sync.read(await page.locator('#map').screenshot()));
    expect(ink.painted).toBeGreaterThan(0.3);
    expect(ink.colours).toBeGreaterThan(2);
    expect(await page.locator('#marks .mark-bookmark[title="cordon"]').count()).toBe(1);
  });
});
