import { describe, expect, it } from 'vitest';
import { DIRECTIONS, LatticeGrid } from '../../../src/engines/lattice/lattice-grid.js';
import type { CompiledLattice } from '../../../src/scenario/compiled-lattice.js';

/** A lattice of width × height cells, open where `open(x, y)`; only the geometry matters here. */
function lattice(
  width: number,
  height: number,
  edges: 'closed' | 'periodic',
  open = (_x: number, _y: number) => true,
) {
  const cells = width * height;
  return {
    width,
    height,
    cellKm: 1,
    open: Uint8Array.from({ length: cells }, (_, k) => (open(k % width, Math.floor(k / width)) ? 1 : 0)),
    initial: new Float64Array(cells),
    move: new Float64Array(1),
    coupling: new Float64Array(0),
    edges,
    regions: [],
    spatialEvents: [],
    method: 'exact',
    epsilon: 0.03,
  } satisfies CompiledLattice;
}

/** How many cells have all 4 bonds open; fails the test if one of them does not lead where `step` says. */
function checkSteps(grid: LatticeGrid): number {
  const step = grid.step!;
  let full = 0;
  for (let k = 0; k < grid.cells; k++) {
    if (grid.degree[k] !== DIRECTIONS) continue;
    full++;
    for (let d = 0; d < DIRECTIONS; d++) expect(k + step[d]!).toBe(grid.link[k * DIRECTIONS + d]);
  }
  return full;
}

describe('LatticeGrid.step (the hop shortcut of the next-subvolume method)', () => {
  it('leads from every cell with 4 open bonds to its neighbours on a walled map, holes and cordons included', () => {
    // Holes: cells closed to movement; their neighbours lose bonds.
    const grid = new LatticeGrid(lattice(9, 7, 'closed', (x, y) => (x * 7 + y * 3) % 11 !== 0));
    const before = checkSteps(grid);
    expect(before).toBeGreaterThan(10);
    // A cordon round the rectangle [2, 6) × [1, 4).
    const inside = Uint8Array.from({ length: grid.cells }, (_, k) => {
      const x = k % 9;
      const y = Math.floor(k / 9);
      return x >= 2 && x < 6 && y >= 1 && y < 4 ? 1 : 0;
    });
    expect(grid.closeBorder(inside).length).toBeGreaterThan(0);
    const after = checkSteps(grid);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
  });

  it('is absent on a periodic map, where a cell on the edge has 4 open bonds that wrap round', () => {
    const grid = new LatticeGrid(lattice(5, 4, 'periodic'));
    expect(grid.step).toBeUndefined();
    // Cell (0, 0): its north and west neighbours are across the map, not a step away.
    expect(grid.degree[0]).toBe(DIRECTIONS);
    expect(grid.link[0]).toBe(15);
    expect(grid.link[3]).toBe(4);
  });
});
