import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import type { CompiledLattice } from '../../../src/scenario/compiled-lattice.js';
import type { LatticeCell, LatticeFrame, LatticeLayout } from './protocol.js';

/** A watched cell, with its series and its regions' on the output rows. */
interface Watched {
  readonly x: number;
  readonly y: number;
  readonly cell: number;
  readonly series: Float64Array;
  /** The named regions that hold the cell: their index and series. */
  readonly regions: readonly { readonly region: number; readonly series: Float64Array }[];
}

/**
 * The lattice side of a live run, in the worker: the map's layout for the page, one compartment's
 * density and the arrival times for each frame, and a watched cell (the one clicked), whose counts
 * and whose regions' counts it records on every output row. Every cell's counts are kept on every
 * row when they fit in `LiveLattice.historyBytes` (korea-hyosan's 9,052 cells × 4 states × 169
 * rows: 24 MB), so a new cell's history is read from them at once; a larger map (a country at
 * 3 km) keeps none, and a new cell's history is filled in by replaying the run from its first
 * snapshot (`LiveRun.watch`), exactly, as a seek back does.
 */
export class LiveLattice {
  /** The most bytes the counts of every cell on every row may take (as 32-bit floats, exact below 2^24 a cell). */
  static historyBytes = 64 * 1024 * 1024;
  /** The compartment whose density the frames carry: the zombies' by default. */
  compartment: number;
  private watched: Watched | undefined;
  private readonly n: number;
  /** Every cell's counts on every row observed (`[(row · cells + k) · n + c]`), if they fit. */
  private readonly history: Float32Array | undefined;

  constructor(
    private readonly engine: LatticeEngine,
    private readonly lattice: CompiledLattice,
    private readonly rowCount: number,
  ) {
    this.n = engine.compartments.length;
    this.compartment = Math.max(0, engine.kernel.attacker);
    const values = engine.kernel.cells * this.n * rowCount;
    this.history = values * 4 <= LiveLattice.historyBytes ? new Float32Array(values) : undefined;
  }

  /** The map for `LiveReady`. */
  layout(): LatticeLayout {
    const { lattice, n } = this;
    let peak = 0;
    for (let k = 0; k < lattice.width * lattice.height; k++) {
      let people = 0;
      for (let c = 0; c < n; c++) people += lattice.initial[k * n + c]!;
      if (people > peak) peak = people;
    }
    return {
      width: lattice.width,
      height: lattice.height,
      cellKm: lattice.cellKm,
      open: lattice.open.slice(),
      peak,
      regions: lattice.regions.map((r) => ({ name: r.name, cells: r.cells.slice() })),
      attacker: this.engine.kernel.attacker,
    };
  }

  /**
   * Watches cell (x, y): its rows before `rows` are read from the history kept, when there is one
   * (returns true), or else left empty until they are observed again (returns false).
   */
  watch(x: number, y: number, rows: number): boolean {
    const { width, height, regions } = this.lattice;
    if (!(Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < width && y < height))
      throw new Error(`no cell (${x}, ${y}) on a map of ${width} × ${height}`);
    const cell = y * width + x;
    const size = this.rowCount * this.n;
    this.watched = {
      x,
      y,
      cell,
      series: new Float64Array(size).fill(Number.NaN),
      regions: regions.flatMap((r, region) =>
        contains(r.cells, cell) ? [{ region, series: new Float64Array(size).fill(Number.NaN) }] : [],
      ),
    };
    const history = this.history;
    if (history === undefined) return false;
    for (let r = 0; r < rows; r++) this.record(r, history.subarray(r * this.engine.kernel.cells * this.n));
    return true;
  }

  /** Whether a cell is watched. */
  get watching(): boolean {
    return this.watched !== undefined;
  }

  /** Keeps every cell's counts at output row r, and the watched cell's and its regions' (the state now). */
  observe(r: number): void {
    const { x, cells } = this.engine.kernel;
    this.history?.set(x, r * cells * this.n);
    this.record(r, x);
  }

  /** Records the watched cell's counts and its regions' at row r, from the counts `x` of that row. */
  private record(r: number, x: ArrayLike<number>): void {
    const watched = this.watched;
    if (watched === undefined) return;
    const { n } = this;
    for (let c = 0; c < n; c++) watched.series[r * n + c] = x[watched.cell * n + c]!;
    for (const { region, series } of watched.regions) {
      const cells = this.lattice.regions[region]!.cells;
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let i = 0; i < cells.length; i++) sum += x[cells[i]! * n + c]!;
        series[r * n + c] = sum;
      }
    }
  }

  /** The map now, with the watched cell's rows up to `rows` (new buffers, to transfer). */
  frame(rows: number): LatticeFrame {
    const { x, arrival, cells } = this.engine.kernel;
    const { n, compartment } = this;
    const density = new Float32Array(cells);
    for (let k = 0; k < cells; k++) density[k] = x[k * n + compartment]!;
    // `set` converts in one pass; `Float32Array.from` goes through an iterator (ten times slower).
    const arrivalNow = new Float32Array(cells);
    arrivalNow.set(arrival);
    const watched = this.watched;
    let cell: LatticeCell | undefined;
    if (watched !== undefined)
      cell = {
        x: watched.x,
        y: watched.y,
        open: this.lattice.open[watched.cell] === 1,
        arrival: arrival[watched.cell]!,
        series: watched.series.slice(0, rows * n),
        regions: watched.regions.map(({ region, series }) => ({
          name: this.lattice.regions[region]!.name,
          series: series.slice(0, rows * n),
        })),
      };
    return {
      compartment,
      density,
      arrival: arrivalNow,
      ...(cell === undefined ? {} : { cell }),
    };
  }
}

/** Whether a sorted list of cells holds one (binary search). */
function contains(cells: Uint32Array, cell: number): boolean {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = cells[mid]!;
    if (v === cell) return true;
    if (v < cell) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
