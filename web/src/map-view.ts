import { DOOR_CLOSED, DOOR_LOCKED, DOOR_OPEN } from '../../src/engines/agents/building.js';
import { newFrame, type ReplayFrame } from '../../src/engines/agents/replay.js';
import type { ParsedBuilding } from '../../src/scenario/building-map.js';
import { Cell, Flag } from '../../src/scenario/building-map.js';
import type { DoorStates } from './door-history.js';
import type { FloorPlan } from './floor-plan.js';
import type { FrameSource } from './frame-source.js';
import { AgentSprites, SPRITE_MAX_FLOORS, type SpriteView } from './map/agent-sprites.js';
import { type LabelSlots, NO_PLACE, placeLabels } from './map/label-placement.js';
import type { LayerView, MapLayer } from './map/layer.js';
import { roomLabelsThatFit } from './map/room-labels.js';
import { ShapeStamps } from './map/shape-stamps.js';
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
/**
 * Beyond this many agents, markers are written straight into the canvas's pixels (`ShapeStamps`)
 * unless the GPU draws them (`AgentSprites`).
 */
const MANY_AGENTS = 5_000;
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
/** A click hits an agent within this many CSS pixels of its centre (or its marker, if larger). */
const HIT_PX = 6;
/** A press that moves less than this many CSS pixels is a click, not a drag. */
const CLICK_SLOP_PX = 4;
/** The zoom a followed agent is shown at, at least: this many CSS pixels a metre. */
const FOLLOW_MIN_SCALE = 12;
/** Named characters' labels: their font, and the height of a label's box (CSS pixels) with its halo. */
const NAME_FONT = '600 12px system-ui, sans-serif';
const NAME_HEIGHT = 15;

