/**
 * The compiled scenario: everything an engine needs, as plain data made by the scenario layer and
 * already checked, so that an engine never rejects input. Engines import this file (types and
 * constants only) and never the schema, the YAML parser or zod.
 */

import type { CompiledEvent } from '../model/events.js';
import type { Network } from '../model/network.js';
import type { CompiledLattice } from './compiled-lattice.js';
import type { CompiledWorld } from './compiled-world.js';

/** The engines a scenario can run on. */
export const engineNames = ['ode', 'ssa', 'tau', 'lattice', 'agents'] as const;
export type EngineName = (typeof engineNames)[number];

/** The most humans `options.agents.reserve` makes room for: every agent slot is allocated up front. */
export const MAX_RESERVE = 1_000_000;

/** The options of every engine, resolved from the scenario's `solver` and `options` blocks. */
export interface EngineOptions {
  readonly ode: {
    readonly rtol: number;
    readonly atol: number;
    readonly wasm: boolean;
    readonly milestones: boolean;
  };
  readonly ssa: {
    readonly method: 'auto' | 'direct' | 'next-reaction';
    readonly compile: boolean;
    readonly maxEvents: number;
  };
  readonly tau: {
    readonly epsilon: number;
    readonly maxEvents: number;
  };
  readonly agents: {
    /** Room for this many humans added during a run (live control), beyond the people at the start. */
    readonly reserve: number;
  };
}

export interface CompiledScenario {
  /** The scenario's `name`. */
  readonly name: string;
  /** The engine it was compiled (and checked) for. */
  readonly engine: EngineName;
  /**
   * A hash of the resolved scenario, the engine and its options: snapshots carry it, and an engine
   * refuses a snapshot whose fingerprint is not its own.
   */
  readonly fingerprint: string;
  readonly network: Network;
  readonly events: readonly CompiledEvent[];
  /** Initial counts in compartment order (whole numbers for the counting engines). */
  readonly initial: Float64Array;
  readonly time: { readonly until: number; readonly every: number; readonly unit: string };
  readonly options: EngineOptions;
  /** The agents engine's world (see `compiled-world.ts`); undefined for the other engines. */
  readonly world: CompiledWorld | undefined;
  /** The lattice engine's world (see `compiled-lattice.ts`); absent for the other engines. */
  readonly lattice?: CompiledLattice | undefined;
}
