import type { z } from 'zod';
import { didYouMean } from '../core/closest-name.js';
import { DROPPED_GROUP, type WorldSettings } from './compiled-world.js';

type Ctx = z.core.$RefinementCtx<unknown>;

/**
 * The checks of `world.factions` that one field alone cannot make: the factions each one hunts,
 * avoids and ignores exist, none both hunts (or avoids) and ignores the same faction, and the
 * groups and characters named as members exist.
 */
export function checkFactions(world: WorldSettings, ctx: Ctx): void {
  const factions = world.factions;
  if (factions === undefined) return;
  const names = Object.keys(factions);
  const groups = [...Object.keys(world.groups), DROPPED_GROUP];
  const characters = Object.keys(world.characters);
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path: ['factions', ...path], message });
  };
  // The group of humans added during a run is known too, and said to be what it is.
  const shown = (name: string) => (name === DROPPED_GROUP ? `${name} (the humans added during a run)` : name);
  const unknown = (kind: string, name: string, known: readonly string[]): string =>
    `no ${kind} '${name}'${didYouMean(name, known)}; known: ${known.map(shown).join(', ') || 'none'}`;
  for (const [name, spec] of Object.entries(factions)) {
    for (const relation of ['hunts', 'avoids', 'ignores'] as const) {
      spec[relation].forEach((other, k) => {
        if (!names.includes(other)) issue([name, relation, k], unknown('faction', other, names));
      });
    }
    spec.ignores.forEach((other, k) => {
      for (const relation of ['hunts', 'avoids'] as const) {
        if (spec[relation].includes(other))
          issue([name, 'ignores', k], `faction '${name}' both ${relation} and ignores '${other}'`);
      }
    });
    spec.members.groups?.forEach((g, k) => {
      if (!groups.includes(g)) issue([name, 'members', 'groups', k], unknown('group', g, groups));
    });
    spec.members.names?.forEach((c, k) => {
      if (!characters.includes(c)) issue([name, 'members', 'names', k], unknown('character', c, characters));
    });
  }
}
