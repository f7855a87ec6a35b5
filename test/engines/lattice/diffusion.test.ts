/**
 * Diffusion sanity: on a uniform map with movement only, the time to cover a distance L scales as
 * L²/D. Walkers hop to each of their 4 neighbours at rate m, so each coordinate spreads with
 * variance 2·m·t (D = m). The arrival time over L is defined here as the time at which a tenth of
 * the walkers released together at the centre stand L or more steps from it along a row or a
 * column (max(|dx|, |dy|) ≥ L). For Brownian motion that time is exactly proportional to L²/D:
 * both coordinates are normal with variance 2Dt, and a tenth lie outside the square when
 * (1 − 2Φ̄(L/σ))² = 0.9, that is σ = L/1.949, t = L²/(7.60 D). Doubling L takes 4 times as long.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { nodeHost } from '../../../src/scenario/raster/node-host.js';

const WALKERS = 2000;
const HOP = 0.5; // per hour, to each neighbour: D = 0.5 cells² per hour

/** Walkers that only walk: a lattice of (4L + 1)² empty cells, `WALKERS` zombies at the centre. */
function walkers(L: number, method: 'exact' | 'fast') {
  const side = 4 * L + 1;
  return compileScenario(
    parseScenario(
      `name: walk
title: walkers on an empty map
model:
  compartments: [S, Z]
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: 1 }
time: { until: 1000, every: 1000, unit: hour }
world:
  lattice:
    uniform: { width: ${side}, height: ${side}, people: 0 }
    start: Z
    seed: { Z: ${WALKERS}, at: { x: ${2 * L}, y: ${2 * L} } }
    move: { Z: ${HOP} }
    method: ${method}
`,
      'walk.yaml',
      [],
      nodeHost,
    ),
    'lattice',
  );
}

/** The time at which a tenth of the walkers are L or more steps out, interpolated on a fine grid. */
function arrival(L: number, method: 'exact' | 'fast', seed: number): number {
  const side = 4 * L + 1;
  const engine = createEngine(walkers(L, method), streamFor(seed, 0)) as LatticeEngine;
  const { x, n } = engine.kernel;
  const expected = (L * L) / (7.6 * HOP);
  const dt = expected / 200;
  let before = 0;
  for (let t = dt; t < 4 * expected; t += dt) {
    engine.advanceTo(t);
    let out = 0;
    for (let y = 0; y < side; y++)
      for (let x0 = 0; x0 < side; x0++)
        if (Math.max(Math.abs(x0 - 2 * L), Math.abs(y - 2 * L)) >= L) out += x[(y * side + x0) * n + 1]!;
    const share = out / WALKERS;
    if (share >= 0.1) return t - (dt * (share - 0.1)) / (share - before);
    before = share;
  }
  throw new Error(`a tenth of the walkers never got ${L} steps out`);
}

describe('diffusion on a uniform map', () => {
  // Both methods: the fast one's hop stages (Δ = 0.05 h here) keep the diffusion coefficient of
  // the exact process (`hop-stage.ts`), so its times must match the continuum's as well.
  it.each(['exact', 'fast'] as const)('doubling the distance takes 4 times as long (%s)', (method) => {
    const near = arrival(8, method, 1);
    const far = arrival(16, method, 2);
    // Measured: 15.2 and 61.8 hours, 4.07 times as long. The continuum's t = L²/(7.60 D), with L
    // less half a cell (a walker L steps out has crossed L − 1/2 in the continuum), within 10%.
    const continuum = (L: number) => ((L - 0.5) * (L - 0.5)) / (7.6 * HOP);
    for (const [L, t] of [
      [8, near],
      [16, far],
    ] as const) {
      expect(t / continuum(L)).toBeGreaterThan(0.9);
      expect(t / continuum(L)).toBeLessThan(1.1);
    }
    expect(far / near).toBeGreaterThan(3.6);
    expect(far / near).toBeLessThan(4.4);
  });
});
