import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildViewer, launchBrowser, openPage, startViewServer } from '../web/scripts/browser.js';
import { liveCases } from './viewer/live-run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Frames drawn per case; the median is reported. */
const FRAMES = 40;
/**
 * The views drawn, and whether WebGL is forced on: the whole map, and zoomed in where markers are
 * several pixels wide (their shapes show).
 */
const ZOOMS: [number, boolean][] = [
  [1, false],
  [4, false],
  [16, false],
  // The same views with WebGL forced on, for the record: in headless Chromium it is SwiftShader,
  // WebGL drawn by the CPU, so the viewer does not choose it there by itself.
  [1, true],
  [16, true],
];

function makeRun(out: string, scenario: string, settings: string[]): void {
  const sets = settings.flatMap((s) => ['--set', s]);
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'run', scenario, ...sets, '--out', out, '--quiet'],
    {
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`undead run ${scenario} failed: ${result.stderr}`);
}

/**
 * The viewer in headless Chromium (1280 × 900): the time to draw one frame of the building view
 * (decode the replay frame, draw the plan, doors, agents and labels) at hyosan-high's 674 agents
 * and at 100,000 agents on repast-zombies' open plane, median of 40 frames across the run; and the
 * time to seek to the middle of hyosan-high's 24 hours (every view updated, the map drawn); and a
 * live run's speed at "max" and seek back (`viewer/live-run.ts`). Needs
 * `npm run build` (the CLI makes the runs); the viewer is rebuilt here.
 */
export async function run(): Promise<Record<string, unknown>[]> {
  const folder = mkdtempSync(join(tmpdir(), 'undead-bench-viewer-'));
  const results: Record<string, unknown>[] = [];
  await buildViewer();
  const browser = await launchBrowser();
  // One page for every case: the packaged Chromium runs in a single process, and closing its last page ends it.
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  try {
    const cases = [
      { name: 'hyosan-high, 674 agents', scenario: 'hyosan-high', settings: [] as string[], seek: true },
      {
        name: 'repast-zombies, 100,000 agents',
        scenario: 'repast-zombies',
        settings: [
          'human=99800',
          'zombie=200',
          'world.building.open.width=1008',
          'world.building.open.height=1008',
          'time.until=20',
        ],
        seek: false,
      },
    ];
    for (const c of cases) {
      const out = join(folder, c.scenario);
      makeRun(out, c.scenario, c.settings);
      const server = await startViewServer(out);
      try {
        await page.goto(server.url);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
        const timing = await page.evaluate(
          ({ frames, seek, zooms }) => {
            type Viewer = {
              playback: { until: number; seek(t: number): void };
              map: {
                show(k: number): void;
                draw(): void;
                fit(): void;
                zoom(factor: number): void;
                useGpu(force: boolean): string;
              };
              run: { replay: { frames: number; agents: number } };
            };
            const viewer = (window as unknown as { undeadViewer: Viewer }).undeadViewer;
            const { replay } = viewer.run;
            // Reading a pixel waits for the canvas to be rasterised, so the time is the whole draw.
            // (No named functions in here: the TypeScript loader would wrap them in a helper the page lacks.)
            const canvas = document.querySelector<HTMLCanvasElement>('#map')!.getContext('2d')!;
            const views = [];
            for (const [zoom, gpu] of zooms) {
              const renderer = viewer.map.useGpu(gpu);
              if (gpu && renderer !== 'webgl') continue;
              viewer.map.fit();
              viewer.map.zoom(zoom);
              const times: number[] = [];
              for (let j = 0; j < frames; j++) {
                const k = Math.floor(((j + 1) * (replay.frames - 1)) / (frames + 1));
                const start = performance.now();
                viewer.map.show(k);
                viewer.map.draw();
                canvas.getImageData(0, 0, 1, 1);
                times.push(performance.now() - start);
              }
              times.sort((a, b) => a - b);
              views.push({ zoom, renderer, median: times[times.length >> 1]!, worst: times.at(-1)! });
            }
            viewer.map.useGpu(false);
            viewer.map.fit();
            let seekMs: number | undefined;
            if (seek) {
              viewer.playback.seek(0);
              viewer.map.draw();
              canvas.getImageData(0, 0, 1, 1);
              const start = performance.now();
              viewer.playback.seek(viewer.playback.until / 2);
              viewer.map.draw();
              canvas.getImageData(0, 0, 1, 1);
              seekMs = performance.now() - start;
            }
            return { agents: replay.agents, views, seekMs };
          },
          { frames: FRAMES, seek: c.seek, zooms: ZOOMS },
        );
        for (const view of timing.views)
          results.push({
            case: `draw one frame, ${c.name}, ${view.zoom === 1 ? 'whole map' : `zoomed ×${view.zoom}`}, ${view.renderer}`,
            agents: timing.agents,
            ms_per_frame: round(view.median),
            ms_worst: round(view.worst),
          });
        if (timing.seekMs !== undefined)
          results.push({ case: 'seek to the middle of hyosan-high (24 h)', ms: round(timing.seekMs) });
      } finally {
        await server.stop();
      }
    }
    results.push(...(await liveCases(page)));
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return results;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
