import { fillSpans, inSpans } from '../../../src/output/cell-spans.js';
import type { LatticeLayoutSummary } from '../../../src/output/lattice-layout.js';

/** A named region of a finished lattice run: its cells (as runs) and its series from regions.csv. */
export interface ReplayRegion {
  readonly name: string;
  readonly spans: readonly number[];
  /** Its counts, `columns[c][row]`, on the rows of `t` (regions.csv). */
  readonly columns: readonly Float64Array[];
  readonly t: Float64Array;
}

/** What a finished lattice run's folder tells about its map, beside the viewer's usual files. */
export interface LatticeRun {
  readonly layout: LatticeLayoutSummary;
  /** 1 for an open cell, 0 for sea; all 1 where the folder does not say (see `openKnown`). */
  readonly open: Uint8Array;
  /** Whether `open` comes from the run (summary.json's spans, or the frames' sea) rather than a guess. */
  openKnown: boolean;
  /** When the first zombie reached each cell (arrival.csv), row-major; NaN where never. */
  readonly arrival: Float64Array;
  /** arrival.csv's text for each reached cell, as written (what a click reports). */
  readonly arrivalText: ReadonlyMap<number, string>;
  readonly regions: readonly ReplayRegion[];
}

/** Reads the lattice side of a run folder at `base`: arrival.csv and regions.csv, laid out by summary.json's `lattice`. */
export async function loadLatticeRun(
  base: string,
  layout: LatticeLayoutSummary,
  files: readonly string[] | undefined,
): Promise<LatticeRun> {
  const has = (name: string) => files === undefined || files.includes(name);
  const read = async (name: string) => {
    if (!has(name)) return undefined;
    const response = await fetch(`${base}${name}`);
    return response.ok ? response.text() : undefined;
  };
  const [arrivalCsv, regionsCsv] = await Promise.all([read('arrival.csv'), read('regions.csv')]);
  const { width, height } = layout;
  const cells = width * height;
  const open = new Uint8Array(cells);
  if (layout.open === undefined) open.fill(1);
  else fillSpans(layout.open, width, open);
  const arrival = new Float64Array(cells).fill(Number.NaN);
  const arrivalText = new Map<number, string>();
  for (const [x, y, t] of firstRun(arrivalCsv ?? '').rows) {
    if (t === undefined || t === '') continue;
    const k = Number(y) * width + Number(x);
    if (!(k >= 0 && k < cells)) continue;
    arrival[k] = Number(t);
    arrivalText.set(k, t.trim());
  }
  return {
    layout,
    open,
    openKnown: layout.open !== undefined,
    arrival,
    arrivalText,
    regions: parseRegions(regionsCsv ?? '', layout),
  };
}

/**
 * A CSV's header and rows, of the first run where an ensemble's file has a leading `run` column
 * (the run whose frames the folder keeps), without that column.
 */
function firstRun(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const [header = [], ...rows] = lines.map((line) => line.split(','));
  if (header[0] !== 'run') return { header, rows };
  const first = rows[0]?.[0];
  return {
    header: header.slice(1),
    rows: rows.filter((row) => row[0] === first).map((row) => row.slice(1)),
  };
}

/** regions.csv (`t,region,<compartments…>`, one row per region per output time) as each region's series. */
function parseRegions(text: string, layout: LatticeLayoutSummary): ReplayRegion[] {
  const { header, rows } = firstRun(text);
  const n = Math.max(0, header.length - 2);
  return layout.regions.map(({ name, cells }) => {
    const own = rows.filter((row) => row[1] === name);
    return {
      name,
      spans: cells,
      t: Float64Array.from(own, (row) => Number(row[0])),
      columns: Array.from({ length: n }, (_, c) => Float64Array.from(own, (row) => Number(row[2 + c]))),
    };
  });
}

/** The named regions that hold cell (x, y). */
export function regionsAt(run: LatticeRun, x: number, y: number): ReplayRegion[] {
  return run.regions.filter((region) => inSpans(region.spans, x, y));
}
