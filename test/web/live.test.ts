import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_NAMES } from '../../src/engines/agents/states.js';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir, undead } from '../helpers.js';
import { axeReport } from './page-checks.js';

/**
 * Live runs end to end: `undead view SCENARIO` serves the page, whose Web Worker runs the scenario,
 * in real headless Chromium. The worker is driven by `step(n)` messages (the page's clock does not
 * control workers), so every number here is deterministic. One browser; two small servers (an
 * agents run of hyosan-high cut to 20 minutes, and munz-basic on the SSA).
 */

const UNTIL = 900;
const SETS = [`time.until=${UNTIL}`];

let browser: Browser;
let agentsServer: ViewServer;
let countingServer: ViewServer;
let page: Page;
/** Files the page asked for and did not get (a 404 is an error in the console). */
const missing: string[] = [];

interface Answer {
  t?: number;
  counts?: number[];
  error?: string;
  interventions?: { t: number; intervention: Record<string, unknown> }[];
}
interface PageState {
  t: number;
  counts: number[];
  rows: number[][];
  agents: number;
  doors: { state: number[]; barricaded: number[]; breached: number[] };
}
interface LoggedLine {
  t: number;
  kind: string;
  door?: number;
  state?: string;
}
interface ToolsNow {
  noises: number;
  trail: number;
  inspected: number | undefined;
}

/** Sends a command to the page's worker and waits for its answer. */
function send(command: Record<string, unknown>, on: Page = page): Promise<Answer> {
  return on.evaluate(
    (c) => (window as never as { undeadLive: { send(c: unknown): Promise<Answer> } }).undeadLive.send(c),
    command,
  );
}

