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

  it('steps by round numbers of days over years, so that a narrow chart of a long run has labels', () => {
    const days = roundTimeSteps('day').incrs!;
    expect(days).toEqual(expect.arrayContaining([100, 200, 500, 1000, 2000]));
    expect(days).not.toContain(365);
    // 2000 days across a 200 px cell chart, a label at least every 90 px: a step of 900 days or more.
    expect(days.find((step) => step >= (2000 * 90) / 200)).toBe(1000);
    // 300 days across it: 135 days or more.
    expect(days.find((step) => step >= (300 * 90) / 200)).toBe(200);
  });

  it('leaves a unit that is not a length of time to uPlot', () => {
    expect(roundTimeSteps('tick')).toEqual({});
  });
});
