import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { DOOR_BARRICADED } from '../../src/engines/agents/building.js';
import { ReplayWriter } from '../../src/engines/agents/replay.js';
import { STATE_COUNT } from '../../src/engines/agents/states.js';
import { createEngine } from '../../src/engines/create.js';
import { recordWith } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { builtinText } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { LiveMoments } from '../../web/src/live/live-moments.js';
import { LiveRun } from '../../web/src/live/live-run.js';
import { axeReport } from './page-checks.js';

/**
 * The story of a live run: survival by group and the moments, found as the run goes. The worker's
 * side (`LiveRun`) against the CLI's groups.csv; the page against the same run made here, in real
 * headless Chromium: one browser, one server, hyosan-high cut to half an hour.
 */

const UNTIL = 1800;
const SETS = [`time.until=${UNTIL}`];
const SEED = 1;
const TEXT = builtinText('hyosan-high');

let browser: Browser;
let server: ViewServer;
let page: Page;
/** The same run as the page's, made here. */
let expected: LiveRun;

interface PageState {
  t: number;
  counts: number[];
}

function send(command: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(
    (c) => (window as never as { undeadLive: { send(c: unknown): Promise<unknown> } }).undeadLive.send(c),
    command,
  );
}

async function state(): Promise<PageState> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => (window as never as { undeadLive: { state(): PageState } }).undeadLive.state());
}

/** The survival table: each group's members still human, and its size. */
function survivalShown(): Promise<{ group: string; human: number; size: number }[]> {
  return page.$$eval('#survival tbody tr', (trs) =>
    trs.map((tr) => {
      const cells = (tr as HTMLTableRowElement).cells;
      const number = (text: string | null) => Number((text ?? '').split(' ')[0]!.replace(/,/g, ''));
      return {
        group: (tr as HTMLElement).dataset.group!,
        human: number(cells[1]!.textContent),
        size: number(cells[2]!.textContent),
      };
    }),
  );
}

function momentsShown(): Promise<{ t: number; label: string }[]> {
  return page.$$eval('#bookmarks button', (buttons) =>
    buttons.map((b) => ({
      t: Number((b as HTMLElement).dataset.t),
      label: b.firstChild!.textContent!,
    })),
  );
}

/** Row r of the groups' counts kept by a live run: each group's members human, and in all. */
function groupsAt(run: LiveRun, r: number): { human: number; size: number }[] {
  const groups = run.groups!;
  return groups.names.map((_, g) => {
    const at = (r * groups.names.length + g) * STATE_COUNT;
    const zero = g * STATE_COUNT;
    return {
      human: groups.values[at]!,
      size: groups.values.subarray(zero, zero + STATE_COUNT).reduce((sum, v) => sum + v, 0),
    };
  });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startViewServer(
      'hyosan-high',
      SETS.flatMap((s) => ['--set', s]),
    ),
    launchBrowser(),
  ]);
  expected = new LiveRun({ text: TEXT, file: 'hyosan-high.yaml', sets: SETS, seed: SEED });
  expected.advance(UNTIL);
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await page.goto(server.url);
  await page.waitForSelector('body[data-live="true"][data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the story of a live run, in the worker', () => {
  it('keeps the groups’ counts of groups.csv on every row, and finds the same moments again after a seek back', () => {
    const compiled = compileScenario(parseScenario(TEXT, 'hyosan-high.yaml', SETS), 'agents');
    const engine = createEngine(compiled, streamFor(SEED, 0));
    recordWith(engine, expected.times, []);
    const csv = engine.artifacts!(true)['groups.csv'] as string;
    const groups = expected.groups!;
    expect(groups.names).toEqual(['students', 'staff']);
    const top = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((row) => groups.names.includes(row[1]!))
      .flatMap((row) => row.slice(2).map(Number));
    expect([...groups.values]).toEqual(top);

    const all = expected.moments();
    // The first breach on each floor, from the run's own log, on the first row at or after it.
    const firstBreach = new Map<string, number>();
    for (const line of (engine.artifacts!()['events.jsonl'] as string).trim().split('\n')) {
      const event = JSON.parse(line) as { kind: string; t: number; floor: string };
      if (event.kind === 'breach' && !firstBreach.has(event.floor)) firstBreach.set(event.floor, event.t);
    }
    const rowTime = (t: number) => expected.times.find((row) => row >= t)!;
    expect(firstBreach.size).toBeGreaterThan(0);
    expect(all.filter((m) => m.kind === 'door').map((m) => m.t)).toEqual(
      [...firstBreach.values()].map(rowTime).sort((a, b) => a - b),
    );
    expect(all.some((m) => m.kind === 'fate' && m.state !== 0)).toBe(true);
    expect(all.some((m) => m.kind === 'spread' && m.floor > 0)).toBe(true);
    const run = new LiveRun({ text: TEXT, file: 'hyosan-high.yaml', sets: SETS, seed: SEED });
    run.advance(UNTIL);
    run.seek(UNTIL / 3);
    const back = run.moments();
    expect(back).toEqual(all.filter((m) => m.t <= run.times[run.rows - 1]! && m.kind !== 'survives'));
    expect(back.length).toBeLessThan(all.length);
    run.seek(UNTIL);
    expect(run.moments()).toEqual(all);
  });

  it('finds the first door broken on each floor from the doors’ states, and forgets it when its row is observed again', () => {
    const times = Float64Array.of(0, 60, 120);
    const doorFloor = Uint8Array.of(0, 1, 1);
    const moments = new LiveMoments(times, 2, 0, [], 0, doorFloor);
    const counts = Float64Array.of(10, 0, 0, 0, 0, 0);
    const noAgents = () => {
      const writer = new ReplayWriter(0, 0, 0, 0, 0, 0, new Uint8Array(0), 1);
      writer.add(0, [], [], [], new Uint8Array(0));
      return writer.bytes();
    };
    moments.observe(0, counts, Uint8Array.of(0, 1, 1 + DOOR_BARRICADED), noAgents);
    // A door broken while its barricade is still counted: the state is the code without the flag.
    moments.observe(1, counts, Uint8Array.of(0, 3 + DOOR_BARRICADED, 1), noAgents);
    moments.observe(2, counts, Uint8Array.of(3, 3, 3), noAgents);
    expect(moments.list(3, [])).toEqual([
      { t: 60, kind: 'door', floor: 1 },
      { t: 120, kind: 'door', floor: 0 },
    ]);
    moments.observe(1, counts, Uint8Array.of(0, 1, 1), noAgents);
    expect(moments.list(2, [])).toEqual([]);
    // No doors' states (the run gives none): no breaches, and nothing else breaks.
    moments.observe(2, counts, undefined, noAgents);
    expect(moments.list(3, [])).toEqual([]);
  });
});

