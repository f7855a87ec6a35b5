import type { LatticeFrame, LatticeLayout } from '../live/protocol.js';
import type { MapPainter } from '../share/map-image.js';
import {
  arrivalColour,
  CLOSED_RGB,
  densityShare,
  NONE_RGB,
  packRgba,
  type Rgb,
  UNREACHED_RGB,
  viridis,
} from './lattice-colours.js';
import { cellAt, fitView, panBy, screenOf, type Viewport, zoomAt } from './lattice-viewport.js';

/** What the map shows: the density of a state, or when the zombies reached each cell. */
export type LatticeLayer = 'density' | 'arrival';

/** Steps of each colour ramp, looked up by index: no colour maths per cell per frame. */
const LEVELS = 256;
/** A press that moves less than this (CSS pixels) is a click, not a drag. */
const CLICK_SLOP = 4;
const WHEEL_STEP = 1.15;

/**
 * The lattice map on a canvas: an ImageData of width × height (one pixel a cell) coloured by the
 * layer shown, drawn scaled to the view with nearest-neighbour sampling, so cells stay crisp at any
 * zoom. The wheel zooms about the pointer, a drag pans, a click (a press that hardly moved) names
 * the cell clicked to `onCellClick`. The canvas is drawn in device pixels; `drawTo` draws it for the
 * export panel's PNG and WebM clip.
 */
