import { describe, expect, it } from 'vitest';
import { builtins, readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { humanised, sliderStep, slidersOf, sliderText } from '../../web/src/live/sliders.js';

/** hyosan-high's sliders, made once (its scenario takes a few hundred milliseconds to read). */
let hyosan: ReturnType<typeof slidersOf> | undefined;
const hyosanSliders = () => {
  hyosan ??= slidersOf(readScenarioText(scenarioPath('hyosan-high')), 'agents', 'second');
  return hyosan;
};

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
    const times = hyosanSliders().filter((s) => s.kind === 'time');
    expect(times.map((s) => s.name)).toContain('world.events.broadcast.at');
    for (const s of times)
      expect(Math.abs(s.value / s.step - Math.round(s.value / s.step))).toBeLessThan(1e-9);
  });

  it("are labelled in words: the scenario's comment, what the world setting naming it means, else the name", () => {
    const byName = (sliders: ReturnType<typeof slidersOf>) =>
      Object.fromEntries(sliders.map((s) => [s.name, [s.label, s.unit]]));
    const hyosan = byName(hyosanSliders());
    expect(hyosan.hybrid![0]).toBe('Chance of becoming a hybrid');
    expect(hyosan.immune_share![0]).toBe('Immune share of hybrids');
    expect(hyosan['world.events.power-fails.at']![0]).toBe('Power fails at');
    expect(hyosan['world.infection.zombie.speed']![0]).toBe('Zombie speed');
    // A comment `WHAT, per …` gives the label, then the units.
    const text = [
      'model:',
      '  compartments: [S, Z, R]',
      '  parameters:',
      '    beta: 0.0095 # bites that turn, per S·Z per day',
      '    alpha: 0.4 # kappa/beta: the knob of the transition',
      'initial: { S: 500, Z: 1 }',
    ].join('\n');
    expect(byName(slidersOf(text, 'ode', 'day'))).toEqual({
      beta: ['Bites that turn', 'per S·Z per day'],
      alpha: ['Alpha', 'kappa/beta: the knob of the transition'],
      S: ['Susceptible (S) at the start', 'individuals'],
      Z: ['Zombies (Z) at the start', 'individuals'],
    });
    expect(['immune_share', 'immuneShare', 'seal-gates', 'deltaS', 'Pi'].map(humanised)).toEqual([
      'Immune share',
      'Immune share',
      'Seal gates',
      'Delta S',
      'Pi',
    ]);
  });
});

describe('every slider’s range', () => {
  it('holds only values its scenario takes, so that a live run’s export reproduces with the CLI', () => {
    // A chance's slider ran to twice its value: courage 0.75 to 1.5, which --set refuses.
    for (const { name, file } of builtins()) {
      const text = readScenarioText(file);
      const engine = parseScenario(text, file).scenario.engine;
      for (const slider of slidersOf(text, engine, 'second')) {
        const setting = `${slider.name}=${slider.max}`;
        expect(() => parseScenario(text, file, [setting]), `${name}: --set ${setting}`).not.toThrow();
      }
    }
  });
});
