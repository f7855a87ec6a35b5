import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startViewServer } from './browser.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The moment shown: two hours in, when the runs with and without the broadcast have parted. */
const SHOWN_AT = 7200;
/** The screenshot's file, in docs/. */
export const COMPARE_SCREENSHOT = 'viewer-compare.png';

/** The page's size for the screenshot: tall enough for the maps, the counts and survival by group. */
const VIEWPORT = { width: 1440, height: 1500 };

/**
 * `docs/viewer-compare.png`: the side-by-side page, `run` (hyosan-high, seed 1) beside the same
 * seed without the broadcast (a run made here, in `folder`), at `SHOWN_AT`, shown in `page`
 * (whose size is put back afterwards; the page stays open, as closing one can end a
 * single-process browser).
 */
export async function screenshotSideBySide(
  page: Page,
  run: string,
  folder: string,
  docs: string,
): Promise<void> {
  const quiet = join(folder, 'hyosan-high-no-broadcast');
  const made = spawnSync(
    process.execPath,
    [
      join(ROOT, 'dist/cli/main.js'),
      'run',
      'hyosan-high',
      '--set',
      'world.events.broadcast.enabled=false',
      '--out',
      quiet,
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0)
    throw new Error(`undead run hyosan-high without the broadcast failed: ${made.stderr}`);
  const server = await startViewServer(run, ['--compare', quiet]);
  const size = page.viewportSize();
  try {
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${server.url}?t=${SHOWN_AT}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.screenshot({ path: join(docs, COMPARE_SCREENSHOT) });
  } finally {
    if (size !== null) await page.setViewportSize(size);
    await server.stop();
  }
}