/** Resolves once the page has drawn the latest frame (two animation frames on). */
function drawn(on: Page): Promise<unknown> {
  return on.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** What the page shows once it has drawn the latest frame. */
async function state(on: Page = page): Promise<PageState> {
  await drawn(on);
  return on.evaluate(() => (window as never as { undeadLive: { state(): PageState } }).undeadLive.state());
}

/**
 * The counts table, by compartment, once the page has drawn the latest frame: read at once, a
 * loaded machine once found the table before its first counts (0 of 501).
 */
async function shownCounts(on: Page = page): Promise<Record<string, number>> {
  await drawn(on);
  return on.$$eval('#counts tbody tr', (trs) =>
    Object.fromEntries(
      trs.map((tr) => [
        (tr as HTMLElement).dataset.compartment!,
        Number(tr.querySelector('.count')!.textContent!.replace(/,/g, '')),
      ]),
    ),
  );
}

async function reset(seed: number, on: Page = page): Promise<void> {
  await send({ type: 'reset', seed, sets: SETS }, on);
  await on.waitForSelector('#live-controls #live-play');
}

/** Sets a slider to a value as a person would (input, then change). */
async function slide(name: string, value: number): Promise<void> {
  await page.locator(`.live-slider[data-name="${name}"] input`).evaluate((input, v) => {
    const range = input as HTMLInputElement;
    range.value = String(v);
    range.dispatchEvent(new Event('input', { bubbles: true }));
    range.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** A point of a room on the map, in page pixels, found with the map's own lookup. */
async function pointIn(room: string): Promise<[number, number]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const point = await page.evaluate((name) => {
    const canvas = document.querySelector('#map') as HTMLCanvasElement;
    const live = (window as never as { undeadLive: { placeAt(x: number, y: number): string | undefined } })
      .undeadLive;
    const inside: { x: number; y: number }[] = [];
    for (let y = 0; y < canvas.clientHeight; y += 2)
      for (let x = 0; x < canvas.clientWidth; x += 2) if (live.placeAt(x, y) === name) inside.push({ x, y });
    const middle = inside[inside.length >> 1];
    const box = canvas.getBoundingClientRect();
    return middle === undefined ? undefined : { x: box.left + middle.x, y: box.top + middle.y };
  }, room);
  expect(point, `a point of ${room} on the map`).toBeDefined();
  return [point!.x, point!.y];
}

beforeAll(async () => {
  [agentsServer, countingServer, browser] = await Promise.all([
    startViewServer(
      'hyosan-high',
      SETS.flatMap((s) => ['--set', s]),
    ),
    startViewServer('munz-basic', ['--engine', 'ssa', '--seed', '3']),
    launchBrowser(),
  ]);
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  page.on('response', (response) => {
    if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(agentsServer.url);
  await page.waitForSelector('body[data-live="true"][data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([agentsServer?.stop(), countingServer?.stop()]);
});

describe('a live hyosan-high run', () => {
  it('starts paused at 0 with the map, the controls, a slider per parameter and a button per event', async () => {
    const now = await state();
    expect(now.t).toBe(0);
    // It asked only for files the live folder has (not a finished run's summary.json first).
    expect(missing).toEqual([]);
    expect(await page.locator('#map-area').isVisible()).toBe(true);
    // The chart follows the map, however tall the side column of controls.
    const [mapBottom, chartTop] = await page.evaluate(() => [
      document.querySelector('#map-area')!.getBoundingClientRect().bottom,
      document.querySelector('#series-heading')!.getBoundingClientRect().top,
    ]);
    expect(chartTop! - mapBottom!).toBeLessThan(60);
    // The map's legend: a marker and a name for each state.
    expect(await page.locator('#legend li').allTextContents()).toEqual(STATE_NAMES.map((s) => ` ${s}`));
    expect(await page.locator('.live-slider[data-mode="live"]').count()).toBeGreaterThan(3);
    expect(await page.locator('.live-slider[data-mode="reset"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.live-event[data-event="broadcast"]').count()).toBe(1);
    // A world event's time: the scenario's own (not snapped to the slider's steps), in words.
    const broadcast = page.locator('.live-slider[data-name="world.events.broadcast.at"]');
    expect(await broadcast.locator('input').inputValue()).toBe('5400');
    expect(await broadcast.locator('output').textContent()).toBe('1 h 30 min, 10:10');
    // Labelled in words, with the name --set takes as the label's title.
    const share = page.locator('.live-slider[data-name="immune_share"] label');
    expect([await share.textContent(), await share.getAttribute('title')]).toEqual([
      'Immune share of hybrids',
      'immune_share',
    ]);
    // The seam for links: what a URL would hold to come back here.
    expect(
      await page.evaluate(() =>
        (window as never as { undeadLive: { settings(): unknown } }).undeadLive.settings(),
      ),
    ).toMatchObject({ scenario: 'hyosan-high', seed: 1, sets: SETS, engine: 'agents', t: 0 });
    // …and the link itself (url-state.ts) holds them.
    await page.waitForFunction(() => window.location.search.includes('scenario=hyosan-high'));
    expect(new URLSearchParams(await page.evaluate(() => window.location.search)).getAll('set')).toEqual(
      SETS,
    );
  });

  it('drops zombies: the zombie count rises by as many', async () => {
    await send({ type: 'step', n: 30 });
    const before = await shownCounts();
    await page.locator('#live-add-count').fill('5');
    await page.locator('#live-add-state').selectOption('zombie');
    await page.locator('#live-add-button').click();
    await page.waitForFunction(
      (z) =>
        Number(document.querySelector('#counts tr[data-compartment="zombie"] .count')!.textContent) === z,
      before.zombie! + 5,
    );
    const after = await shownCounts();
    expect(after.zombie).toBe(before.zombie! + 5);
    expect(after.human).toBe(before.human! - 5);
    expect(await page.locator('#marks .mark-intervention').count()).toBe(1);
  });

  it('drops zombies in the room clicked on the map, once a click, after a reset too', async () => {
    await reset(1);
    await send({ type: 'step', n: 30 });
    await page.locator('#live-add-count').fill('5');
    const before = (await state()).counts;
    const log = await page.locator('#live-log li').count();
    // A point of classroom 2-3 (full of students at this hour).
    await page.mouse.click(...(await pointIn('2-3')));
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('#live-log li').length > n ||
        document.querySelector('#live-errors')!.textContent !== '',
      log,
    );
    expect(await page.locator('#live-errors').textContent()).toBe('');
    const entry = await page.locator('#live-log li').last().textContent();
    expect(entry).toMatch(/^add 5 zombie at 2-3 /);
    const after = (await state()).counts;
    const ZOMBIE = 2;
    expect(after[ZOMBIE]).toBe(before[ZOMBIE]! + 5);
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0));
    expect(await page.locator('#live-log li').count()).toBe(1);
  });

  it('drops humans in the room clicked (a live agents run keeps a reserve for them)', async () => {
    await reset(1);
    await send({ type: 'step', n: 30 });
    await page.locator('#live-add-count').fill('4');
    await page.locator('#live-add-state').selectOption('human');
    const before = (await state()).counts;
    await page.mouse.click(...(await pointIn('2-3')));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#live-log li').length > 0 ||
        document.querySelector('#live-errors')!.textContent !== '',
    );
    expect(await page.locator('#live-errors').textContent()).toBe('');
    expect(await page.locator('#live-log li').last().textContent()).toMatch(/^add 4 human at 2-3 /);
    const after = (await state()).counts;
    const HUMAN = 0;
    expect(after[HUMAN]).toBe(before[HUMAN]! + 4);
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0) + 4);
    // Add now names no room: the page says how to add them, in its words, not a command line's.
    await page.locator('#live-add-button').click();
    expect(await page.locator('#live-errors').textContent()).toMatch(
      /^Humans are added in a room .* click a room/,
    );
    await page.locator('#live-add-state').selectOption('zombie');
  });

  it('pause stops the counts', async () => {
    await page.locator('#live-play').click();
    await page.waitForFunction(
      (t) => Number(document.querySelector('#time')!.getAttribute('data-t')) > t,
      (await state()).t,
    );
    await page.locator('#live-play').click();
    await page.waitForSelector('#live-play[aria-pressed="false"]');
    const paused = await state();
    await page.waitForTimeout(400);
    const later = await state();
    expect(later.t).toBe(paused.t);
    expect(later.counts).toEqual(paused.counts);
  });

  it('a live slider changes the outcome; an applies-on-reset slider only after reset', async () => {
    const outcome = async () => {
      await send({ type: 'step', n: 600 });
      const s = await state();
      return { counts: s.counts, agents: s.agents };
    };
    await reset(11);
    const plain = await outcome();
    await reset(11);
    await slide('world.infection.zombie.speed', 2);
    const faster = await outcome();
    expect(faster).not.toEqual(plain);
    // Arrow keys step the slider five times: one intervention once they rest (or, here, the slider
    // is left), listed by the slider's label, the name --set takes in its tooltip.
    const speed = page.locator('.live-slider[data-name="world.infection.zombie.speed"] input');
    await speed.focus();
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelectorAll('#live-log li').length > 1);
    await send({ type: 'pause' });
    await state();
    const stepped = Number(await speed.inputValue());
    expect(stepped).toBeGreaterThan(2);
    const last = page.locator('#live-log li').last();
    expect(await page.locator('#live-log li').count()).toBe(2);
    expect(await last.textContent()).toMatch(new RegExp(`^set Zombie speed to ${stepped} at `));
    expect(await last.getAttribute('title')).toBe(`set world.infection.zombie.speed = ${stepped}`);

    await reset(11);
    await slide('world.events.broadcast.at', 60);
    expect(await outcome()).toEqual(plain);
    await page.locator('#live-reset').click();
    await page.waitForFunction(() =>
      document.querySelector('#subtitle')!.textContent!.includes('broadcast.at'),
    );
    expect(await outcome()).not.toEqual(plain);
  });

  it('gives the CLI numbers for the same seed and interventions', async () => {
    const seed = 5;
    await reset(seed);
    await send({ type: 'step', n: 200 });
    expect(
      (
        await send({
          type: 'control',
          intervention: { kind: 'add', compartment: 'zombie', count: 3, place: '2-3' },
        })
      ).error,
    ).toBeUndefined();
    await send({ type: 'step', n: 120 });
    await send({
      type: 'control',
      intervention: { kind: 'set', name: 'world.infection.zombie.speed', value: 1.6 },
    });
    await send({ type: 'seek', t: 600 });
    await send({ type: 'control', intervention: { kind: 'fire', event: 'broadcast' } });
    // Back over the interventions and forward again: the run replays them from its snapshots.
    await send({ type: 'seek', t: 250 });
    const last = await send({ type: 'seek', t: UNTIL });
    expect(last.t).toBe(UNTIL);
    const live = await state();

    const folder = temporaryDir();
    const file = join(folder, 'interventions.jsonl');
    writeFileSync(
      file,
      last.interventions!.map(({ t, intervention }) => JSON.stringify(cliEntry(t, intervention))).join('\n'),
    );
    const out = join(folder, 'run');
    const cli = undead([
      'run',
      'hyosan-high',
      ...SETS.flatMap((s) => ['--set', s]),
      '--seed',
      String(seed),
      '--interventions',
      file,
      '--out',
      out,
      '--quiet',
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(live.rows).toEqual(rows);
  });

  it('shows a scenario input error in the CLI form', async () => {
    const answer = await send({ type: 'reset', seed: 1, sets: ['time.every=-1'] });
    const form = /^--set time\.every=-1:1:\d+: time\.every: must be greater than 0$/;
    expect(answer.error).toMatch(form);
    expect(await page.locator('#live-errors').textContent()).toMatch(form);
    await reset(1);
  });

  it('reseeds: the next seed, from t = 0, the same as a reset to it', async () => {
    await send({ type: 'step', n: 200 });
    await page.locator('#live-reseed').click();
    await page.waitForFunction(() => document.querySelector('#subtitle')!.textContent!.includes('seed 2,'));
    expect(await page.locator('#live-seed').inputValue()).toBe('2');
    expect((await send({ type: 'step', n: 200 })).t).toBe(200);
    const reseeded = await state();
    await send({ type: 'seed', seed: 2 });
    await send({ type: 'step', n: 200 });
    expect((await state()).counts).toEqual(reseeded.counts);
    expect((await state()).agents).toBe(reseeded.agents);
  });
});

/** The live run's event log so far, as the worker writes it. */
async function liveEvents(): Promise<LoggedLine[]> {
  const records = (await send({ type: 'records' })) as { eventsJsonl?: string };
  return records
    .eventsJsonl!.split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LoggedLine);
}