export class LatticeMap implements MapPainter {
  layer: LatticeLayer = 'density';
  private view: Viewport;
  private fitted: Viewport;
  private readonly image: ImageData;
  private readonly pixels: Uint32Array;
  private readonly offscreen: HTMLCanvasElement;
  private readonly density: Uint32Array;
  private readonly arrivalRamp: Uint32Array;
  private frame: LatticeFrame | undefined;
  private until = 1;
  private label = '';
  private marked: { x: number; y: number } | undefined;
  private clickListener: ((cell: { x: number; y: number }) => void) | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly layout: LatticeLayout,
  ) {
    const { width, height } = layout;
    this.offscreen = document.createElement('canvas');
    this.offscreen.width = width;
    this.offscreen.height = height;
    this.image = new ImageData(width, height);
    this.pixels = new Uint32Array(this.image.data.buffer);
    this.density = rampTable((v) => viridis(v));
    this.arrivalRamp = rampTable((v) => arrivalColour(v, 1));
    this.fitted = this.fitNow();
    this.view = this.fitted;
    this.listen();
    new ResizeObserver(() => {
      const fit = this.view === this.fitted;
      this.fitted = this.fitNow();
      if (fit) this.view = this.fitted;
      this.draw();
    }).observe(canvas);
  }

  /** Calls `listener` with the cell clicked (a press that did not drag). */
  onCellClick(listener: (cell: { x: number; y: number }) => void): void {
    this.clickListener = listener;
  }

  /** Shows a frame: its map on the layer chosen, with `label` (the day counter) in a corner. */
  show(frame: LatticeFrame, until: number, label: string): void {
    this.frame = frame;
    this.until = until;
    this.label = label;
    this.paint();
    this.draw();
  }

  /** Marks a cell (the one watched) with a ring. */
  mark(cell: { x: number; y: number } | undefined): void {
    this.marked = cell;
    this.draw();
  }

  setLayer(layer: LatticeLayer): void {
    this.layer = layer;
    this.paint();
    this.draw();
  }

  zoomIn(): void {
    this.zoomBy(2);
  }

  zoomOut(): void {
    this.zoomBy(0.5);
  }

  fit(): void {
    this.view = this.fitted;
    this.draw();
  }

  /** The cell at (x, y), CSS pixels of the canvas; undefined off the map. */
  cellAt(x: number, y: number): { x: number; y: number } | undefined {
    return cellAt(this.view, x, y, this.layout.width, this.layout.height);
  }

  /** Where cell (x, y)'s centre is, in CSS pixels of the canvas. */
  screenOf(x: number, y: number): { x: number; y: number } {
    return screenOf(this.view, x, y);
  }

  /** The view now (for tests). */
  viewport(): Viewport {
    return this.view;
  }

  private zoomBy(factor: number): void {
    this.view = zoomAt(
      this.view,
      factor,
      this.canvas.clientWidth / 2,
      this.canvas.clientHeight / 2,
      this.fitted.scale / 4,
    );
    this.draw();
  }

  private fitNow(): Viewport {
    return fitView(
      this.layout.width,
      this.layout.height,
      Math.max(1, this.canvas.clientWidth),
      Math.max(1, this.canvas.clientHeight),
    );
  }

  /** Colours the cells into the ImageData. */
  private paint(): void {
    const frame = this.frame;
    if (frame === undefined) return;
    const { open, peak } = this.layout;
    const { pixels } = this;
    const closed = packRgba(CLOSED_RGB);
    const unreached = packRgba(UNREACHED_RGB);
    const none = packRgba(NONE_RGB);
    const top = LEVELS - 1;
    if (this.layer === 'density') {
      const values = frame.density;
      for (let k = 0; k < pixels.length; k++) {
        const v = values[k]!;
        pixels[k] =
          open[k] === 0 ? closed : v > 0 ? this.density[Math.round(densityShare(v, peak) * top)]! : none;
      }
    } else {
      const values = frame.arrival;
      const until = this.until;
      for (let k = 0; k < pixels.length; k++) {
        const t = values[k]!;
        pixels[k] =
          open[k] === 0
            ? closed
            : Number.isNaN(t)
              ? unreached
              : this.arrivalRamp[Math.round(Math.min(1, Math.max(0, t / until)) * top)]!;
      }
    }
    this.offscreen.getContext('2d')!.putImageData(this.image, 0, 0);
  }

  private draw(): void {
    this.drawTo(this.canvas, window.devicePixelRatio || 1);
  }

  /**
   * Draws the map as shown on `target`, at `ratio` device pixels a CSS pixel of the page's canvas
   * (the page's own canvas at the screen's ratio; an export's at 1× to 4×: `MapPainter`).
   */
  drawTo(target: HTMLCanvasElement, ratio: number): void {
    const { canvas, view } = this;
    const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (target.width !== w || target.height !== h) {
      target.width = w;
      target.height = h;
    }
    const g = target.getContext('2d')!;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, w, h);
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(
      this.offscreen,
      view.left,
      view.top,
      this.layout.width * view.scale,
      this.layout.height * view.scale,
    );
    if (this.marked !== undefined) {
      const at = screenOf(view, this.marked.x, this.marked.y);
      g.strokeStyle = '#e4007c';
      g.lineWidth = 2;
      g.beginPath();
      g.arc(at.x, at.y, Math.max(6, view.scale), 0, 2 * Math.PI);
      g.stroke();
    }
    if (this.label !== '') {
      g.font = '600 15px system-ui, sans-serif';
      const width = g.measureText(this.label).width;
      g.fillStyle = 'rgba(255, 255, 255, 0.85)';
      g.fillRect(8, 8, width + 16, 26);
      g.fillStyle = '#111111';
      g.textBaseline = 'middle';
      g.fillText(this.label, 16, 21);
    }
  }

  private listen(): void {
    const { canvas } = this;
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const factor = event.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP;
        this.view = zoomAt(this.view, factor, event.offsetX, event.offsetY, this.fitted.scale / 4);
        this.draw();
      },
      { passive: false },
    );
    let press: { x: number; y: number; moved: boolean } | undefined;
    canvas.addEventListener('pointerdown', (event) => {
      press = { x: event.offsetX, y: event.offsetY, moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (press === undefined) return;
      const dx = event.offsetX - press.x;
      const dy = event.offsetY - press.y;
      if (!press.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
      press.moved = true;
      this.view = panBy(this.view, dx, dy);
      press.x = event.offsetX;
      press.y = event.offsetY;
      this.draw();
    });
    canvas.addEventListener('pointerup', (event) => {
      const was = press;
      press = undefined;
      if (was === undefined || was.moved) return;
      const cell = this.cellAt(event.offsetX, event.offsetY);
      if (cell !== undefined) this.clickListener?.(cell);
    });
    canvas.addEventListener('pointercancel', () => {
      press = undefined;
    });
  }
}

/** A ramp sampled at `LEVELS` points, packed for ImageData. */
function rampTable(ramp: (v: number) => Rgb): Uint32Array {
  const table = new Uint32Array(LEVELS);
  for (let i = 0; i < LEVELS; i++) table[i] = packRgba(ramp(i / (LEVELS - 1)));
  return table;
}
