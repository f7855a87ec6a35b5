import type { Intervention, LoggedIntervention } from '../../../src/model/intervention.js';
import { sliderText } from './sliders.js';

/** One line of the page's list of interventions. */
export interface InterventionLine {
  readonly t: number;
  /** In words, a setting by its slider's label: `set Zombie speed to 2`, `add 5 zombie at 2-3`. */
  readonly text: string;
  /** As the command line writes it: `set world.infection.zombie.speed = 2`. */
  readonly raw: string;
}

/** An intervention as the command line writes it: `add 5 zombie at 2-3`, `set beta = 0.02`, `fire broadcast`. */
export function rawIntervention(intervention: Intervention): string {
  switch (intervention.kind) {
    case 'set':
      return `set ${intervention.name} = ${intervention.value}`;
    case 'add':
      return `${intervention.count < 0 ? 'remove' : 'add'} ${Math.abs(intervention.count)} ${intervention.compartment}${intervention.place === undefined ? '' : ` at ${intervention.place}`}`;
    case 'fire':
      return `fire ${intervention.event}`;
  }
}

/**
 * An intervention in words: a setting by the label of its slider (`labels`, by name), where it
 * has one (`set Zombie speed to 2`); the rest as the command line writes them.
 */
export function interventionText(intervention: Intervention, labels: ReadonlyMap<string, string>): string {
  if (intervention.kind !== 'set') return rawIntervention(intervention);
  const label = labels.get(intervention.name);
  return label === undefined
    ? rawIntervention(intervention)
    : `set ${label} to ${sliderText(intervention.value)}`;
}

/**
 * The lines the page lists for the run's interventions: one an entry, except that a setting
 * followed at once by another of the same name at the same time (a slider moved a few times while
 * paused) shows only the last, which is the one that holds.
 */
export function interventionLines(
  log: readonly LoggedIntervention[],
  labels: ReadonlyMap<string, string>,
): InterventionLine[] {
  const lines: InterventionLine[] = [];
  log.forEach((entry, k) => {
    const next = log[k + 1];
    const { intervention } = entry;
    if (
      next !== undefined &&
      next.t === entry.t &&
      intervention.kind === 'set' &&
      next.intervention.kind === 'set' &&
      next.intervention.name === intervention.name
    )
      return;
    lines.push({
      t: entry.t,
      text: interventionText(intervention, labels),
      raw: rawIntervention(intervention),
    });
  });
  return lines;
}
