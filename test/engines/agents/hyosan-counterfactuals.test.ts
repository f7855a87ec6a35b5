import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { readScenarioText, scenarioPath } from '../../../src/scenario/files.js';
import { engineFor, load, type ScenarioData, variant } from './helpers.js';

const TEXT = readScenarioText(scenarioPath('hyosan-high'));
/** Paired seeds: each counterfactual runs on the same seeds as the scenario as it is. */
const SEEDS = Array.from({ length: 20 }, (_, k) => k + 1);
/** The sealed gate is never reached by construction; fewer seeds show how soon the open one is. */
const GATE_SEEDS = SEEDS.slice(0, 8);
/**
 * How many standard errors of the paired difference an effect must clear. On 20 seeds the effects
 * stand at about 2 to 3 standard errors (the sealed gate at 8), so a margin of one keeps a change
 * in draw order from flipping them, though not with certainty: more seeds cost more time than the
 * suite has (each run of hyosan-high through its outbreak takes about a second).
 */
const MARGIN = 1;
/** The broadcast plays at 1.5 h; 6000 s is five minutes after it ended. */
const AFTER_BROADCAST = 6000;
const ONE_HOUR = 3600;

/** hyosan-high, edited, on each seed: `measure` read at each time of `marks` (seconds), per seed. */
function ensemble<T>(
  edit: (data: ScenarioData) => void,
  settings: string[],
  marks: number[],
  measure: (engine: AgentsEngine) => T,
  seeds: number[] = SEEDS,
): T[][] {
  const loaded = load(variant(TEXT, edit, parse), [
    ...settings,
    `time.until=${marks[marks.length - 1]}`,
    'world.replay.every=0',
  ]);
  return seeds.map((seed) => {
    const engine = engineFor(loaded, seed);
    return marks.map((t) => {
      engine.advanceTo(t);
      return measure(engine);
    });
  });
}

/** The mean of the paired differences x − y, and its standard error. */
function pairedDifference(x: number[], y: number[]): { mean: number; se: number } {
  const d = x.map((v, k) => v - y[k]!);
  const mean = d.reduce((s, v) => s + v, 0) / d.length;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (d.length - 1);
  return { mean, se: Math.sqrt(variance / d.length) };
}

/** Expects x to exceed y, seed by seed, by more than `MARGIN` standard errors on average. */
function expectAbove(x: number[], y: number[]): void {
  const { mean, se } = pairedDifference(x, y);
  expect(mean, `paired difference ${mean.toFixed(1)} (se ${se.toFixed(1)})`).toBeGreaterThan(MARGIN * se);
}

const same = () => {};
/** Humans, and people lost to the outbreak, now. */
const humans = (engine: AgentsEngine) => engine.sim.registry.counts[0]!;
const lost = (engine: AgentsEngine) => engine.sim.registry.lost;
const column = <T>(runs: T[][], k: number) => runs.map((marks) => marks[k]!);

/** Counterfactuals move the outcome the way common sense expects (20 paired seeds). */
describe('hyosan-high counterfactuals', () => {
  /** The scenario as it is: humans and people lost at one hour, and humans after the broadcast. */
  let asIs: { humans: number; lost: number }[][];
  beforeAll(() => {
    asIs = ensemble(same, [], [ONE_HOUR, AFTER_BROADCAST], (e) => ({ humans: humans(e), lost: lost(e) }));
  });
  const humansAfterBroadcast = () => column(asIs, 1).map((r) => r.humans);

  it('no broadcast gives more survivors', () => {
    const quiet = ensemble(
      (data) => {
        data.world.events = data.world.events.filter(
          (e: { broadcast?: unknown }) => e.broadcast === undefined,
        );
      },
      [],
      [AFTER_BROADCAST],
      humans,
    );
    expectAbove(column(quiet, 0), humansAfterBroadcast());
  });

  it('all students barricading at once gives more survivors', () => {
    const barricaded = ensemble(
      (data) => {
        data.world.events.push({ at: 120, barricade: { groups: ['students'] } });
      },
      [],
      [ONE_HOUR],
      humans,
    );
    expectAbove(
      column(barricaded, 0),
      column(asIs, 0).map((r) => r.humans),
    );
  });

  it('zombies with no hearing spread slower', () => {
    const deaf = ensemble(same, ['world.infection.zombie.hearing=0'], [ONE_HOUR], lost);
    expectAbove(
      column(asIs, 0).map((r) => r.lost),
      column(deaf, 0),
    );
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
    const open = column(ensemble(same, early, [ONE_HOUR], cityReached, GATE_SEEDS), 0);
    const sealed = column(
      ensemble(
        (data) => {
          data.world.events.push({ at: 0, seal: ['front-gate'] });
        },
        early,
        [ONE_HOUR],
        cityReached,
        GATE_SEEDS,
      ),
      0,
    );
    expect(Math.min(...sealed)).toBe(ONE_HOUR);
    expect(open.filter((t) => t < ONE_HOUR).length).toBeGreaterThanOrEqual(GATE_SEEDS.length / 2);
    expectAbove(sealed, open);
  });
});
