import { DOOR_CLOSED, DOOR_LOCKED, DOOR_OPEN } from '../../src/engines/agents/building.js';
import { AWAY_FLOOR, newFrame, type ReplayFrame } from '../../src/engines/agents/replay.js';
import { Cell, Flag } from '../../src/scenario/building-map.js';
import type { DoorHistory } from './door-history.js';
import type { FloorPlan } from './floor-plan.js';
import type { FrameSource } from './frame-source.js';
import { markerPath, STATE_STYLES } from './palette.js';

/** Colours of the plan's cells (RGBA), by `Cell` kind; flags override floor. */
const CELL_RGBA: Readonly<Record<number, readonly [number, number, number, number]>> = {
  [Cell.VOID]: [0, 0, 0, 0],
  [Cell.FLOOR]: [246, 243, 236, 255],
  [Cell.WALL]: [72, 72, 72, 255],
  [Cell.DOOR]: [246, 243, 236, 255],
  [Cell.LOCKED]: [246, 243, 236, 255],
  [Cell.WINDOW]: [166, 212, 236, 255],
  [Cell.EXIT]: [207, 232, 207, 255],
};
const FURNITURE_RGBA = [222, 208, 178, 255] as const;
const STAIRS_RGBA = [200, 200, 218, 255] as const;
const PLANE_FILL = '#f6f3ec';
const BACKGROUND = '#ffffff';
const DOOR_COLOURS: Readonly<Record<number, string>> = {
  [DOOR_OPEN]: '#bfe3c9',
  [DOOR_CLOSED]: '#8b5a2b',
  [DOOR_LOCKED]: '#1f1f1f',
};
const DOOR_BROKEN_COLOUR = '#D55E00';
const TEXT = '#1b1b1b';

/** Metres between floors in the small multiples, and above each for its name. */
const GAP = 6;
const TITLE = 6;
/** The smallest marker drawn, in CSS pixels: agents stay visible when zoomed out. */
const MIN_MARKER_PX = 2.2;
/** Beyond this many agents, markers smaller than `TINY_PX` are drawn as squares, the cheapest shape. */
const MANY_AGENTS = 20_000;
const TINY_PX = 3;
/** Each state's colour as one RGBA pixel, in the byte order of a little-endian `Uint32Array` over `ImageData`. */
const STATE_PIXELS = Uint32Array.from(STATE_STYLES, (style) => {
  const rgb = Number.parseInt(style.colour.slice(1), 16);
  return (0xff000000 | ((rgb & 0xff) << 16) | (rgb & 0xff00) | (rgb >> 16)) >>> 0;
});
/** Markers per path before it is painted. */
const PATH_BATCH = 256;
/** Markers' half-size in metres at full zoom. */
const MARKER_METRES = 0.45;
/** Room names are written once a metre is at least this many CSS pixels. */
const LABEL_MIN_PX = 2.5;
const ZOOM_STEP = 1.25;
const MAX_SCALE = 200;

/**
 * The building view: floors as small multiples on one canvas, each floor's plan drawn once into
 * an image of one pixel per cell (scaled up without smoothing, so walls stay sharp at any zoom),
 * doors by state, room names, and the agents as markers of their state's colour and shape, named
 * characters labelled. Pan by dragging or the arrow keys (on the map), zoom with the wheel or + / −.
 * The canvas is sized in device pixels, so it is sharp on HiDPI screens. It draws only when
 * something changed, at most once a display frame.
 */
