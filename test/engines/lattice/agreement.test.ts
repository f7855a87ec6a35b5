/**
 * The lattice engine's exact method against independent simulations: one cell is the SSA (issue
 * #14: "a one-cell lattice matches the SSA in distribution"), and a 4 × 4 map with movement and
 * contact across bonds matches a direct-method simulation of the whole map written plainly here.
 */
import { describe, expect, it } from 'vitest';
import { exponential } from '../../../src/core/distributions.js';
import { type Stream, streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { parseText } from '../../helpers.js';
import { latticeScenario } from './lattice-scenario.js';

/** The largest gap between the empirical distribution functions of two samples (Kolmogorov–Smirnov). */
function ksDistance(a: readonly number[], b: readonly number[]): number {
  const values = [...new Set([...a, ...b])].sort((p, q) => p - q);
  let worst = 0;
  for (const v of values) {
    const fa = a.filter((x) => x <= v).length / a.length;
    const fb = b.filter((x) => x <= v).length / b.length;
    worst = Math.max(worst, Math.abs(fa - fb));
  }
  return worst;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('one cell', () => {
  // Bites and kills at k·S·Z/N (the product form with N), and a slow law through its closure.
  const YAML = `name: one-cell
title: one cell
model:
  compartments: [S, Z, R]
  parameters: { beta: 1, kappa: 0.6, decay: 0.05 }
  reactions:
    bite: { from: S + Z, to: 2 Z, law: beta * S * Z / N }
    kill: { from: S + Z, to: S + R, law: kappa * S * Z / N }
    rot: { from: Z, to: R, law: decay * Z * exp(-t / 50) }
initial: { S: 30, Z: 2, R: 0 }
time: { until: 60, every: 60, unit: hour }
`;
  const RUNS = 400;

  /** Final S and R of `RUNS` runs of an engine made by `make`. */
  function finals(make: (stream: Stream) => ReturnType<typeof createEngine>, seed: number) {
    const s: number[] = [];
    const r: number[] = [];
    const out = new Float64Array(3);
    for (let run = 0; run < RUNS; run++) {
      const engine = make(streamFor(seed, run));
      // Through the output grid, where the rate that reads t is recomputed, as in the SSA.
      for (let t = 1; t <= 60; t++) engine.advanceTo(t);
      engine.observe(out);
      s.push(out[0]!);
      r.push(out[2]!);
    }
    return { s, r };
  }

  it('has the SSA final-size distribution (two-sample KS distance below the 1% critical value)', () => {
    const ssa = compileScenario(parseText(YAML), 'ssa');
    const lattice = latticeScenario(YAML, { width: 1, height: 1, counts: () => [30, 2, 0] });
    const a = finals((stream) => createEngine(ssa, stream), 11);
    const b = finals((stream) => createEngine(lattice, stream), 12);
    // c(0.01) · √(2/n) for two samples of n: 1.63 · √(2/400) = 0.115.
    const critical = 1.63 * Math.sqrt(2 / RUNS);
    expect(ksDistance(a.s, b.s)).toBeLessThan(critical);
    expect(ksDistance(a.r, b.r)).toBeLessThan(critical);
    // The sample is rich enough to tell a wrong rate: kill at 0.9 instead of 0.6 is far off.
    const wrong = latticeScenario(YAML.replace('kappa: 0.6', 'kappa: 0.9'), {
      width: 1,
      height: 1,
      counts: () => [30, 2, 0],
    });
    const c = finals((stream) => createEngine(wrong, stream), 12);
    expect(ksDistance(a.s, c.s)).toBeGreaterThan(critical);
  });
});

describe('a 4 × 4 map with movement and contact across bonds', () => {
  const WIDTH = 4;
  const HEIGHT = 4;
  /** Cell (3, 1) is sea: nothing enters it, and nothing crosses its bonds. */
  const SEA = 1 * WIDTH + 3;
  const P = { bite: 0.02, kill: 0.012, rot: 0.1, moveS: 0.05, moveZ: 0.1, coupling: 0.3 };
  const YAML = `name: four-by-four
title: 4 by 4
model:
  compartments: [S, Z, R]
  parameters: { b: ${P.bite}, k: ${P.kill}, r: ${P.rot} }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: b }
    kill: { from: S + Z, to: S + R, rate: k }
    rot: { from: Z, to: R, law: r * Z * S / N }
initial: { S: 20, Z: 0, R: 0 }
time: { until: 16, every: 4, unit: hour }
`;
  const TIMES = [4, 8, 16];
  const RUNS = 200;
  const start = (k: number) => (k === SEA ? [0, 0, 0] : [20, k === 0 ? 3 : 0, 0]);

  /**
   * The whole map as one list of reaction channels, by Gillespie's direct method: bites, kills and
   * rotting (at r·Z·S/N, with the cell's own N) in each cell; hops of S and Z across each open
   * bond; and bites (S in k becomes Z there) and kills (Z in j becomes R there) between S in a
   * cell and Z in a neighbour, at 0.3 of the rate.
   * Returns the totals of S, Z and R at `TIMES`.
   */
  function direct(stream: Stream): number[][] {
    const x = new Float64Array(WIDTH * HEIGHT * 3);
    for (let k = 0; k < WIDTH * HEIGHT; k++) x.set(start(k), k * 3);
    const bonds: [number, number][] = [];
    for (let k = 0; k < WIDTH * HEIGHT; k++) {
      const cx = k % WIDTH;
      const cy = Math.floor(k / WIDTH);
      for (const [dx, dy] of [
        [0, -1],
        [1, 0],
        [0, 1],
        [-1, 0],
      ] as const) {
        const nx = cx + dx;
        const ny = cy + dy;
        const j = ny * WIDTH + nx;
        if (nx >= 0 && ny >= 0 && nx < WIDTH && ny < HEIGHT && k !== SEA && j !== SEA) bonds.push([k, j]);
      }
    }
    // Each channel: its rate constant, the counts it multiplies (−1: none), its two changes, and
    // the cell by whose N it divides (−1: none).
    type Channel = [rate: number, first: number, second: number, minus: number, plus: number, per: number];
    const channels: Channel[] = [];
    for (let k = 0; k < WIDTH * HEIGHT; k++) {
      const s = k * 3;
      channels.push(
        [P.bite, s, s + 1, s, s + 1, -1],
        [P.kill, s, s + 1, s + 1, s + 2, -1],
        [P.rot, s + 1, s, s + 1, s + 2, s],
      );
    }
    for (const [k, j] of bonds) {
      const a = k * 3;
      const b = j * 3;
      channels.push(
        [P.moveS, a, -1, a, b, -1],
        [P.moveZ, a + 1, -1, a + 1, b + 1, -1],
        [P.coupling * P.bite, a, b + 1, a, a + 1, -1],
        [P.coupling * P.kill, a, b + 1, b + 1, b + 2, -1],
      );
    }
    const constant = Float64Array.from(channels, (ch) => ch[0]);
    const [first, second, minus, plus, per] = [1, 2, 3, 4, 5].map((f) =>
      Int32Array.from(channels, (ch) => ch[f]!),
    );
    const rates = new Float64Array(channels.length);
    const rows: number[][] = [];
    let t = 0;
    let next = 0;
    for (;;) {
      let total = 0;
      for (let e = 0; e < rates.length; e++) {
        const other = second![e]!;
        const cell = per![e]!;
        const everyone = cell < 0 ? 1 : x[cell]! + x[cell + 1]! + x[cell + 2]!;
        rates[e] =
          everyone > 0 ? (constant[e]! * x[first![e]!]! * (other < 0 ? 1 : x[other]!)) / everyone : 0;
        total += rates[e]!;
      }
      const when = total > 0 ? t + exponential(stream, total) : Number.POSITIVE_INFINITY;
      while (next < TIMES.length && TIMES[next]! < when) {
        const row = [0, 0, 0];
        for (let k = 0; k < WIDTH * HEIGHT; k++) for (let c = 0; c < 3; c++) row[c]! += x[k * 3 + c]!;
        rows.push(row);
        next++;
      }
      if (next === TIMES.length) return rows;
      t = when;
      let u = stream.nextDouble() * total;
      let chosen = 0;
      for (let e = 0; e < rates.length; e++) {
        if (rates[e]! > 0) chosen = e;
        if (u < rates[e]!) break;
        u -= rates[e]!;
      }
      x[minus![chosen]!]!--;
      x[plus![chosen]!]!++;
    }
  }

  /** The direct method's rows, run once for both methods. */
  let plainRuns: number[][][] | undefined;
  const plain = () => {
    plainRuns ??= Array.from({ length: RUNS }, (_, run) => direct(streamFor(22, run)));
    return plainRuns;
  };

  it.each(['exact', 'fast'] as const)(
    'the %s method has the means of a direct-method simulation of the whole map, within 4 standard errors',
    (method) => {
      const base = latticeScenario(YAML, {
        width: WIDTH,
        height: HEIGHT,
        counts: (x, y) => start(y * WIDTH + x),
        open: (x, y) => y * WIDTH + x !== SEA,
        move: { S: P.moveS, Z: P.moveZ },
        coupling: { bite: P.coupling, kill: P.coupling },
      });
      const compiled = { ...base, lattice: { ...base.lattice!, method } };
      const lattice: number[][][] = [];
      const out = new Float64Array(3);
      let onSea = 0;
      for (let run = 0; run < RUNS; run++) {
        const engine = createEngine(compiled, streamFor(21, run)) as LatticeEngine;
        lattice.push(
          TIMES.map((t) => {
            engine.advanceTo(t);
            engine.observe(out);
            return Array.from(out);
          }),
        );
        for (let c = 0; c < 3; c++) onSea += engine.kernel.x[SEA * 3 + c]!;
      }
      let compared = 0;
      TIMES.forEach((t, i) => {
        for (let c = 0; c < 3; c++) {
          const a = lattice.map((rows) => rows[i]![c]!);
          const b = plain().map((rows) => rows[i]![c]!);
          const se = Math.sqrt(variance(a) / RUNS + variance(b) / RUNS);
          expect(Math.abs(mean(a) - mean(b)), `t = ${t}, compartment ${c}`).toBeLessThan(4 * se);
          if (se > 0) compared++;
        }
      });
      // Something happened: zombies spread and were killed at every time compared.
      expect(compared).toBe(9);
      expect(onSea, 'nobody reaches the sea cell').toBe(0);
    },
  );
});

describe('a dense city among villages: the fast method against the exact one', () => {
  // Alemi's shape of model (bites and kills per pair, no /N; the bitten turn), a 2000-person city
  // in the corner of a 6 × 2 map of 30-person villages: in the city propensities run to thousands
  // an hour, in the villages to a few. S and Z move at 0.1 per hour (splitting step Δ = 0.25 h),
  // and bites and kills reach across bonds at 1/11.
  const YAML = `name: city
title: a city among villages
model:
  compartments: [S, E, Z, R]
  parameters: { beta: 0.03, kappa: 0.006, sigma: 1.8 }
  reactions:
    bite: { from: S + Z, to: E + Z, rate: beta }
    kill: { from: S + Z, to: S + R, rate: kappa }
    turn: { from: E, to: Z, rate: sigma }
initial: { S: 0, E: 0, Z: 0, R: 0 }
time: { until: 8, every: 4, unit: hour }
`;
  const WIDTH = 6;
  const FAR = 1 * WIDTH + 5;
  const END = 8;
  const RUNS = 100;

  /** Per run: S, E, Z, R at the end, and when the first zombie reached the far corner (END if never). */
  function runs(method: 'exact' | 'fast', seed: number): number[][] {
    const base = latticeScenario(YAML, {
      width: WIDTH,
      height: 2,
      counts: (x, y) => (x === 0 && y === 0 ? [2000, 0, 10, 0] : [30, 0, 0, 0]),
      move: { S: 0.1, Z: 0.1 },
      coupling: { bite: 1 / 11, kill: 1 / 11 },
    });
    const compiled = { ...base, lattice: { ...base.lattice!, method } };
    const out = new Float64Array(4);
    return Array.from({ length: RUNS }, (_, run) => {
      const engine = createEngine(compiled, streamFor(seed, run)) as LatticeEngine;
      engine.advanceTo(END);
      engine.observe(out);
      const arrival = engine.kernel.arrival[FAR]!;
      return [...out, Number.isNaN(arrival) ? END : arrival];
    });
  }

  it('has the exact method means of the end counts and of the arrival at the far corner, within 4 standard errors', () => {
    const exact = runs('exact', 41);
    const fast = runs('fast', 42);
    // Measured (these seeds): S 59.2 ± 1.3 exact, 61.8 ± 1.4 fast; E 14.0 ± 0.3 and 13.1 ± 0.4;
    // Z 1810 ± 3 and 1809 ± 3; R 457 ± 2 and 457 ± 2; arrival 5.94 ± 0.11 h and 6.25 ± 0.09 h (the
    // splitting's lag, 2.2 standard errors: see `spatial-tau.ts`). 4 standard errors catch a bias
    // of half an hour in the arrival or of 2% in the dead.
    const names = ['S', 'E', 'Z', 'R', 'arrival'];
    names.forEach((name, i) => {
      const a = exact.map((row) => row[i]!);
      const b = fast.map((row) => row[i]!);
      const se = Math.sqrt(variance(a) / RUNS + variance(b) / RUNS);
      expect(Math.abs(mean(a) - mean(b)), name).toBeLessThan(4 * se);
    });
    // The outbreak reached the far corner in most runs, and the city was fought over.
    expect(fast.filter((row) => row[4]! < END).length).toBeGreaterThan(RUNS / 2);
    expect(mean(fast.map((row) => row[3]!))).toBeGreaterThan(100);
  });
});
