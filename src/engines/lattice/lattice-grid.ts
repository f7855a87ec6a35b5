import type { CompiledLattice } from '../../scenario/compiled-lattice.js';

/** Directions of a cell's 4 bonds, in the order of every per-bond table: north, east, south, west. */
export const DIRECTIONS = 4;
const DX = [0, 1, 0, -1] as const;
const DY = [-1, 0, 1, 0] as const;

/**
 * The geometry of a lattice and which of its bonds are open: for each cell (row-major, y = 0 the
 * north row) the neighbour across each of its 4 bonds that movement and contact cross, and the
 * direction weights of compartments whose movement a lure biases. Tables are per cell and
 * direction, `k · 4 + d`, allocated once. One table says both where a bond leads and whether it
 * is open, so that a hop reads one cache line of it.
 */
export class LatticeGrid {
  readonly width: number;
  readonly height: number;
  readonly cells: number;
  /**
   * The neighbour across each bond where the bond is open (both cells exist, `lattice.open`, and
   * no cordon separates them); −1 where it is closed or leads off a closed edge. Changed only by
   * {@link closeBorder}.
   */
  readonly link: Int32Array;
  /** How many of a cell's bonds are open. */
  readonly degree: Uint8Array;
  /**
   * Per direction, the step in cell index to the neighbour across it: −width, 1, width, −1. On a
   * map whose edges are closed, a cell with all 4 bonds open has its neighbours there, so a hop
   * from it finds its target without reading `link` (one cache line less an event). Undefined
   * on a periodic map, whose edge cells wrap round.
   */
  readonly step: Int32Array | undefined;
  /** Counts changes of `link` and `degree` (by `closeBorder`, or by whoever writes them and says so), for copies kept elsewhere. */
  version = 0;

  constructor(lattice: CompiledLattice) {
    const { width, height, open, edges } = lattice;
    this.width = width;
    this.height = height;
    this.cells = width * height;
    this.link = new Int32Array(this.cells * DIRECTIONS).fill(-1);
    this.degree = new Uint8Array(this.cells);
    this.step = edges === 'periodic' ? undefined : Int32Array.of(-width, 1, width, -1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = y * width + x;
        for (let d = 0; d < DIRECTIONS; d++) {
          let nx = x + DX[d]!;
          let ny = y + DY[d]!;
          if (edges === 'periodic') {
            nx = (nx + width) % width;
            ny = (ny + height) % height;
          } else if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          // A 1-wide periodic map is its own neighbour: a hop there goes nowhere, so it is no bond.
          if (j === k) continue;
          if (open[k] === 1 && open[j] === 1) {
            this.link[k * DIRECTIONS + d] = j;
            this.degree[k]!++;
          }
        }
      }
    }
  }

  /**
   * Closes every bond between a cell of `inside` (a 0/1 mask over cells) and one outside it: a
   * cordon. Returns the cells whose bonds changed.
   */
  closeBorder(inside: Uint8Array): number[] {
    const changed: number[] = [];
    for (let k = 0; k < this.cells; k++) {
      let touched = false;
      for (let d = 0; d < DIRECTIONS; d++) {
        const b = k * DIRECTIONS + d;
        const j = this.link[b]!;
        if (j >= 0 && inside[k] !== inside[j]) {
          this.link[b] = -1;
          this.degree[k]!--;
          touched = true;
        }
      }
      if (touched) changed.push(k);
    }
    this.version++;
    return changed;
  }

  /**
   * Direction weights that bias movement towards the point (cx, cy) (cell coordinates): over the
   * open bonds of each cell, a hop that brings the mover nearer the point weighs `strength`, one
   * that takes it further weighs 1, one that keeps its distance √strength; the weights are then
   * scaled so that they sum to the cell's degree, so a lure steers movement without speeding it
   * up: the hop propensity stays count · rate · degree. Writes `weights` (per bond).
   */
  lureWeights(cx: number, cy: number, strength: number, weights: Float64Array): void {
    const { width } = this;
    for (let k = 0; k < this.cells; k++) {
      const x = k % width;
      const y = (k - x) / width;
      const here = Math.hypot(x - cx, y - cy);
      let total = 0;
      for (let d = 0; d < DIRECTIONS; d++) {
        const b = k * DIRECTIONS + d;
        const j = this.link[b]!;
        if (j < 0) {
          weights[b] = 0;
          continue;
        }
        const jx = j % width;
        const there = Math.hypot(jx - cx, (j - jx) / width - cy);
        const w = there < here ? strength : there > here ? 1 : Math.sqrt(strength);
        weights[b] = w;
        total += w;
      }
      const scale = total > 0 ? this.degree[k]! / total : 0;
      for (let d = 0; d < DIRECTIONS; d++) weights[k * DIRECTIONS + d]! *= scale;
    }
  }

  /** The cell at `x,y` (as a place is written), or −1 if the text is not a cell of this map. */
  cellAt(place: string): number {
    const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(place);
    if (match === null) return -1;
    const x = Number(match[1]);
    const y = Number(match[2]);
    return x < this.width && y < this.height ? y * this.width + x : -1;
  }
}

/** The mean position (x, y) of a set of cells of a map `width` wide: a region's centre, for lures. */
export function centreOf(cells: Uint32Array, width: number): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  for (const k of cells) {
    const x = k % width;
    sx += x;
    sy += (k - x) / width;
  }
  return { x: sx / Math.max(1, cells.length), y: sy / Math.max(1, cells.length) };
}
