import { newFrame, type ReplayFrame, readReplay } from '../../../src/engines/agents/replay.js';
import type { FrameSource } from '../frame-source.js';

/**
 * The map's frames from a live run: only the latest, decoded from the one-frame replay the worker
 * sent. Each new frame gets the next number, so the map sees it as new and draws it; every number
 * reads the latest frame, since a live run keeps no history on the page (seeking asks the worker).
 */
export class LiveFrames implements FrameSource {
  private readonly latest: ReplayFrame;
  private count = 0;
  private t = 0;

  constructor(readonly agents: number) {
    this.latest = newFrame(agents);
  }

  /** Takes a frame from the worker (a `replay.bin` of one frame); returns its number. */
  push(bytes: Uint8Array): number {
    this.t = readReplay(bytes).frame(0, this.latest);
    return this.count++;
  }

  get frameCount(): number {
    return Math.max(1, this.count);
  }

  timeOf(): number {
    return this.t;
  }

  frameAt(): number {
    return Math.max(0, this.count - 1);
  }

  read(_k: number, out: ReplayFrame): void {
    out.x.set(this.latest.x);
    out.y.set(this.latest.y);
    out.floor.set(this.latest.floor);
    out.state.set(this.latest.state);
  }
}
