import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startViewServer } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The screenshot's file, in docs/. */
export const LATTICE_SCREENSHOT = 'viewer-lattice-replay.png';

/**
 * The run replayed, as the README's viewer section gives it: korea-hyosan, seed 6 (one of the seeds
 * in which the outbreak outlives its first hours), the cordon at day 4 instead of 2, no bombing, 20
 * days, a frame a day. The zombies leave Hyosan before the cordon and reach Seoul on day 9.9.
 */
export const LATTICE_RUN_ARGS = [
  'korea-hyosan',
  '--seed',
  '6',
  '--set',
  'world.lattice.events.cordon.at=96',
  '--set',
  'world.lattice.events.bombing.enabled=false',
  '--until',
  '480',
  '--frames-every',
  '24',
];
/** The moment shown: day 18, in hours. */
const SHOWN_AT = 432;
/** The cells the view is centred on (north of Hyosan, between it and Seoul) and the one clicked (in Seoul). */
const CENTRE = { x: 22, y: 23 };
const CLICKED = { x: 21, y: 21 };
const VIEWPORT = { width: 1280, height: 860 };

/**
 * `docs/viewer-lattice-replay.png`: a finished korea-hyosan run (`LATTICE_RUN_ARGS`, made here in
 * `folder`) replayed at day 18, zoomed on the outbreak, with a cell of Seoul clicked ("when does it
 * reach me?" and Seoul's series beside the map). The page's size is put back afterwards.
 */
export async function screenshotLatticeReplay(page: Page, folder: string, docs: string): Promise<void> {
  const run = join(folder, 'korea');
  const made = spawnSync(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'run', ...LATTICE_RUN_ARGS, '--out', run, '--quiet'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`undead run korea-hyosan failed: ${made.stderr}`);
  const server = await startViewServer(run);
  const size = page.viewportSize();
  try {
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${server.url}?t=${SHOWN_AT}`);
    await page.waitForSelector('body[data-ready="true"]');
    const screen = (cell: { x: number; y: number }) =>
      page.evaluate(({ x, y }) => {
        const viewer = (
          window as never as {
            undeadViewer: { lattice: { cellScreen(x: number, y: number): { x: number; y: number } } };
          }
        ).undeadViewer;
        const point = viewer.lattice.cellScreen(x, y);
        const box = document.querySelector('#map')!.getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      }, cell);
    // Zoom about the outbreak, then drag it to the middle of the map.
    const centre = await screen(CENTRE);
    await page.mouse.move(centre.x, centre.y);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -100);
    const box = (await page.locator('#map').boundingBox())!;
    const moved = await screen(CENTRE);
    await page.mouse.move(moved.x, moved.y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const clicked = await screen(CLICKED);
    await page.mouse.click(clicked.x, clicked.y);
    await page.evaluate(async () => {
      await (window as never as { undeadViewer: { lattice: { drawn: Promise<void> } } }).undeadViewer.lattice
        .drawn;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: join(docs, LATTICE_SCREENSHOT) });
  } finally {
    if (size !== null) await page.setViewportSize(size);
    await server.stop();
  }
}
