import { InputError } from '../core/errors.js';
import type { EngineName } from '../scenario/compiled.js';
import { setProblem } from '../scenario/set-check.js';
import type { InterventionsFile } from './interventions-file.js';

/**
 * Checks the world settings an interventions file sets (`set: { world.infection.fight.kill: 5 }`),
 * and on agents every setting (a parameter may be a chance the world names), by the scenario's own
 * rules, as `--set` would be, once per distinct name and value. A value the scenario would refuse
 * is an input error at the entry's line and column, with the scenario's reason.
 */
export function checkWorldSets(
  interventions: InterventionsFile,
  file: string,
  text: string,
  settings: readonly string[],
  engine: EngineName,
): void {
  const seen = new Set<string>();
  interventions.log.forEach(({ intervention }, index) => {
    if (intervention.kind !== 'set') return;
    const setting = `${intervention.name}=${intervention.value}`;
    if (seen.has(setting)) return;
    seen.add(setting);
    const problem = setProblem(text, file, settings, intervention.name, intervention.value, engine);
    if (problem !== undefined) throw new InputError([interventions.issueAt(index, problem)]);
  });
}