export class MapView {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly floorImages: CanvasImageSource[] = [];
  private readonly origins: { x: number; y: number }[] = [];
  /** The part of each floor drawn, in cells. */
  private readonly boxes: { x: number; y: number; w: number; h: number }[] = [];
  private readonly frame: ReplayFrame;
  private worldWidth = 1;
  private worldHeight = 1;
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private dpr = 1;
  private pending = false;
  private doors: DoorHistory | undefined;
  private shown = -1;
  /** Very many agents are drawn as pixels over the plan, read back once per view (`backgroundKey`). */
  private pixels: ImageData | undefined;
  private background: ImageData | undefined;
  private backgroundKey = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly plan: FloorPlan,
    private readonly frames: FrameSource,
    private readonly named: ReadonlyMap<number, string>,
  ) {
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
    this.frame = newFrame(frames.agents);
    this.layOut();
    if (!plan.open) for (let f = 0; f < plan.floors; f++) this.floorImages.push(this.floorImage(f));
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
    this.fit();
    this.listen();
  }

  /** Doors to draw by state over time. */
  setDoors(doors: DoorHistory): void {
    this.doors = doors;
    this.request();
  }

  /** Shows frame k (and the doors at its time). */
  show(k: number): void {
    if (k === this.shown) return;
    this.shown = k;
    this.frames.read(k, this.frame);
    this.doors?.at(this.frames.timeOf(k));
    this.request();
  }

  /** Fits every floor into the view. */
  fit(): void {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    this.scale = Math.min(w / this.worldWidth, h / this.worldHeight);
    this.offsetX = (w - this.worldWidth * this.scale) / 2;
    this.offsetY = (h - this.worldHeight * this.scale) / 2;
    this.request();
  }

  /** Zooms by a factor around a point of the canvas (CSS pixels; its centre by default). */
  zoom(factor: number, cx = this.canvas.clientWidth / 2, cy = this.canvas.clientHeight / 2): void {
    const next = Math.min(MAX_SCALE, Math.max(this.fitScale() / 4, this.scale * factor));
    const applied = next / this.scale;
    this.offsetX = cx - (cx - this.offsetX) * applied;
    this.offsetY = cy - (cy - this.offsetY) * applied;
    this.scale = next;
    this.request();
  }

  zoomIn(): void {
    this.zoom(ZOOM_STEP);
  }

  zoomOut(): void {
    this.zoom(1 / ZOOM_STEP);
  }

  /** Moves the view by (dx, dy) CSS pixels. */
  pan(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
    this.request();
  }

  /**
   * The floor, and the point on it in metres from its top-left corner, under a point of the canvas
   * (CSS pixels from its top-left corner); undefined off every floor.
   */
  pointAt(cssX: number, cssY: number): { floor: number; x: number; y: number } | undefined {
    const cell = this.plan.cellSize;
    const wx = (cssX - this.offsetX) / this.scale;
    const wy = (cssY - this.offsetY) / this.scale;
    for (let f = 0; f < this.plan.floors; f++) {
      const box = this.boxes[f]!;
      const x = wx - this.origins[f]!.x;
      const y = wy - this.origins[f]!.y;
      if (x >= box.x * cell && x < (box.x + box.w) * cell && y >= box.y * cell && y < (box.y + box.h) * cell)
        return { floor: f, x, y };
    }
    return undefined;
  }

  /** Draws now (used by the benchmark and tests; the page draws through `request`). */
  draw(): void {
    this.pending = false;
    const { ctx, dpr, plan } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    const s = this.scale * dpr;
    ctx.setTransform(s, 0, 0, s, this.offsetX * dpr, this.offsetY * dpr);
    ctx.imageSmoothingEnabled = false;
    const cell = plan.cellSize;
    for (let f = 0; f < plan.floors; f++) {
      const box = this.boxes[f]!;
      const x = this.origins[f]!.x + box.x * cell;
      const y = this.origins[f]!.y + box.y * cell;
      if (plan.open) {
        ctx.fillStyle = PLANE_FILL;
        ctx.fillRect(x, y, box.w * cell, box.h * cell);
        ctx.strokeStyle = TEXT;
        ctx.lineWidth = 1 / this.scale;
        ctx.strokeRect(x, y, box.w * cell, box.h * cell);
      } else {
        ctx.drawImage(this.floorImages[f]!, box.x, box.y, box.w, box.h, x, y, box.w * cell, box.h * cell);
      }
    }
    this.drawDoors();
    if (this.shown >= 0) this.drawAgents();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.drawText();
  }

  private drawDoors(): void {
    const { ctx, plan, doors } = this;
    if (doors === undefined) return;
    const cell = plan.cellSize;
    const perFloor = plan.width * plan.height;
    for (let d = 0; d < plan.doorCell.length; d++) {
      const c = plan.doorCell[d]!;
      const f = Math.floor(c / perFloor);
      const rest = c - f * perFloor;
      const x = this.origins[f]!.x + (rest % plan.width) * cell;
      const y = this.origins[f]!.y + Math.floor(rest / plan.width) * cell;
      const state = doors.state[d]!;
      ctx.fillStyle = DOOR_COLOURS[state] ?? DOOR_BROKEN_COLOUR;
      ctx.fillRect(x + cell * 0.1, y + cell * 0.1, cell * 0.8, cell * 0.8);
      if (doors.breached[d]) {
        ctx.beginPath();
        markerPath(ctx, 'cross', x + cell / 2, y + cell / 2, cell * 0.45);
        ctx.strokeStyle = BACKGROUND;
        ctx.lineWidth = cell * 0.18;
        ctx.stroke();
      }
    }
  }

  private drawAgents(): void {
    const { ctx, frame, plan } = this;
    const n = this.frames.agents;
    const r = Math.max(MARKER_METRES * plan.cellSize, MIN_MARKER_PX / this.scale);
    if (n > MANY_AGENTS && r * this.scale < TINY_PX) {
      this.drawAgentPixels(r);
      return;
    }
    for (let s = 0; s < STATE_STYLES.length; s++) {
      const style = STATE_STYLES[s]!;
      const stroke = style.shape === 'cross';
      ctx.fillStyle = style.colour;
      ctx.strokeStyle = style.colour;
      ctx.lineWidth = r * 0.6;
      const paint = () => {
        if (stroke) ctx.stroke();
        else ctx.fill();
        ctx.beginPath();
      };
      let inPath = 0;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const f = frame.floor[i]!;
        if (frame.state[i] !== s || f === AWAY_FLOOR || f >= plan.floors) continue;
        const origin = this.origins[f]!;
        const x = origin.x + frame.x[i]!;
        const y = origin.y + frame.y[i]!;
        markerPath(ctx, style.shape, x, y, r);
        // A path of very many shapes rasterises slowly: paint it in batches.
        if (++inPath === PATH_BATCH) {
          paint();
          inPath = 0;
        }
      }
      if (inPath > 0) paint();
    }
  }

  /**
   * Tens of thousands of markers a few pixels wide: squares written straight into the canvas's
   * pixels. The plan under them is read back once per view (and per door change), then each frame
   * copies it, writes the agents and puts the pixels back in one call: a canvas path of that many
   * shapes rasterises slowly, and at this size the shapes could not be told apart anyway.
   */
  private drawAgentPixels(r: number): void {
    const { ctx, frame, plan, dpr } = this;
    const w = this.canvas.width;
    const h = this.canvas.height;
    const doorsKey = plan.doorCell.length > 0 ? this.frames.timeOf(this.shown) : 0;
    const key = `${w}x${h} ${this.scale} ${this.offsetX} ${this.offsetY} ${doorsKey}`;
    if (this.background === undefined || this.backgroundKey !== key) {
      this.background = ctx.getImageData(0, 0, w, h);
      this.pixels = new ImageData(w, h);
      this.backgroundKey = key;
    }
    const pixels = this.pixels!;
    pixels.data.set(this.background.data);
    const out = new Uint32Array(pixels.data.buffer);
    const side = Math.max(2, Math.round(2 * r * this.scale * dpr));
    const s = this.scale * dpr;
    const left = this.offsetX * dpr - side / 2;
    const top = this.offsetY * dpr - side / 2;
    for (let i = 0; i < this.frames.agents; i++) {
      const f = frame.floor[i]!;
      if (f === AWAY_FLOOR || f >= plan.floors) continue;
      const colour = STATE_PIXELS[frame.state[i]!] ?? STATE_PIXELS[0]!;
      const x0 = Math.round(left + (this.origins[f]!.x + frame.x[i]!) * s);
      const y0 = Math.round(top + (this.origins[f]!.y + frame.y[i]!) * s);
      const xa = Math.max(x0, 0);
      const xb = Math.min(w, x0 + side);
      const yb = Math.min(h, y0 + side);
      for (let y = Math.max(y0, 0); y < yb; y++) {
        const row = y * w;
        for (let x = xa; x < xb; x++) out[row + x] = colour;
      }
    }
    ctx.putImageData(pixels, 0, 0);
  }

  /** Floor names, room names and named characters, in screen space so the text stays crisp. */
  private drawText(): void {
    const { ctx, plan, scale } = this;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.fillStyle = TEXT;
    ctx.font = '600 13px system-ui, sans-serif';
    for (let f = 0; f < plan.floors; f++) {
      const box = this.boxes[f]!;
      const x = this.origins[f]!.x + box.x * plan.cellSize;
      const y = this.origins[f]!.y + box.y * plan.cellSize;
      ctx.textAlign = 'left';
      ctx.fillText(plan.floorNames[f] ?? '', this.screenX(x), this.screenY(y - TITLE / 2));
    }
    ctx.textAlign = 'center';
    if (scale * plan.cellSize >= LABEL_MIN_PX) {
      ctx.font = `${Math.min(14, Math.max(9, scale * 1.6))}px system-ui, sans-serif`;
      ctx.fillStyle = '#5a5a5a';
      for (const label of plan.labels) {
        const origin = this.origins[label.floor]!;
        ctx.fillText(
          label.name,
          this.screenX(origin.x + label.x * plan.cellSize),
          this.screenY(origin.y + label.y * plan.cellSize),
        );
      }
    }
    if (this.shown < 0) return;
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'left';
    for (const [i, name] of this.named) {
      const f = this.frame.floor[i]!;
      if (f === AWAY_FLOOR || f >= plan.floors) continue;
      const origin = this.origins[f]!;
      const x = this.screenX(origin.x + this.frame.x[i]!) + 6;
      const y = this.screenY(origin.y + this.frame.y[i]!) - 6;
      ctx.strokeStyle = BACKGROUND;
      ctx.lineWidth = 3;
      ctx.strokeText(name, x, y);
      ctx.fillStyle = TEXT;
      ctx.fillText(name, x, y);
    }
  }

  private screenX(x: number): number {
    return this.offsetX + x * this.scale;
  }

  private screenY(y: number): number {
    return this.offsetY + y * this.scale;
  }

  private request(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => this.draw());
  }

  private fitScale(): number {
    const w = this.canvas.clientWidth || 1;
    const h = this.canvas.clientHeight || 1;
    return Math.min(w / this.worldWidth, h / this.worldHeight);
  }

  /**
   * Places the floors as small multiples, the top floor first, in rows (shelves) as wide as suits
   * the canvas. Each floor is cropped to the cells it uses, so a narrow upper storey takes little room.
   */
  private layOut(): void {
    const { plan } = this;
    const boxes = Array.from({ length: plan.floors }, (_, f) => this.usedBox(f));
    const sizes = boxes.map((b) => ({ w: b.w * plan.cellSize + GAP, h: b.h * plan.cellSize + GAP + TITLE }));
    const aspect = (this.canvas.clientWidth || 4) / (this.canvas.clientHeight || 3);
    const area = sizes.reduce((sum, s) => sum + s.w * s.h, 0);
    const rowWidth = Math.max(Math.max(...sizes.map((s) => s.w)), Math.sqrt(area * aspect));
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (let slot = 0; slot < plan.floors; slot++) {
      const f = plan.floors - 1 - slot;
      const size = sizes[f]!;
      if (x > 0 && x + size.w > rowWidth * 1.001) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      this.boxes[f] = boxes[f]!;
      this.origins[f] = {
        x: x + GAP / 2 - boxes[f]!.x * plan.cellSize,
        y: y + TITLE + GAP / 2 - boxes[f]!.y * plan.cellSize,
      };
      x += size.w;
      width = Math.max(width, x);
      rowHeight = Math.max(rowHeight, size.h);
    }
    this.worldWidth = width;
    this.worldHeight = y + rowHeight;
  }

  /** The cells a floor uses (not void), as a box; the whole floor on an open plane. */
  private usedBox(f: number): { x: number; y: number; w: number; h: number } {
    const { width, height, kind, open } = this.plan;
    if (open) return { x: 0, y: 0, w: width, h: height };
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    const start = f * width * height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (kind[start + y * width + x] === Cell.VOID) continue;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    return x1 < 0 ? { x: 0, y: 0, w: 1, h: 1 } : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
  }

  /** One floor's cells as an image of one pixel per cell. */
  private floorImage(f: number): CanvasImageSource {
    const { width, height, kind, flags } = this.plan;
    const image = new ImageData(width, height);
    const start = f * width * height;
    for (let k = 0; k < width * height; k++) {
      const c = start + k;
      const bits = flags[c]!;
      const rgba =
        kind[c] === Cell.FLOOR && bits & Flag.FURNITURE
          ? FURNITURE_RGBA
          : kind[c] === Cell.FLOOR && bits & (Flag.STAIRS_UP | Flag.STAIRS_DOWN)
            ? STAIRS_RGBA
            : (CELL_RGBA[kind[c]!] ?? CELL_RGBA[Cell.WALL]!);
      image.data.set(rgba, k * 4);
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    return canvas;
  }

  private resize(): void {
    this.dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(this.canvas.clientWidth * this.dpr));
    this.canvas.height = Math.max(1, Math.round(this.canvas.clientHeight * this.dpr));
    this.request();
  }

  private listen(): void {
    const canvas = this.canvas;
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const box = canvas.getBoundingClientRect();
        this.zoom(
          event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP,
          event.clientX - box.left,
          event.clientY - box.top,
        );
      },
      { passive: false },
    );
    let drag: { x: number; y: number } | undefined;
    canvas.addEventListener('pointerdown', (event) => {
      drag = { x: event.clientX, y: event.clientY };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (drag === undefined) return;
      this.pan(event.clientX - drag.x, event.clientY - drag.y);
      drag = { x: event.clientX, y: event.clientY };
    });
    const end = () => {
      drag = undefined;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    const PAN_PX = 40;
    canvas.addEventListener('keydown', (event) => {
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [PAN_PX, 0],
        ArrowRight: [-PAN_PX, 0],
        ArrowUp: [0, PAN_PX],
        ArrowDown: [0, -PAN_PX],
      };
      const move = moves[event.key];
      if (move === undefined) return;
      event.preventDefault();
      event.stopPropagation();
      this.pan(move[0], move[1]);
    });
  }
}
