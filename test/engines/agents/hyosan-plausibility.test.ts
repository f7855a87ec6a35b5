import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { engineFor, median } from './helpers.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Plausible to the show, on a small ensemble (8 seeds; the full 100-seed figures are in the notes):
 * the school falls within hours of the first bite, few students are still human a day later, and
 * hybrids occur but stay rare. The intervals are the issue's, widened for 8 runs.
 */
/** A run of hyosan-high over 24 hours: when the school fell, the students still human, the hybrids. */
function run(loaded: LoadedScenario, seed: number) {
  const engine = engineFor(loaded, seed);
  engine.advanceTo(86_400);
  const story = engine.story() as {
    school_fell_after_first_bite: number | null;
    hybrids: { immune: number; immortal: number };
  };
  const a = engine.sim.a;
  let students = 0;
  let human = 0;
  for (let i = 0; i < a.n; i++) {
    if (!engine.roster.members[i]!.student) continue;
    students++;
    if (a.state[i] === 0) human++;
  }
  return {
    fell: story.school_fell_after_first_bite ?? Number.POSITIVE_INFINITY,
    students: human / students,
    hybrids: story.hybrids.immune + story.hybrids.immortal,
  };
}

describe('hyosan-high is plausible to the show', () => {
  let loaded: LoadedScenario;
  let runs: ReturnType<typeof run>[];
  beforeAll(() => {
    loaded = loadScenario('hyosan-high', ['world.replay.every=0']);
    runs = SEEDS.map((seed) => run(loaded, seed));
  });

  it('falls (nine in ten of those on the grounds lost) within hours of the first bite', () => {
    const hours = median(runs.map((r) => r.fell)) / 3600;
    expect(hours).toBeGreaterThan(0.5);
    expect(hours).toBeLessThan(6);
  });

  it('leaves a few students human after 24 hours', () => {
    const share = median(runs.map((r) => r.students));
    expect(share).toBeGreaterThan(0.002);
    expect(share).toBeLessThan(0.2);
  });

  it('has hybrids in some runs, but rarely', () => {
    expect(runs.some((r) => r.hybrids > 0)).toBe(true);
    const mean = runs.reduce((s, r) => s + r.hybrids, 0) / runs.length;
    expect(mean / loaded.scenario.initial.human!).toBeLessThan(0.01);
  });
});
