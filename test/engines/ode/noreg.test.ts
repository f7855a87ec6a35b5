import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../src/engines/trajectory.js';
import { builtins, loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { parseText, runLoaded } from '../../helpers.js';
import { CULLED } from './helpers.js';

/**
 * A hash of every bit of a trajectory's values, milestones and event firings: two 32-bit FNV-1a
 * lanes over the 64-bit patterns of the numbers, so that a change in the last bit of one value shows.
 */
function bitsOf(run: Trajectory): string {
  const numbers: number[] = [...run.values];
  const milestones = run.milestones!;
  numbers.push(...milestones.extinct);
  for (const { a, b, t } of milestones.overtakes) numbers.push(a, b, t);
  for (const { count, times } of run.firedEvents ?? []) numbers.push(count, ...times);
  const words = new Uint32Array(Float64Array.from(numbers).buffer);
  let low = 0x811c9dc5;
  let high = 0x01000193;
  for (let i = 0; i < words.length; i += 2) {
    low = Math.imul(low ^ words[i]!, 0x01000193);
    high = Math.imul(high ^ words[i + 1]! ^ (low >>> 13), 0x01000193);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/**
 * The exact trajectories of the ODE engine (noreg): every built-in that runs on it, and a model with
 * a conditional event. A change to the integrator, the event handling or the milestone timing that
 * moves a single bit changes a hash; update them only on purpose, saying why in the commit.
 */
const EXPECTED: Record<string, string> = {
  'alemi-szr': 'e07ebe37b24c1bc1',
  culled: '2c8e98167110d2a7',
  'munz-basic': '034991a20370255c',
  'munz-impulsive': '11dc51df85adea89',
  'munz-latent': 'c77cf434c9f020d0',
  'munz-quarantine': '021840f001b97512',
  'munz-treatment': '1a092bdf15065d16',
  notld: '0b340aa23c9eeb8f',
};

describe('the ODE engine keeps its exact trajectories (noreg)', () => {
  const cases = (): [string, LoadedScenario][] => [
    ...builtins()
      .map(({ name }): [string, LoadedScenario] => [name, loadScenario(name)])
      .filter(([, loaded]) => loaded.scenario.engine === 'ode'),
    ['culled', parseText(CULLED)],
  ];

  it('gives the frozen bits for each scenario', () => {
    const got = Object.fromEntries(cases().map(([name, loaded]) => [name, bitsOf(runLoaded(loaded))]));
    expect(got).toEqual(EXPECTED);
  });

  it('gives the same bits through the JavaScript right-hand side', () => {
    const loaded = loadScenario('munz-impulsive', ['options.ode.wasm=false']);
    expect(bitsOf(runLoaded(loaded))).toBe(EXPECTED['munz-impulsive']);
  });
});
