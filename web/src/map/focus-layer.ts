import { newFrame, type ReplayFrame } from '../../../src/engines/agents/replay.js';
import type { FrameSource } from '../frame-source.js';
import { OKABE_ITO } from '../palette.js';
import type { LayerView, MapLayer } from './layer.js';

/** Frames of the trail: the agent's positions in the last this many frames. */
export const TRAIL_FRAMES = 40;
/** The ring around the agent inspected, in CSS pixels. */
const RING_PX = 11;
const RING_WIDTH_PX = 3;
const TRAIL_WIDTH_PX = 2.5;
const TRAIL_COLOUR = OKABE_ITO.reddishPurple;
const RING_COLOUR = OKABE_ITO.black;

/**
 * The agent inspected, ringed, and its trail: where it was in the last `TRAIL_FRAMES` frames, on
 * the floor it was on (the line breaks where it changed floor). The trail is kept in a ring of
 * typed arrays; frames shown in order add one position each, a jump reads the frames it skipped
 * (at most `TRAIL_FRAMES`) from the frame source, so it works the same for a replay or a live run.
 */
export class FocusLayer implements MapLayer {
  private agent: number | undefined;
  private readonly xs = new Float32Array(TRAIL_FRAMES);
  private readonly ys = new Float32Array(TRAIL_FRAMES);
  private readonly floors = new Uint8Array(TRAIL_FRAMES);
  /** Positions held, the next slot, and the frame of the newest. */
  private count = 0;
  private next = 0;
  private last = -1;
  private readonly scratch: ReplayFrame;

  constructor(private readonly frames: FrameSource) {
    this.scratch = newFrame(frames.agents);
  }

  /** The agent ringed and trailed (undefined: none). */
  setAgent(agent: number | undefined): void {
    this.agent = agent;
    this.count = 0;
    this.next = 0;
    this.last = -1;
  }

  /** Positions in the trail now (for tests and the inspector). */
  get trailLength(): number {
    return this.count;
  }

  draw(ctx: CanvasRenderingContext2D, view: LayerView): void {
    const agent = this.agent;
    if (agent === undefined) return;
    this.catchUp(this.frames.frameAt(view.time), agent);
    const { xs, ys, floors } = this;
    ctx.lineWidth = TRAIL_WIDTH_PX * view.pixel;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = TRAIL_COLOUR;
    ctx.beginPath();
    let previous = -1;
    for (let j = 0; j < this.count; j++) {
      const slot = (this.next - this.count + j + TRAIL_FRAMES) % TRAIL_FRAMES;
      const origin = view.origin(floors[slot]!);
      if (origin === undefined) {
        previous = -1;
        continue;
      }
      const x = origin.x + xs[slot]!;
      const y = origin.y + ys[slot]!;
      if (previous === floors[slot]) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      previous = floors[slot]!;
    }
    ctx.stroke();
    const origin = view.origin(view.frame.floor[agent]!);
    if (origin === undefined) return;
    ctx.beginPath();
    ctx.arc(
      origin.x + view.frame.x[agent]!,
      origin.y + view.frame.y[agent]!,
      RING_PX * view.pixel,
      0,
      2 * Math.PI,
    );
    ctx.lineWidth = RING_WIDTH_PX * view.pixel;
    ctx.strokeStyle = RING_COLOUR;
    ctx.stroke();
  }

  /** Brings the trail up to frame k: adds the frames since the last one, or starts again after a jump back. */
  private catchUp(k: number, agent: number): void {
    if (k === this.last) return;
    if (k < this.last) {
      this.count = 0;
      this.next = 0;
      this.last = -1;
    }
    const from = Math.max(this.last + 1, k - TRAIL_FRAMES + 1, 0);
    for (let j = from; j <= k; j++) {
      this.frames.read(j, this.scratch);
      this.push(this.scratch, agent);
    }
    this.last = k;
  }

  private push(frame: ReplayFrame, agent: number): void {
    const slot = this.next;
    this.xs[slot] = frame.x[agent]!;
    this.ys[slot] = frame.y[agent]!;
    this.floors[slot] = frame.floor[agent]!;
    this.next = (slot + 1) % TRAIL_FRAMES;
    this.count = Math.min(TRAIL_FRAMES, this.count + 1);
  }
}
