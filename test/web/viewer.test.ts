import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir, undead } from '../helpers.js';
import { axeReport, inkOf } from './page-checks.js';

/**
 * The viewer end to end: a finished hyosan-high run, served by `undead view` on loopback and shown
 * in real headless Chromium. One run, one server and one browser for the whole file.
 */

let run: string;
let server: ViewServer;
let browser: Browser;
let page: Page;
let summary: { until: number; compartments: string[]; final: Record<string, number> };
let rows: number[][];

/** Raw GET of a path exactly as written (no normalising of `..`), with an optional Host. */
function rawGet(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: host === undefined ? {} : { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The counts the page shows, by compartment. */
async function shownCounts(): Promise<Record<string, number>> {
  return page.$$eval('#counts tbody tr', (trs) =>
    Object.fromEntries(
      trs.map((tr) => [
        (tr as HTMLElement).dataset.compartment!,
        Number(tr.querySelector('.count')!.textContent!.replace(/,/g, '')),
      ]),
    ),
  );
}

beforeAll(async () => {
  const folder = temporaryDir();
  run = join(folder, 'hyosan');
  const made = undead(['run', 'hyosan-high', '--out', run, '--quiet']);
  expect(made.status, made.stderr).toBe(0);
  summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
  rows = readFileSync(join(run, 'timeseries.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  // A file outside the run folder, and a link to it inside: the server must not follow it out.
  writeFileSync(join(folder, 'secret.txt'), 'not for the browser');
  symlinkSync(join(folder, 'secret.txt'), join(run, 'link-out.txt'));
  server = await startViewServer(run);
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a finished hyosan-high run', () => {
  it('shows the final counts of summary.json at the end', async () => {
    await page.locator('#scrubber').fill(String(summary.until));
    expect(await page.locator('#time').getAttribute('data-t')).toBe(String(summary.until));
    expect(await shownCounts()).toEqual(summary.final);
  });

  it("shows timeseries.csv's counts at the middle of the run", async () => {
    const middle = summary.until / 2;
    await page.locator('#scrubber').fill(String(middle));
    const row = rows.find((r) => r[0] === middle)!;
    expect(row).toBeDefined();
    const expected = Object.fromEntries(summary.compartments.map((name, c) => [name, row[c + 1]]));
    expect(await shownCounts()).toEqual(expected);
    // Between two output rows the counts are the row's before, and say that row's time; the clock says the time.
    const rowTime = await page.locator('#time').textContent();
    await page.evaluate(
      (t) =>
        (
          window as never as { undeadViewer: { playback: { seek(t: number): void } } }
        ).undeadViewer.playback.seek(t),
      middle + 30,
    );
    expect(await shownCounts()).toEqual(expected);
    expect(await page.locator('#time').textContent()).toBe(rowTime);
    expect(await page.locator('#clock').textContent()).not.toBe(rowTime);
  });

  it("jumps to a bookmark's event time", async () => {
    const bookmark = page.locator('#bookmarks button', { hasText: '90% of the school lost' });
    const t = Number(await bookmark.getAttribute('data-t'));
    expect(t).toBeGreaterThan(0);
    await bookmark.click();
    expect(Number(await page.locator('#time').getAttribute('data-t'))).toBe(t);
    // The counts are the time series' at the last output time at or before the bookmark.
    const row = rows.filter((r) => r[0]! <= t).at(-1)!;
    expect((await shownCounts()).zombie).toBe(row[1 + summary.compartments.indexOf('zombie')]);
  });

  it('dates the first zombie on 1F by the event log, to the tick, where it turned there', async () => {
    const turns = readFileSync(join(run, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { t: number; kind: string; floor?: string; as?: string })
      .filter((e) => e.kind === 'turn' && e.as === 'zombie' && e.floor === '1F');
    const bookmark = page.locator('#bookmarks button', { hasText: 'first zombie on 1F' });
    // Patient zero turns in the nurse's office, between two frames of the replay.
    expect(Number(await bookmark.getAttribute('data-t'))).toBe(turns[0]!.t);
  });

  it('draws the map: its screenshot has many non-background pixels in several colours', async () => {
    await page.locator('#scrubber').fill(String(summary.until / 8));
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const png = PNG.sync.read(await page.locator('#map').screenshot());
    const { painted, colours } = inkOf(png);
    expect(painted).toBeGreaterThan(0.1);
    expect(colours).toBeGreaterThan(8);
  });
});

describe('playing', () => {
  it('plays, and pause stops the time at once', async () => {
    await page.locator('#scrubber').fill('0');
    await page.locator('#play').click();
    await page.waitForFunction(() => Number((document.querySelector('#time') as HTMLElement).dataset.t) > 0);
    await page.locator('#play').click();
    expect(await page.locator('#play').getAttribute('aria-label')).toBe('Play');
    const paused = await page.locator('#time').getAttribute('data-t');
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await page.locator('#time').getAttribute('data-t')).toBe(paused);
  });

  it('draws the map in device pixels on a HiDPI screen', async () => {
    const sharp = await openPage(browser, {
      viewport: { width: 1000, height: 800 },
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    await sharp.goto(server.url);
    await sharp.waitForSelector('body[data-ready="true"]');
    const size = await sharp.locator('#map').evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      return { width: canvas.width, css: canvas.clientWidth };
    });
    expect(size.width).toBe(2 * size.css);
  });

  it('loads under a language tag Intl refuses (headless Chromium in the C locale: en-US@posix)', async () => {
    const posix = await openPage(browser, { viewport: { width: 1000, height: 800 } });
    await posix.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'language', { get: () => 'en-US@posix' }),
    );
    const failures: string[] = [];
    posix.on('pageerror', (error) => failures.push(error.message));
    await posix.goto(server.url);
    await posix.waitForSelector('body[data-ready="true"]');
    expect(failures).toEqual([]);
  });
});

describe('the server', () => {
  it('refuses paths out of the run folder, encoded or through a link, without a stack trace', async () => {
    for (const path of [
      '/run/../package.json',
      '/run/..%2f..%2fpackage.json',
      '/%2e%2e/etc/passwd',
      '/run/link-out.txt',
    ]) {
      const { status, body } = await rawGet(server.url, path);
      expect(status, path).toBe(403);
      expect(body).not.toMatch(/at .*\.js/);
    }
    expect((await rawGet(server.url, '/run/summary.json')).status).toBe(200);
    expect((await rawGet(server.url, '/run/no-such-file')).status).toBe(404);
  });

  it('listens on loopback only, and answers only to its own Host', async () => {
    const { hostname, port } = new URL(server.url);
    expect(hostname).toBe('127.0.0.1');
    expect((await rawGet(server.url, '/', 'example.com')).status).toBe(421);
    // Linux lists listening sockets with their address: ours must be 127.0.0.1 (0100007F), never 0.0.0.0.
    let table = '';
    try {
      table = readFileSync('/proc/net/tcp', 'utf8') + readFileSync('/proc/net/tcp6', 'utf8');
    } catch {
      return;
    }
    const hexPort = Number(port).toString(16).toUpperCase().padStart(4, '0');
    const listening = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => f[1]!.split(':')[0]);
    expect(listening).toEqual(['0100007F']);
  });

  it('lets the page compile WebAssembly, for the compiled kernels (its Content-Security-Policy allows it)', async () => {
    const compiles = await page.evaluate(() =>
      WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])).then(
        () => true,
        () => false,
      ),
    );
    expect(compiles).toBe(true);
  });

  it('serves each file with its content type', async () => {
    const types = await page.evaluate(async () => {
      const of = async (path: string) => (await fetch(path)).headers.get('content-type');
      return [
        await of('run/summary.json'),
        await of('run/timeseries.csv'),
        await of('run/replay.bin'),
        await of('./'),
      ];
    });
    expect(types).toEqual([
      'application/json; charset=utf-8',
      'text/csv; charset=utf-8',
      'application/octet-stream',
      'text/html; charset=utf-8',
    ]);
  });
});

