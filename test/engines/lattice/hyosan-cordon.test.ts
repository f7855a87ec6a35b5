/**
 * `korea-hyosan`: the day-2 cordon round Hyosan delays the spread to Seoul. Without the bombing
 * (so that only the cordon differs), one run that takes off (seed 1; 3 in 4 do), exact method:
 * without the cordon, the first zombie reaches the region `seoul` (20 km round Seoul, about 50 km
 * north) on day 9 or 10; with it, the outbreak stays inside Hyosan's region and Seoul is still
 * clean at twice that time. The figure over 10 seeds is in bench/lattice-science/hyosan.ts.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/files.js';

/** korea-hyosan without the bombing, with or without the cordon, run until Seoul is reached or `until`. */
function firstInSeoul(cordon: boolean, until: number) {
  const compiled = compileScenario(
    loadScenario('korea-hyosan', [
      'world.lattice.events.bombing.enabled=false',
      `world.lattice.events.cordon.enabled=${cordon}`,
      `time.until=${until}`,
    ]),
    'lattice',
  );
  const lattice = compiled.lattice!;
  const region = (name: string) => lattice.regions.find((r) => r.name === name)!.cells;
  const engine = createEngine(compiled, streamFor(1, 0)) as LatticeEngine;
  const { arrival, x } = engine.kernel;
  let reached = Number.NaN;
  for (let t = 1; t <= until && Number.isNaN(reached); t++) {
    engine.advanceTo(t);
    for (const k of region('seoul')) if (!(arrival[k]! >= reached)) reached = arrival[k]!;
  }
  let infectedInHyosan = 0;
  for (const k of region('hyosan')) infectedInHyosan += x[k * 4 + 1]! + x[k * 4 + 2]! + x[k * 4 + 3]!;
  return { reached, infectedInHyosan };
}

describe('korea-hyosan: the cordon', () => {
  it('a day-2 cordon round Hyosan delays the first zombie in Seoul', () => {
    const open = firstInSeoul(false, 720);
    // Measured: 235.7 hours.
    expect(open.reached).toBeGreaterThan(48);
    expect(open.reached).toBeLessThan(720);
    const cordoned = firstInSeoul(true, Math.ceil(2 * open.reached));
    expect(cordoned.reached).toBeNaN();
    // Not because the outbreak fizzled: it ran through Hyosan all the same.
    expect(cordoned.infectedInHyosan).toBeGreaterThan(10_000);
  });
});
