/**
 * The percolation threshold of `lattice-critical` lies between alpha = kappa/beta = 0.41 and
 * 0.465 (Alemi et al.: 0.43734). A single zombie's outbreak on one person per site, exact method,
 * 250 seeds at each alpha on the 65 × 65 lattice: of the runs that reach radius 16, the share that
 * go on to radius 32. Below the threshold the outbreak spreads without bound once it has got
 * going, and that share tends to 1; at the threshold it is about 2^(−5/48) ≈ 0.93 for each
 * doubling of the radius (the percolation exponent); above it, the outbreak thins as it goes and
 * the share falls further with every doubling.
 */
import { describe, expect, it } from 'vitest';
import { reachCounts } from './percolation-runs.js';

describe('percolation on lattice-critical', () => {
  it('the outbreak spreads without bound at alpha = 0.41 and thins out at 0.465', () => {
    const seeds = 250;
    const [, below16, below32] = reachCounts(0.41, [8, 16, 32], seeds);
    const [above8, above16, above32] = reachCounts(0.465, [8, 16, 32], seeds);
    // Measured with these seeds: 149 of 250 reach 16 at 0.41 and 148 of those go on to 32
    // (0.99); at 0.465, 113 reach 16 and 83 of them 32 (0.73).
    // At 0.41: a true share of 0.99 gives a measured one below 0.95 with chance below 10⁻³.
    expect(below32! / below16!).toBeGreaterThan(0.95);
    // At 0.465: a true share of 0.73 (sd 0.042 over about 113 runs) gives one above 0.85 with
    // chance about 0.002; the critical 0.93 would be 4.8 sd away.
    expect(above32! / above16!).toBeLessThan(0.85);
    // It thinned between 8 and 16 already, and most outbreaks that got going at 0.41 still go on.
    expect(above16! / above8!).toBeLessThan(0.9);
    expect(below32! / seeds).toBeGreaterThan(0.5);
  });
});