/** What the map tools hold now: the noises read from the log, the trail, the agent inspected. */
function toolsNow(): Promise<ToolsNow | undefined> {
  return page.evaluate(() => {
    const tools = (
      window as never as {
        undeadLive: {
          mapTools():
            | {
                sound: { noiseCount: number };
                focus: { trailLength: number };
                inspector: { inspected: number | undefined };
              }
            | undefined;
        };
      }
    ).undeadLive.mapTools();
    return tools === undefined
      ? undefined
      : {
          noises: tools.sound.noiseCount,
          trail: tools.focus.trailLength,
          inspected: tools.inspector.inspected,
        };
  });
}

/** Pixels of the map canvas near the sound rings' sky blue (#56B4E9). */
function skyBluePixels(): Promise<number> {
  return page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const canvas = document.querySelector<HTMLCanvasElement>('#map')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let p = 0; p < data.length; p += 4)
      if (Math.abs(data[p]! - 0x56) + Math.abs(data[p + 1]! - 0xb4) + Math.abs(data[p + 2]! - 0xe9) < 24)
        count++;
    return count;
  });
}

describe('the map tools in a live run', () => {
  it('draws a door that the run barricades, then breaks, in its new state', async () => {
    await reset(1);
    const start = (await state()).doors;
    expect(start.state.length).toBeGreaterThan(100);
    // Seed 1: people shut and barricade doors from about 3 minutes on, and zombies break some.
    await send({ type: 'step', n: 420 });
    const log = await liveEvents();
    const doorState = ['open', 'closed', 'locked', 'broken'];
    const breaches = log.filter((e) => e.kind === 'breach' && start.state[e.door!] === 0);
    expect(breaches.length, 'doors open at the start breached by 7 minutes').toBeGreaterThan(1);
    // Between a door's shutting and its breach, the map shows it as the log last set it, and some
    // with a barricade (which the log does not record: only the live map shows it).
    let barricades = 0;
    for (const breach of breaches) {
      const d = breach.door!;
      const shut = log.find((e) => e.kind === 'door' && e.door === d && e.state === 'closed')!;
      const mid = Math.round((shut.t + breach.t) / 2);
      await send({ type: 'seek', t: mid });
      const doors = (await state()).doors;
      const last = log.filter((e) => e.kind === 'door' && e.door === d && e.t <= mid).pop()!;
      expect(doorState[doors.state[d]!], `door ${d} at ${mid}`).toBe(last.state);
      expect(doors.breached[d]).toBe(0);
      barricades += doors.barricaded[d]!;
    }
    expect(barricades).toBeGreaterThan(0);
    await send({ type: 'seek', t: 420 });
    const broken = (await state()).doors;
    for (const breach of breaches)
      expect([broken.state[breach.door!], broken.breached[breach.door!]], `door ${breach.door}`).toEqual([
        3, 1,
      ]);
  });

  it('a click on an agent inspects it (traits and history), Follow trails it, and nothing is dropped', async () => {
    await page.waitForFunction(
      () => (window as never as { undeadLive: { mapTools(): unknown } }).undeadLive.mapTools() !== undefined,
    );
    const before = await state();
    const interventions = await page.locator('#live-log li').count();
    // A click off any agent would drop five humans.
    await page.locator('#live-drop').selectOption('add');
    const at = await page.evaluate(
      (agents) => {
        const { clientWidth: width, clientHeight: height } = document.querySelector('#map')!;
        const live = (
          window as never as { undeadLive: { screenOf(i: number): { x: number; y: number } | undefined } }
        ).undeadLive;
        for (let i = 0; i < agents; i++) {
          const where = live.screenOf(i);
          if (
            where !== undefined &&
            where.x > 4 &&
            where.y > 4 &&
            where.x < width - 4 &&
            where.y < height - 4
          )
            return where;
        }
        return undefined;
      },
      before.counts.reduce((sum, n) => sum + n, 0),
    );
    expect(at).toBeDefined();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + at!.x, box.y + at!.y);
    await page.waitForSelector('#inspector:not([hidden])');
    const inspected = (await toolsNow())!.inspected!;
    expect(inspected).toBeGreaterThanOrEqual(0);
    expect(await page.locator('#inspector-heading').textContent()).toContain(`#${inspected}`);
    expect(await page.locator('#traits tr').count()).toBeGreaterThan(2);
    expect(await page.locator('#traits tr[data-trait="sight"]').count()).toBe(1);
    // The click inspected: it dropped no one.
    expect(await page.locator('#live-log li').count()).toBe(interventions);
    expect((await state()).counts).toEqual(before.counts);
    // Its history is told from the live log.
    await page.waitForFunction(() => document.querySelectorAll('#history li').length > 0);
    await page.locator('#follow').click();
    expect(await page.locator('#follow').getAttribute('aria-pressed')).toBe('true');
    for (let k = 0; k < 4; k++) await send({ type: 'step', n: 15 });
    await state();
    expect((await toolsNow())!.trail).toBeGreaterThanOrEqual(4);
  });

  it('the sound overlay draws the noises of the live log', async () => {
    await page.locator('#inspector-close').click();
    await page.locator('#floor-picker').selectOption('');
    const now = (await state()).t;
    const noise = (await liveEvents()).filter((e) => e.kind === 'noise' && e.t <= now).pop();
    expect(noise, 'a noise by now').toBeDefined();
    // Just after the noise: its ring is drawn at full strength.
    await send({ type: 'seek', t: Math.ceil(noise!.t) });
    const noises = (await liveEvents()).filter((e) => e.kind === 'noise').length;
    expect(await skyBluePixels()).toBe(0);
    await page.locator('#overlay-sound').click();
    await page.waitForFunction(
      (n) =>
        (
          window as never as { undeadLive: { mapTools(): { sound: { noiseCount: number } } } }
        ).undeadLive.mapTools().sound.noiseCount === n,
      noises,
    );
    expect(await skyBluePixels()).toBeGreaterThan(20);
    await page.locator('#overlay-sound').click();
    expect(await skyBluePixels()).toBe(0);
  });
});

