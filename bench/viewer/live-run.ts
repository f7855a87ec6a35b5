import type { Page } from 'playwright-core';
import { startViewServer } from '../../web/scripts/browser.js';

/** The live run measured: hyosan-high (674 agents) cut to two hours. */
const LIVE_UNTIL = 7200;

/**
 * A live run in the page's worker (`undead view hyosan-high --set time.until=7200`): played at
 * "max" from 0 to the end, the simulated seconds per wall second and the frames the page drew per
 * second; then, at the end, the time of a seek back to the middle (the worker restores the nearest
 * snapshot and runs forward; timed until the page has its answer and has drawn it).
 */
export async function liveCases(page: Page): Promise<Record<string, unknown>[]> {
  const server = await startViewServer('hyosan-high', ['--set', `time.until=${LIVE_UNTIL}`]);
  try {
    await page.goto(server.url);
    await page.waitForSelector('body[data-live="true"][data-ready="true"]', { timeout: 120_000 });
    const timing = await page.evaluate(async (until) => {
      type Live = { send(command: unknown): Promise<{ t?: number }> };
      const live = (window as unknown as { undeadLive: Live }).undeadLive;
      const time = document.querySelector<HTMLOutputElement>('#time')!;
      await live.send({ type: 'speed', speed: 'max' });
      let frames = 0;
      let shown = time.dataset.t;
      const start = performance.now();
      await live.send({ type: 'play' });
      // Counts the display frames that showed a new time, until the run's end is shown.
      // (No named functions in here: the TypeScript loader would wrap them in a helper the page lacks.)
      while (Number(shown) < until) {
        await new Promise((done) => requestAnimationFrame(done));
        if (time.dataset.t !== shown) {
          shown = time.dataset.t;
          frames++;
        }
      }
      const playMs = performance.now() - start;
      const seekStart = performance.now();
      await live.send({ type: 'seek', t: until / 2 });
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const seekMs = performance.now() - seekStart;
      return { playMs, frames, seekMs, shownAfterSeek: Number(time.dataset.t) };
    }, LIVE_UNTIL);
    if (timing.shownAfterSeek !== LIVE_UNTIL / 2)
      throw new Error(`the live seek showed t = ${timing.shownAfterSeek}, not ${LIVE_UNTIL / 2}`);
    return [
      {
        case: 'live hyosan-high (674 agents) at max speed in the worker, 2 h run',
        sim_seconds_per_second: Math.round(LIVE_UNTIL / (timing.playMs / 1000)),
        frames_per_second: Math.round((timing.frames / timing.playMs) * 1000 * 10) / 10,
        wall_ms: Math.round(timing.playMs),
      },
      { case: 'live seek back to the middle of a 2 h hyosan-high run', ms: Math.round(timing.seekMs) },
    ];
  } finally {
    await server.stop();
  }
}
