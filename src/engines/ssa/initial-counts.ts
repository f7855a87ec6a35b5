import { InputError, type InputIssue } from '../../core/errors.js';
import type { LoadedScenario } from '../../scenario/parse.js';

/**
 * The initial counts of a scenario, in compartment order, for an engine that counts individuals.
 * Throws an `InputError` naming each field that is not a whole number from 0 to 2^53 − 1 (the
 * counts a double holds exactly): an initial count, or a count an event sets. (The scenario parser
 * checks these only when the file's own engine counts; `--engine ssa` may be run on any scenario.)
 * A field that `--set` changed is blamed at that `--set`.
 */
export function initialCounts(loaded: LoadedScenario, engine: string): Float64Array {
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
  const counts = Float64Array.from(compartments, (name) => loaded.scenario.initial[name] ?? 0);
  compartments.forEach((name, i) => {
    check(`initial.${name}`, counts[i]!);
  });
  loaded.scenario.events.forEach((event, e) => {
    for (const [name, value] of Object.entries(event.set ?? {})) {
      if (compartments.includes(name)) check(`events.${e}.set.${name}`, value);
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  return counts;
}
