import { InputError } from '../core/errors.js';
import type { Stream } from '../core/random.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { EngineName } from '../scenario/schema.js';
import { createAgents } from './agents/engine.js';
import type { Engine } from './engine.js';
import { createOde } from './ode/engine.js';
import { createSsa } from './ssa/engine.js';
import type { SsaMethod } from './ssa/method.js';
import { createTau } from './tau/engine.js';

/** Options that only some engines read. */
export interface EngineOptions {
  /** The exact SSA variant of the `ssa` engine; default `auto`. */
  method?: SsaMethod;
  /**
   * The `ssa` and `tau` engines stop a run with a `RuntimeFailure` after this many reaction events
   * (tau counts a leap as 100); default `DEFAULT_MAX_EVENTS` (1e8). `--max-events` on the command line.
   */
  maxEvents?: number;
}

/** The engines built in this version; the others of `engineNames` are planned. */
export const availableEngines: readonly EngineName[] = ['ode', 'ssa', 'tau', 'agents'];

/** Creates the named engine for a scenario, drawing from `stream` if it is stochastic. */
export function createEngine(
  name: EngineName,
  loaded: LoadedScenario,
  stream: Stream,
  options: EngineOptions = {},
): Engine {
  switch (name) {
    case 'ode':
      return createOde(loaded);
    case 'ssa':
      return createSsa(loaded, stream, options);
    case 'tau':
      return createTau(
        loaded,
        stream,
        options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents },
      );
    case 'agents':
      return createAgents(loaded, stream);
    default:
      throw new InputError([loaded.issueAt('engine', `the ${name} engine is not available in this version`)]);
  }
}