/** A click on the map that hit no agent: where, in metres from its floor's top-left corner. */
export interface MapPlace {
  readonly x: number;
  readonly y: number;
  readonly floor: number;
  /** The named room there, if any. */
  readonly room: string | undefined;
}

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
  /** The floors shown: every floor as small multiples, or the one picked (`showFloor`). */
  private shownFloors: number[] = [];
  private focus: number | undefined;
  /** Each floor's origin and whether it is shown, for the sprite layer: three numbers a floor. */
  private readonly spriteOrigins = new Float32Array(SPRITE_MAX_FLOORS * 3);
  private sprites: AgentSprites | undefined;
  private readonly stamps = new ShapeStamps();
  /** The view told to the sprite layer, updated in place each frame. */
  private readonly spriteView: { -readonly [K in keyof SpriteView]: SpriteView[K] } = {
    width: 1,
    height: 1,
    scale: 1,
    offsetX: 0,
    offsetY: 0,
    size: 2,
    origins: this.spriteOrigins,
  };
  private readonly layers: MapLayer[] = [];
  private followed: number | undefined;
  private selected: number | undefined;
  /** The named characters, in the order their labels are placed, and where their labels go. */
  private readonly namedAgents: Int32Array;
  private readonly namedNames: string[];
  private readonly labelSlots: LabelSlots;
  /** Each name's width in `NAME_FONT` (NaN until measured; it never changes). */
  private readonly nameWidths: Float64Array;
  private rooms: ParsedBuilding | undefined;
  private agentListener: ((agent: number) => void) | undefined;
  private placeListener: ((place: MapPlace) => void) | undefined;
  private readonly showListeners: (() => void)[] = [];
  /** The frame shown, decoded. */
  readonly frame: ReplayFrame;
  private worldWidth = 1;
  private worldHeight = 1;
  private scale = 1;
  private offsetX = 0;
  private offsetY = 0;
  private dpr = 1;
  private pending = false;
  private doors: DoorStates | undefined;
  private shown = -1;
  /** Very many agents are drawn as pixels over the plan, read back once per view (`backgroundKey`). */
  private pixels: ImageData | undefined;
  private background: ImageData | undefined;
  private backgroundKey = '';
  private backgroundCtx: CanvasRenderingContext2D | undefined;
  /** What layers are told of the view; its fields are updated before each draw. */
  private readonly layerView: { frame: ReplayFrame; time: number; pixel: number } & LayerView;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly plan: FloorPlan,
    private readonly frames: FrameSource,
    named: ReadonlyMap<number, string>,
  ) {
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
    this.namedAgents = Int32Array.from(named.keys());
    this.namedNames = [...named.values()];
    const n = this.namedAgents.length;
    this.nameWidths = new Float64Array(n).fill(Number.NaN);
    this.labelSlots = {
      x: new Float64Array(n),
      y: new Float64Array(n),
      width: new Float64Array(n),
      left: new Float64Array(n),
      middle: new Float64Array(n),
      place: new Int8Array(n),
    };
    this.frame = newFrame(frames.agents);
    this.useGpu(false);
    const origins = this.origins;
    this.layerView = {
      frame: this.frame,
      time: 0,
      pixel: 1,
      origin: (f) => origins[f],
    };
    this.layOut();
    if (!plan.open) for (let f = 0; f < plan.floors; f++) this.floorImages.push(this.floorImage(f));
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
    this.fit();
    this.listen();
  }

  /** Doors to draw by state over time. */
  setDoors(doors: DoorStates): void {
    this.doors = doors;
    this.request();
  }

  /** Shows frame k (and the doors at its time). */
  show(k: number): void {
    if (k === this.shown) return;
    this.shown = k;
    this.frames.read(k, this.frame);
    this.layerView.time = this.frames.timeOf(k);
    this.doors?.at(this.layerView.time);
    if (this.followed !== undefined) this.keepInView(this.followed);
    for (const listener of this.showListeners) listener();
    this.request();
  }

  /** Called after each new frame is shown (`frame` holds it). */
  onShow(listener: () => void): void {
    this.showListeners.push(listener);
  }

  /**
   * Whether many agents are drawn by the GPU (WebGL 2 point sprites): by default only on a
   * hardware GPU (a software one, as in headless Chromium, is slower than the pixel stamps);
   * `force` uses any WebGL 2 there is. Returns how agents are now drawn.
   */
  useGpu(force: boolean): 'webgl' | 'pixels' | 'paths' {
    const { agents } = this.frames;
    this.sprites =
      agents > MANY_AGENTS && this.plan.floors <= SPRITE_MAX_FLOORS
        ? AgentSprites.create(agents, force)
        : undefined;
    this.request();
    return this.sprites !== undefined ? 'webgl' : agents > MANY_AGENTS ? 'pixels' : 'paths';
  }

  /** The index of the frame shown (−1 before the first `show`). */
  get shownFrame(): number {
    return this.shown;
  }

  /** The number of floors, and their names. */
  get floorNames(): readonly string[] {
    return this.plan.floorNames;
  }

  /** The floor shown on its own, or undefined when every floor is shown as small multiples. */
  get shownFloor(): number | undefined {
    return this.focus;
  }

  /** Shows one floor on its own, large (or every floor again, for undefined), and fits it. */
  showFloor(floor: number | undefined): void {
    if (this.followed !== undefined) this.follow(undefined);
    this.setFocus(floor === undefined || floor < 0 || floor >= this.plan.floors ? undefined : floor);
    this.fit();
  }

  /** Lays out the floor shown on its own (or all), telling listeners of `floorchange` on the canvas. */
  private setFocus(focus: number | undefined): void {
    if (focus === this.focus) return;
    this.focus = focus;
    this.layOut();
    this.canvas.dispatchEvent(new CustomEvent('floorchange', { detail: focus }));
  }

  /** Shows the agent's floor on its own, with the agent in the middle of the view. */
  private keepInView(agent: number): void {
    if (this.shown < 0) return;
    const f = this.frame.floor[agent]!;
    if (f >= this.plan.floors) return;
    if (this.plan.floors > 1) this.setFocus(f);
    const origin = this.origins[f]!;
    this.offsetX = (this.canvas.clientWidth || 1) / 2 - (origin.x + this.frame.x[agent]!) * this.scale;
    this.offsetY = (this.canvas.clientHeight || 1) / 2 - (origin.y + this.frame.y[agent]!) * this.scale;
  }

  /** Adds a layer drawn over the agents (overlays, the followed agent's trail). */
  addLayer(layer: MapLayer): void {
    this.layers.push(layer);
    this.request();
  }

  /** Redraws soon (a layer changed). */
  redraw(): void {
    this.request();
  }

  /** The building's rooms, so that a click can say which room it hit. */
  setRooms(building: ParsedBuilding | undefined): void {
    this.rooms = building;
  }

  /** Called with the agent's index when a click hits an agent. */
  onAgentClick(listener: (agent: number) => void): void {
    this.agentListener = listener;
  }

  /**
   * Called when a click hits no agent, with the place (floor, metres, room): the hook for dropping
   * agents on the map in a live run.
   */
  onPlaceClick(listener: (place: MapPlace) => void): void {
    this.placeListener = listener;
  }

  /**
   * Follows an agent (undefined: none): its floor is shown on its own, and the view keeps it in
   * the middle as frames are shown, changing floor when it does.
   */
  follow(agent: number | undefined): void {
    if (agent === this.followed) return;
    this.followed = agent;
    this.canvas.dispatchEvent(new CustomEvent('followchange', { detail: agent }));
    if (agent === undefined) return;
    if (this.scale < FOLLOW_MIN_SCALE) this.scale = FOLLOW_MIN_SCALE;
    this.keepInView(agent);
    this.request();
  }

  /** The agent followed, if any. */
  get following(): number | undefined {
    return this.followed;
  }

  /** Marks the agent inspected (undefined: none): its label, if it has one, is always drawn. */
  select(agent: number | undefined): void {
    if (agent === this.selected) return;
    this.selected = agent;
    this.request();
  }

  /**
   * The named characters' labels as last drawn, for tests: each one's name, and its box in CSS
   * pixels of the canvas, or undefined where it was left out (it would overlap another).
   */
  drawnLabels(): {
    name: string;
    box: { left: number; top: number; right: number; bottom: number } | undefined;
  }[] {
    const { left, middle, width, place } = this.labelSlots;
    return this.namedNames.map((name, k) => ({
      name,
      box:
        place[k] === NO_PLACE
          ? undefined
          : {
              left: left[k]!,
              top: middle[k]! - NAME_HEIGHT / 2,
              right: left[k]! + width[k]!,
              bottom: middle[k]! + NAME_HEIGHT / 2,
            },
    }));
  }

  /** The agent under a point of the canvas (CSS pixels), or undefined. */
  agentAt(cssX: number, cssY: number): number | undefined {
    if (this.shown < 0) return undefined;
    const { frame } = this;
    const wx = (cssX - this.offsetX) / this.scale;
    const wy = (cssY - this.offsetY) / this.scale;
    const reach = Math.max(this.markerRadius(), HIT_PX / this.scale);
    let best: number | undefined;
    let bestD = reach * reach;
    for (let i = 0; i < this.frames.agents; i++) {
      const origin = this.origins[frame.floor[i]!];
      if (origin === undefined) continue;
      const dx = origin.x + frame.x[i]! - wx;
      const dy = origin.y + frame.y[i]! - wy;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** The place under a point of the canvas (CSS pixels), or undefined off every floor shown. */
  placeAt(cssX: number, cssY: number): MapPlace | undefined {
    const wx = (cssX - this.offsetX) / this.scale;
    const wy = (cssY - this.offsetY) / this.scale;
    const { cellSize, width, height } = this.plan;
    for (const f of this.shownFloors) {
      const box = this.boxes[f]!;
      const x = wx - this.origins[f]!.x;
      const y = wy - this.origins[f]!.y;
      const col = Math.floor(x / cellSize);
      const row = Math.floor(y / cellSize);
      if (col < box.x || col >= box.x + box.w || row < box.y || row >= box.y + box.h) continue;
      const r = this.rooms?.room[(f * height + row) * width + col] ?? -1;
      return { x, y, floor: f, room: r >= 0 ? this.rooms?.roomNames[r] : undefined };
    }
    return undefined;
  }

  /** The canvas position (CSS pixels) of an agent in the frame shown, or undefined if not drawn. */
  screenOf(agent: number): { x: number; y: number } | undefined {
    const origin = this.origins[this.frame.floor[agent]!];
    if (origin === undefined) return undefined;
    return {
      x: this.screenX(origin.x + this.frame.x[agent]!),
      y: this.screenY(origin.y + this.frame.y[agent]!),
    };
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

  /** Draws now (used by the benchmark and tests; the page draws through `request`). */
  draw(): void {
    this.pending = false;
    this.paint(this.ctx, this.canvas.width, this.canvas.height, this.dpr);
  }

  /**
   * Draws the view as it is into another canvas, `scale` device pixels to a CSS pixel (1 to 4 for
   * a PNG export), sized to match the map's canvas.
   */
  drawTo(target: HTMLCanvasElement, scale: number): void {
    target.width = Math.max(1, Math.round(this.canvas.clientWidth * scale));
    target.height = Math.max(1, Math.round(this.canvas.clientHeight * scale));
    const ctx = target.getContext('2d');
    if (ctx === null) throw new Error('this browser cannot draw on a canvas');
    this.paint(ctx, target.width, target.height, scale);
  }

  private paint(ctx: CanvasRenderingContext2D, width: number, height: number, ratio: number): void {
    const { plan } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    const s = this.scale * ratio;
    const place = () => ctx.setTransform(s, 0, 0, s, this.offsetX * ratio, this.offsetY * ratio);
    place();
    ctx.imageSmoothingEnabled = false;
    const cell = plan.cellSize;
    for (const f of this.shownFloors) {
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
    this.drawDoors(ctx);
    if (this.shown >= 0) {
      this.drawAgents(ctx, width, height, ratio);
      place();
      const view = this.layerView;
      view.pixel = 1 / this.scale;
      for (const layer of this.layers) layer.draw(ctx, view);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.drawText(ctx);
  }

  private drawDoors(ctx: CanvasRenderingContext2D): void {
    const { plan, doors } = this;
    if (doors === undefined) return;
    const cell = plan.cellSize;
    const perFloor = plan.width * plan.height;
    for (let d = 0; d < plan.doorCell.length; d++) {
      const c = plan.doorCell[d]!;
      const f = Math.floor(c / perFloor);
      const origin = this.origins[f];
      if (origin === undefined) continue;
      const rest = c - f * perFloor;
      const x = origin.x + (rest % plan.width) * cell;
      const y = origin.y + Math.floor(rest / plan.width) * cell;
      const state = doors.state[d]!;
      ctx.fillStyle = DOOR_COLOURS[state] ?? DOOR_BROKEN_COLOUR;
      ctx.fillRect(x + cell * 0.1, y + cell * 0.1, cell * 0.8, cell * 0.8);
      if (doors.breached[d]) {
        ctx.beginPath();
        markerPath(ctx, 'cross', x + cell / 2, y + cell / 2, cell * 0.45);
        ctx.strokeStyle = BACKGROUND;
        ctx.lineWidth = cell * 0.18;
        ctx.stroke();
      } else if (doors.barricaded[d]) {
        // Planks across the door: a plus, where a breach is a cross.
        ctx.beginPath();
        markerPath(ctx, 'plus', x + cell / 2, y + cell / 2, cell * 0.4);
        ctx.fillStyle = BACKGROUND;
        ctx.fill();
      }
    }
  }

  /** A marker's half-size in metres at the current zoom. */
  private markerRadius(): number {
    return Math.max(MARKER_METRES * this.plan.cellSize, MIN_MARKER_PX / this.scale);
  }

  private drawAgents(ctx: CanvasRenderingContext2D, width: number, height: number, ratio: number): void {
    const { frame } = this;
    const n = this.frames.agents;
    const r = this.markerRadius();
    const size = 2 * r * this.scale * ratio;
    if (this.sprites !== undefined && size <= this.sprites.maxSize) {
      const view = this.spriteView;
      view.width = width;
      view.height = height;
      view.scale = this.scale * ratio;
      view.offsetX = this.offsetX * ratio;
      view.offsetY = this.offsetY * ratio;
      view.size = Math.max(2, size);
      const drawn = this.sprites.draw(frame, view);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(drawn, 0, 0);
      return;
    }
    if (n > MANY_AGENTS) {
      this.drawAgentPixels(ctx, width, height, ratio, r);
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
        if (frame.state[i] !== s) continue;
        const origin = this.origins[frame.floor[i]!];
        if (origin === undefined) continue;
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
   * Thousands of markers, written straight into the canvas's pixels as stamps of their shapes
   * (plain squares when a few pixels wide), skipping those outside the view. The plan under them
   * is read back once per view (and per door change), then each frame copies it, writes the agents
   * and puts the pixels back in one call: a canvas path of that many shapes rasterises slowly.
   */
  private drawAgentPixels(ctx: CanvasRenderingContext2D, w: number, h: number, dpr: number, r: number): void {
    const { frame } = this;
    const doorsKey = this.plan.doorCell.length > 0 ? this.frames.timeOf(this.shown) : 0;
    const key = `${w}x${h} ${dpr} ${this.scale} ${this.offsetX} ${this.offsetY} ${this.focus} ${doorsKey}`;
    if (this.background === undefined || this.backgroundKey !== key || this.backgroundCtx !== ctx) {
      this.background = ctx.getImageData(0, 0, w, h);
      this.pixels = new ImageData(w, h);
      this.backgroundKey = key;
      this.backgroundCtx = ctx;
    }
    const pixels = this.pixels!;
    pixels.data.set(this.background.data);
    const out = new Uint32Array(pixels.data.buffer);
    const side = Math.max(2, Math.round(2 * r * this.scale * dpr));
    const stamps = this.stamps;
    stamps.resize(side);
    const { masks } = stamps;
    const area = side * side;
    const s = this.scale * dpr;
    const left = this.offsetX * dpr - side / 2;
    const top = this.offsetY * dpr - side / 2;
    for (let i = 0; i < this.frames.agents; i++) {
      const origin = this.origins[frame.floor[i]!];
      if (origin === undefined) continue;
      const x0 = Math.round(left + (origin.x + frame.x[i]!) * s);
      const y0 = Math.round(top + (origin.y + frame.y[i]!) * s);
      if (x0 >= w || y0 >= h || x0 + side <= 0 || y0 + side <= 0) continue;
      const state = Math.min(frame.state[i]!, STATE_PIXELS.length - 1);
      const colour = STATE_PIXELS[state]!;
      const mask = state * area;
      const xa = Math.max(x0, 0);
      const xb = Math.min(w, x0 + side);
      const yb = Math.min(h, y0 + side);
      for (let y = Math.max(y0, 0); y < yb; y++) {
        const row = y * w;
        const maskRow = mask + (y - y0) * side - x0;
        for (let x = xa; x < xb; x++) if (masks[maskRow + x] === 1) out[row + x] = colour;
      }
    }
    ctx.putImageData(pixels, 0, 0);
  }

  /** Floor names, room names and named characters, in screen space so the text stays crisp. */
  private drawText(ctx: CanvasRenderingContext2D): void {
    const { plan, scale } = this;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.fillStyle = TEXT;
    ctx.font = '600 13px system-ui, sans-serif';
    for (const f of this.shownFloors) {
      const box = this.boxes[f]!;
      const x = this.origins[f]!.x + box.x * plan.cellSize;
      const y = this.origins[f]!.y + box.y * plan.cellSize;
      ctx.textAlign = 'left';
      ctx.fillText(plan.floorNames[f] ?? '', this.screenX(x), this.screenY(y - TITLE / 2));
    }
    ctx.textAlign = 'center';
    if (scale * plan.cellSize >= LABEL_MIN_PX) {
      const size = Math.min(14, Math.max(9, scale * 1.6));
      ctx.font = `${size}px system-ui, sans-serif`;
      ctx.fillStyle = '#5a5a5a';
      // Only names that fit their room and overlap no other are written (`room-labels.ts`).
      const shown = plan.labels.filter((label) => this.origins[label.floor] !== undefined);
      const boxes = shown.map((label) => {
        const origin = this.origins[label.floor]!;
        const cellX = (x: number) => this.screenX(origin.x + x * plan.cellSize);
        return {
          x: cellX(label.x),
          y: this.screenY(origin.y + label.y * plan.cellSize),
          width: ctx.measureText(label.name).width,
          height: size,
          roomLeft: cellX(label.left),
          roomRight: cellX(label.right),
        };
      });
      for (const k of roomLabelsThatFit(boxes)) ctx.fillText(shown[k]!.name, boxes[k]!.x, boxes[k]!.y);
    }
    if (this.shown < 0) return;
    this.drawNames(ctx);
  }

  /**
   * The named characters' labels, beside their markers, none over another (`placeLabels`): the
   * agent inspected (or else followed) first, always drawn; a label with no room is left out.
   */
  private drawNames(ctx: CanvasRenderingContext2D): void {
    const { frame, namedAgents, labelSlots: slots, nameWidths } = this;
    const n = namedAgents.length;
    if (n === 0) return;
    ctx.font = NAME_FONT;
    ctx.textAlign = 'left';
    const priority = this.selected ?? this.followed;
    let first = -1;
    for (let k = 0; k < n; k++) {
      const i = namedAgents[k]!;
      if (i === priority) first = k;
      const origin = this.origins[frame.floor[i]!];
      if (origin === undefined) {
        slots.width[k] = Number.NaN;
        continue;
      }
      if (Number.isNaN(nameWidths[k]!)) nameWidths[k] = ctx.measureText(this.namedNames[k]!).width;
      slots.width[k] = nameWidths[k]!;
      slots.x[k] = this.screenX(origin.x + frame.x[i]!);
      slots.y[k] = this.screenY(origin.y + frame.y[i]!);
    }
    placeLabels(slots, n, NAME_HEIGHT, first);
    ctx.strokeStyle = BACKGROUND;
    ctx.lineWidth = 3;
    ctx.fillStyle = TEXT;
    for (let k = 0; k < n; k++) {
      if (slots.place[k] === NO_PLACE) continue;
      ctx.strokeText(this.namedNames[k]!, slots.left[k]!, slots.middle[k]!);
    }
    for (let k = 0; k < n; k++) {
      if (slots.place[k] === NO_PLACE) continue;
      ctx.fillText(this.namedNames[k]!, slots.left[k]!, slots.middle[k]!);
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
    this.shownFloors =
      this.focus === undefined
        ? Array.from({ length: plan.floors }, (_, f) => plan.floors - 1 - f)
        : [this.focus];
    this.origins.length = 0;
    this.spriteOrigins.fill(0);
    const boxes = Array.from({ length: plan.floors }, (_, f) => this.usedBox(f));
    const sizes = boxes.map((b) => ({ w: b.w * plan.cellSize + GAP, h: b.h * plan.cellSize + GAP + TITLE }));
    const aspect = (this.canvas.clientWidth || 4) / (this.canvas.clientHeight || 3);
    const shown = this.shownFloors.map((f) => sizes[f]!);
    const area = shown.reduce((sum, s) => sum + s.w * s.h, 0);
    const rowWidth = Math.max(Math.max(...shown.map((s) => s.w)), Math.sqrt(area * aspect));
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (const f of this.shownFloors) {
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
      if (f < SPRITE_MAX_FLOORS) this.spriteOrigins.set([this.origins[f]!.x, this.origins[f]!.y, 1], f * 3);
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

  /** A click at a point of the canvas (CSS pixels): on an agent, or on a place. */
  private click(x: number, y: number): void {
    const agent = this.agentAt(x, y);
    if (agent !== undefined) {
      this.agentListener?.(agent);
      return;
    }
    const place = this.placeAt(x, y);
    if (place !== undefined) this.placeListener?.(place);
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
    let travel = 0;
    canvas.addEventListener('pointerdown', (event) => {
      drag = { x: event.clientX, y: event.clientY };
      travel = 0;
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (drag === undefined) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      travel += Math.abs(dx) + Math.abs(dy);
      this.pan(dx, dy);
      drag = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener('pointerup', (event) => {
      if (drag === undefined) return;
      drag = undefined;
      if (travel >= CLICK_SLOP_PX) return;
      const box = canvas.getBoundingClientRect();
      this.click(event.clientX - box.left, event.clientY - box.top);
    });
    canvas.addEventListener('pointercancel', () => {
      drag = undefined;
    });
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
