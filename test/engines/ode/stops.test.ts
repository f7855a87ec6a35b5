import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputTimes } from '../../../src/engines/trajectory.js';
import { CULLED, compiledOde, firstDifference, observeAt, odeOf, stateOf } from './helpers.js';

/** Scenarios with timed events (munz-impulsive, notld), a conditional one and a disabled one (CULLED). */
const SCENARIOS = ['munz-basic', 'munz-impulsive', 'notld', CULLED];
const label = (scenario: string) => (scenario === CULLED ? 'culled' : scenario);

/** The output grid of a scenario, as the CLI records it. */
function gridOf(scenario: string): number[] {
  const { until, every } = compiledOde(scenario).time;
  return [...outputTimes(until, every)];
}

/** `grid` with `extra` stops in [0, grid's end] merged in, sorted. */
function withStops(grid: readonly number[], extra: readonly number[]): number[] {
  const until = grid[grid.length - 1]!;
  return [...new Set([...grid, ...extra.map((f) => f * until)])].sort((a, b) => a - b);
}

describe('the ODE engine observes the same bytes however advanceTo is spaced', () => {
  for (const scenario of SCENARIOS) {
    it(`${label(scenario)}: grid stops, finer irregular stops and coarse stops agree bit for bit`, () => {
      const grid = gridOf(scenario);
      const expected = observeAt(odeOf(scenario), grid, grid);
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 200 }), (extra) => {
          const finer = observeAt(odeOf(scenario), withStops(grid, extra), grid);
          expect(firstDifference(finer, expected)).toBe(-1);
        }),
        { numRuns: 15 },
      );
      // Every tenth grid time only: the same values there as on the full grid.
      const coarse = grid.filter((_, i) => i % 10 === 0);
      const onGrid = observeAt(odeOf(scenario), grid, coarse);
      expect(firstDifference(observeAt(odeOf(scenario), coarse, coarse), onGrid)).toBe(-1);
    });
  }

  it('gives the same milestones and firings at the end, whatever the stops', () => {
    const grid = gridOf(CULLED);
    const plain = odeOf(CULLED);
    observeAt(plain, grid, grid);
    const irregular = odeOf(CULLED);
    observeAt(irregular, withStops([0, 10], [0.2, 0.2001, 0.33, 0.5, 0.6, 0.61, 0.9]), []);
    expect(irregular.milestones()).toEqual(plain.milestones());
    expect(irregular.firedEvents()).toEqual(plain.firedEvents());
    expect(plain.firedEvents().map((e) => e.name)).toEqual(['cull', 'airdrop']);
  });

  it('runs on past until the same way in one call as in many', () => {
    const once = odeOf('munz-basic');
    once.advanceTo(13.7);
    const many = odeOf('munz-basic');
    for (const t of [2, 10, 10.5, 12, 13.7]) many.advanceTo(t);
    expect(firstDifference(stateOf(once), stateOf(many))).toBe(-1);
  });
});

describe('the ODE engine moves forwards only', () => {
  it('refuses to go back, with a RangeError, and changes nothing', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(3);
    const before = stateOf(engine);
    expect(() => engine.advanceTo(2.9)).toThrow(RangeError);
    expect(() => engine.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(() => engine.advanceTo(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(engine.time).toBe(3);
    expect(firstDifference(stateOf(engine), before)).toBe(-1);
  });

  it('does nothing when asked for the present time', () => {
    const engine = odeOf('munz-impulsive');
    engine.advanceTo(2.5);
    const before = stateOf(engine);
    engine.advanceTo(2.5);
    expect(firstDifference(stateOf(engine), before)).toBe(-1);
    expect(engine.firedEvents()).toEqual([{ name: 'strike 1 kills 25%', count: 1, times: [2.5] }]);
  });

  it('reports no milestone later than the present time', () => {
    const full = odeOf('munz-basic');
    full.advanceTo(10);
    const overtake = full.milestones().overtakes.find((o) => o.a === 1 && o.b === 0)!;
    const early = odeOf('munz-basic');
    early.advanceTo(overtake.t - 1e-6);
    expect(early.milestones().overtakes.find((o) => o.a === 1 && o.b === 0)).toBeUndefined();
    early.advanceTo(overtake.t);
    expect(early.milestones().overtakes.find((o) => o.a === 1 && o.b === 0)).toEqual(overtake);
  });
});