describe('a link to a live run', () => {
  it('starts with its seed and sets, at its time', async () => {
    const linked = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await linked.goto(`${agentsServer.url}?scenario=hyosan-high&seed=4&set=time.until%3D600&t=120`);
    await linked.waitForSelector('body[data-live="true"][data-ready="true"]');
    await linked.waitForFunction(() => document.querySelector('#time')!.getAttribute('data-t') === '120');
    expect(await linked.locator('#subtitle').textContent()).toMatch(/seed 4, time\.until=600,/);
    // Left open: closing a page can take the packaged single-process Chromium down with it.
  });
});

describe('accessibility of the live controls', () => {
  it('has no axe-core violations, and every control is reachable by Tab', async () => {
    expect((await axeReport(page)).violations).toEqual([]);
    const controls = await page.$$eval(
      '#live-controls button, #live-controls input, #live-controls select',
      (els) =>
        els
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .map((el) => el.id || el.textContent!.trim()),
    );
    await page.locator('#live-play').focus();
    const reached = new Set<string>();
    for (let k = 0; k < controls.length + 2; k++) {
      reached.add(
        await page.evaluate(() => document.activeElement!.id || document.activeElement!.textContent!.trim()),
      );
      await page.keyboard.press('Tab');
    }
    for (const control of controls) expect(reached, control).toContain(control);
  });
});

