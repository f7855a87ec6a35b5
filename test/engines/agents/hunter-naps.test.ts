import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { NapList } from '../../../src/engines/agents/hunter-naps.js';

/**
 * The turn loop's nap list against the plain scan it replaces: over many ticks of agents falling
 * asleep for short and long naps (longer than the ring), being woken early, changing state and
 * joining the list, the positions the list lets through and that are neither asleep, of another
 * state nor away are exactly those the plain scan would run, in the same order.
 */
describe('NapList', () => {
  it('lets the turn loop run exactly whom the plain scan runs, in order', () => {
    const stream = streamFor(7, 0);
    const capacity = 300;
    const LISTED = 1;
    const state = new Uint8Array(capacity);
    const away = new Uint8Array(capacity);
    const sleepUntil = new Int32Array(capacity);
    const list = new Int32Array(capacity);
    let count = 0;
    const naps = new NapList(capacity);
    // Agents join the list in a shuffled order (the list is by turning, not by index).
    const joinOrder = Array.from({ length: capacity }, (_, i) => i).sort(() => stream.next() - 0.5);
    const wake = (i: number) => {
      sleepUntil[i] = 0;
      naps.wake(i);
    };
    let ran = 0;
    for (let tick = 0; tick < 3000; tick++) {
      while (count < capacity && stream.next() < 0.1) {
        const i = joinOrder[count]!;
        state[i] = LISTED;
        list[count++] = i;
      }
      // Between turns: early wakes, changes of state (back and forth), a few leave for good.
      for (let m = 0; m < 5 && count > 0; m++) {
        const i = list[Math.floor(stream.next() * count)]!;
        const u = stream.next();
        if (u < 0.5) wake(i);
        else if (u < 0.8) {
          state[i] = state[i] === LISTED ? 0 : LISTED;
          naps.wake(i);
        } else if (u < 0.803) away[i] = 1;
      }
      const expected: number[] = [];
      for (let k = 0; k < count; k++) {
        const i = list[k]!;
        if (state[i] === LISTED && away[i] === 0 && sleepUntil[i]! <= tick) expected.push(i);
      }
      const got: number[] = [];
      naps.begin(list, count, tick);
      for (let k = naps.nextAwake(0, count); k < count; k = naps.nextAwake(k + 1, count)) {
        const i = list[k]!;
        if (state[i] !== LISTED || away[i] !== 0) {
          naps.park(k);
          continue;
        }
        if (sleepUntil[i]! > tick) {
          naps.doze(k, tick, sleepUntil[i]!);
          continue;
        }
        got.push(i);
        // Its turn: now and then a nap, some far longer than the ring of 256 ticks.
        const v = stream.next();
        if (v < 0.3) sleepUntil[i] = tick + 1 + Math.floor(stream.next() * (v < 0.03 ? 1000 : 40));
      }
      expect(got).toEqual(expected);
      ran += got.length;
    }
    // The test did exercise turns (not a loop that skipped everyone).
    expect(ran).toBeGreaterThan(20_000);
  });
});
