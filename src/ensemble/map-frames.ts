import type { Engine } from '../engines/engine.js';
import { attackerOf } from '../engines/lattice/attacker.js';
import { LatticeEngine } from '../engines/lattice/engine.js';
import { animatedPng, type IndexedFrame, indexedPng } from '../output/indexed-png.js';
import { MapFramePainter } from '../output/map-frame.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { FramesSpec } from './run-spec.js';

/** How long each frame of `map.apng` shows, and the last one, in milliseconds. */
const FRAME_MS = 250;
const LAST_FRAME_MS = 2000;

/**
 * The map frames of a lattice run (`--frames-every T`): at each output time that is a multiple
 * of T (T is a whole number of output intervals, so the engine's state there is exact for both
 * methods, and taking a frame draws nothing from the run's stream), the density of one
 * compartment, read from the engine's cell counts (`LatticeEngine.kernel.x`), becomes a frame
 * (`map-frame.ts`). `files()` gives `frames/frame-NNNN.png`, one a frame, and `map.apng`, all of
 * them animated. Each frame is compressed as it is taken; only the compressed frames are kept.
 */
export class MapFrames {
  private readonly painter: MapFramePainter;
  private readonly stride: number;
  private readonly last: number;
  private readonly frames: IndexedFrame[] = [];

  constructor(compiled: CompiledScenario, spec: FramesSpec) {
    const { lattice, network, time } = compiled;
    if (lattice === undefined) throw new Error('map frames are of a lattice run');
    const n = network.compartments.length;
    const c =
      spec.compartment === undefined ? attackerOf(network) : network.compartments.indexOf(spec.compartment);
    const compartment = Math.max(c, 0);
    let top = 1;
    for (let k = 0; k < lattice.width * lattice.height; k++) {
      let people = 0;
      for (let j = 0; j < n; j++) people += lattice.initial[k * n + j]!;
      if (people > top) top = people;
    }
    this.painter = new MapFramePainter({
      width: lattice.width,
      height: lattice.height,
      open: lattice.open,
      compartments: n,
      compartment,
      name: network.compartments[compartment]!,
      top,
      cellKm: lattice.cellKm,
      unit: time.unit,
    });
    this.stride = Math.max(1, Math.round(spec.every / time.every));
    // The last output time on the grid k · every (until itself may be off it).
    this.last = Math.floor(time.until / time.every + 1e-9);
  }

  /** After output row `row` (at time `t`) is observed: a frame, if the row is a frame's. */
  afterRow(engine: Engine, row: number, t: number): void {
    if (row % this.stride !== 0 || row > this.last) return;
    if (!(engine instanceof LatticeEngine)) throw new Error('map frames are of a lattice run');
    this.frames.push(this.painter.paint(engine.kernel.x, t));
  }

  /** The frames taken, as files. */
  files(): Record<string, Uint8Array> {
    const { palette } = this.painter;
    const files: Record<string, Uint8Array> = {};
    this.frames.forEach((frame, f) => {
      files[`frames/frame-${String(f).padStart(4, '0')}.png`] = indexedPng(frame, palette);
    });
    if (this.frames.length > 0)
      files['map.apng'] = animatedPng(this.frames, palette, FRAME_MS, LAST_FRAME_MS);
    return files;
  }
}
