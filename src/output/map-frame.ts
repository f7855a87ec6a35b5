import { secondsPerUnit } from '../scenario/clock.js';
import { textCoverage } from './frame-text.js';
import { frameData, type IndexedFrame } from './indexed-png.js';
import { viridis } from './viridis.js';

/**
 * One frame of a lattice run's map: the density of one compartment (the people of it in each
 * cell) in viridis on a log scale, from 1 to `top` (the most people any cell held at the start),
 * cells holding none of it in grey and cells that do not exist (sea) in near-black, with a strip
 * below holding the day counter and the legend. An indexed image of 256 colours (`indexed-png.ts`).
 *
 * A cell is `scale` × `scale` pixels: 1 on a map 720 cells or more across, more on smaller maps so
 * that they are still big enough to see.
 */

/** Palette indices. */
const SEA = 0;
const NONE = 1;
/** The strip's background, then 15 steps of grey to white for anti-aliased text. */
const TEXT = 2;
const TEXT_STEPS = 16;
/** Viridis, `LEVELS` steps from 1 person to `top`. */
const DENSITY = TEXT + TEXT_STEPS;
const LEVELS = 256 - DENSITY;
/**
 * The steps of viridis a frame uses: level l (0 … `FRAME_LEVELS` − 1) is `viridis(l / (FRAME_LEVELS − 1))`
 * and stands for exp(l / (FRAME_LEVELS − 1) · ln top) people, rounded (the viewer reads frames back so).
 */
export const FRAME_LEVELS = LEVELS;
/** The colour of a closed cell (sea) in a frame. */
export const FRAME_SEA_RGB: readonly number[] = [24, 24, 28];

/** The strip under the map. */
const STRIP = 48;
/** The narrowest frame: room for the day counter, the legend's label and its colour bar. */
const MIN_WIDTH = 600;
/** The colour bar: a grey swatch for 0, then viridis. */
const BAR = 240;
const SWATCH = 14;
/** Between the swatch and the bar, room for the labels 0 and 1. */
const GAP = 12;

/** The map a frame draws and how. */
export interface MapFrameSetup {
  readonly width: number;
  readonly height: number;
  /** 1 for a cell that exists, 0 for sea. */
  readonly open: Uint8Array;
  /** Compartments per cell (counts are cell-major, `x[k · n + c]`). */
  readonly compartments: number;
  /** The compartment drawn, and its name for the legend. */
  readonly compartment: number;
  readonly name: string;
  /** The count drawn at the top of the scale (at least 1). */
  readonly top: number;
  /** The side of a cell in km, for the legend. */
  readonly cellKm: number;
  /** `time.unit`, for the day counter. */
  readonly unit: string;
}

/** Where a map of width × height cells sits in its frames: `scale` pixels a cell, from column `left`, row 0. */
export function frameGeometry(
  width: number,
  height: number,
): { scale: number; left: number; imageWidth: number; imageHeight: number } {
  const scale = Math.max(1, Math.floor(720 / Math.max(width, height)));
  const imageWidth = Math.max(MIN_WIDTH, width * scale);
  return {
    scale,
    left: Math.floor((imageWidth - width * scale) / 2),
    imageWidth,
    imageHeight: height * scale + STRIP,
  };
}

/** Draws frames of one map; the palette is the same for every frame (an animation shares it). */
export class MapFramePainter {
  readonly palette: Uint8Array;
  readonly scale: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  private readonly setup: MapFrameSetup;
  private readonly offset: number;
  /** The frame without the map: sea, the strip, the colour bar; copied and drawn over. */
  private readonly base: Uint8Array;
  private readonly logTop: number;

  constructor(setup: MapFrameSetup) {
    this.setup = setup;
    const geometry = frameGeometry(setup.width, setup.height);
    this.scale = geometry.scale;
    this.imageWidth = geometry.imageWidth;
    this.imageHeight = geometry.imageHeight;
    this.offset = geometry.left;
    this.logTop = Math.log(Math.max(1, setup.top));
    this.palette = new Uint8Array(256 * 3);
    const set = (i: number, rgb: readonly number[]) => this.palette.set(rgb, 3 * i);
    set(SEA, FRAME_SEA_RGB);
    set(NONE, [92, 92, 100]);
    for (let s = 0; s < TEXT_STEPS; s++) {
      const w = s / (TEXT_STEPS - 1);
      set(
        TEXT + s,
        [16, 16, 20].map((v) => Math.round(v + (255 - v) * w)),
      );
    }
    for (let l = 0; l < LEVELS; l++) set(DENSITY + l, viridis(l / (LEVELS - 1)));
    this.base = this.drawBase();
  }

