import { describe, expect, it } from 'vitest';
import { Playback } from '../../web/src/playback.js';

/** The time after seeking to `from` and stepping by n output steps. */
function stepped(playback: Playback, from: number, n: number): number {
  playback.seek(from);
  playback.stepBy(n);
  return playback.time;
}

describe("the timeline's step buttons and arrow keys", () => {
  it('step from a time between rows to the row before it, or after it, skipping none', () => {
    const minutes = new Playback(1800, 60, () => {});
    // 3 min 20 s: ← is 3 min, → is 4 min; 12 min 16 s: ← is 12 min.
    expect(stepped(minutes, 200, -1)).toBe(180);
    expect(stepped(minutes, 200, 1)).toBe(240);
    expect(stepped(minutes, 736, -1)).toBe(720);
    // 2 min 50 s: → is 3 min, not 4.
    expect(stepped(minutes, 170, 1)).toBe(180);
    expect(stepped(minutes, 200, -10)).toBe(0);
  });

  it('step from a row by whole rows, a row in float noise included', () => {
    const days = new Playback(10, 0.1, () => {});
    expect(stepped(days, 3 * 0.1, 1)).toBeCloseTo(0.4, 12);
    expect(stepped(days, 3 * 0.1, -1)).toBeCloseTo(0.2, 12);
    expect(stepped(days, 0.3, -1)).toBeCloseTo(0.2, 12);
    expect(stepped(days, 10, 1)).toBe(10);
  });
});
