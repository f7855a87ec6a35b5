import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../../helpers.js';

/**
 * Alemi et al. (2015): with s = S/N, z = Z/N, τ = βt, α = κ/β and c = z0 + (1 − α)s0, the
 * well-mixed model has s(τ) = c·s0 / ((1 − α)s0 + z0·e^{cτ}).
 */
function humansClosedForm(t: number, beta: number, kappa: number, s0: number, z0: number): number {
  const alpha = kappa / beta;
  const c = z0 + (1 - alpha) * s0;
  return (c * s0) / ((1 - alpha) * s0 + z0 * Math.exp(c * beta * t));
}

describe('alemi-szr on the ODE engine', () => {
  it.each([
    { beta: 1, kappa: 0.8, S: 990, Z: 10, until: 40 },
    { beta: 2, kappa: 0.5, S: 900, Z: 100, until: 10 },
  ])('matches the closed form to 1e-6 relative (β=$beta, κ=$kappa)', ({ beta, kappa, S, Z, until }) => {
    const run = runBuiltin('alemi-szr', [
      `beta=${beta}`,
      `kappa=${kappa}`,
      `S=${S}`,
      `Z=${Z}`,
      `time.until=${until}`,
      'solver.rtol=1e-10',
      'solver.atol=1e-12',
    ]);
    const N = S + Z;
    let worst = 0;
    for (let row = 0; row < run.times.length; row++) {
      const expected = humansClosedForm(run.times[row]!, beta, kappa, S / N, Z / N);
      const actual = run.values[row * 3]! / N;
      worst = Math.max(worst, Math.abs(actual - expected) / expected);
    }
    expect(worst).toBeLessThan(1e-6);
    expect(worst).toBeGreaterThan(0);
  });
});