describe('accessibility', () => {
  it('has no axe-core violations (axe loaded offline from node_modules)', async () => {
    const { violations, passes } = await axeReport(page);
    expect(passes).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });

  it('reaches every control by keyboard, and ? opens the shortcuts', async () => {
    const controls = await page.$$eval('button, input, select, [tabindex="0"]', (els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null || el.closest('.timeline') !== null)
        .filter((el) => el.closest('dialog') === null)
        .map((el) => el.id || el.textContent!.trim()),
    );
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let k = 0; k < controls.length + 5; k++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate(() => document.activeElement!.id || document.activeElement!.textContent!.trim()),
      );
    }
    for (const control of controls) expect(reached, control).toContain(control);
    await page.locator('#map').focus();
    await page.keyboard.press('?');
    expect(await page.locator('#help').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('#help').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  });

  it('keeps Home and End for the page when a click left the focus on a button', async () => {
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    expect(Number(await page.locator('#time').getAttribute('data-t'))).toBe(0);
    await page.locator('#play').focus();
    await page.keyboard.press('End');
    const end = Number(await page.locator('#time').getAttribute('data-t'));
    await page.keyboard.press('Home');
    expect(Number(await page.locator('#time').getAttribute('data-t'))).toBe(0);
    expect(end).toBeGreaterThan(0);
  });
});
