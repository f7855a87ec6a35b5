import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildViewer, launchBrowser, openPage, startViewServer } from './browser.js';
import { COMPARE_SCREENSHOT, screenshotSideBySide } from './compare-screenshot.js';
import { LATTICE_SCREENSHOT, screenshotLatticeReplay } from './lattice-screenshot.js';

/**
 * `npm run docs:screenshots`: regenerates the viewer's screenshots in docs/ from a fresh
 * hyosan-high run (seed 1): the building view at the moment half the school is lost, the
 * timeline, the whole page, and one character inspected and followed with the overlays on; and a
 * live run (`undead view hyosan-high`) with its controls; and a finished korea-hyosan run replayed
 * on its map (`lattice-screenshot.ts`). Needs `npm run build` (the CLI makes the
 * run); the viewer is rebuilt here.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
/** The live run's screenshot is taken this many ticks (seconds) in. */
const LIVE_TICKS = 7200;

const folder = mkdtempSync(join(tmpdir(), 'undead-screenshots-'));
const run = join(folder, 'hyosan-high');
const made = spawnSync(
  process.execPath,
  [join(ROOT, 'dist/cli/main.js'), 'run', 'hyosan-high', '--out', run, '--quiet'],
  {
    encoding: 'utf8',
  },
);
if (made.status !== 0) throw new Error(`undead run hyosan-high failed: ${made.stderr}`);
await buildViewer();
const server = await startViewServer(run);
const live = await startViewServer('hyosan-high');
const browser = await launchBrowser();
try {
  const page = await openPage(browser, { viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  // The side-by-side page, with and without the broadcast.
  mkdirSync(DOCS, { recursive: true });
  await screenshotSideBySide(page, run, folder, DOCS);
  process.stdout.write(`docs/${COMPARE_SCREENSHOT}\n`);
  // A finished lattice run (korea-hyosan) replayed on its map.
  await screenshotLatticeReplay(page, folder, DOCS);
  process.stdout.write(`docs/${LATTICE_SCREENSHOT}\n`);
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#bookmarks button', { hasText: '50% of the school lost' }).click();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.locator('#map-area').screenshot({ path: join(DOCS, 'viewer-building.png') });
  await page.locator('#timeline').screenshot({ path: join(DOCS, 'viewer-timeline.png') });
  await page.screenshot({ path: join(DOCS, 'viewer-page.png') });
  // One character inspected and followed on her floor, with the sound and sight overlays.
  await page.selectOption('#character-picker', { label: 'On-jo' });
  await page.locator('#follow').click();
  await page.locator('#overlay-sound').click();
  await page.locator('#overlay-sight').click();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.locator('#map-area').screenshot({ path: join(DOCS, 'viewer-inspector.png') });
  // A live run (`undead view hyosan-high`) two hours in, with its controls beside the map.
  await page.goto(live.url);
  await page.waitForSelector('body[data-live="true"][data-ready="true"]');
  await page.evaluate(
    (n) =>
      (window as never as { undeadLive: { send(c: unknown): Promise<unknown> } }).undeadLive.send({
        type: 'step',
        n,
      }),
    LIVE_TICKS,
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.screenshot({ path: join(DOCS, 'viewer-live.png') });
  process.stdout.write(
    `docs/viewer-building.png, docs/viewer-timeline.png, docs/viewer-page.png, docs/viewer-inspector.png, docs/viewer-live.png\n`,
  );
} finally {
  await browser.close();
  await Promise.all([server.stop(), live.stop()]);
  rmSync(folder, { recursive: true, force: true });
}
