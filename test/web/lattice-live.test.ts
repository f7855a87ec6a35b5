import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir } from '../helpers.js';
import { axeReport, expectPngExport, inkOf } from './page-checks.js';
import { SMALL_LATTICE } from './small-lattice.js';

/**
 * The live lattice view end to end: `undead view FILE` of a small lattice (24 × 16 cells of 50
 * people, one zombie in the middle, a cordon round the middle on day 5), run by the page's worker in
 * headless Chromium and driven by `step` messages, so every number is deterministic.
 */

const Z = 1;

let folder: string;
let server: ViewServer;
let browser: Browser;
let page: Page;

interface Live {
  send(command: unknown): Promise<{ t?: number; counts?: number[]; error?: string }>;
  state(): { t: number; counts: number[] };
  cellScreen(x: number, y: number): { x: number; y: number } | undefined;
}

function send(command: Record<string, unknown>) {
  return page.evaluate((c) => (window as never as { undeadLive: Live }).undeadLive.send(c), command);
}

/** The page's counts once it has drawn the latest frame. */
async function counts(): Promise<number[]> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => (window as never as { undeadLive: Live }).undeadLive.state().counts);
}

/** Clicks lattice cell (x, y) where the page draws it. */
async function clickCell(x: number, y: number): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const at = await page.evaluate(
    ([cx, cy]) => {
      const point = (window as never as { undeadLive: Live }).undeadLive.cellScreen(cx!, cy!)!;
      const box = document.querySelector('#map')!.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
    [x, y],
  );
  await page.mouse.click(at.x, at.y);
}

beforeAll(async () => {
  folder = temporaryDir();
  const file = join(folder, 'lattice-small.yaml');
  writeFileSync(file, SMALL_LATTICE);
  [server, browser] = await Promise.all([startViewServer(file, ['--seed', '2']), launchBrowser()]);
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-live="true"][data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('a live lattice run', () => {
  it('draws the density map with a legend and a day counter, and marks the cordon on the timeline', async () => {
    expect(await page.locator('#map-area').isVisible()).toBe(true);
    expect(await page.locator('#lattice-day').textContent()).toBe('day 0');
    expect(await page.locator('#lattice-legend').textContent()).toContain('People per cell');
    await send({ type: 'step', n: 12 });
    await page.waitForFunction(() => document.querySelector('#lattice-day')!.textContent === 'day 6');
    // By day 6 the zombies have reached about a quarter of the cells (103 of 384 with this seed):
    // the people's density, drawn in viridis, varies.
    await send({ type: 'map', compartment: 0 });
    await counts();
    const png = PNG.sync.read(await page.locator('#map').screenshot());
    const ink = inkOf(png);
    expect(ink.painted).toBeGreaterThan(0.3);
    expect(ink.colours).toBeGreaterThan(3);
    // The cordon on day 5 is a moment on the timeline.
    expect(await page.locator('#marks .mark-bookmark[title="cordon"]').count()).toBe(1);
  });

  it('answers "when does it reach me?" for the cell clicked, with its region\'s series', async () => {
    await page.locator('#live-drop').selectOption('none');
    await clickCell(12, 8);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('#lattice-arrival-time')!.dataset.t !== undefined,
    );
    // The seed's cell was reached at t = 0, and lies in the region 'middle', whose series is drawn.
    expect(await page.locator('#lattice-cell-heading').textContent()).toBe('Cell 12, 8');
    expect(await page.locator('#lattice-arrival-time').getAttribute('data-t')).toBe('0');
    expect(await page.locator('#lattice-cell-regions').textContent()).toContain('middle');
    expect(await page.locator('#lattice-cell-chart canvas').count()).toBeGreaterThan(0);
    // The arrival layer draws the reached cells apart from those not reached.
    await page.locator('#lattice-arrival').check();
    expect(await page.locator('#lattice-legend').textContent()).toContain('When the first zombie arrived');
    expect(inkOf(PNG.sync.read(await page.locator('#map').screenshot())).colours).toBeGreaterThan(2);
    await page.locator('#lattice-arrival').uncheck();
  });

  it('drops zombies in the cell clicked: the count rises, and the drop is not told as the outbreak reaching it', async () => {
    await page.locator('#live-drop').selectOption('add');
    await page.locator('#live-add-count').fill('7');
    await page.locator('#live-add-state').selectOption('Z');
    const before = await counts();
    const now = (await page.evaluate(() => (window as never as { undeadLive: Live }).undeadLive.state())).t;
    await clickCell(1, 1);
    await page.waitForFunction(
      () => document.querySelector('#lattice-cell-heading')!.textContent === 'Cell 1, 1',
    );
    await page.waitForFunction(() =>
      document.querySelector('#lattice-arrival-time')!.textContent!.startsWith('Not reached by the outbreak'),
    );
    const after = await counts();
    expect(after[Z]).toBe(before[Z]! + 7);
    expect(await page.locator('#live-log li').last().textContent()).toMatch(/^add 7 Z at 1,1 /);
    // The engine records the cell reached now, by the drop: the panel tells the run before it.
    expect(await page.locator('#lattice-arrival-time').getAttribute('data-t')).toBe('');
    expect(await page.locator('#lattice-cell-drop').textContent()).toMatch(/^This click added 7 Z here at /);
    expect(await page.locator('#lattice-arrival-time').textContent()).not.toContain(
      'first zombie reached it',
    );
    expect(now).toBeGreaterThan(0);
    expect(await page.locator('#lattice-cell-regions').textContent()).toContain('no named region');
  });

  it('shows a click the run refuses, in the errors and the cell panel', async () => {
    await page.locator('#live-drop').selectOption('remove');
    await page.locator('#live-add-count').fill('1000');
    await page.locator('#live-add-state').selectOption('S');
    await clickCell(2, 2);
    await page.waitForFunction(() => document.querySelector('#lattice-cell-drop')!.textContent !== '');
    expect(await page.locator('#live-errors').textContent()).toMatch(/^cannot remove 1000 from S at '2,2'/);
    expect(await page.locator('#lattice-cell-drop').textContent()).toMatch(
      /^This click would remove 1000 S here; the run refused it: cannot remove/,
    );
    await page.locator('#live-drop').selectOption('add');
  });

  it('exports the map as a PNG at 1× and 2×', async () => {
    expect(await expectPngExport(page)).toEqual([
      'lattice-small-seed2-map-1x.png',
      'lattice-small-seed2-map-2x.png',
    ]);
  });

  it('has no axe-core violations, with the cell panel and the arrival layer shown', async () => {
    await page.locator('#lattice-arrival').check();
    expect((await axeReport(page)).violations).toEqual([]);
    await page.locator('#lattice-arrival').uncheck();
  });
});
