/**
 * The fast method's shortcut for exact events where no reaction couples across bonds
 * (`SpatialTau.local`: `fireLocal`, and the heap's top re-rated directly) against its general path
 * (`fireOne` and the dirty list): the same run to the last bit.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import type { SpatialTau } from '../../../src/engines/lattice/spatial-tau.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import { latticeScenario, rectangle, w1Model } from './lattice-scenario.js';

/** W1's model, with a kill that wipes out a cell's zombies now and then (extinctions, arrivals). */
const SZR = w1Model(6);

/** A 12 × 8 map by the fast method: small cells that fire exact events, a city that leaps, a lure and a cordon. */
function map(): CompiledScenario {
  const compiled = latticeScenario(SZR, {
    width: 12,
    height: 8,
    counts: (x, y) => [
      x === 3 && y === 3 ? 20_000 : 15 + ((x * 37 + y * 11) % 200),
      x === 4 && y === 3 ? 5 : 0,
      0,
    ],
    move: { S: 0.3, Z: 0.3 },
    open: (x, y) => !(x === 7 && y > 1 && y < 6),
    edges: 'closed',
    regions: [
      { name: 'west', cells: rectangle(0, 0, 6, 8) },
      { name: 'corner', cells: rectangle(9, 5, 12, 8) },
    ],
    spatialEvents: [
      { kind: 'lure' as const, at: 1, until: 3, region: 1, compartment: 1, strength: 4 },
      { kind: 'cordon' as const, at: 2, region: 0 },
    ],
  });
  return { ...compiled, lattice: { ...compiled.lattice!, method: 'fast' } };
}

function engineOf(local: boolean): { engine: LatticeEngine; tau: SpatialTau } {
  const engine = createEngine(map(), streamFor(3, 0)) as LatticeEngine;
  const tau = engine.kernel as SpatialTau;
  expect(tau.local).toBe(true);
  tau.local = local;
  return { engine, tau };
}

describe('the fast method’s exact events without bonds', () => {
  it('run the same, to the last bit, by the shortcut and by the general path', () => {
    const general = engineOf(false);
    const shortcut = engineOf(true);
    for (const t of [0.5, 1.5, 2.5, 4, 6]) {
      general.engine.advanceTo(t);
      shortcut.engine.advanceTo(t);
      expect(shortcut.tau.events).toBe(general.tau.events);
      expect(shortcut.tau.x).toEqual(general.tau.x);
      expect(shortcut.engine.snapshot()).toEqual(general.engine.snapshot());
    }
    // Enough happened for the comparison to mean something: bites and kills.
    const out = new Float64Array(3);
    general.engine.observe(out);
    expect(out[2]!).toBeGreaterThan(10);
    expect(out[1]!).toBeGreaterThan(10);
  });
});
