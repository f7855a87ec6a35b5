import { Playback } from '../playback.js';

/** What the timeline's transport asks of a live run. */
export interface LiveTransport {
  seek(t: number): void;
  play(): void;
  pause(): void;
}

/**
 * The timeline's clock for a live run: the time shown is the worker's, so the scrubber, the step
 * buttons and play / pause go to the worker (seeking back restores a snapshot there), and the
 * time moves when a frame arrives (`show`), never on the page's own clock.
 */
export class LivePlayback extends Playback {
  constructor(
    until: number,
    step: number,
    private readonly stateChanged: () => void,
    private readonly transport: LiveTransport,
  ) {
    super(until, step, stateChanged);
  }

  /** Asks the worker for time t; the time shown follows when its frame comes. */
  override seek(t: number): void {
    this.transport.seek(Math.min(this.until, Math.max(0, t)));
  }

  /** Shows time t, from a frame of the worker. */
  show(t: number, playing: boolean): void {
    super.seek(t);
    if (playing !== this.playing) {
      this.playing = playing;
      this.stateChanged();
    }
  }

  override play(): void {
    this.playing = true;
    this.stateChanged();
    this.transport.play();
  }

  override pause(): void {
    this.playing = false;
    this.stateChanged();
    this.transport.pause();
  }
}
