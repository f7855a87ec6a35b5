import { compileScenario } from '../../../src/scenario/compile.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import type {
  CompiledLattice,
  CompiledRegion,
  SpatialEvent,
} from '../../../src/scenario/compiled-lattice.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { parseText } from '../../helpers.js';

/**
 * W1's model (issue 14's benchmark: bites at 1.0·S·Z/N and kills at 0.8·S·Z/N, laws of product form
 * with N) as scenario text for `latticeScenario`, run to `until` hours.
 */
export function w1Model(until: number): string {
  return `name: szr
title: W1's model
model:
  compartments: [S, Z, R]
  parameters: { beta: 1.0, kappa: 0.8 }
  reactions:
    bite: { from: S + Z, to: 2 Z, law: beta * S * Z / N }
    kill: { from: S + Z, to: S + R, law: kappa * S * Z / N }
initial: { S: 0, Z: 0, R: 0 }
time: { until: ${until}, every: 1, unit: hour }
`;
}

/** What a test lattice is made of; the rest of `CompiledLattice` takes plain defaults. */
export interface LatticeSpec {
  readonly width: number;
  readonly height: number;
  /** Counts of cell (x, y), in compartment order. */
  readonly counts: (x: number, y: number) => readonly number[];
  /** Per compartment name: hop rate to each neighbour. */
  readonly move?: Readonly<Record<string, number>>;
  /** Per reaction name: coupling factor across bonds. */
  readonly coupling?: Readonly<Record<string, number>>;
  readonly edges?: 'closed' | 'periodic';
  readonly open?: (x: number, y: number) => boolean;
  readonly regions?: readonly { name: string; cells: readonly (readonly [number, number])[] }[];
  readonly spatialEvents?: readonly SpatialEvent[];
}

/**
 * A compiled lattice scenario made by hand, since the scenario layer's `world.lattice` is built
 * elsewhere: the model, events and time of `source` (YAML text or a loaded scenario) compiled for
 * the SSA, with a lattice world.
 */
export function latticeScenario(source: string | LoadedScenario, spec: LatticeSpec): CompiledScenario {
  const base = compileScenario(typeof source === 'string' ? parseText(source) : source, 'ssa');
  const { network } = base;
  const n = network.compartments.length;
  const { width, height } = spec;
  const initial = new Float64Array(width * height * n);
  const open = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = y * width + x;
      initial.set(spec.counts(x, y), k * n);
      open[k] = spec.open === undefined || spec.open(x, y) ? 1 : 0;
    }
  }
  const move = Float64Array.from(network.compartments, (c) => spec.move?.[c] ?? 0);
  const coupling = Float64Array.from(network.reactionNames, (r) => spec.coupling?.[r] ?? 0);
  const regions: CompiledRegion[] = (spec.regions ?? []).map((r) => ({
    name: r.name,
    cells: Uint32Array.from(r.cells.map(([x, y]) => y * width + x)).sort(),
  }));
  const lattice: CompiledLattice = {
    width,
    height,
    cellKm: 1,
    open,
    initial,
    move,
    coupling,
    edges: spec.edges ?? 'closed',
    regions,
    spatialEvents: spec.spatialEvents ?? [],
    method: 'exact',
    epsilon: 0.03,
  };
  return {
    ...base,
    engine: 'lattice',
    fingerprint: `${base.fingerprint}/lattice/${JSON.stringify(spec, (_, v) => (typeof v === 'function' ? String(v) : v))}`,
    lattice,
  };
}

/** The cells of the rectangle [x0, x1) × [y0, y1). */
export function rectangle(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const cells: [number, number][] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) cells.push([x, y]);
  return cells;
}
