import type { LiveChart } from '../live-chart.js';
import { installExportPanel } from '../share/export-panel.js';
import type { MapPainter } from '../share/map-image.js';
import type { LiveClient } from './live-client.js';
import type { LivePlayback } from './live-playback.js';

/** What the live page exports from. */
export interface LiveExportSources {
  readonly client: LiveClient;
  /** A name for the files now: `hyosan-high-seed1` (the seed changes on a reseed). */
  readonly name: () => string;
  readonly playback: LivePlayback;
  readonly unit: string;
  readonly describe: (t: number) => string;
  /** The counts' chart, and survival by group's when the page shows it (its values in %). */
  readonly counts: LiveChart;
  readonly survival: LiveChart | undefined;
  /** The map (the building's, or a lattice's) and its canvas, when the run has one. */
  readonly map: { readonly view: MapPainter; readonly canvas: HTMLCanvasElement } | undefined;
}

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));

/**
 * The export panel of a live run, in the page's side column: the map as a PNG, the charts' data up
 * to the time shown as CSV, a WebM clip of a time range (the worker seeks to each time in turn, and
 * a frame is taken once the page has drawn it) and the run as a zip of files that reproduce it with
 * the CLI (`live-outputs.ts`).
 */
export function installLiveExport(sources: LiveExportSources): void {
  const { client, map } = sources;
  installExportPanel({
    parent: document.querySelector<HTMLElement>('aside.side')!,
    get name() {
      return sources.name();
    },
    playback: sources.playback,
    unit: sources.unit,
    describe: sources.describe,
    charts: [
      { chart: sources.counts },
      ...(sources.survival === undefined ? [] : [{ chart: sources.survival, unit: '%' }]),
    ],
    ...(map === undefined ? {} : { map: { painter: map.view, canvas: map.canvas } }),
    runs: [],
    // The frame answering the seek asks the page to draw at the next display frame, before this one's turn.
    showAt: async (t) => {
      const answer = await client.send({ type: 'seek', t });
      if (answer.type === 'error') throw new Error(answer.message);
      await nextFrame();
    },
    runFiles: async () => {
      const answer = await client.send({ type: 'outputs' });
      if (answer.type === 'error') throw new Error(answer.message);
      if (answer.type !== 'outputs') throw new Error('the live run sent no files');
      return answer.files;
    },
  });
}
