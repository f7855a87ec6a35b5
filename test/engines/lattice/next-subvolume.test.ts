/**
 * The next-subvolume method's compiled kernel for hops (`hop-kernel.ts`) and its inline path for
 * them in JavaScript (`burst`) against its general path (`fire`, `flush`): the same run to the
 * last bit, and every cell's kept rate equal to its rate.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import type { NextSubvolume } from '../../../src/engines/lattice/next-subvolume.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import { latticeScenario, rectangle, w1Model } from './lattice-scenario.js';

/** W1's model (laws of product form with N), on a small map. */
const SZR = w1Model(10);

/** A 12 × 9 map with a few closed cells (so that some cells have fewer than 4 open bonds). */
const map = (edges: 'closed' | 'periodic'): CompiledScenario =>
  latticeScenario(SZR, {
    width: 12,
    height: 9,
    counts: (x, y) => [3 + ((x * 7 + y * 3) % 5), x === 6 && y === 4 ? 3 : 0, 0],
    move: { S: 0.4, Z: 0.3 },
    open: (x, y) => !(x === 3 && y > 1 && y < 6) && !(x === 9 && y === 0),
    edges,
  });

type Path = 'compiled' | 'inline' | 'general';

function kernelOf(compiled: CompiledScenario, path: Path): { engine: LatticeEngine; kernel: NextSubvolume } {
  const engine = createEngine(compiled, streamFor(5, 0)) as LatticeEngine;
  const kernel = engine.kernel as NextSubvolume;
  kernel.inlineHops = path !== 'general';
  kernel.compiled = path === 'compiled';
  return { engine, kernel };
}

describe('next-subvolume', () => {
  it.each(['closed', 'periodic'] as const)(
    'runs the same events, to the last bit, compiled, on its inline path for hops and on its general path (%s edges)',
    (edges) => {
      const general = kernelOf(map(edges), 'general');
      const fast = kernelOf(map(edges), 'compiled');
      const inline = kernelOf(map(edges), 'inline');
      expect(fast.kernel.hasCompiledKernel).toBe(true);
      for (const t of [0.5, 2, 4, 7]) {
        for (const other of [general, fast, inline]) other.engine.advanceTo(t);
        for (const other of [fast, inline]) {
          expect(other.kernel.t).toBe(general.kernel.t);
          expect(other.kernel.events).toBe(general.kernel.events);
          expect(other.kernel.x).toEqual(general.kernel.x);
          expect(other.kernel.rates).toEqual(general.kernel.rates);
          expect(other.kernel.heap.time).toEqual(general.kernel.heap.time);
          expect(other.kernel.heap.cell).toEqual(general.kernel.heap.cell);
          expect(other.kernel.arrival).toEqual(general.kernel.arrival);
        }
      }
      // Enough happened for the comparison to mean something: hops, bites and kills.
      const out = new Float64Array(3);
      fast.engine.observe(out);
      expect(fast.kernel.events).toBeGreaterThan(2000);
      expect(out[1]! + out[2]!).toBeGreaterThan(3);
      expect(out[2]).toBeGreaterThan(0);
    },
  );

  it('runs the same events compiled and on its general path through a cordon, a lure, a bombing and scenario events', () => {
    const eventful = (): CompiledScenario =>
      latticeScenario(
        `${SZR}events:\n  - { name: reinforcements, at: 3, scale: { Z: 2 } }\n  - { name: fury, at: 4, set: { beta: 3 } }\n`,
        {
          width: 12,
          height: 9,
          counts: (x, y) => [6 + ((x * 5 + y) % 4), x === 2 && y === 2 ? 4 : 0, 0],
          move: { S: 0.3, Z: 0.5 },
          regions: [
            { name: 'west', cells: rectangle(0, 0, 6, 9) },
            { name: 'corner', cells: rectangle(10, 7, 12, 9) },
          ],
          spatialEvents: [
            { kind: 'lure', at: 1, until: 5, region: 1, compartment: 1, strength: 4 },
            { kind: 'cordon', at: 2, region: 0 },
            { kind: 'bomb', at: 6, region: 1, to: 2 },
          ],
          edges: 'closed',
        },
      );
    const general = kernelOf(eventful(), 'general');
    const fast = kernelOf(eventful(), 'compiled');
    for (const t of [1.5, 2.5, 4, 6.5, 9]) {
      fast.engine.advanceTo(t);
      general.engine.advanceTo(t);
      expect(fast.kernel.events).toBe(general.kernel.events);
      expect(fast.kernel.x).toEqual(general.kernel.x);
      expect(fast.kernel.heap.time).toEqual(general.kernel.heap.time);
      expect(fast.kernel.arrival).toEqual(general.kernel.arrival);
    }
    expect(fast.kernel.events).toBeGreaterThan(2000);
  });

  it('keeps the hops in JavaScript with options.ssa.compile off, with the same numbers', () => {
    const base = map('closed');
    const off = { ...base, options: { ...base.options, ssa: { ...base.options.ssa, compile: false } } };
    const js = createEngine(off, streamFor(5, 0)) as LatticeEngine;
    const compiled = createEngine(base, streamFor(5, 0)) as LatticeEngine;
    expect((js.kernel as NextSubvolume).compiled).toBe(false);
    expect((compiled.kernel as NextSubvolume).compiled).toBe(true);
    js.advanceTo(3);
    compiled.advanceTo(3);
    expect(js.kernel.x).toEqual(compiled.kernel.x);
  });

  it('keeps for every cell its rate as cellRate computes it, and its time finite exactly when that rate is positive', () => {
    const { engine, kernel } = kernelOf(map('closed'), 'compiled');
    engine.advanceTo(5);
    const t = kernel.t;
    for (let k = 0; k < kernel.cells; k++) {
      const rate = kernel.cellRate(k, t);
      expect(kernel.rates[2 * k]).toBe(rate);
      expect(kernel.heap.timeOf(k) < Number.POSITIVE_INFINITY).toBe(rate > 0);
    }
  });
});
