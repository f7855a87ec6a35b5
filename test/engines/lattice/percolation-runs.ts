import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/files.js';

/**
 * `lattice-critical` at alpha = kappa/beta on the (2R + 1)² lattice round the seed, exact method,
 * one run per seed: for each radius of `radii` (ascending, the last R), how many runs reached it.
 * A run reaches radius r when a zombie first stands on a site r steps from the seed along a row
 * or a column or farther (the square ring at distance r, max(|dx|, |dy|) = r). A run stops when it
 * reaches R, or when its outbreak stopped: 50 time units (1/beta) without an event, which a live
 * bite or kill (rate at least 1 + alpha) lets pass with chance below e^(−70): zombies may be left,
 * walled in by the dead and their own kind, but nothing can happen any more.
 */
export function reachCounts(alpha: number, radii: readonly number[], seeds: number, firstSeed = 1): number[] {
  const R = radii[radii.length - 1]!;
  const side = 2 * R + 1;
  const compiled = compileScenario(
    loadScenario('lattice-critical', [
      `alpha=${alpha}`,
      `world.lattice.uniform.width=${side}`,
      `world.lattice.uniform.height=${side}`,
      `world.lattice.places.centre.x=${R}`,
      `world.lattice.places.centre.y=${R}`,
      'time.until=1e9',
      'time.every=1e9',
    ]),
    'lattice',
  );
  // Each radius's ring of sites.
  const rings = radii.map((r) => {
    const cells: number[] = [];
    for (let i = -r; i <= r; i++)
      for (const [dx, dy] of [
        [i, -r],
        [i, r],
        [-r, i],
        [r, i],
      ] as const)
        cells.push((R + dy) * side + R + dx);
    return cells;
  });
  const reached = radii.map(() => 0);
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const engine = createEngine(compiled, streamFor(seed, 0)) as LatticeEngine;
    const { arrival } = engine.kernel;
    let ring = 0;
    let events = 0;
    let quiet = 0;
    for (let t = 1; ring < radii.length && quiet < 50; t++) {
      engine.advanceTo(t);
      while (ring < radii.length && rings[ring]!.some((k) => !Number.isNaN(arrival[k]!))) reached[ring++]!++;
      quiet = engine.eventCount === events ? quiet + 1 : 0;
      events = engine.eventCount;
    }
  }
  return reached;
}
