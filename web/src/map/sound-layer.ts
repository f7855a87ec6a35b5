import type { LoggedEvent } from '../../../src/output/character-story.js';
import { OKABE_ITO } from '../palette.js';
import type { LayerView, MapLayer } from './layer.js';

/** How long a noise's ring shows, in frames of the replay. */
export const SOUND_DECAY_FRAMES = 3;
/** A ring's radius in metres when the noise is made, and how much it grows until it fades. */
const RING_START_M = 0.8;
const RING_GROWTH_M = 6;
/**
 * Every ring is sky blue, a colour no state uses; a sound's kind shows in the ring's width, in CSS
 * pixels: voices thin, the broadcast and alarms, bangs, screams and fights thick.
 */
const RING_COLOUR = OKABE_ITO.skyBlue;
const SOUND_WIDTHS_PX: Readonly<Record<string, number>> = {
  voice: 1.5,
  bang: 3,
  scream: 4,
  fight: 4,
};
const OTHER_SOUND_PX = 3;

/**
 * The sound field as the run logged it: each noise in `events.jsonl` (who made it, when, which
 * sound) drawn as a ring round the agent that made it, wider for louder kinds, growing and fading over
 * `SOUND_DECAY_FRAMES` frames. The log has no position for a noise, so a ring is centred on where
 * its maker is in the frame shown (a few frames later at most). The noises are held in typed arrays
 * sorted by time; each draw finds the recent ones by binary search.
 */
export class SoundLayer implements MapLayer {
  private times = new Float64Array(0);
  private agents = new Int32Array(0);
  /** Each noise's ring width in CSS pixels. */
  private widths = new Float32Array(0);
  enabled = false;

  constructor(
    events: readonly LoggedEvent[],
    /** The time a ring shows, in the run's time unit. */
    private readonly decay: number,
  ) {
    this.setEvents(events);
  }

  /** Reads the noises of an event log (a live run's grows). */
  setEvents(events: readonly LoggedEvent[]): void {
    const noises = events
      .filter((e) => e.kind === 'noise' && typeof e.agent === 'number')
      .sort((a, b) => a.t - b.t);
    this.times = Float64Array.from(noises, (e) => e.t);
    this.agents = Int32Array.from(noises, (e) => e.agent!);
    this.widths = Float32Array.from(noises, (e) => SOUND_WIDTHS_PX[String(e.sound)] ?? OTHER_SOUND_PX);
  }

  /** How many noises the run logged. */
  get noiseCount(): number {
    return this.times.length;
  }

  draw(ctx: CanvasRenderingContext2D, view: LayerView): void {
    if (!this.enabled || this.decay <= 0) return;
    const { times, agents, widths } = this;
    const { frame, time } = view;
    ctx.strokeStyle = RING_COLOUR;
    const end = upperBound(times, time);
    for (let j = upperBound(times, time - this.decay); j < end; j++) {
      const agent = agents[j]!;
      const origin = view.origin(frame.floor[agent]!);
      if (origin === undefined) continue;
      const age = (time - times[j]!) / this.decay;
      ctx.globalAlpha = 1 - age;
      ctx.lineWidth = widths[j]! * view.pixel;
      ctx.beginPath();
      ctx.arc(
        origin.x + frame.x[agent]!,
        origin.y + frame.y[agent]!,
        RING_START_M + age * RING_GROWTH_M,
        0,
        2 * Math.PI,
      );
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }
}

/** The first index whose value is greater than v, in a sorted array. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
