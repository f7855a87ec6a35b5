import type { LatticeFramesLayout } from '../../../src/output/lattice-layout.js';
import { viridis } from '../../../src/output/viridis.js';

/** How many decoded frames are kept (a 3 km country's frame is 1.6 M cells, 6 MB as floats). */
const KEPT = 6;
/** The farthest (squared RGB distance) a pixel may be from a level's colour and still be read as it. */
const NEAR = 48;

/**
 * The map frames of a finished lattice run (`frames/frame-NNNN.png`, written by `--frames-every`)
 * read back into counts: each frame's PNG is decoded by the browser, and the colour of each cell
 * (the top-left pixel of its square, where `summary.json`'s `lattice.frames` says the map sits)
 * is looked up in the frames' viridis levels, which give the count on their log scale: level l
 * of L stands for exp(l / (L − 1) · ln top) people (`map-frame.ts`), so a count read back is
 * within half a level, about 3% at a top of 500,000. Grey (none) reads as 0. The last few frames
 * decoded are kept, and a frame is fetched once even if asked for twice meanwhile.
 */
export class FrameReader {
  private readonly levelOf = new Map<number, number>();
  private readonly counts: Float64Array;
  private readonly palette: Int32Array;
  private readonly kept = new Map<number, Promise<Float32Array>>();
  private readonly canvas: HTMLCanvasElement;

  constructor(
    private readonly base: string,
    private readonly frames: LatticeFramesLayout,
    private readonly width: number,
    private readonly height: number,
  ) {
    const { levels, top } = frames;
    this.counts = new Float64Array(levels);
    this.palette = new Int32Array(levels);
    for (let l = levels - 1; l >= 0; l--) {
      const [r, g, b] = viridis(l / (levels - 1));
      const key = (r << 16) | (g << 8) | b;
      this.palette[l] = key;
      // Levels that round to one colour read as the lowest of them.
      this.levelOf.set(key, l);
      this.counts[l] = Math.round(Math.exp((l / (levels - 1)) * Math.log(Math.max(1, top))));
    }
    this.canvas = document.createElement('canvas');
  }

  /** The time of frame f. */
  timeOf(f: number): number {
    return f * this.frames.every;
  }

  /** The frame shown at time t: the last taken at or before it. */
  frameAt(t: number): number {
    return Math.max(0, Math.min(this.frames.count - 1, Math.floor(t / this.frames.every + 1e-9)));
  }

  get count(): number {
    return this.frames.count;
  }

  /** Frame f's counts of `frames.compartment` by cell (row-major), and its sea as −1. */
  read(f: number): Promise<Float32Array> {
    const ready = this.kept.get(f);
    if (ready !== undefined) return ready;
    const reading = this.decode(f);
    this.kept.set(f, reading);
    reading.catch(() => this.kept.delete(f));
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return reading;
  }

  private async decode(f: number): Promise<Float32Array> {
    const name = `frames/frame-${String(f).padStart(4, '0')}.png`;
    const response = await fetch(`${this.base}${name}`);
    if (!response.ok) throw new Error(`${name}: ${response.status} ${response.statusText}`);
    const bitmap = await createImageBitmap(await response.blob(), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const { canvas } = this;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(bitmap, 0, 0);
    bitmap.close();
    const { scale, left, sea } = this.frames;
    const { width, height } = this;
    const pixels = g.getImageData(left, 0, width * scale, height * scale).data;
    const seaKey = (sea[0]! << 16) | (sea[1]! << 8) | sea[2]!;
    const out = new Float32Array(width * height);
    const stride = width * scale * 4;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const p = y * scale * stride + x * scale * 4;
        const key = (pixels[p]! << 16) | (pixels[p + 1]! << 8) | pixels[p + 2]!;
        out[y * width + x] = key === seaKey ? -1 : this.countOf(key);
      }
    return out;
  }

  /** The count a colour stands for: its level's, or the nearest level's if close; else 0 (grey, none). */
  private countOf(key: number): number {
    let level = this.levelOf.get(key);
    if (level === undefined) {
      // A colour not in the table (a browser that altered it): the nearest level, remembered.
      let best = -1;
      let bestD = NEAR + 1;
      for (let l = 0; l < this.palette.length; l++) {
        const p = this.palette[l]!;
        const dr = ((p >> 16) & 255) - ((key >> 16) & 255);
        const dg = ((p >> 8) & 255) - ((key >> 8) & 255);
        const db = (p & 255) - (key & 255);
        const d = dr * dr + dg * dg + db * db;
        if (d < bestD) {
          bestD = d;
          best = l;
        }
      }
      level = best;
      this.levelOf.set(key, level);
    }
    return level < 0 ? 0 : this.counts[level]!;
  }
}
