import { InputError } from '../core/errors.js';
import { parseScenario } from '../scenario/parse.js';
import type { InterventionsFile } from './interventions-file.js';

/**
 * Checks the world settings an interventions file sets (`set: { world.infection.fight.kill: 5 }`)
 * by the scenario's own rules, as `--set` would be: the scenario is read again with each one
 * given as a `--set`, once per distinct name and value. A value the scenario would refuse is an
 * input error at the entry's line and column, with the scenario's reason.
 */
export function checkWorldSets(
  interventions: InterventionsFile,
  file: string,
  text: string,
  settings: readonly string[],
): void {
  const seen = new Set<string>();
  interventions.log.forEach(({ intervention }, index) => {
    if (intervention.kind !== 'set' || !intervention.name.startsWith('world.')) return;
    const setting = `${intervention.name}=${intervention.value}`;
    if (seen.has(setting)) return;
    seen.add(setting);
    try {
      parseScenario(text, file, [...settings, setting]);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const reason = error.issues.map((issue) => issue.message).join('; ');
      throw new InputError([interventions.issueAt(index, `${reason} (not ${intervention.value})`)]);
    }
  });
}