  /** The level of a count of people: NONE for 0, else a step of viridis on the log scale. */
  private level(count: number): number {
    if (count < 1) return NONE;
    if (this.logTop === 0) return DENSITY + LEVELS - 1;
    const f = Math.min(1, Math.log(count) / this.logTop);
    return DENSITY + Math.round(f * (LEVELS - 1));
  }

  /** A frame of the counts `x` (cell-major) at time `t`. */
  paint(x: Float64Array, t: number): IndexedFrame {
    const { width, height, open, compartments: n, compartment: c } = this.setup;
    const { scale, imageWidth } = this;
    const pixels = this.base.slice();
    this.drawText(pixels, [{ text: dayCounter(t, this.setup.unit), x: 12, y: 32, size: 22, bold: true }]);
    const row = new Uint8Array(width * scale);
    for (let y = 0; y < height; y++) {
      for (let cx = 0; cx < width; cx++) {
        const k = y * width + cx;
        const colour = open[k] === 1 ? this.level(x[k * n + c]!) : SEA;
        if (scale === 1) row[cx] = colour;
        else row.fill(colour, cx * scale, (cx + 1) * scale);
      }
      for (let s = 0; s < scale; s++) pixels.set(row, (y * scale + s) * imageWidth + this.offset);
    }
    return frameData(this.imageWidth, this.imageHeight, pixels);
  }

  /** Sea, the strip, the legend's colour bar and its labels: what every frame shares. */
  private drawBase(): Uint8Array {
    const { imageWidth, imageHeight } = this;
    const top = imageHeight - STRIP;
    const pixels = new Uint8Array(imageWidth * imageHeight);
    pixels.fill(TEXT, top * imageWidth);
    const barX = imageWidth - BAR - SWATCH - GAP - 20;
    for (let y = top + 8; y < top + 22; y++) {
      pixels.fill(NONE, y * imageWidth + barX, y * imageWidth + barX + SWATCH);
      for (let i = 0; i < BAR; i++)
        pixels[y * imageWidth + barX + SWATCH + GAP + i] =
          DENSITY + Math.round((i / (BAR - 1)) * (LEVELS - 1));
    }
    const { name, cellKm, top: most } = this.setup;
    const labels = [
      {
        text: `${name} per cell (${Number(cellKm.toPrecision(3))} km)`,
        x: barX - 10,
        y: 20,
        size: 13,
        anchor: 'end' as const,
      },
      { text: '0', x: barX + SWATCH / 2, y: 38, size: 11, anchor: 'middle' as const },
      ...this.ticks(most).map((value) => ({
        text: shortCount(value),
        x:
          barX +
          SWATCH +
          GAP +
          (this.logTop === 0 ? BAR - 1 : Math.round((Math.log(value) / this.logTop) * (BAR - 1))),
        y: 38,
        size: 11,
        anchor: 'middle' as const,
      })),
    ];
    this.drawText(pixels, labels, top);
    return pixels;
  }

  /** Powers of 10 from 1 to `most`, at most 7 of them (every other one past that). */
  private ticks(most: number): number[] {
    const powers: number[] = [];
    for (let v = 1; v <= Math.max(1, most); v *= 10) powers.push(v);
    return powers.length > 7 ? powers.filter((_, i) => i % 2 === 0) : powers;
  }

  /** Blends text into the strip (which starts at row `top`) through the grey ramp. */
  private drawText(
    pixels: Uint8Array,
    texts: Parameters<typeof textCoverage>[2],
    top = this.imageHeight - STRIP,
  ): void {
    const { imageWidth } = this;
    const coverage = textCoverage(imageWidth, STRIP, texts);
    const start = top * imageWidth;
    for (let i = 0; i < coverage.length; i++) {
      const a = coverage[i]!;
      if (a > 0) pixels[start + i] = TEXT + Math.round((a / 255) * (TEXT_STEPS - 1));
    }
  }
}

/** `day 3.25` for a unit of time, else `t = 42 tick`. */
export function dayCounter(t: number, unit: string): string {
  const seconds = secondsPerUnit(unit);
  if (seconds === undefined) return `t = ${Number(t.toPrecision(6))} ${unit}`;
  return `day ${((t * seconds) / 86_400).toFixed(2)}`;
}

/** `1`, `10`, `1k`, `10k`, `1M`. */
function shortCount(v: number): string {
  if (v >= 1e9) return `${v / 1e9}G`;
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return String(v);
}
