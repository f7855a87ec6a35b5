import { z } from 'zod';
import { agentStates } from './compiled-world.js';

/** The states a faction may gather: the dead belong to no faction. */
const livingStates = agentStates.filter((s) => s !== 'dead') as [
  'human',
  'infected',
  'zombie',
  'immune',
  'immortal',
];

/**
 * `world.factions`: who hunts, avoids and ignores whom, as data. The checks that name other
 * factions, groups and characters are in `faction-checks.ts`; the compiled form and the default
 * table (today's rules) in `compile-factions.ts`.
 */

const factionName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a faction name: a letter or _, then letters, digits, _ and -');
const factionList = (what: string) =>
  z.array(z.string().min(1)).default([]).describe(`faction names: ${what}`);

const membersSchema = z
  .strictObject({
    states: z
      .array(z.enum(livingStates))
      .min(1)
      .optional()
      .describe('agents in any of these states (human, infected, zombie, immune, immortal)'),
    groups: z.array(z.string().min(1)).min(1).optional().describe('agents of any of these groups'),
    names: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('these characters, whatever their state or group'),
  })
  .refine(
    (m) => m.states !== undefined || m.groups !== undefined || m.names !== undefined,
    'give states, groups or names',
  )
  .describe(
    'who belongs: an agent named in names, or one for which every one of groups and states given holds; the faction is found again whenever its state changes',
  );

/** One faction. */
export const factionSchema = z
  .strictObject({
    members: membersSchema,
    hunts: factionList(
      'whose members this one hunts: hunters (zombie and immortal stacks) chase and bite them, an immune’s hunger attacks them, people fight them when they meet',
    ),
    avoids: factionList('whose members this one flees from and is alarmed by when it sees them'),
    ignores: factionList(
      'whose members this one never targets and never flees from (may not also be hunted or avoided)',
    ),
    infects: z
      .boolean()
      .default(false)
      .describe(
        'a bite by a member infects (a human); otherwise the attack wounds or kills, and never infects',
      ),
  })
  .describe('a faction: members, and whom they hunt, avoid and ignore');

/** The factions, in order: an agent belongs to the first whose members match it. */
export const factionsSchema = z
  .record(factionName, factionSchema)
  .refine((f) => Object.keys(f).length > 0, 'needs at least one faction')
  .refine((f) => Object.keys(f).length < 255, 'at most 254 factions')
  .optional()
  .describe(
    'who hunts, avoids and ignores whom, in order (an agent belongs to the FIRST faction whose members match it; agents matching none hunt and avoid nobody, and nobody hunts them). Absent: the default table, humans and the infected avoid zombies and immortals; zombies and immortals hunt humans and infect them; immunes avoid zombies and immortals and, once hungry, hunt humans without infecting',
  );
