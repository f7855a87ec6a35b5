/**
 * The last step of the scenario layer: a loaded scenario, checked for one engine, becomes the
 * `CompiledScenario` that engine is created from. Every check an engine would otherwise have to
 * make is made here, so an engine never meets input it has to reject.
 */

import { InputError, type InputIssue } from '../core/errors.js';
import { fingerprint } from '../core/fingerprint.js';
import { VERSION } from '../core/version.js';
import { compileLattice, latticeDigest } from './compile-lattice.js';
import { compileWorld } from './compile-world.js';
import type { CompiledScenario, EngineName, EngineOptions } from './compiled.js';
import type { LoadedScenario } from './parse.js';
import { wellMixedInitial } from './well-mixed-lattice.js';

/** The engines built in this version. */
export const availableEngines: readonly EngineName[] = ['ode', 'ssa', 'tau', 'lattice', 'agents'];

/** The engines a scenario can be checked and compiled for: all those built. */
export const compilableEngines: readonly EngineName[] = availableEngines;

/** Engines that count the individuals of compartments, so that counts must be whole numbers below 2^53 (agents take theirs from the world). */
const COUNTING: ReadonlySet<EngineName> = new Set(['ssa', 'tau', 'lattice']);

/** The default of `--max-events`: reaction events per run (tau counts each leap as 100). */
export const DEFAULT_MAX_EVENTS = 100_000_000;
/** The default of `options.tau.epsilon`: the bound on a rate's relative change in one leap (Cao et al. 2006). */
const DEFAULT_TAU_EPSILON = 0.03;

/**
 * Checks `loaded` for `engine` and compiles it. Throws an `InputError` naming each field the engine
 * cannot take: an initial count, or a count an event sets, that is not a whole number from 0 to
 * 2^53 − 1 for a counting engine (the engine it runs on, which `--engine` may choose), or an engine
 * this version does not have. A field that `--set` changed is blamed at that `--set`.
 */
export function compileScenario(
  loaded: LoadedScenario,
  engine: EngineName = loaded.scenario.engine,
): CompiledScenario {
  if (!compilableEngines.includes(engine))
    throw new InputError([loaded.issueAt('engine', `the ${engine} engine is not available in this version`)]);
  const { scenario, network } = loaded;
  const { compartments } = network;
  const lattice = engine === 'lattice' ? compileLattice(loaded) : undefined;
  // A lattice scenario on a well-mixed engine: the raster's totals, "the same world, well mixed".
  const mixed = engine === 'lattice' || engine === 'agents' ? undefined : wellMixedInitial(loaded);
  const initial = mixed ?? Float64Array.from(compartments, (name) => scenario.initial[name] ?? 0);
  if (COUNTING.has(engine) && mixed === undefined) checkCounts(loaded, engine, initial);
  const options = engineOptions(loaded);
  const identity: unknown[] = [VERSION, engine, scenario, options];
  // A lattice's people come from a file the scenario only names: a snapshot is of that raster too.
  if (lattice !== undefined) identity.push(latticeDigest(lattice));
  if (mixed !== undefined) identity.push(Array.from(mixed));
  return {
    name: scenario.name,
    engine,
    fingerprint: fingerprint(JSON.stringify(identity)),
    network,
    events: loaded.events,
    initial,
    time: { until: scenario.time.until, every: scenario.time.every, unit: scenario.time.unit },
    options,
    world: engine === 'agents' ? compileWorld(loaded, options.agents.reserve) : undefined,
    ...(lattice === undefined ? {} : { lattice }),
  };
}

function engineOptions(loaded: LoadedScenario): EngineOptions {
  const { solver, options } = loaded.scenario;
  return {
    ode: {
      rtol: solver.rtol,
      atol: solver.atol,
      wasm: options.ode?.wasm ?? true,
      milestones: options.ode?.milestones ?? true,
    },
    ssa: {
      method: options.ssa?.method ?? 'auto',
      compile: options.ssa?.compile ?? true,
      maxEvents: options.ssa?.max_events ?? DEFAULT_MAX_EVENTS,
    },
    tau: {
      epsilon: options.tau?.epsilon ?? DEFAULT_TAU_EPSILON,
      maxEvents: options.tau?.max_events ?? DEFAULT_MAX_EVENTS,
    },
    agents: { reserve: options.agents?.reserve ?? 0 },
  };
}

function checkCounts(loaded: LoadedScenario, engine: string, counts: Float64Array): void {
  const { compartments } = loaded.network;
  const issues: InputIssue[] = [];
  const check = (path: string, value: number) => {
    if (Number.isSafeInteger(value) && value >= 0) return;
    const message =
      Number.isInteger(value) && value > 0
        ? `${value} individuals are more than the ${engine} engine can count exactly (2^53 − 1 at most); use --engine ode`
        : `must be a whole number of individuals for the ${engine} engine, not ${value}`;
    issues.push(loaded.issueAt(path, message));
  };
  compartments.forEach((name, i) => {
    check(`initial.${name}`, counts[i]!);
  });
  loaded.scenario.events.forEach((event, e) => {
    for (const [name, value] of Object.entries(event.set ?? {})) {
      if (compartments.includes(name)) check(`events.${e}.set.${name}`, value);
    }
  });
  if (issues.length > 0) throw new InputError(issues);
}
