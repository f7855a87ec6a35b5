import { InputError } from '../core/errors.js';
import { formatValue } from '../core/expression.js';
import { hopStep } from '../engines/lattice/hop-stage.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { LatticeWorld } from '../scenario/lattice-schema.js';
import type { LoadedScenario } from '../scenario/parse.js';
import { latticeBytes } from '../scenario/raster/lattice-memory.js';
import type { LatticeBudget } from './budget.js';
import { formatCount, outputRows } from './budget.js';

/** A row of arrival.csv (`1727,922,123.456789012345`) as a string in memory, rounded up. */
const ARRIVAL_ROW_BYTES = 64;
/** A row of regions.csv without its counts (its time and region's name), as a string, rounded up. */
const REGION_ROW_BYTES = 64;
/** One count of regions.csv, in a number array and as text, rounded up. */
const VALUE_TEXT_BYTES = 40;

/**
 * The memory of a compiled lattice run's map (`latticeBytes`: the raster, the compiled counts and
 * the engine's), for the budget, blamed on the field that sets the map's size. `undefined` for a
 * scenario not compiled for the lattice engine.
 */
export function latticeBudget(compiled: CompiledScenario, loaded: LoadedScenario): LatticeBudget | undefined {
  const { lattice, network } = compiled;
  if (lattice === undefined) return undefined;
  const cells = lattice.width * lattice.height;
  const world = (loaded.scenario.world as LatticeWorld).lattice;
  const path =
    world.cities !== undefined
      ? 'world.lattice.cities.cell_km'
      : world.uniform !== undefined
        ? 'world.lattice.uniform'
        : 'world.lattice.raster.file';
  const n = network.compartments.length;
  const rows = outputRows(compiled.time.until, compiled.time.every);
  return {
    bytes: latticeBytes(cells, n, network.reactionNames.length),
    tableBytes:
      cells * ARRIVAL_ROW_BYTES + rows * lattice.regions.length * (REGION_ROW_BYTES + n * VALUE_TEXT_BYTES),
    cells,
    path,
    what: `a lattice of ${lattice.width} × ${lattice.height} = ${formatCount(cells)} cells of ${network.compartments.length} compartments`,
  };
}

/**
 * The most cell updates of the fast method's hop stages in a run (stages × cells): the two months
 * of usa-cities take 2.3·10⁹, about 2 minutes; 10¹¹ would take hours.
 */
export const MAX_HOP_STAGE_CELLS = 1e11;

/**
 * Refuses a fast-method lattice run whose movement is so fast that its hop stages would never
 * end: the step is Δ = λ / (4 · the fastest hop rate) (`hopStep`), and every stage visits every
 * cell (a hop rate of 10⁶ per hour on 100 cells hung with no output). Blamed on that rate.
 */
export function checkHopStages(compiled: CompiledScenario, loaded: LoadedScenario): void {
  const { lattice, network, time } = compiled;
  if (lattice === undefined || lattice.method !== 'fast') return;
  let fastest = -1;
  for (let c = 0; c < lattice.move.length; c++)
    if (lattice.move[c]! > 0 && (fastest < 0 || lattice.move[c]! > lattice.move[fastest]!)) fastest = c;
  if (fastest < 0) return;
  const step = hopStep(lattice.move[fastest]!);
  const cells = lattice.width * lattice.height;
  const stages = Math.ceil(time.until / step);
  if (stages * cells <= MAX_HOP_STAGE_CELLS) return;
  const name = network.compartments[fastest]!;
  throw new InputError([
    loaded.issueAt(
      `world.lattice.move.${name}`,
      `hops this fast make the fast method's step ${formatValue(step)} ${time.unit}s: ${formatCount(stages)} hop stages of ${formatCount(cells)} cells, ${formatCount(stages * cells)} cell updates where a run has at most ${formatCount(MAX_HOP_STAGE_CELLS)}; slow the movement, shorten the run, or use method: exact`,
    ),
  ]);
}
