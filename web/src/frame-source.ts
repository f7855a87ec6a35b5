import { newFrame, type Replay, type ReplayFrame } from '../../src/engines/agents/replay.js';

/**
 * Where the map's agents come from: frames of positions and states, each at a time. A finished
 * run's `replay.bin` is one source; a live run in a worker will be another, so the map and the
 * timeline never ask which they have.
 */
export interface FrameSource {
  readonly agents: number;
  readonly frameCount: number;
  /** The time of frame k. */
  timeOf(k: number): number;
  /** The last frame at or before time t (0 before the first). */
  frameAt(t: number): number;
  /** Decodes frame k into `out` (allocated once with `newFrame`). */
  read(k: number, out: ReplayFrame): void;
}

/** Frames from a replay file. Frame k is at k·every, but for the last, which may be closer. */
export function replayFrames(replay: Replay): FrameSource {
  const scratch = newFrame(replay.agents);
  const count = replay.frames;
  const first = count > 0 ? replay.frame(0, scratch) : 0;
  const last = count > 0 ? replay.frame(count - 1, scratch) : 0;
  const timeOf = (k: number) => (k >= count - 1 ? last : first + k * replay.every);
  return {
    agents: replay.agents,
    frameCount: count,
    timeOf,
    frameAt(t) {
      if (count === 0 || t < first) return 0;
      if (t >= last) return count - 1;
      return Math.min(count - 1, Math.floor((t - first) / replay.every + 1e-9));
    },
    read(k, out) {
      replay.frame(k, out);
    },
  };
}

/** The times of a source's frames, in order. */
export function frameTimes(source: FrameSource): Float64Array {
  return Float64Array.from({ length: source.frameCount }, (_, k) => source.timeOf(k));
}
