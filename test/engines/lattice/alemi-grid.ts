import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileScenario } from '../../../src/scenario/compile.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import type { CompiledLattice } from '../../../src/scenario/compiled-lattice.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { ROOT } from '../../helpers.js';

/** The folder that holds Alemi et al.'s grid, beside the repository (never committed). */
export const ALEMI_GRID_FOLDER = '../shared/reference/alemi-us-grid';

/** The scenario of Alemi et al.'s model on their grid (`alemi-us.yaml` beside this file). */
export const ALEMI_SCENARIO = join(ROOT, 'test/engines/lattice/alemi-us.yaml');

/**
 * Alemi et al.'s grid file, `js-grid.json.gz`, if it is at hand: `UNDEAD_ALEMI_GRID`, or
 * `../shared/reference/alemi-us-grid` beside the repository (or beside the folder of worktrees
 * it sits in). Undefined when absent: tests that need it skip, naming `ALEMI_GRID_FOLDER`.
 */
export function alemiGridFile(): string | undefined {
  const candidates = [
    process.env.UNDEAD_ALEMI_GRID,
    join(ROOT, '..', 'shared/reference/alemi-us-grid/js-grid.json.gz'),
    join(ROOT, '../..', 'shared/reference/alemi-us-grid/js-grid.json.gz'),
  ];
  return candidates.find((file): file is string => file !== undefined && existsSync(file));
}

/** `alemi-us.yaml` on the grid `file`, with `--set`-style overrides, compiled for the lattice engine. */
export function alemiScenario(file: string, settings: readonly string[] = []): CompiledScenario {
  return compileScenario(
    loadScenario(ALEMI_SCENARIO, [`world.lattice.raster.file=${file}`, ...settings]),
    'lattice',
  );
}

/** Lower Manhattan, the most populous cell, as our rows count it (row 0 north): their (1317, 587). */
export const LOWER_MANHATTAN = { x: 1317, y: 899 - 587 } as const;

/**
 * The scenario cut down to the `size` × `size` window of cells centred on (cx, cy), with the same
 * counts, rates and method (regions and spatial events dropped). What happens in the first hours
 * near the centre cannot tell the difference: nothing crosses more than one bond per event.
 */
export function cropped(compiled: CompiledScenario, cx: number, cy: number, size: number): CompiledScenario {
  const lattice = compiled.lattice!;
  const n = compiled.network.compartments.length;
  const x0 = cx - (size >> 1);
  const y0 = cy - (size >> 1);
  const open = new Uint8Array(size * size);
  const initial = new Float64Array(size * size * n);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y0 + y) * lattice.width + x0 + x;
      open[y * size + x] = lattice.open[from]!;
      initial.set(lattice.initial.subarray(from * n, from * n + n), (y * size + x) * n);
    }
  }
  const window: CompiledLattice = {
    ...lattice,
    width: size,
    height: size,
    open,
    initial,
    regions: [],
    spatialEvents: [],
  };
  return { ...compiled, fingerprint: `${compiled.fingerprint}/crop/${cx},${cy},${size}`, lattice: window };
}
