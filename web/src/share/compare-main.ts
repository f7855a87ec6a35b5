import '../locale-guard.js';
import '../styles.css';
import './share.css';
import { formatRunTime } from '../../../src/output/time-format.js';
import { frameTimes, replayFrames } from '../frame-source.js';
import { Playback } from '../playback.js';
import { loadRun, type RunData } from '../run-files.js';
import { helpShortcut, installShortcuts, playbackShortcuts } from '../shortcuts.js';
import { Timeline } from '../timeline.js';
import { gridStep, linkTime, readUrlState, writeUrlState } from '../url-state.js';
import { installExportPanel } from './export-panel.js';
import { runDescription } from './run-description.js';
import { type RunPanel, runPanel } from './run-panel.js';
import { sideBySidePainter } from './side-by-side-image.js';

/**
 * The side-by-side page (`compare.html`, served by `undead view DIR --compare DIR2`): the run in
 * `run/` and the one in `compare/`, each with its map, counts, chart and survival by group, under
 * one timeline, so that both always show the same time. The timeline runs to the later of the two
 * ends, on the first run's output grid; a run that has ended shows its last row. Its export panel
 * exports both runs together, as they are compared: both maps in one image or clip, captioned,
 * both runs' charts in one CSV, and both run folders in one zip.
 */

/** Where `undead view --compare` serves the two runs, relative to the page. */
const RUN_BASES = [
  { base: 'run/', folder: 'run', key: 'a' },
  { base: 'compare/', folder: 'compare', key: 'b' },
] as const;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

async function start(): Promise<void> {
  const status = $('#status');
  let runs: RunData[];
  try {
    runs = await Promise.all(RUN_BASES.map(({ base }) => loadRun(base)));
  } catch (error) {
    status.textContent = `These runs cannot be shown: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.documentElement.classList.toggle('reduced-motion', reducedMotion);
  const [first, second] = runs as [RunData, RunData];
  const describe = (t: number) => formatRunTime(t, first.scale);
  const endOf = (run: RunData) => run.series.t[run.series.t.length - 1] ?? run.summary.until;
  const until = Math.max(endOf(first), endOf(second));
  const step = first.series.t.length > 1 ? first.series.t[1]! - first.series.t[0]! : first.summary.every;
  $('#title').textContent =
    first.title === second.title ? `${first.title}: two runs side by side` : 'Two runs side by side';
  document.title = `${$('#title').textContent} · undead viewer`;
  if (first.scale.unit !== second.scale.unit)
    $('#subtitle').textContent =
      `The runs count time in different units (${first.scale.unit}, ${second.scale.unit}): both are shown at the same number.`;

  const main = $('#compare');
  main.hidden = false;
  $('#timeline').hidden = false;
  let timeline: Timeline | undefined;
  const playback = new Playback(until, step, () => timeline?.sync());
  // What sets each run apart, its times too where the other's differ.
  const descriptions = runs.map((run) =>
    runDescription(
      run,
      runs.filter((other) => other !== run),
    ),
  );
  const panels: RunPanel[] = runs.map((run, k) =>
    runPanel(main, run, RUN_BASES[k]!.key, until, descriptions[k]!),
  );
  // The first map was fitted before the second column took half its room.
  for (const panel of panels) panel.fit();
  playback.onTime((t) => {
    const time = $<HTMLOutputElement>('#compare-time');
    time.textContent = describe(t);
    time.dataset.t = String(t);
    for (const panel of panels) panel.show(t);
  });
  main.insertAdjacentHTML(
    'afterbegin',
    '<p class="compare-time">Both at <output id="compare-time" for="scrubber"></output></p>',
  );
  installCompareExport(main, playback, runs, panels, describe);
  timeline = new Timeline(playback, first.series, [], describe);
  const dialog = $<HTMLDialogElement>('#help');
  installShortcuts([...playbackShortcuts(playback), helpShortcut(dialog)], dialog, $('#shortcut-list'));
  $('#help-button').addEventListener('click', () => dialog.showModal());
  const shared = readUrlState();
  playback.seek(shared.t ?? 0);
  // A link holds the time as shown, on the rows (and frames) both runs show.
  const grids = runs.flatMap((run) =>
    run.replay === undefined ? [run.series.t] : [run.series.t, frameTimes(replayFrames(run.replay))],
  );
  playback.onTime((t) => writeUrlState({ t: linkTime(t, gridStep(t, grids), describe) }));
  status.textContent = [
    `Showing two runs of ${first.title} side by side.`,
    ...shared.problems.map((p) => `Not read from the link: ${p}.`),
  ].join(' ');
  if (shared.problems.length === 0) status.classList.add('sr-only');
  document.body.dataset.ready = 'true';
  Object.assign(window, { undeadViewer: { playback, runs } });
}

/**
 * The side-by-side page's export panel: both maps side by side in one PNG or clip, each captioned
 * with its run and the time shown; both runs' charts in one CSV, each column led by its run's name;
 * both run folders in one zip, laid out as `--export` lays out a site (`run/`, `compare/`).
 */
function installCompareExport(
  parent: HTMLElement,
  playback: Playback,
  runs: readonly RunData[],
  panels: readonly RunPanel[],
  describe: (t: number) => string,
): void {
  const maps = panels.flatMap((panel) =>
    panel.painter === undefined
      ? []
      : [
          {
            painter: panel.painter,
            title: () => `${panel.name} at ${describe(playback.time)}`,
            detail: panel.description,
          },
        ],
  );
  const painter = sideBySidePainter(maps);
  // A clip records this canvas, drawn afresh for each of its frames.
  const canvas = document.createElement('canvas');
  const [first, second] = runs.map((run) => run.summary.scenario);
  installExportPanel({
    parent,
    name: first === second ? `${first}-side-by-side` : `${first}-and-${second}`,
    playback,
    unit: runs[0]!.scale.unit,
    describe,
    charts: panels.flatMap((panel) => panel.charts),
    ...(maps.length === 0
      ? {}
      : {
          map: {
            painter,
            canvas,
            refresh: () => painter.drawTo(canvas, 1),
            what: maps.length > 1 ? 'both maps' : 'the map',
          },
        }),
    runs: runs.map((run, k) => ({
      base: RUN_BASES[k]!.base,
      files: run.summary.files ?? ['summary.json', 'timeseries.csv'],
      folder: RUN_BASES[k]!.folder,
    })),
  });
}

void start();
