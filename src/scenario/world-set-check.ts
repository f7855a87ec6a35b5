import { InputError } from '../core/errors.js';
import { parseScenario } from './parse.js';
import type { ScenarioHost } from './raster/scenario-host.js';

/**
 * Why the scenario would refuse `name = value` as a `--set` of a world setting
 * (`world.infection.fight.kill = 5`), or undefined if it takes it: the scenario is read again with
 * it added to its sets, and its reasons joined. A `set` intervention changes a world setting in a
 * running engine, which checks only that the setting exists, so every way of giving one (an
 * interventions file, a live page) asks this first.
 */
export function worldSetProblem(
  text: string,
  file: string,
  settings: readonly string[],
  name: string,
  value: number,
  host?: ScenarioHost,
): string | undefined {
  try {
    parseScenario(text, file, [...settings, `${name}=${value}`], host);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return `${error.issues.map((issue) => issue.message).join('; ')} (not ${value})`;
  }
}
