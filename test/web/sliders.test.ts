import { describe, expect, it } from 'vitest';
import { readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { sliderStep, slidersOf, sliderText } from '../../web/src/live/sliders.js';

describe('the live sliders', () => {
  it('start on the value given: its step divides it, so a range input does not snap it away', () => {
    const onStep = (kind: 'value' | 'time', value: number, max: number) => {
      const step = sliderStep(kind, value, max, 'second');
      expect(step).toBeLessThanOrEqual(max / 100);
      expect(Math.abs(value / step - Math.round(value / step))).toBeLessThan(1e-9);
      return step;
    };
    // World event times in seconds, over a day: whole minutes, not 864 s.
    expect(onStep('time', 5400, 86_400)).toBe(600);
    expect(onStep('time', 10_200, 86_400)).toBe(600);
    // alpha = 0.3 set on lattice-critical, whose slider runs to twice its 0.43734.
    expect(onStep('value', 0.3, 0.87468)).toBe(0.005);
    onStep('value', 0.43734, 0.87468);
    onStep('value', 6e-7, 1.2e-6);
    expect(sliderStep('count', 500, 1000)).toBe(1);
  });

  it('read as people write numbers: 500 is 500, not 5', () => {
    expect([500, 250, 1000, 0.2973912, 6e-7, 1.5e-7, 0, 12.5].map(sliderText)).toEqual([
      '500',
      '250',
      '1000',
      '0.2974',
      '6e-7',
      '1.5e-7',
      '0',
      '12.5',
    ]);
  });

  it("hyosan-high: each world event's time slider is a time, on the scenario's own value", () => {
    const sliders = slidersOf(readScenarioText(scenarioPath('hyosan-high')), 'agents', 'second');
    const times = sliders.filter((s) => s.kind === 'time');
    expect(times.map((s) => s.name)).toContain('world.events.broadcast.at');
    for (const s of times)
      expect(Math.abs(s.value / s.step - Math.round(s.value / s.step))).toBeLessThan(1e-9);
  });
});
