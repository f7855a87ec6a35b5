import { describe, expect, it } from 'vitest';
import { roundTimeSteps } from '../../web/src/time-axis.js';

describe("the charts' time axis", () => {
  it('steps by round lengths of time in any unit: 10 min and 1 h, not 500 s; half a day, not 0.417 days', () => {
    const seconds = roundTimeSteps('second').incrs!;
    expect(seconds).toContain(600);
    expect(seconds).toContain(3600);
    expect(seconds).not.toContain(500);
    const days = roundTimeSteps('day').incrs!;
    expect(days).toContain(0.5);
    expect(days).toContain(1);
    expect(days).toContain(2);
    expect(roundTimeSteps('hour').incrs).toContain(24);
    // Ascending, as uPlot picks the first that leaves room.
    expect([...seconds].sort((a, b) => a - b)).toEqual(seconds);
  });

  it('leaves a unit that is not a length of time to uPlot', () => {
    expect(roundTimeSteps('tick')).toEqual({});
  });
});
