import {
  agentStates,
  type CompiledFactions,
  type FactionInput,
  type Roster,
  type WorldSettings,
} from './compiled-world.js';

/**
 * The faction table used when a world declares none: the rules the agents engine had built in
 * before factions were data, exactly. The latent infected are a faction of their own because
 * nobody hunts them (zombies pass them by, and an immune's hunger takes only the uninfected);
 * they, the humans and the immunes are alarmed by and flee from zombies and immortals, whom they
 * see. Zombies and immortals hunt the humans and infect them; an immune's hunger kills a human
 * and never infects.
 */
export const DEFAULT_FACTIONS: Readonly<Record<string, FactionInput>> = {
  humans: {
    members: { states: ['human'] },
    hunts: [],
    avoids: ['zombies', 'immortals'],
    ignores: [],
    infects: false,
  },
  infected: {
    members: { states: ['infected'] },
    hunts: [],
    avoids: ['zombies', 'immortals'],
    ignores: [],
    infects: false,
  },
  zombies: {
    members: { states: ['zombie'] },
    hunts: ['humans'],
    avoids: [],
    ignores: ['infected', 'immunes', 'immortals'],
    infects: true,
  },
  immunes: {
    members: { states: ['immune'] },
    hunts: ['humans'],
    avoids: ['zombies', 'immortals'],
    ignores: [],
    infects: false,
  },
  immortals: {
    members: { states: ['immortal'] },
    hunts: ['humans'],
    avoids: [],
    ignores: ['infected', 'immunes', 'zombies'],
    infects: true,
  },
};

/**
 * Compiles `world.factions` (or `DEFAULT_FACTIONS`) against the roster: membership masks by state,
 * group and character, and the relations as F × F matrices. The names were checked by the schema
 * (`faction-checks.ts`); groups the roster lacks (none, once checked) simply match nobody.
 */
export function compileFactions(world: WorldSettings, roster: Roster): CompiledFactions {
  const table = world.factions ?? DEFAULT_FACTIONS;
  const names = Object.keys(table);
  const F = names.length;
  const G = roster.groupNames.length;
  const C = roster.characterNames.length;
  const stateMask = new Uint8Array(F);
  const byKind = new Uint8Array(F);
  const groupAllowed = new Uint8Array(F * G);
  const named = new Uint8Array(F * C);
  const hunts = new Uint8Array(F * F);
  const avoids = new Uint8Array(F * F);
  const ignores = new Uint8Array(F * F);
  const infects = new Uint8Array(F);
  names.forEach((name, f) => {
    const spec = table[name]!;
    const { states, groups, names: people } = spec.members;
    byKind[f] = states !== undefined || groups !== undefined ? 1 : 0;
    stateMask[f] =
      states === undefined
        ? (1 << agentStates.length) - 1
        : states.reduce((mask, s) => mask | (1 << agentStates.indexOf(s)), 0);
    for (let g = 0; g < G; g++)
      groupAllowed[f * G + g] = groups === undefined || groups.includes(roster.groupNames[g]!) ? 1 : 0;
    for (let c = 0; c < C; c++) named[f * C + c] = people?.includes(roster.characterNames[c]!) ? 1 : 0;
    const relate = (matrix: Uint8Array, list: readonly string[]): void => {
      for (const other of list) {
        const j = names.indexOf(other);
        if (j >= 0) matrix[f * F + j] = 1;
      }
    };
    relate(hunts, spec.hunts);
    relate(avoids, spec.avoids);
    relate(ignores, spec.ignores);
    infects[f] = spec.infects ? 1 : 0;
  });
  // Ignoring wins: a faction never hunts nor avoids one it ignores (the schema rejects a table that says both).
  for (let k = 0; k < F * F; k++) {
    if (ignores[k] === 1) {
      hunts[k] = 0;
      avoids[k] = 0;
    }
  }
  return {
    names,
    stateMask,
    byKind,
    groupAllowed,
    groupCount: G,
    named,
    characterCount: C,
    hunts,
    avoids,
    ignores,
    infects,
  };
}
