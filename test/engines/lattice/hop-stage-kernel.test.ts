/**
 * The fast method's compiled hop stage (`hop-stage-kernel.ts`) against its JavaScript loop: the
 * same run to the last bit, on a small map with every kind of cell the stage meets (a few
 * people, more than 512, halves of more than 256, edges and closed cells), through a lure and a
 * cordon.
 */
import { describe, expect, it } from 'vitest';
import { binomial } from '../../../src/core/distributions.js';
import { binomialLogPmf } from '../../../src/core/log-pmf.js';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { HopStageKernel } from '../../../src/engines/lattice/hop-stage-kernel.js';
import type { SpatialTau } from '../../../src/engines/lattice/spatial-tau.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import { latticeScenario, rectangle, w1Model } from './lattice-scenario.js';

/** W1's model (laws of product form with N). */
const SZR = w1Model(6);

/** The same with per-pair rates, so that bites can cross bonds (mass action only). */
const SZR_PAIRS = SZR.replace('law: beta * S * Z / N', 'rate: 0.003').replace(
  'law: kappa * S * Z / N',
  'rate: 0.002',
);

/** People in cell (x, y): mostly 20–300, a town of 900 and a city of 6,000 (halves of its leavers pass 256). */
function people(x: number, y: number): number {
  if (x === 4 && y === 4) return 6000;
  if (x === 9 && y === 2) return 900;
  return 20 + ((x * 37 + y * 11) % 280);
}

/** A 14 × 10 map with closed cells, by the fast method, with or without events, or bites across bonds. */
function map(edges: 'closed' | 'periodic', eventful: boolean, bonds = false): CompiledScenario {
  const compiled = latticeScenario(bonds ? SZR_PAIRS : SZR, {
    width: 14,
    height: 10,
    counts: (x, y) => [people(x, y), x === 5 && y === 4 ? 6 : 0, 0],
    move: { S: 0.4, Z: 0.3 },
    open: (x, y) => !(x === 7 && y > 2 && y < 8) && !(x === 12 && y === 0),
    edges,
    ...(bonds ? { coupling: { bite: 0.2 } } : {}),
    ...(eventful
      ? {
          regions: [
            { name: 'west', cells: rectangle(0, 0, 7, 10) },
            { name: 'corner', cells: rectangle(11, 7, 14, 10) },
          ],
          spatialEvents: [
            { kind: 'lure' as const, at: 1, until: 3, region: 1, compartment: 0, strength: 4 },
            { kind: 'cordon' as const, at: 2, region: 0 },
          ],
        }
      : {}),
  });
  return { ...compiled, lattice: { ...compiled.lattice!, method: 'fast' } };
}

function engineOf(compiled: CompiledScenario, kernel: boolean): { engine: LatticeEngine; tau: SpatialTau } {
  const engine = createEngine(compiled, streamFor(7, 0)) as LatticeEngine;
  const tau = engine.kernel as SpatialTau;
  tau.compiled = kernel;
  return { engine, tau };
}

describe('the fast method’s compiled hop stage', () => {
  it.each([
    ['closed', false, false],
    ['periodic', false, false],
    ['closed', true, false],
    ['closed', false, true],
  ] as const)(
    'runs the same, to the last bit, with and without the kernel (%s edges, events: %s, bites across bonds: %s)',
    (edges, eventful, bonds) => {
      const js = engineOf(map(edges, eventful, bonds), false);
      const wasm = engineOf(map(edges, eventful, bonds), true);
      expect(wasm.tau.hasCompiledKernel).toBe(true);
      const a = new Float64Array(3);
      const b = new Float64Array(3);
      for (const t of [0.5, 1.5, 2.5, 4, 6]) {
        js.engine.advanceTo(t);
        wasm.engine.advanceTo(t);
        expect(wasm.tau.events).toBe(js.tau.events);
        expect(wasm.tau.x).toEqual(js.tau.x);
        expect(wasm.tau.arrival).toEqual(js.tau.arrival);
        js.engine.observe(a);
        wasm.engine.observe(b);
        expect(b).toEqual(a);
      }
      // Enough happened for the comparison to mean something: hops, bites and kills.
      expect(js.tau.events).toBeGreaterThan(20_000);
      expect(a[1]! + a[2]!).toBeGreaterThan(10);
      // And the snapshots, which hold the stream, agree byte for byte.
      expect(wasm.engine.snapshot()).toEqual(js.engine.snapshot());
    },
  );

  it('draws binomial variates, and works out log-pmfs, as core/distributions.ts does, to the last bit', () => {
    const kernel = HopStageKernel.create({
      cells: 1,
      n: 1,
      movers: 1,
      reactants: {
        reactantStart: Int32Array.of(0),
        reactantIndex: new Int32Array(0),
        reactantCount: new Int32Array(0),
      },
      tableEntries: [],
    })!;
    const js = streamFor(3);
    const wasm = streamFor(3);
    // Inversion, BTRS (with its log-pmf step), p above ½, and n or p of 0.
    for (const [n, p] of [
      [0, 0.3],
      [7, 0],
      [5, 1],
      [20, 1 / 3],
      [29, 0.5],
      [40, 0.25],
      [600, 0.1],
      [900, 0.5],
      [6000, 0.05],
      [3e5, 0.5],
      [1e9, 1e-3],
      [70, 0.9],
      [2e4, 0.99],
    ] as const) {
      for (let i = 0; i < 200; i++) expect(kernel.binomial(wasm, n, p)).toBe(binomial(js, n, p));
      for (const k of [0, 1, 2, 15, 16, 36, 81, 501, Math.floor(n * p), n - 1, n])
        if (k >= 0 && k <= n && p > 0 && p < 1) expect(kernel.logPmf(k, n, p)).toBe(binomialLogPmf(k, n, p));
    }
    expect(wasm.nextUint32()).toBe(js.nextUint32());
  });
});
