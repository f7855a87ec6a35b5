import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startViewServer, type ViewServer } from '../../web/scripts/browser.js';
import { temporaryDir, UNDEAD } from '../helpers.js';
import { axeReport } from './page-checks.js';

/**
 * The building view end to end, in headless Chromium: a short hyosan-high run (inspect, follow,
 * overlays, keyboard, axe) and a small repast-zombies run (thousands of agents on the open plane).
 * One browser and one page; the runs are made and served in `beforeAll`.
 */

let browser: Browser;
let page: Page;
let hyosan: ViewServer;
let plane: ViewServer;
let hyosanDir: string;

/** Waits for the page to draw what it was asked (two animation frames). */
function drawn(): Promise<unknown> {
  return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The map's pixels, decoded. */
async function mapPixels(): Promise<PNG> {
  await drawn();
  return PNG.sync.read(await page.locator('#map').screenshot());
}

/** How many pixels of a PNG are exactly this colour ('#rrggbb'). */
function pixelsOf(png: PNG, colour: string): number {
  const rgb = Number.parseInt(colour.slice(1), 16);
  let count = 0;
  for (let k = 0; k < png.data.length; k += 4)
    if (((png.data[k]! << 16) | (png.data[k + 1]! << 8) | png.data[k + 2]!) === rgb) count++;
  return count;
}

/** How many pixels differ between two images of the same size. */
function changedPixels(a: PNG, b: PNG): number {
  let changed = 0;
  for (let k = 0; k < a.data.length; k += 4) if (a.data.readUInt32BE(k) !== b.data.readUInt32BE(k)) changed++;
  return changed;
}

async function open(server: ViewServer): Promise<void> {
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Seeks the replay to time t and waits for the map to draw it. */
async function seek(t: number): Promise<void> {
  await page.evaluate((time) => {
    (
      window as unknown as { undeadViewer: { playback: { seek(t: number): void } } }
    ).undeadViewer.playback.seek(time);
  }, t);
  await drawn();
}

/** `undead ARGS`, without blocking: the two runs and the browser start side by side. */
async function undeadAsync(args: string[]): Promise<void> {
  await promisify(execFile)(process.execPath, [...UNDEAD, ...args]);
}

beforeAll(async () => {
  const folder = temporaryDir();
  hyosanDir = join(folder, 'hyosan');
  const planeDir = join(folder, 'plane');
  [browser] = await Promise.all([
    launchBrowser(),
    undeadAsync(['run', 'hyosan-high', '--until', '1200', '--out', hyosanDir, '--quiet']),
    undeadAsync(['run', 'repast-zombies', '--set', 'time.until=6', '--out', planeDir, '--quiet']),
  ]);
  [hyosan, plane] = await Promise.all([startViewServer(hyosanDir), startViewServer(planeDir)]);
  page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await open(hyosan);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([hyosan?.stop(), plane?.stop()]);
});

describe('the building view of a hyosan-high run', () => {
  it('clicking an agent opens the inspector with its traits from agents.csv', async () => {
    const lines = readFileSync(join(hyosanDir, 'agents.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((line) => line.split(','));
    const id = rows.findIndex((row) => row[header.indexOf('name')] === 'On-jo');
    expect(id).toBeGreaterThan(0);
    await seek(0);
    // One student is bitten before the start: 623 of 624 are human, which is not 100%.
    const students = await page.$eval('#survival tr[data-group="students"]', (tr) =>
      Array.from((tr as HTMLTableRowElement).cells, (cell) => cell.textContent),
    );
    expect(students).toEqual(['students', '623 (99.8%)', '624']);
    // Her floor on its own, zoomed in round her, so that her marker stands apart from her classmates'.
    const at = await page.evaluate((agent) => {
      type Map = {
        frame: { floor: Uint8Array };
        showFloor(f: number): void;
        zoom(factor: number, x: number, y: number): void;
        screenOf(i: number): { x: number; y: number } | undefined;
        draw(): void;
      };
      const map = (window as unknown as { undeadViewer: { map: Map } }).undeadViewer.map;
      map.showFloor(map.frame.floor[agent]!);
      const before = map.screenOf(agent)!;
      map.zoom(3, before.x, before.y);
      map.draw();
      return map.screenOf(agent)!;
    }, id);
    await page.locator('#map').click({ position: { x: at.x, y: at.y } });
    await expect.poll(() => page.locator('#inspector').isVisible()).toBe(true);
    expect(await page.locator('#inspector-heading').textContent()).toBe(`On-jo (#${id})`);
    // Opened under the map, it is scrolled into view, clear of the timeline fixed at the bottom.
    const inView = () =>
      page.evaluate(() => {
        const panel = document.querySelector('#inspector')!.getBoundingClientRect();
        const timeline = document.querySelector('#timeline')!.getBoundingClientRect();
        return { top: panel.top, bottom: panel.bottom, fold: timeline.top, scrolled: window.scrollY };
      });
    const shown = await inView();
    expect(shown.top).toBeGreaterThanOrEqual(0);
    expect(shown.bottom).toBeLessThanOrEqual(shown.fold);
    const traits = await page.$$eval('#traits tr', (trs) =>
      Object.fromEntries(
        trs.map((tr) => [(tr as HTMLElement).dataset.trait!, tr.querySelector('td')!.textContent]),
      ),
    );
    for (const name of ['group', 'walk', 'run', 'strength', 'sight', 'courage'])
      expect(traits[name], name).toBe(rows[id]![header.indexOf(name)]);
    expect(await page.locator('#character-picker').inputValue()).toBe(String(id));
    expect(await page.locator('#inspector-state').getAttribute('data-state')).toBe('human');
    expect(await page.locator('#history li').count()).toBeGreaterThan(0);
    // Another agent inspected while the panel is in view: the page does not move.
    await page.selectOption('#character-picker', { label: 'Cheong-san' });
    await page.selectOption('#character-picker', String(id));
    expect((await inView()).scrolled).toBe(shown.scrolled);
    // Her classmates' labels crowd her room: none overlaps another, and hers, inspected, is drawn.
    await drawn();
    const labels = await page.evaluate(() => {
      type Box = { left: number; top: number; right: number; bottom: number };
      type Map = { drawnLabels(): { name: string; box: Box | undefined }[] };
      return (window as unknown as { undeadViewer: { map: Map } }).undeadViewer.map.drawnLabels();
    });
    expect(labels.find((label) => label.name === 'On-jo')?.box).toBeDefined();
    const boxes = labels.flatMap((label) => (label.box === undefined ? [] : [label.box]));
    expect(boxes.length).toBeGreaterThan(3);
    for (const [k, a] of boxes.entries())
      for (const b of boxes.slice(k + 1))
        expect(a.left >= b.right || b.left >= a.right || a.top >= b.bottom || b.top >= a.bottom).toBe(true);
  });

  it('follow keeps the agent in view and changes the floor shown when it changes floor', async () => {
    // An agent who changes floor between two frames of the replay, found in the page's frames.
    const move = await page.evaluate(() => {
      type Viewer = {
        map: { floorNames: readonly string[] };
        run: {
          replay: { frames: number; agents: number; every: number; frame(k: number, out: unknown): number };
        };
      };
      const { map, run } = (window as unknown as { undeadViewer: Viewer }).undeadViewer;
      const replay = run.replay;
      const floors = map.floorNames.length;
      const a = {
        x: new Float32Array(replay.agents),
        y: new Float32Array(replay.agents),
        floor: new Uint8Array(replay.agents),
        state: new Uint8Array(replay.agents),
      };
      const b = {
        x: new Float32Array(replay.agents),
        y: new Float32Array(replay.agents),
        floor: new Uint8Array(replay.agents),
        state: new Uint8Array(replay.agents),
      };
      let before = replay.frame(0, a);
      for (let k = 1; k < replay.frames; k++) {
        const t = replay.frame(k, b);
        for (let i = 0; i < replay.agents; i++)
          if (a.floor[i] !== b.floor[i] && a.floor[i]! < floors && b.floor[i]! < floors)
            return { agent: i, before, after: t, from: a.floor[i]!, to: b.floor[i]! };
        a.floor.set(b.floor);
        before = t;
      }
      return undefined;
    });
    expect(move, 'someone changes floor in the first 20 minutes').toBeDefined();
    const { agent, before, after, from, to } = move!;
    await seek(before);
    await page.selectOption('#character-picker', '');
    await page.evaluate((i) => {
      (
        window as unknown as { undeadViewer: { mapTools: { inspector: { inspect(i: number): void } } } }
      ).undeadViewer.mapTools.inspector.inspect(i);
    }, agent);
    await page.locator('#follow').click();
    expect(await page.locator('#follow').getAttribute('aria-pressed')).toBe('true');
    await drawn();
    const shown = () =>
      page.evaluate(() => {
        type Map = {
          shownFloor: number | undefined;
          following: number | undefined;
          screenOf(i: number): { x: number; y: number } | undefined;
          canvas: HTMLCanvasElement;
        };
        const map = (window as unknown as { undeadViewer: { map: Map } }).undeadViewer.map;
        return {
          floor: map.shownFloor,
          at: map.screenOf(map.following!),
          width: map.canvas.clientWidth,
          height: map.canvas.clientHeight,
        };
      });
    const first = await shown();
    expect(first.floor).toBe(from);
    expect(await page.locator('#floor-picker').inputValue()).toBe(String(from));
    expect(first.at!.x).toBeCloseTo(first.width / 2, 0);
    await seek(after);
    const second = await shown();
    expect(second.floor).toBe(to);
    expect(await page.locator('#floor-picker').inputValue()).toBe(String(to));
    expect(second.at!.y).toBeCloseTo(second.height / 2, 0);
    expect(await page.locator('#inspector-state').getAttribute('data-floor')).toBe(String(to));
    const trail = await page.evaluate(
      () =>
        (window as unknown as { undeadViewer: { mapTools: { focus: { trailLength: number } } } }).undeadViewer
          .mapTools.focus.trailLength,
    );
    expect(trail).toBeGreaterThan(1);
    // Picking every floor ends following.
    await page.selectOption('#floor-picker', '');
    expect(await page.locator('#follow').getAttribute('aria-pressed')).toBe('false');
  });

  it('a click that hits no agent tells onPlaceClick the floor, the point and the room', async () => {
    await page.selectOption('#floor-picker', '');
    await page.locator('#inspector-close').click();
    // A point of a named room with nobody on it, found in the page.
    const target = await page.evaluate(() => {
      type Place = { floor: number; room: string | undefined; x: number; y: number };
      type Map = {
        canvas: HTMLCanvasElement;
        agentAt(x: number, y: number): number | undefined;
        placeAt(x: number, y: number): Place | undefined;
        onPlaceClick(listener: (place: Place) => void): void;
      };
      const map = (window as unknown as { undeadViewer: { map: Map } }).undeadViewer.map;
      map.onPlaceClick((place) => Object.assign(window, { clickedPlace: place }));
      for (let y = 5; y < map.canvas.clientHeight; y += 7)
        for (let x = 5; x < map.canvas.clientWidth; x += 7) {
          const place = map.placeAt(x, y);
          if (place?.room !== undefined && map.agentAt(x, y) === undefined) return { x, y, place };
        }
      return undefined;
    });
    expect(target).toBeDefined();
    await page.locator('#map').click({ position: { x: target!.x, y: target!.y } });
    const clicked = await page.evaluate(
      () =>
        (window as unknown as { clickedPlace?: { floor: number; room: string; x: number; y: number } })
          .clickedPlace,
    );
    expect(clicked).toBeDefined();
    expect({ floor: clicked!.floor, room: clicked!.room }).toEqual({
      floor: target!.place.floor,
      room: target!.place.room,
    });
    // The point in metres, within a CSS pixel or two of the one aimed at.
    expect(Math.abs(clicked!.x - target!.place.x)).toBeLessThan(1);
    expect(Math.abs(clicked!.y - target!.place.y)).toBeLessThan(1);
    expect(await page.locator('#inspector').isVisible()).toBe(false);
  });

  it('the sound overlay, off at first, draws rings where noises were made', async () => {
    await seek(0);
    const voice = '#56B4E9';
    expect(await page.locator('#overlay-sound').getAttribute('aria-pressed')).toBe('false');
    const off = await mapPixels();
    await page.locator('#overlay-sound').click();
    const on = await mapPixels();
    // Every class talks at the start: dozens of sky-blue rings.
    expect(changedPixels(off, on)).toBeGreaterThan(1000);
    expect(pixelsOf(on, voice)).toBeGreaterThan(pixelsOf(off, voice) + 50);
    await page.locator('#overlay-sound').click();
  });

  it('the sight overlay draws lines from someone who took fright at the sight of someone', async () => {
    const fright = readFileSync(join(hyosanDir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { t: number; kind: string; by?: string; agent: number })
      .find((e) => e.kind === 'alarm' && e.by === 'sight');
    expect(fright).toBeDefined();
    // The first frame at or after the fright.
    const every = await page.evaluate(
      () =>
        (window as unknown as { undeadViewer: { run: { replay: { every: number } } } }).undeadViewer.run
          .replay.every,
    );
    await seek(Math.ceil(fright!.t / every) * every);
    const off = await mapPixels();
    await page.locator('#overlay-sight').click();
    const on = await mapPixels();
    expect(changedPixels(off, on)).toBeGreaterThan(20);
    await page.locator('#overlay-sight').click();
    expect(await page.locator('#overlay-sight').getAttribute('aria-pressed')).toBe('false');
  });

  it('is operable by keyboard and has no axe-core violations with the inspector open', async () => {
    await page.locator('#character-picker').focus();
    await page.selectOption('#character-picker', { label: 'Cheong-san' });
    await expect.poll(() => page.locator('#inspector-heading').textContent()).toMatch(/^Cheong-san/);
    await page.locator('#overlay-sound').click();
    const wanted = [
      'floor-picker',
      'overlay-sound',
      'overlay-sight',
      'character-picker',
      'follow',
      'inspector-close',
    ];
    await page.locator('#zoom-fit').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('#title').click();
    const reached = new Set<string>();
    for (let k = 0; k < 40; k++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement!.id));
    }
    for (const id of wanted) expect(reached, id).toContain(id);
    await page.locator('#follow').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#follow').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#map').focus();
    await page.keyboard.press('f');
    expect(await page.locator('#follow').getAttribute('aria-pressed')).toBe('false');
    expect((await axeReport(page)).violations).toEqual([]);
  });
});

describe('the open plane of a repast-zombies run', () => {
  it('draws thousands of agents, the whole plane and zoomed in', async () => {
    await open(plane);
    const agents = await page.evaluate(
      () =>
        (window as unknown as { undeadViewer: { run: { replay: { agents: number } } } }).undeadViewer.run
          .replay.agents,
    );
    expect(agents).toBeGreaterThan(5000);
    await seek(5);
    const whole = await mapPixels();
    const human = '#0072B2';
    const zombie = '#D55E00';
    expect(pixelsOf(whole, human)).toBeGreaterThan(5000);
    expect(pixelsOf(whole, zombie)).toBeGreaterThan(100);
    await page
      .locator('#floor-picker')
      .count()
      .then((n) => expect(n).toBe(0));
    // Zoomed in, markers are shapes: a human's circle leaves its square's corners unpainted.
    await page.evaluate(() => {
      const map = (window as unknown as { undeadViewer: { map: { zoom(f: number): void } } }).undeadViewer
        .map;
      map.zoom(12);
    });
    const near = await mapPixels();
    const colours = new Set<number>();
    let painted = 0;
    for (let k = 0; k < near.data.length; k += 4) {
      const rgb = (near.data[k]! << 16) | (near.data[k + 1]! << 8) | near.data[k + 2]!;
      colours.add(rgb);
      if (rgb !== 0xffffff && rgb !== 0xf6f3ec) painted++;
    }
    expect(painted).toBeGreaterThan(1000);
    expect(colours.size).toBeGreaterThanOrEqual(3);
    expect(pixelsOf(near, human)).toBeGreaterThan(500);
    // drawTo: the same view at twice the pixels, for a PNG export.
    const exported = await page.evaluate(() => {
      type Map = { canvas: HTMLCanvasElement; drawTo(c: HTMLCanvasElement, scale: number): void };
      const map = (window as unknown as { undeadViewer: { map: Map } }).undeadViewer.map;
      const canvas = document.createElement('canvas');
      map.drawTo(canvas, 2);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let blue = 0;
      for (let k = 0; k < data.length; k += 4)
        if (data[k] === 0x00 && data[k + 1] === 0x72 && data[k + 2] === 0xb2) blue++;
      return { width: canvas.width, css: map.canvas.clientWidth, blue };
    });
    expect(exported.width).toBe(2 * exported.css);
    expect(exported.blue).toBeGreaterThan(2000);
  });
});
