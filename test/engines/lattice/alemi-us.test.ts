/**
 * Alemi et al.'s (2015) model on their own US grid (`alemi-us.yaml`): a single bite in lower
 * Manhattan dies out in about 80% of seeds. Their rates make this a branching process: while the
 * cell is full, a zombie's next event is a bite (0.9) or its death (0.72), across bonds too at the
 * same 1/11, so it bites k people before it dies with probability (5/9)^k (4/9), and the chance
 * that the line dies out solves s = (4/9) / (1 − (5/9) s): s = 0.72 / 0.9 = 0.8.
 *
 * Skips, naming the folder, when the grid (../shared/reference/alemi-us-grid) is absent.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { ALEMI_GRID_FOLDER, alemiGridFile, alemiScenario, cropped, LOWER_MANHATTAN } from './alemi-grid.js';

const grid = alemiGridFile();

describe.skipIf(grid === undefined)(`Alemi et al. on their US grid (needs ${ALEMI_GRID_FOLDER})`, () => {
  it('a single bite in lower Manhattan dies out in about 80% of seeds', () => {
    const full = alemiScenario(grid!);
    const lattice = full.lattice!;
    const { x, y } = LOWER_MANHATTAN;
    const k = y * lattice.width + x;
    // The seed is one of the 299,615 people of the most populous cell, bitten: S 299,614, E 1.
    expect(Array.from(lattice.initial.subarray(k * 4, k * 4 + 4))).toEqual([299_614, 1, 0, 0]);
    let largest = 0;
    for (let i = 0; i < lattice.initial.length; i += 4) largest = Math.max(largest, lattice.initial[i]!);
    expect(largest).toBe(299_614);

    // The fate of a bite is settled within a day, a few cells from Manhattan: the runs use the
    // 41 × 41 cells round it (same counts and rates; nothing crosses more than a bond per event, and
    // these runs reach no farther than a few cells). A run stops when E + Z is 0 (extinct) or 40
    // (established: from there it dies out with chance 0.8^40 ≈ 10⁻⁴).
    const window = cropped(full, x, y, 41);
    const seeds = 400;
    let extinct = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const engine = createEngine(window, streamFor(seed, 0)) as LatticeEngine;
      const totals = engine.kernel.totals;
      for (let t = 0.25; ; t += 0.25) {
        engine.advanceTo(t);
        const infected = totals[1]! + totals[2]!;
        if (infected === 0) extinct++;
        if (infected === 0 || infected >= 40) break;
      }
    }
    // Binomial: sd √(0.8 · 0.2 / 400) = 0.02; ±0.07 is 3.5 sd (a false alarm about 1 time in 2000).
    expect(Math.abs(extinct / seeds - 0.8)).toBeLessThanOrEqual(0.07);
  });
});
