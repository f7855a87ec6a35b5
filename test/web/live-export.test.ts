import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir, undead } from '../helpers.js';
import { axeReport, downloaded, expectPngExport } from './page-checks.js';

/**
 * Export from a live run, in real headless Chromium: `undead view hyosan-high` (cut to 15 minutes,
 * seed 3) driven by `step(n)` messages to its worker, with zombies and humans dropped and a
 * parameter set; then the map as PNG, the charts as CSV, the run as a zip whose README's command
 * gives the same rows with the CLI, and a WebM clip. One browser, one server.
 */

const UNTIL = 900;
const SEED = 3;
const SETS = [`time.until=${UNTIL}`];
/** Where the run is when it is exported: on the output grid (every 60 s), so its last row is now. */
const SHOWN = 480;
const NAME = `hyosan-high-seed${SEED}`;

let browser: Browser;
let server: ViewServer;
let page: Page;

interface Answer {
  t?: number;
  counts?: number[];
  error?: string;
}

function send(command: Record<string, unknown>): Promise<Answer> {
  return page.evaluate(
    (c) => (window as never as { undeadLive: { send(c: unknown): Promise<Answer> } }).undeadLive.send(c),
    command,
  );
}

async function control(intervention: Record<string, unknown>): Promise<void> {
  expect((await send({ type: 'control', intervention })).error).toBeUndefined();
}

/** The rows of a CSV whose fields may be quoted (the time as read, `"day 1, 08:48"`), none holding a line break. */
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!).slice(0, -1));

/** The counts table, by compartment. */
function shownCounts(): Promise<Record<string, string>> {
  return page.$$eval('#counts tbody tr', (trs) =>
    Object.fromEntries(
      trs.map((tr) => [
        (tr as HTMLElement).dataset.compartment!,
        tr.querySelector('.count')!.textContent!.replace(/,/g, ''),
      ]),
    ),
  );
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startViewServer('hyosan-high', ['--seed', String(SEED), ...SETS.flatMap((s) => ['--set', s])]),
    launchBrowser(),
  ]);
  page = await openPage(browser, {
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    acceptDownloads: true,
  });
  await page.goto(server.url);
  await page.waitForSelector('body[data-live="true"][data-ready="true"]');
  await send({ type: 'step', n: 200 });
  await control({ kind: 'add', compartment: 'zombie', count: 3, place: '2-3' });
  await control({ kind: 'add', compartment: 'human', count: 4, place: '2-3' });
  await send({ type: 'step', n: 100 });
  await control({ kind: 'set', name: 'world.infection.zombie.speed', value: 1.6 });
  expect((await send({ type: 'step', n: SHOWN - 300 })).t).toBe(SHOWN);
  await page.waitForFunction(
    (t) => document.querySelector<HTMLElement>('#time')?.dataset.t === String(t),
    SHOWN,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('export from a live run', () => {
  it('saves the map as a PNG whose 2× is twice the size of 1×, and not blank', async () => {
    expect(await expectPngExport(page)).toEqual([`${NAME}-map-1x.png`, `${NAME}-map-2x.png`]);
  });

  it("saves the charts' data up to the time shown, its last row the counts shown", async () => {
    const { name, bytes } = await downloaded(page, '#export-csv');
    expect(name).toBe(`${NAME}-charts.csv`);
    const rows = csvRows(bytes.toString('utf8'));
    const header = rows[0]!;
    expect(header.slice(0, 2)).toEqual(['t (second)', 'time']);
    expect(rows.length).toBe(1 + SHOWN / 60 + 1);
    const last = rows.at(-1)!;
    expect(last[0]).toBe(String(SHOWN));
    const counts = await shownCounts();
    expect(Object.keys(counts).length).toBeGreaterThan(3);
    for (const [compartment, count] of Object.entries(counts))
      expect(last[header.indexOf(compartment)], compartment).toBe(count);
    expect(Number(counts.zombie)).toBeGreaterThan(0);
    // Survival by group comes along, in %.
    expect(header.some((h) => h.endsWith('human (%)'))).toBe(true);
  });

  it('saves the run as a zip whose README command gives the live rows with the CLI', async () => {
    const { name, bytes } = await downloaded(page, '#export-run');
    expect(name).toBe(`${NAME}.zip`);
    const folder = temporaryDir();
    for (const [path, content] of Object.entries(unzipSync(new Uint8Array(bytes)))) {
      const file = join(folder, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const root = join(folder, NAME);
    const read = (file: string) => readFileSync(join(root, file), 'utf8');
    for (const file of ['live/events.jsonl', 'live/agents.csv', 'live/groups.csv'])
      expect(read(file).length, file).toBeGreaterThan(0);
    expect(read('hyosan-high.yaml')).toContain('name: hyosan-high');
    expect(read('interventions.jsonl').trim().split('\n')).toHaveLength(3);

    const command = read('README.txt')
      .split('\n')
      .find((line) => line.startsWith('undead run '));
    expect(command).toBe(
      `undead run hyosan-high.yaml --seed ${SEED} --set time.until=${UNTIL} --set options.agents.reserve=1000 --interventions interventions.jsonl --out run`,
    );
    const cli = undead(command!.split(' ').slice(1), root);
    expect(cli.status, cli.stderr).toBe(0);

    const live = read('live/timeseries.csv').trim().split('\n');
    expect(live).toHaveLength(1 + SHOWN / 60 + 1);
    const again = read('run/timeseries.csv').trim().split('\n');
    expect(again.slice(0, live.length)).toEqual(live);
    // The rows are what the page showed.
    const shown = await page.evaluate(
      () => (window as never as { undeadLive: { state(): { rows: number[][] } } }).undeadLive.state().rows,
    );
    expect(live.slice(1)).toEqual(shown.map((row) => row.join(',')));
  });

  it('records a WebM clip of a time range, the worker seeking through it', async () => {
    await page.locator('#clip-from').fill('0');
    await page.locator('#clip-to').fill('180');
    const { name, bytes } = await downloaded(page, '#export-webm');
    expect(name).toBe(`${NAME}-t0-180.webm`);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    await expect.poll(() => page.locator('#export-status').textContent()).toMatch(/Saved a clip of 4 frames/);
    // The run goes back to the time shown before.
    await page.waitForFunction(
      (t) => document.querySelector<HTMLElement>('#time')?.dataset.t === String(t),
      SHOWN,
    );
  });

  it('names the files after the seed run now, after a reseed', async () => {
    await page.locator('#live-reseed').click();
    await page.waitForFunction(
      (seed) => document.querySelector('#subtitle')!.textContent!.includes(`seed ${seed},`),
      SEED + 1,
    );
    expect((await downloaded(page, '#export-csv')).name).toBe(`hyosan-high-seed${SEED + 1}-charts.csv`);
  });

  it('reaches every control of the export panel by keyboard', async () => {
    const controls = await page.$$eval('.export :is(button, input, select)', (els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.id || el.textContent!.trim()),
    );
    expect(controls.length).toBeGreaterThan(4);
    await page.locator('.export :is(button, input, select)').first().focus();
    const reached = new Set<string>();
    for (let k = 0; k < controls.length + 2; k++) {
      reached.add(
        await page.evaluate(() => document.activeElement!.id || document.activeElement!.textContent!.trim()),
      );
      await page.keyboard.press('Tab');
    }
    for (const control of controls) expect(reached, control).toContain(control);
  });

  it('has no axe-core violations with the export panel', async () => {
    expect((await axeReport(page)).violations).toEqual([]);
  });
});
