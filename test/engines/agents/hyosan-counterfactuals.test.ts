import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { readScenarioText, scenarioPath } from '../../../src/scenario/files.js';
import { engineFor, load, type ScenarioData, variant } from './helpers.js';

const TEXT = readScenarioText(scenarioPath('hyosan-high'));
const SEEDS = [1, 2, 3, 4, 5, 6];

/**
 * hyosan-high, edited, run on each seed to `until` seconds, or until `done` says so (checked every
 * 5 minutes); `measure` reads each run's figure.
 */
function ensemble(
  edit: (data: ScenarioData) => void,
  settings: string[],
  until: number,
  measure: (engine: AgentsEngine) => number,
  done: (engine: AgentsEngine) => boolean = () => false,
): number[] {
  const loaded = load(variant(TEXT, edit, parse), [
    ...settings,
    `time.until=${until}`,
    'world.replay.every=0',
  ]);
  return SEEDS.map((seed) => {
    const engine = engineFor(loaded, seed);
    for (let t = 300; t <= until && !done(engine); t += 300) engine.advanceTo(t);
    return measure(engine);
  });
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const humans = (engine: AgentsEngine) => engine.sim.registry.counts[0]!;
const same = () => {};

/** Counterfactuals move the outcome the way common sense expects (6 seeds each, paired). */
describe('hyosan-high counterfactuals', () => {
  // Three hours in: the broadcast (at 1.5 h) has done its work.
  const survivors = ensemble(same, [], 10_800, humans);

  it('no broadcast gives more survivors', () => {
    const quiet = ensemble(
      (data) => {
        data.world.events = data.world.events.filter(
          (e: { broadcast?: unknown }) => e.broadcast === undefined,
        );
      },
      [],
      10_800,
      humans,
    );
    expect(mean(quiet)).toBeGreaterThan(mean(survivors));
  });

  it('all students barricading at once gives more survivors', () => {
    const barricaded = ensemble(
      (data) => {
        data.world.events.push({ at: 120, barricade: { groups: ['students'] } });
      },
      [],
      10_800,
      humans,
    );
    expect(mean(barricaded)).toBeGreaterThan(1.5 * mean(survivors));
  });

  it('zombies with no hearing spread slower', () => {
    // The time at which a quarter of the people had been lost (runs stop there), a run that never
    // got there counting as four hours.
    const quarterLost = (engine: AgentsEngine) => engine.sim.registry.lost >= 0.25 * engine.sim.a.n;
    const when = (engine: AgentsEngine) => (quarterLost(engine) ? engine.time : 14_400);
    const hearing = ensemble(same, [], 14_400, when, quarterLost);
    const deaf = ensemble(same, ['world.infection.zombie.hearing=0'], 14_400, when, quarterLost);
    expect(mean(deaf)).toBeGreaterThan(mean(hearing));
  });

  it('a sealed front gate keeps the city clean longer', () => {
    // The city is reached by the outbreak when a zombie walks out of the front gate or someone
    // infected turns there, or by itself, from the hospital, at the exit's `reached` time (set to
    // one hour here).
    const cityReached = (engine: AgentsEngine) => {
      const b = engine.sim.b!;
      const gate = b.exitRoom.findIndex((r) => b.roomNames[r] === 'front-gate');
      return Math.min(b.exitReached[gate]!, engine.sim.exitReachedAt[gate]!);
    };
    const early = ['world.exits.front-gate.reached=3600'];
    const open = ensemble(same, early, 3600, cityReached);
    const sealed = ensemble(
      (data) => {
        data.world.events.push({ at: 0, seal: ['front-gate'] });
      },
      early,
      3600,
      cityReached,
    );
    expect(Math.min(...sealed)).toBe(3600);
    expect(mean(sealed)).toBeGreaterThan(mean(open));
    expect(open.filter((t) => t < 3600).length).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });
});
