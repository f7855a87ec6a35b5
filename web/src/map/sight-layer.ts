import type { AgentRow, LoggedEvent } from '../../../src/output/character-story.js';
import { Cell } from '../../../src/scenario/building-map.js';
import type { FloorPlan } from '../floor-plan.js';
import { OKABE_ITO, STATE_STYLES } from '../palette.js';
import type { LayerView, MapLayer } from './layer.js';

/** How long a "took fright at the sight of" line shows, in frames of the replay. */
export const SIGHT_DECAY_FRAMES = 3;
/** At most this many lines of sight from the agent inspected (the nearest). */
const MAX_LINES = 64;
const LINE_PX = 1.5;
const FRIGHT_PX = 1.5;
const DASH_PX = 4;
const ZOMBIE = STATE_STYLES.findIndex((style) => style.name === 'zombie');
const DEAD = STATE_STYLES.findIndex((style) => style.name === 'dead');

/**
 * Sight lines, from what the run's files hold. The engine does not log what each zombie is
 * looking at, so two things are drawn:
 * - every "alarm by sight" in `events.jsonl` (a person took fright at the sight of someone),
 *   as a thin solid black line from the one who saw to the one seen, fading over `SIGHT_DECAY_FRAMES` frames;
 * - for the agent inspected, dashed lines to those it could see now, derived here: the agents it
 *   hunts or flees (a zombie sees the living, anyone else sees zombies) on its floor, within its
 *   `sight` trait from `agents.csv`, with no wall cell on the straight line between them. Light,
 *   doors and the engine's turn-taking are not taken into account.
 */
export class SightLayer implements MapLayer {
  private times = new Float64Array(0);
  private seers = new Int32Array(0);
  private seen = new Int32Array(0);
  private sight = new Float32Array(0);
  private agent: number | undefined;
  /** Agents within sight of the agent inspected, in the last draw (for tests and the inspector). */
  visibleCount = 0;
  enabled = false;

  constructor(
    events: readonly LoggedEvent[],
    agents: readonly AgentRow[],
    private readonly plan: FloorPlan,
    /** The time a fright line shows, in the run's time unit. */
    private readonly decay: number,
  ) {
    this.setRecords(events, agents);
  }

  /** Reads the fright lines of an event log and the agents' sight (a live run's log grows). */
  setRecords(events: readonly LoggedEvent[], agents: readonly AgentRow[]): void {
    const frights = events.filter(
      (e) =>
        e.kind === 'alarm' && e.by === 'sight' && typeof e.agent === 'number' && typeof e.other === 'number',
    );
    frights.sort((a, b) => a.t - b.t);
    this.times = Float64Array.from(frights, (e) => e.t);
    this.seers = Int32Array.from(frights, (e) => e.agent!);
    this.seen = Int32Array.from(frights, (e) => e.other!);
    this.sight = Float32Array.from(agents, (row) => Number(row.sight ?? Number.NaN));
  }

  /** The agent whose lines of sight are drawn (undefined: none). */
  setAgent(agent: number | undefined): void {
    this.agent = agent;
  }

  draw(ctx: CanvasRenderingContext2D, view: LayerView): void {
    this.visibleCount = 0;
    if (!this.enabled) return;
    this.drawFrights(ctx, view);
    if (this.agent !== undefined) this.drawSightOf(ctx, view, this.agent);
  }

  private drawFrights(ctx: CanvasRenderingContext2D, view: LayerView): void {
    const { frame, time } = view;
    ctx.lineWidth = FRIGHT_PX * view.pixel;
    ctx.strokeStyle = OKABE_ITO.black;
    for (let j = 0; j < this.times.length; j++) {
      const t = this.times[j]!;
      if (t > time) break;
      if (t <= time - this.decay) continue;
      const a = this.seers[j]!;
      const b = this.seen[j]!;
      const origin = view.origin(frame.floor[a]!);
      if (origin === undefined || frame.floor[b] !== frame.floor[a]) continue;
      ctx.globalAlpha = 1 - (time - t) / this.decay;
      ctx.beginPath();
      ctx.moveTo(origin.x + frame.x[a]!, origin.y + frame.y[a]!);
      ctx.lineTo(origin.x + frame.x[b]!, origin.y + frame.y[b]!);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  private drawSightOf(ctx: CanvasRenderingContext2D, view: LayerView, agent: number): void {
    const { frame } = view;
    const floor = frame.floor[agent]!;
    const origin = view.origin(floor);
    const range = this.sight[agent]!;
    if (origin === undefined || !(range > 0) || frame.state[agent] === DEAD) return;
    const hunter = frame.state[agent] === ZOMBIE;
    const ax = frame.x[agent]!;
    const ay = frame.y[agent]!;
    ctx.lineWidth = LINE_PX * view.pixel;
    ctx.strokeStyle = OKABE_ITO.black;
    ctx.setLineDash([DASH_PX * view.pixel, DASH_PX * view.pixel]);
    ctx.beginPath();
    for (let i = 0; i < frame.state.length && this.visibleCount < MAX_LINES; i++) {
      if (i === agent || frame.floor[i] !== floor) continue;
      const state = frame.state[i]!;
      if (state === DEAD || (state === ZOMBIE) === hunter) continue;
      const dx = frame.x[i]! - ax;
      const dy = frame.y[i]! - ay;
      if (dx * dx + dy * dy > range * range || !this.clear(floor, ax, ay, frame.x[i]!, frame.y[i]!)) continue;
      ctx.moveTo(origin.x + ax, origin.y + ay);
      ctx.lineTo(origin.x + frame.x[i]!, origin.y + frame.y[i]!);
      this.visibleCount++;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  /** Whether no wall cell lies on the straight line between two points of a floor (metres). */
  private clear(floor: number, x0: number, y0: number, x1: number, y1: number): boolean {
    const { kind, width, height, cellSize } = this.plan;
    if (kind.length === 0) return true;
    const steps = Math.ceil((2 * Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))) / cellSize) + 1;
    const start = floor * width * height;
    for (let s = 0; s <= steps; s++) {
      const col = Math.floor((x0 + ((x1 - x0) * s) / steps) / cellSize);
      const row = Math.floor((y0 + ((y1 - y0) * s) / steps) / cellSize);
      if (kind[start + row * width + col] === Cell.WALL) return false;
    }
    return true;
  }
}
