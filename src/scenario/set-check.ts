import { InputError } from '../core/errors.js';
import { compileScenario } from './compile.js';
import type { EngineName } from './compiled.js';
import { parseScenario } from './parse.js';
import type { ScenarioHost } from './raster/scenario-host.js';

/**
 * Why the scenario would refuse `name = value` as a `--set`, or undefined if it takes it: the
 * scenario is read again with it added to its sets, and its reasons joined. A `set` intervention
 * changes a running engine, which checks only that the name exists, so every way of giving one
 * (an interventions file, a live page) asks this first. World settings are checked so; so is
 * every setting of an agents run, whose world is compiled too, as what it checks there reads the
 * model's parameters (a chance named by a parameter must be 0 … 1). The other engines check a
 * parameter's value themselves, as it is set.
 */
export function setProblem(
  text: string,
  file: string,
  settings: readonly string[],
  name: string,
  value: number,
  engine: EngineName,
  host?: ScenarioHost,
): string | undefined {
  if (engine !== 'agents' && !name.startsWith('world.')) return undefined;
  try {
    const loaded = parseScenario(text, file, [...settings, `${name}=${value}`], host);
    if (engine === 'agents') compileScenario(loaded, engine);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reason = error.issues.map((issue) => issue.message).join('; ');
    return reason.includes(`(not ${value})`) ? reason : `${reason} (not ${value})`;
  }
}
