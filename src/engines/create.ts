import { InputError } from '../core/errors.js';
import type { Stream } from '../core/random.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { EngineName } from '../scenario/schema.js';
import type { Engine } from './engine.js';
import { createOde } from './ode/engine.js';

/** Creates the named engine for a scenario, drawing from `stream` if it is stochastic. */
export function createEngine(name: EngineName, loaded: LoadedScenario, _stream: Stream): Engine {
  switch (name) {
    case 'ode':
      return createOde(loaded);
    default:
      throw new InputError([
        {
          file: loaded.file,
          line: 1,
          col: 1,
          path: 'engine',
          message: `the ${name} engine is not available in this version`,
        },
      ]);
  }
}
