import type { Playback } from '../playback.js';
import { type ChartToExport, chartCsv } from './chart-csv.js';
import { download } from './download.js';
import { type MapPainter, mapPng, PNG_SCALES } from './map-image.js';
import { filesZip, type RunFolder, runZip } from './run-archive.js';
import './share.css';
import { element } from './element.js';
import { canRecordWebm, clipTimes, recordClip } from './webm-clip.js';

/** A clip's default length, in output steps from the time shown. */
const DEFAULT_CLIP_STEPS = 60;

/** Runs an export with its button disabled meanwhile, saying in the status line if it fails. */
type Busy = (button: HTMLButtonElement, work: () => Promise<void>) => Promise<void>;

/** What the export panel exports from. */
export interface ExportSources {
  /** Where the panel goes (it appends itself). */
  readonly parent: HTMLElement;
  /** A name for the files: `hyosan-high-seed1` (read at each export: a live run's changes on a reseed). */
  readonly name: string;
  readonly playback: Playback;
  /** The run's time unit, for headers and labels. */
  readonly unit: string;
  readonly describe: (t: number) => string;
  readonly charts: readonly ChartToExport[];
  /** The map and its canvas (a clip records it), when the run has one. */
  readonly map?: {
    readonly painter: MapPainter;
    readonly canvas: HTMLCanvasElement;
    /**
     * Draws `canvas` at the time shown, for a canvas the page does not draw itself (an image of
     * several maps, made for the export): each frame of a clip calls it once the time is shown.
     */
    readonly refresh?: () => void;
    /** What the buttons and messages call the image: `the map` unless told (`both maps`). */
    readonly what?: string;
  };
  /** The run folders to zip (a folder listing no files, as a live run's, is left out; none, no zip). */
  readonly runs: readonly RunFolder[];
  /**
   * Shows time t and resolves once it is drawn, for a run whose time comes from elsewhere (a live
   * run's worker); by default a clip seeks the playback, which draws at once.
   */
  readonly showAt?: (t: number) => Promise<void>;
  /** The run as files made on demand (a live run's, which has no folder), zipped in place of `runs`. */
  readonly runFiles?: () => Promise<Readonly<Record<string, string | Uint8Array>>>;
}

/**
 * The export panel: the map as a PNG at 1× to 4×, the charts' data up to the time shown as CSV,
 * a WebM clip of a time range of the map, and the run's own files as a zip. Each is a download;
 * a status line says what is happening and what went wrong.
 */
export function installExportPanel(sources: ExportSources): void {
  const { playback, unit } = sources;
  const section = element('section', { 'aria-labelledby': 'export-heading', class: 'export' });
  section.append(element('h2', { id: 'export-heading' }, 'Export'));
  const status = element('p', { id: 'export-status', role: 'status', 'aria-live': 'polite', class: 'muted' });
  const say = (text: string) => {
    status.textContent = text;
  };
  const busy: Busy = async (button, work) => {
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      say(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      button.disabled = false;
    }
  };

  const map = sources.map;
  if (map !== undefined) {
    const row = element('div', { class: 'export-row' });
    const scale = element('select', { id: 'png-scale' });
    for (const s of PNG_SCALES) scale.append(element('option', { value: String(s) }, `${s}×`));
    const what = map.what ?? 'the map';
    const png = element(
      'button',
      { type: 'button', id: 'export-png' },
      `${what[0]!.toUpperCase()}${what.slice(1)} as PNG`,
    );
    png.addEventListener('click', () =>
      busy(png, async () => {
        const s = Number(scale.value);
        download(await mapPng(map.painter, s), `${sources.name}-map-${s}x.png`);
        say(`Saved ${what} at ${s}× as PNG.`);
      }),
    );
    row.append(element('label', { for: 'png-scale' }, 'Scale'), scale, png);
    section.append(row);
  }

  const csv = element('button', { type: 'button', id: 'export-csv' }, 'Chart data as CSV');
  csv.addEventListener('click', () =>
    busy(csv, async () => {
      const text = chartCsv(sources.charts, unit, sources.describe);
      download(new Blob([text], { type: 'text/csv' }), `${sources.name}-charts.csv`);
      say(`Saved the charts' data up to ${sources.describe(playback.time)} as CSV.`);
    }),
  );
  const csvRow = element('div', { class: 'export-row' });
  csvRow.append(csv);
  section.append(csvRow);

  if (map !== undefined && canRecordWebm())
    section.append(clipControls(sources, map.canvas, map.refresh, map.what ?? 'the map', say, busy));

  const runs = sources.runs.filter((run) => run.files.length > 0);
  if (sources.runFiles !== undefined)
    section.append(filesZipControl(sources.runFiles, () => sources.name, say, busy));
  else if (runs.length > 0) section.append(zipControl(runs, sources.name, say, busy));
  section.append(status);
  sources.parent.append(section);
}

