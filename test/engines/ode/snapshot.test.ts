import { describe, expect, it } from 'vitest';
import { SnapshotMismatch } from '../../../src/core/snapshot-codec.js';
import type { OdeEngine } from '../../../src/engines/ode/engine.js';
import { outputTimes } from '../../../src/engines/trajectory.js';
import { CULLED, compiledOde, firstDifference, observeAt, odeOf } from './helpers.js';

/** Everything an engine tells at the end of a run: observations, milestones, firings and its own snapshot. */
interface Run {
  values: Float64Array;
  milestones: ReturnType<OdeEngine['milestones']>;
  fired: ReturnType<OdeEngine['firedEvents']>;
  snapshot: Uint8Array;
}

function gridOf(scenario: string): number[] {
  const { until, every } = compiledOde(scenario).time;
  return [...outputTimes(until, every)];
}

function finish(engine: OdeEngine, stops: readonly number[], grid: readonly number[]): Run {
  const values = observeAt(engine, stops, grid);
  return {
    values,
    milestones: engine.milestones(),
    fired: engine.firedEvents(),
    snapshot: engine.snapshot(),
  };
}

/**
 * Runs `scenario` over its grid, cut at `cut`: snapshot there, restore into a fresh engine, go on.
 * Returns the observations before and after the cut, joined, and the end of the continued run.
 */
function cutRun(scenario: string, cut: number): Run {
  const grid = gridOf(scenario);
  expect(cut).toBeLessThanOrEqual(grid[grid.length - 1]!);
  const first = odeOf(scenario);
  const before = observeAt(
    first,
    [...grid.filter((t) => t < cut), cut],
    grid.filter((t) => t < cut),
  );
  const bytes = first.snapshot();
  const second = odeOf(scenario);
  second.restore(bytes);
  expect(second.time).toBe(cut);
  const after = finish(
    second,
    [cut, ...grid.filter((t) => t >= cut)],
    grid.filter((t) => t >= cut),
  );
  const values = new Float64Array(before.length + after.values.length);
  values.set(before);
  values.set(after.values, before.length);
  return { ...after, values };
}

function uncut(scenario: string): Run {
  const grid = gridOf(scenario);
  return finish(odeOf(scenario), grid, grid);
}

describe('ODE snapshots', () => {
  // Cut points: the start, grid times, times inside steps, a timed event's time (2.5, 5, 6), the
  // moment just before a conditional event fires (inside the step that found it), and the end.
  const cases: [string, string, number[]][] = [
    ['munz-impulsive', 'munz-impulsive', [0, 0.1, 1.234567, 2.5, 5, 7.4999, 10]],
    ['notld', 'notld', [3.9, 4, 17.3, 28, 32.99]],
    ['culled', CULLED, [0.5, 2.2, 2.2778, 2.9189, 6, 7.77]],
  ];
  for (const [name, scenario, cuts] of cases) {
    it(`${name}: a run restored at ${cuts.join(', ')} continues byte-identically`, () => {
      const expected = uncut(scenario);
      for (const cut of cuts) {
        const got = cutRun(scenario, cut);
        expect(firstDifference(got.values, expected.values), `cut at ${cut}`).toBe(-1);
        expect(got.milestones).toEqual(expected.milestones);
        expect(got.fired).toEqual(expected.fired);
        expect(firstDifference(got.snapshot, expected.snapshot), `final snapshot, cut at ${cut}`).toBe(-1);
      }
    });
  }

  it('restores inside a step, before a conditional event found in it fires', () => {
    // The cull first fires near t = 2.2779; 2.2778 lies inside the step that found it.
    const engine = odeOf(CULLED);
    engine.advanceTo(2.2778);
    expect(engine.firedEvents()).toEqual([]);
    const restored = odeOf(CULLED);
    restored.restore(engine.snapshot());
    restored.advanceTo(2.28);
    expect(restored.firedEvents().map((e) => e.name)).toEqual(['cull']);
  });

  it('refuses a snapshot of another scenario, other overrides or other options, changing nothing', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(1);
    const bytes = engine.snapshot();
    for (const [other, settings] of [
      ['munz-impulsive', []],
      ['munz-basic', ['beta=0.01']],
      ['munz-basic', ['options.ode.wasm=false']],
    ] as const) {
      const target = odeOf(other, [...settings]);
      target.advanceTo(0.5);
      expect(() => target.restore(bytes)).toThrow(SnapshotMismatch);
      expect(target.time).toBe(0.5);
    }
  });

  it('refuses damaged bytes with SnapshotMismatch, and is then as if new', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(3);
    const bytes = engine.snapshot();
    const target = odeOf('munz-basic');
    expect(() => target.restore(bytes.subarray(0, bytes.length - 5))).toThrow(/damaged/);
    expect(() => target.restore(Uint8Array.of(...bytes, 0))).toThrow(/damaged/);
    const flipped = bytes.slice();
    flipped[bytes.length - 100]! ^= 1;
    expect(() => target.restore(flipped)).toThrow(/checksum does not match/);
    expect(target.time).toBe(0);
    const grid = gridOf('munz-basic');
    expect(firstDifference(finish(target, grid, grid).values, uncut('munz-basic').values)).toBe(-1);
  });
});
