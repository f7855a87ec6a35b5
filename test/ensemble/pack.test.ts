import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/engines/trajectory.js';
import { packTrajectories, unpackTrajectories } from '../../src/ensemble/pack.js';

const COMPARTMENTS = ['S', 'Z', 'R'];
const TIMES = Float64Array.of(0, 0.5, 1, 1.5);

const trajectory: fc.Arbitrary<Trajectory> = fc
  .tuple(
    fc.float64Array({ minLength: 12, maxLength: 12, noNaN: true }),
    fc.nat(1e9),
    fc.option(
      fc.tuple(
        fc.array(fc.oneof(fc.constant(Number.NaN), fc.double({ min: 0, max: 10, noNaN: true })), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.array(fc.record({ a: fc.nat(2), b: fc.nat(2), t: fc.double({ min: 0, max: 10, noNaN: true }) }), {
          maxLength: 4,
        }),
      ),
      { nil: undefined },
    ),
  )
  .map(([values, eventCount, milestones]) => ({
    compartments: COMPARTMENTS,
    times: TIMES,
    values,
    eventCount,
    milestones: milestones && { extinct: Float64Array.from(milestones[0]), overtakes: milestones[1] },
  }));

describe('packTrajectories / unpackTrajectories', () => {
  it('round-trips any chunk of trajectories, milestones included', () => {
    fc.assert(
      fc.property(fc.array(trajectory, { maxLength: 6 }), (runs) => {
        const back = unpackTrajectories(packTrajectories(runs), COMPARTMENTS, TIMES);
        expect(back.length).toBe(runs.length);
        back.forEach((run, r) => {
          expect(run.values).toEqual(runs[r]!.values);
          expect(run.eventCount).toBe(runs[r]!.eventCount);
          expect(run.milestones?.extinct).toEqual(runs[r]!.milestones?.extinct);
          expect(run.milestones?.overtakes).toEqual(runs[r]!.milestones?.overtakes);
        });
      }),
    );
  });
});
