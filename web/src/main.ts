import './locale-guard.js';
import './styles.css';
import { formatDuration, formatRunTime } from '../../src/output/time-format.js';
import { showBookmarkList } from './bookmark-list.js';
import { bookmarksOf, momentFrom } from './bookmarks.js';
import { chartTimeOf, countsChartOf, countsTable } from './counts.js';
import { DoorHistory } from './door-history.js';
import { floorPlanOf } from './floor-plan.js';
import { type FrameSource, frameTimes, replayFrames } from './frame-source.js';
import { LatticeReplayView } from './lattice/lattice-replay.js';
import { type LatticeRun, loadLatticeRun } from './lattice/lattice-run.js';
import { startLiveIfServed } from './live/live-page.js';
import { installMapTools, type MapTools } from './map/map-tools.js';
import { MapView } from './map-view.js';
import { fillLegend } from './palette.js';
import { Playback } from './playback.js';
import { LiveFolder, loadRun, type RunData } from './run-files.js';
import { rowAt } from './series.js';
import { installExportPanel } from './share/export-panel.js';
import { helpShortcut, installShortcuts, mapShortcuts, playbackShortcuts } from './shortcuts.js';
import { hasGroups, survivalChartOf, survivalTable } from './survival.js';
import { Timeline } from './timeline.js';
import { gridStep, linkTime, readUrlState, writeUrlState } from './url-state.js';

/** Where the run's files are, relative to the page: `undead view` and `--export` both put them here. */
const RUN_BASE = 'run/';
const CHART_HEIGHT = 220;
const SURVIVAL_HEIGHT = 160;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

