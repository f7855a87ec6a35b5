import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { ssaOf } from '../stochastic.js';

/**
 * Alemi et al. (2015): with κ/β = α < 1 every event is a bite with probability 1/(1 + α) whatever
 * S is, so Z is a random walk that dies out with probability α^Z₀ (gambler's ruin; S₀ = 1000 is
 * large enough that running out of humans first is negligible). Given die-out, the walk is the
 * one with the step probabilities swapped, which bites Z₀·α/(1 − α) humans on average.
 */

const RUNS = 20_000;
const ALPHA = 0.8;
const S0 = 1000;

function outbreaks(z0: number) {
  // Runs end when Z or S hits 0: then nothing can happen, and the engine jumps to `until`.
  const loaded = loadScenario('alemi-szr', [
    `S=${S0}`,
    `Z=${z0}`,
    'beta=1',
    `kappa=${ALPHA}`,
    'time.until=1e6',
    'time.every=1e6',
  ]);
  const x = new Float64Array(3);
  let extinct = 0;
  let bitten = 0;
  let bittenSquares = 0;
  for (let r = 0; r < RUNS; r++) {
    const engine = ssaOf(loaded, streamFor(17 + z0, r));
    engine.advanceTo(1e6);
    engine.observe(x);
    if (x[1] === 0) {
      extinct++;
      bitten += S0 - x[0]!;
      bittenSquares += (S0 - x[0]!) ** 2;
    } else expect(x[0]).toBe(0);
  }
  const mean = bitten / extinct;
  return { p: extinct / RUNS, mean, se: Math.sqrt((bittenSquares / extinct - mean * mean) / extinct) };
}

describe('Alemi extinction law, 20,000 runs each, within three standard errors', () => {
  it.each([1, 2])(
    'Z₀ = %i: zombies die out with probability α^Z₀, biting Z₀α/(1 − α) humans on average',
    (z0) => {
      const { p, mean, se } = outbreaks(z0);
      const expected = ALPHA ** z0;
      expect(Math.abs(p - expected)).toBeLessThan(3 * Math.sqrt((expected * (1 - expected)) / RUNS));
      expect(Math.abs(mean - (z0 * ALPHA) / (1 - ALPHA))).toBeLessThan(3 * se);
    },
  );
});
