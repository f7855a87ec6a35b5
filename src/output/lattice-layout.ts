import { attackerOf } from '../engines/lattice/attacker.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { spansOf, spansOfCells } from './cell-spans.js';
import { FRAME_LEVELS, FRAME_SEA_RGB, frameGeometry } from './map-frame.js';

/**
 * The most runs of open cells summary.json lists: korea-hyosan has 168, the continental US at 3 km
 * 14,093 (380 kB of JSON). A map with more leaves them out; its frames show the sea.
 */
const MAX_OPEN_SPANS = 4096;

/**
 * The `lattice` object of a lattice run's `summary.json`: the map's geometry, so that a viewer can
 * place a click on a cell, draw arrival.csv and read the frames back, without the raster.
 */
export interface LatticeLayoutSummary {
  readonly width: number;
  readonly height: number;
  readonly cell_km: number;
  /**
   * The open cells (land), as runs along rows: `y, x0, x1` triples (`cell-spans.ts`); absent
   * for a map of more than `MAX_OPEN_SPANS` runs (a country's coast), whose frames show the sea.
   */
  readonly open?: readonly number[];
  /** The most people in one cell at t = 0 (the top of the frames' density scale). */
  readonly peak: number;
  /** The compartment whose arrival arrival.csv times (the zombies), or null. */
  readonly arrival_of: string | null;
  /** The named regions (regions.csv's), each with its cells as runs. */
  readonly regions: readonly { readonly name: string; readonly cells: readonly number[] }[];
  /** With `--frames-every`: what frames/frame-NNNN.png hold and where the map is in them. */
  readonly frames?: LatticeFramesLayout;
}

/**
 * How to read frame f (`frames/frame-NNNN.png`, taken at t = f · every): cell (x, y) is the
 * `scale` × `scale` square of pixels from (left + x · scale, y · scale); its colour is
 * `viridis(l / (levels − 1))` (`viridis.ts`) for a count of about exp(l / (levels − 1) · ln top)
 * of `compartment`, and other colours for none (grey) and closed cells.
 */
export interface LatticeFramesLayout {
  readonly every: number;
  readonly count: number;
  readonly compartment: string;
  readonly top: number;
  readonly levels: number;
  readonly scale: number;
  readonly left: number;
  readonly image_width: number;
  readonly image_height: number;
  /** The colour of a closed cell (sea) in the frames, RGB. */
  readonly sea: readonly number[];
}

/** The lattice object of a run of `compiled` (undefined for a run without a lattice), with its frames' layout if it drew any. */
export function latticeLayoutOf(
  compiled: CompiledScenario,
  frames: { readonly every: number; readonly compartment?: string | undefined } | undefined,
): LatticeLayoutSummary | undefined {
  const { lattice, network, time } = compiled;
  if (lattice === undefined) return undefined;
  const { width, height, open, initial } = lattice;
  const n = network.compartments.length;
  // As `MapFrames` finds the top of its scale: the most people in a cell at the start, at least 1.
  let peak = 1;
  for (let k = 0; k < width * height; k++) {
    let people = 0;
    for (let c = 0; c < n; c++) people += initial[k * n + c]!;
    if (people > peak) peak = people;
  }
  const attacker = attackerOf(network);
  const spans = spansOf(width, height, (k) => open[k] === 1);
  const layout: LatticeLayoutSummary = {
    width,
    height,
    cell_km: lattice.cellKm,
    ...(spans.length / 3 <= MAX_OPEN_SPANS ? { open: spans } : {}),
    peak,
    arrival_of: attacker < 0 ? null : network.compartments[attacker]!,
    regions: lattice.regions.map((r) => ({ name: r.name, cells: spansOfCells(width, r.cells) })),
  };
  if (frames === undefined) return layout;
  const stride = Math.max(1, Math.round(frames.every / time.every));
  const last = Math.floor(time.until / time.every + 1e-9);
  const geometry = frameGeometry(width, height);
  return {
    ...layout,
    frames: {
      every: stride * time.every,
      count: Math.floor(last / stride) + 1,
      compartment: frames.compartment ?? network.compartments[Math.max(0, attacker)]!,
      top: peak,
      levels: FRAME_LEVELS,
      scale: geometry.scale,
      left: geometry.left,
      image_width: geometry.imageWidth,
      image_height: geometry.imageHeight,
      sea: [...FRAME_SEA_RGB],
    },
  };
}
