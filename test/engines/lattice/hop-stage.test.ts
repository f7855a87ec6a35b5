/**
 * The fast method's hop stage, draw for draw, against a plain rendering of what `hop-stage.ts`
 * documents: mover by mover and cell by cell, Binomial(x, λ) leave (the table), and the leavers go
 * in halves and halves of halves (popcounts up to 256 trials, the general sampler past them) over
 * four open bonds, or one bond at a time elsewhere. Same random numbers, so the same changes.
 */
import { describe, expect, it } from 'vitest';
import { binomial } from '../../../src/core/distributions.js';
import { type Stream, streamFor } from '../../../src/core/random.js';
import { BinomialTable } from '../../../src/engines/lattice/binomial-table.js';
import { HopStage } from '../../../src/engines/lattice/hop-stage.js';
import { DIRECTIONS, LatticeGrid } from '../../../src/engines/lattice/lattice-grid.js';
import type { CompiledLattice } from '../../../src/scenario/compiled-lattice.js';

const WIDTH = 24;
const HEIGHT = 18;
const CELLS = WIDTH * HEIGHT;
/** Compartments S, Z, R; S and Z move. */
const N = 3;
const MOVERS = Int32Array.of(0, 1);
const MOVE = Float64Array.of(0.025, 0.05, 0);

/** A closed map with a few closed cells (so some cells have fewer than 4 open bonds). */
function grid(): LatticeGrid {
  const lattice = {
    width: WIDTH,
    height: HEIGHT,
    cellKm: 1,
    open: Uint8Array.from({ length: CELLS }, (_, k) => (k % 7 === 3 ? 0 : 1)),
    initial: new Float64Array(CELLS * N),
    move: MOVE,
    coupling: new Float64Array(0),
    edges: 'closed',
    regions: [],
    spatialEvents: [],
    method: 'fast',
    epsilon: 0.03,
  } satisfies CompiledLattice;
  return new LatticeGrid(lattice);
}

/** Counts from empty to past the table's 512 trials, so that some cells see more than 256 leave. */
function counts(): Float64Array {
  const stream = streamFor(7);
  const x = new Float64Array(CELLS * N);
  for (let k = 0; k < CELLS; k++) {
    const kind = stream.nextUint32() % 4;
    x[k * N] =
      kind === 0
        ? 0
        : kind === 1
          ? 40 + (stream.nextUint32() % 300)
          : kind === 2
            ? 500 + (stream.nextUint32() % 30)
            : 600 + (stream.nextUint32() % 5000);
    x[k * N + 1] = stream.nextUint32() % 3 === 0 ? stream.nextUint32() % 700 : 0;
  }
  return x;
}

/** Binomial(count, ½) as the hop stage documents it: popcounts of random bits up to 256 trials. */
function half(stream: Stream, count: number): number {
  if (count > 256) return binomial(stream, count, 0.5);
  let ones = 0;
  for (let left = count; left > 0; left -= 32) {
    let word = stream.nextUint32() >>> (32 - Math.min(left, 32));
    while (word !== 0) {
      ones += word & 1;
      word >>>= 1;
    }
  }
  return ones;
}

/** The stage as documented, cell by cell for each mover in turn: departures, then their spread. */
function referenceStage(
  g: LatticeGrid,
  x: Float64Array,
  dt: number,
  stream: Stream,
): { net: Float64Array; hops: number } {
  const m = MOVERS.length;
  const net = new Float64Array(CELLS * m);
  let hops = 0;
  for (let i = 0; i < m; i++) {
    const c = MOVERS[i]!;
    const tables = Array.from({ length: DIRECTIONS + 1 }, (_, d) => {
      const table = new BinomialTable();
      table.prepare(MOVE[c]! * d * dt);
      return table;
    });
    for (let k = 0; k < CELLS; k++) {
      const count = x[k * N + c]!;
      const d = g.degree[k]!;
      if (count === 0 || d === 0) continue;
      let left = tables[d]!.draw(stream, count);
      if (left === 0) continue;
      hops += left;
      net[k * m + i]! -= left;
      if (d === DIRECTIONS) {
        const up = half(stream, left);
        const upFirst = half(stream, up);
        const downFirst = half(stream, left - up);
        const step = g.step!;
        net[(k + step[0]!) * m + i]! += upFirst;
        net[(k + step[1]!) * m + i]! += up - upFirst;
        net[(k + step[2]!) * m + i]! += downFirst;
        net[(k + step[3]!) * m + i]! += left - up - downFirst;
        continue;
      }
      let rest = d;
      for (let b = k * DIRECTIONS; b < k * DIRECTIONS + DIRECTIONS; b++) {
        const j = g.link[b]!;
        if (j < 0) continue;
        const share = rest === 1 ? left : binomial(stream, left, 1 / rest);
        net[j * m + i]! += share;
        left -= share;
        rest--;
      }
    }
  }
  return { net, hops };
}

describe('HopStage', () => {
  it('draws, on a map with steps and no lure, the same hops as the documented cell-by-cell stage', () => {
    const g = grid();
    const x = counts();
    const stage = new HopStage(g, N, MOVERS, MOVE);
    const stream = streamFor(11);
    const hops = stage.draw(x, 1, [undefined, undefined, undefined], stream);
    const reference = streamFor(11);
    const expected = referenceStage(g, x, 1, reference);
    expect(Array.from(stage.net)).toEqual(Array.from(expected.net));
    expect(hops).toBe(expected.hops);
    expect(stream.nextUint32()).toBe(reference.nextUint32());
    // Nobody is lost, and every kind of cell was met: leavers past 32 and past 256 among them.
    expect(expected.net.reduce((a, b) => a + b, 0)).toBe(0);
    expect(hops).toBeGreaterThan(10_000);
  });
});