describe('the story of a live run, on the page', () => {
  it('shows survival by group: the totals are the groups’ sizes, and the humans fall as the run goes', async () => {
    await state();
    const start = await survivalShown();
    const sizes = groupsAt(expected, 0);
    expect(start.map((row) => row.group)).toEqual(['students', 'staff']);
    expect(start.map((row) => row.size)).toEqual(sizes.map((g) => g.size));
    expect(start.reduce((sum, row) => sum + row.size, 0)).toBe(674);
    expect(await page.locator('#survival-chart').isVisible()).toBe(true);

    await send({ type: 'step', n: UNTIL });
    expect((await state()).t).toBe(UNTIL);
    const end = await survivalShown();
    const last = groupsAt(expected, expected.times.length - 1);
    expect(end.map((row) => row.human)).toEqual(last.map((g) => g.human));
    expect(end.map((row) => row.size)).toEqual(sizes.map((g) => g.size));
    const humans = (rows: { human: number }[]) => rows.reduce((sum, row) => sum + row.human, 0);
    expect(humans(end)).toBeLessThan(humans(start));
  });

  it('lists the moments as found, marks them on the timeline, and a click seeks to one', async () => {
    const shown = await momentsShown();
    const all = expected.moments();
    expect(shown.map((m) => m.t)).toEqual(all.map((m) => m.t));
    expect(shown.some((m) => /^barricade breached on /.test(m.label))).toBe(true);
    const turn = shown.find((m) => / turns zombie$/.test(m.label));
    expect(turn).toBeDefined();
    expect(shown.some((m) => /^first zombie on /.test(m.label) && m.t > turn!.t)).toBe(true);
    expect(await page.locator('#marks .mark-bookmark').count()).toBe(shown.length);

    // p goes to the moment before the time shown (the end of the run).
    const before = Math.max(...shown.map((m) => m.t).filter((t) => t < UNTIL));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('p');
    await page.waitForFunction(
      (t) => document.querySelector<HTMLElement>('#time')!.dataset.t === String(t),
      before,
    );

    await page.locator('#bookmarks button', { hasText: turn!.label }).click();
    await page.waitForFunction(
      (t) => document.querySelector<HTMLElement>('#time')!.dataset.t === String(t),
      turn!.t,
    );
    expect((await state()).t).toBe(turn!.t);
    // Sought back: the survival table shows the counts then, and only the moments until then are listed.
    const r = expected.times.indexOf(turn!.t);
    expect((await survivalShown()).map((row) => row.human)).toEqual(
      groupsAt(expected, r).map((g) => g.human),
    );
    expect((await momentsShown()).every((m) => m.t <= turn!.t)).toBe(true);
  });

  it('has no axe-core violations with the survival table, its chart and the moments shown', async () => {
    expect(await page.locator('#bookmarks button').count()).toBeGreaterThan(0);
    expect((await axeReport(page)).violations).toEqual([]);
  });
});