/** The button that saves the runs' own files as a zip. */
function zipControl(
  runs: readonly RunFolder[],
  name: string,
  say: (text: string) => void,
  busy: Busy,
): HTMLElement {
  const one = runs.length === 1;
  const zip = element(
    'button',
    { type: 'button', id: 'export-run' },
    one ? 'Run files as zip' : 'Both runs’ files as zip',
  );
  const files = runs.reduce((sum, run) => sum + run.files.length, 0);
  zip.addEventListener('click', () =>
    busy(zip, async () => {
      say(one ? 'Packing the run’s files…' : 'Packing the runs’ files…');
      download(await runZip(runs, name), `${name}.zip`);
      say(`Saved ${one ? 'the run’s' : `${runs.length} runs’`} ${files} files as a zip.`);
    }),
  );
  const zipRow = element('div', { class: 'export-row' });
  zipRow.append(zip);
  return zipRow;
}

/** The button that saves a run's files made on demand as a zip. */
function filesZipControl(
  files: () => Promise<Readonly<Record<string, string | Uint8Array>>>,
  nameNow: () => string,
  say: (text: string) => void,
  busy: Busy,
): HTMLElement {
  const zip = element('button', { type: 'button', id: 'export-run' }, 'Run files as zip');
  zip.addEventListener('click', () =>
    busy(zip, async () => {
      say('Packing the run’s files…');
      const made = await files();
      const name = nameNow();
      download(await filesZip(made, name), `${name}.zip`);
      say(`Saved the run’s ${Object.keys(made).length} files as a zip.`);
    }),
  );
  const zipRow = element('div', { class: 'export-row' });
  zipRow.append(zip);
  return zipRow;
}

/** The clip's range (two times in the run's unit) and its record button. */
function clipControls(
  sources: ExportSources,
  canvas: HTMLCanvasElement,
  refresh: (() => void) | undefined,
  what: string,
  say: (text: string) => void,
  busy: Busy,
): HTMLElement {
  const { playback, unit } = sources;
  const group = element('fieldset', { class: 'export-clip' });
  group.append(element('legend', {}, `Video clip of ${what} (WebM)`));
  const range = { min: '0', max: String(playback.until), step: String(playback.step) };
  const from = element('input', { type: 'number', id: 'clip-from', value: '0', ...range });
  const to = element('input', {
    type: 'number',
    id: 'clip-to',
    value: String(Math.min(playback.until, DEFAULT_CLIP_STEPS * playback.step)),
    ...range,
  });
  const record = element('button', { type: 'button', id: 'export-webm' }, 'Record clip');
  record.addEventListener('click', () =>
    busy(record, async () => {
      const start = Math.max(0, Number(from.value));
      const end = Math.min(playback.until, Number(to.value));
      if (!(end > start)) throw new Error('the clip must end after it starts');
      const times = clipTimes(start, end, playback.step);
      const back = playback.time;
      playback.pause();
      say(`Recording ${times.length} frames…`);
      try {
        const showAt = sources.showAt;
        const blob = await recordClip(canvas, times, (t) => {
          if (showAt !== undefined) return showAt(t);
          playback.seek(t);
          refresh?.();
        });
        download(blob, `${sources.name}-t${start}-${end}.webm`);
        say(`Saved a clip of ${times.length} frames as WebM.`);
      } finally {
        playback.seek(back);
      }
    }),
  );
  group.append(
    element('label', { for: 'clip-from' }, `From (${unit}s)`),
    from,
    element('label', { for: 'clip-to' }, `To (${unit}s)`),
    to,
    record,
  );
  return group;
}
