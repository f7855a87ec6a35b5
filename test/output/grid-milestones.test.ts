import { describe, expect, it } from 'vitest';
import { MilestoneWatch } from '../../src/engines/stochastic/milestone-watch.js';
import { gridMilestones } from '../../src/output/summary.js';

/** A run on the grid 0, 1, 2, … with these rows of (A, B). */
function runOf(rows: number[][]) {
  return {
    compartments: ['A', 'B'],
    times: Float64Array.from(rows, (_, k) => k),
    values: Float64Array.from(rows.flat()),
    eventCount: 0,
    milestones: undefined,
  };
}

describe('gridMilestones (the agents engine’s milestones)', () => {
  it('a compartment dies out at the first grid time it is empty, having been occupied, also if it started empty', () => {
    const { extinct } = gridMilestones(
      runOf([
        [0, 3],
        [2, 1],
        [1, 0],
        [0, 0],
      ]),
    );
    expect(extinct[0]).toBe(3);
    expect(extinct[1]).toBe(2);
  });

  it('a compartment dies out at its last fall to 0: one occupied again at the end has not died out', () => {
    const { extinct } = gridMilestones(
      runOf([
        [2, 1],
        [0, 0],
        [1, 2],
        [0, 1],
      ]),
    );
    expect(extinct[0]).toBe(3);
    expect(Number.isNaN(extinct[1]!)).toBe(true);
  });

  it('a fall the kernel timed is forgotten once the compartment is seen occupied again', () => {
    const watch = new MilestoneWatch(Float64Array.of(1, 0));
    // A kernel timed A's fall to 0 at 0.3; at the output time 1 it is back.
    watch.extinct[0] = 0.3;
    watch.observed(Float64Array.of(2, 0), 1);
    expect(Number.isNaN(watch.milestones().extinct[0]!)).toBe(true);
    watch.extinct[0] = 1.4;
    watch.observed(Float64Array.of(0, 0), 2);
    expect(watch.milestones().extinct[0]).toBe(1.4);
  });

  it('a compartment that was never occupied has not died out', () => {
    const { extinct } = gridMilestones(
      runOf([
        [0, 1],
        [0, 2],
      ]),
    );
    expect(Number.isNaN(extinct[0]!)).toBe(true);
  });

  it('two compartments that start at 0 have not overtaken each other the moment one fills', () => {
    const { overtakes } = gridMilestones(
      runOf([
        [0, 0],
        [1, 0],
        [1, 2],
        [3, 2],
      ]),
    );
    // A is above B at t = 1 without ever having been below it; B rises above A at 2; A again at 3.
    expect(overtakes).toEqual([
      { a: 1, b: 0, t: 2 },
      { a: 0, b: 1, t: 3 },
    ]);
  });

  it('nor when they were empty together at output times before one fills; level and occupied is a race', () => {
    const { overtakes } = gridMilestones(
      runOf([
        [0, 0],
        [0, 0],
        [0, 0],
        [1, 0],
        [1, 1],
        [2, 1],
      ]),
    );
    // A fills at t = 3 over an empty B: no race yet. Level at 1 each (t = 4), A pulls ahead at 5.
    expect(overtakes).toEqual([{ a: 0, b: 1, t: 5 }]);
    // Below B, then both empty: level at 0 is not above.
    expect(
      gridMilestones(
        runOf([
          [0, 0],
          [0, 2],
          [0, 0],
          [0, 0],
        ]),
      ).overtakes,
    ).toEqual([]);
  });
});
