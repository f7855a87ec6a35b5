import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { TEST_TIME_LIMIT_MS } from '../../time-limit.js';
import { engineFor, median } from './helpers.js';

/**
 * Plausible to the show, on a small ensemble: the school falls within hours of the first bite, few
 * students are still human a day later, and hybrids occur but stay rare. The intervals are the
 * issue's, widened for a few runs.
 *
 * No assertion may hang on a few lucky seeds, so that a change in the engine's draw order, which
 * reshuffles every run, cannot flip it. Measured once on 34 seeds (the chances of a flip drawn
 * from them, by resampling):
 * - The school fell (nine in ten of those on its grounds lost) in 22 runs, 1.5 to 2.8 h after the
 *   first bite; in the other 12 it never did, as enough people hid or fled. The median of 8 runs,
 *   the runs where it never fell counted as infinite, was over 6 h on 30% of reshuffles; the test
 *   now asks when the school falls, where it falls (and that it does at least once): 10⁻⁴.
 * - The share of students still human at 24 h: median 0.08 (0 in 7 runs, above 0.2 in 3); the
 *   median of 10 runs leaves the interval on 0.7% of reshuffles (8 runs: 1.2%).
 * - Hybrids rose in 11 of 34 runs (0.4 a run, in 673 people): none in 10 runs on 2% of reshuffles
 *   (8 runs: 4%; 12 runs would make it 0.9%).
 * Time: a run of 24 h costs about 8.5 s of CPU; 10 runs take 85 s, 8 take 68 s. The suite runs 8
 * since the lattice's and the queue's tests joined it (its five minutes were full): the chances of
 * a flip on a reshuffle are then 1.2% and 4%, as above.
 */
const SEEDS = Array.from({ length: 8 }, (_, k) => k + 1);
/**
 * How long the hook running every seed may take: a guard against hangs, like the test time limit,
 * widened because the hook runs eight days of simulated school.
 */
const HOOK_LIMIT_MS = 4 * TEST_TIME_LIMIT_MS;

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
  }, HOOK_LIMIT_MS);

  it('falls (nine in ten of those on the grounds lost) within hours of the first bite, where it falls', () => {
    const fell = runs.map((r) => r.fell).filter((t) => Number.isFinite(t));
    expect(fell.length).toBeGreaterThan(0);
    const hours = median(fell) / 3600;
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