describe('a live run of a counting engine', () => {
  it('runs munz-basic on the SSA with no map, stepping output steps', async () => {
    const counting = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    // A link to another scenario, with a time it cannot read: the page says it read neither.
    await counting.goto(`${countingServer.url}?scenario=hyosan-high&t=abc`);
    await counting.waitForSelector('body[data-live="true"][data-ready="true"]');
    expect(await counting.locator('#status').textContent()).toBe(
      'Running Munz et al. (2009), basic model live. Not read from the link: t=abc: not a time ≥ 0.' +
        ' Not read from the link: scenario=hyosan-high: this page runs munz-basic' +
        ' (`undead view hyosan-high` runs that one).',
    );
    expect(await counting.locator('#map-area').isVisible()).toBe(false);
    // With no map, the chart is at the top of the left column, not below the side column's height.
    const chartTop = await counting.locator('#series-heading').evaluate((h) => h.getBoundingClientRect().top);
    expect(chartTop).toBeLessThan(200);
    // Nor its row of what a click on the map does.
    expect(await counting.locator('#live-drop-row').isVisible()).toBe(false);
    const answer = await send({ type: 'step', n: 10 }, counting);
    expect(answer.t).toBeCloseTo(1, 12);
    const shown = await shownCounts(counting);
    expect(Object.keys(shown)).toEqual(['S', 'Z', 'R']);
    expect(shown.S! + shown.Z! + shown.R!).toBe(501);
    expect(await counting.locator('.live-slider[data-name="beta"][data-mode="live"]').count()).toBe(1);
    // Speeds in the clock's terms (munz-basic counts days): 4 min per second, not 0.00278 days.
    const speeds = await counting.locator('#live-speed option').allTextContents();
    expect(speeds[0]).toBe('4 min per second (the run in 1 h)');
    for (const label of speeds) expect(label).not.toMatch(/0\.0|e-/);
    // The initial count reads as the scenario gives it: 500, not 5.
    expect(await counting.locator('.live-slider[data-name="S"] output').textContent()).toBe('500');
  });
});

/** A logged intervention as an entry of an interventions file. */
function cliEntry(t: number, intervention: Record<string, unknown>): Record<string, unknown> {
  switch (intervention.kind) {
    case 'set':
      return { at: t, set: { [intervention.name as string]: intervention.value } };
    case 'add':
      return {
        at: t,
        add: { [intervention.compartment as string]: intervention.count, place: intervention.place },
      };
    default:
      return { at: t, fire: intervention.event };
  }
}