async function start(): Promise<void> {
  const status = $('#status');
  let run: RunData;
  try {
    run = await loadRun(RUN_BASE);
  } catch (error) {
    if (error instanceof LiveFolder && (await startLiveIfServed(RUN_BASE))) return;
    status.textContent = `This run cannot be shown: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  // A lattice run's map: arrival.csv and regions.csv, laid out by summary.json's `lattice`.
  let latticeRun: LatticeRun | undefined;
  if (run.summary.lattice !== undefined)
    latticeRun = await loadLatticeRun(RUN_BASE, run.summary.lattice, run.summary.files);
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  document.documentElement.classList.toggle('reduced-motion', reducedMotion);
  const { summary, series, scale } = run;
  const describe = (t: number) => formatRunTime(t, scale);
  $('#title').textContent = run.title;
  $('#subtitle').textContent =
    `${summary.engine} engine, seed ${summary.seed}${summary.runs > 1 ? `, the first of ${summary.runs} runs` : ''}, ${formatDuration(summary.until, scale.unit)}`;
  document.title = `${run.title} · undead viewer`;

  const step = series.t.length > 1 ? series.t[1]! - series.t[0]! : summary.every;
  const until = series.t[series.t.length - 1] ?? summary.until;
  let timeline: Timeline | undefined;
  const playback = new Playback(until, step, () => timeline?.sync());

  const frames: FrameSource | undefined = run.replay === undefined ? undefined : replayFrames(run.replay);
  const plan = floorPlanOf(run);
  const bookmarks = bookmarksOf(run, frames, plan?.floorNames ?? []);
  let map: MapView | undefined;
  let mapTools: MapTools | undefined;
  let lattice: LatticeReplayView | undefined;
  $('main').hidden = false;
  $('#timeline').hidden = false;
  if (plan !== undefined && frames !== undefined) {
    const named = new Map<number, string>();
    run.agents.forEach((row, id) => {
      if (row.name) named.set(id, row.name);
    });
    $('#map-heading').textContent = plan.open ? 'Open plane' : 'Building';
    map = new MapView($('#map'), plan, frames, named);
    map.setDoors(new DoorHistory(plan.doorStart, run.events));
    mapTools = installMapTools(map, run, frames, plan, $('#map-area'));
    $('#zoom-in').addEventListener('click', () => map?.zoomIn());
    $('#zoom-out').addEventListener('click', () => map?.zoomOut());
    $('#zoom-fit').addEventListener('click', () => map?.fit());
  } else if (latticeRun !== undefined) {
    lattice = new LatticeReplayView({
      base: RUN_BASE,
      run: latticeRun,
      totals: series,
      unit: scale.unit,
      until,
      every: summary.every,
      describe,
    });
  } else {
    $('#map-area').hidden = true;
  }
  if (lattice === undefined) fillLegend($('#legend'));

  const counts = countsTable($('#counts tbody'), series);
  const chartTime = chartTimeOf(run, until, describe);
  const survival = hasGroups(run) ? survivalTable($('#survival tbody'), run.groups) : undefined;
  $('#survival-heading').parentElement!.hidden = survival === undefined;
  const chart = countsChartOf($('#series-chart'), run, chartTime, CHART_HEIGHT);
  const survivalChart = hasGroups(run)
    ? survivalChartOf($('#survival-chart'), run, chartTime, SURVIVAL_HEIGHT)
    : undefined;

  const time = $<HTMLOutputElement>('#time');
  const mapCanvas = $<HTMLCanvasElement>('#map');
  playback.onTime((t) => {
    const row = rowAt(series.t, t);
    // The counts are the output row's at or before t: the heading gives that row's time, not t
    // (the timeline's clock gives t), so an ODE run at 0.35 days reads "Counts at 0.3 days".
    time.textContent = describe(series.t[row] ?? t);
    time.dataset.t = String(t);
    counts(row);
    survival?.(t);
    chart.showUpTo(row);
    survivalChart?.showUpTo(rowAt(run.groups!.t, t));
    lattice?.show(t);
    if (map !== undefined && frames !== undefined) {
      map.show(frames.frameAt(t));
      // The canvas is an image to assistive technology: its label says what it shows now.
      const tally = series.names.map(
        (name, c) => `${series.columns[c]![row]!.toLocaleString('en-US')} ${name}`,
      );
      mapCanvas.setAttribute(
        'aria-label',
        `The ${plan?.open ? 'open plane' : 'building'} at ${describe(t)}: ${tally.join(', ')}`,
      );
    }
  });
  installExportPanel({
    parent: $('.side'),
    name: `${summary.scenario}-seed${summary.seed}`,
    playback,
    unit: scale.unit,
    describe,
    charts: [{ chart }, ...(survivalChart === undefined ? [] : [{ chart: survivalChart, unit: '%' }])],
    ...(map === undefined && lattice === undefined
      ? {}
      : {
          map: {
            painter: map ?? lattice!.map,
            canvas: mapCanvas,
          },
        }),
    runs: [{ base: RUN_BASE, files: summary.files ?? ['summary.json', 'timeseries.csv'] }],
  });
  timeline = new Timeline(playback, series, bookmarks, describe);
  showBookmarkList(bookmarks, (t) => playback.seek(t), describe);
  const jumpTo = (direction: 1 | -1) => {
    const next = momentFrom(bookmarks, playback.time, direction);
    if (next !== undefined) playback.seek(next.t);
  };
  const dialog = $<HTMLDialogElement>('#help');
  installShortcuts(
    [
      ...playbackShortcuts(playback),
      { keys: 'n', label: 'next moment', match: ['n'], run: () => jumpTo(1) },
      { keys: 'p', label: 'previous moment', match: ['p'], run: () => jumpTo(-1) },
      ...mapShortcuts(
        () => map ?? lattice?.map,
        () => mapTools?.inspector.toggleFollow(),
      ),
      helpShortcut(dialog),
    ],
    dialog,
    $('#shortcut-list'),
  );
  $('#help-button').addEventListener('click', () => dialog.showModal());
  const shared = readUrlState();
  // A lattice run written before summary.json recorded its map's geometry: nothing places the frames.
  const notes =
    summary.engine === 'lattice' && summary.lattice === undefined
      ? [
          'This lattice run was written by a version that did not record its map: run it again to replay the map.',
        ]
      : [];
  playback.seek(shared.t ?? 0);
  // A link holds the time as shown, on the row (and frame) shown.
  const grids = frames === undefined ? [series.t] : [series.t, frameTimes(frames)];
  playback.onTime((t) => writeUrlState({ t: linkTime(t, gridStep(t, grids), describe) }));
  status.textContent = [
    `Showing ${run.title}.`,
    ...shared.problems.map((p) => `Not read from the link: ${p}.`),
    ...notes,
  ].join(' ');
  if (shared.problems.length === 0 && notes.length === 0) status.classList.add('sr-only');
  document.body.dataset.ready = 'true';
  Object.assign(window, { undeadViewer: { playback, map, mapTools, run, lattice } });
}

void start();
