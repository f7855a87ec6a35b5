import { InputError, type InputIssue } from '../../core/errors.js';
import type { LoadedScenario } from '../../scenario/parse.js';

/**
 * The initial counts of a scenario, in compartment order, for an engine that counts individuals.
 * Throws an `InputError` naming each field that is not a whole number ≥ 0: an initial count, or
 * a count an event sets. (The scenario parser checks these only when the file's own engine
 * counts; `--engine ssa` may be run on any scenario.)
 */
export function initialCounts(loaded: LoadedScenario, engine: string): Float64Array {
  const { compartments } = loaded.network;
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 0;
  const issues: InputIssue[] = [];
  const fail = (path: string, value: number) =>
    issues.push(
      loaded.issueAt(path, `must be a whole number of individuals for the ${engine} engine, not ${value}`),
    );
  const counts = Float64Array.from(compartments, (name) => loaded.scenario.initial[name] ?? 0);
  compartments.forEach((name, i) => {
    if (!whole(counts[i]!)) fail(`initial.${name}`, counts[i]!);
  });
  loaded.scenario.events.forEach((event, e) => {
    for (const [name, value] of Object.entries(event.set ?? {})) {
      if (compartments.includes(name) && !whole(value)) fail(`events.${e}.set.${name}`, value);
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  return counts;
}
