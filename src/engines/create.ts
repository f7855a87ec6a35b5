import type { Stream } from '../core/random.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { createAgents } from './agents/engine.js';
import type { Engine } from './engine.js';
import { createLattice } from './lattice/engine.js';
import { createOde } from './ode/engine.js';
import { createSsa } from './ssa/engine.js';
import { createTau } from './tau/engine.js';

/**
 * Creates the engine a scenario was compiled for, drawing from `stream` if it is stochastic; its
 * options are the compiled scenario's (`solver` and `options` in the file, `--set options.…`).
 */
export function createEngine(compiled: CompiledScenario, stream: Stream): Engine {
  switch (compiled.engine) {
    case 'ode':
      return createOde(compiled);
    case 'ssa':
      return createSsa(compiled, stream);
    case 'tau':
      return createTau(compiled, stream);
    case 'lattice':
      return createLattice(compiled, stream);
    case 'agents':
      return createAgents(compiled, stream);
    default:
      throw new Error(`the ${compiled.engine} engine is not available in this version`);
  }
}
