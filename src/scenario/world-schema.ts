import { z } from 'zod';
import { didYouMean } from '../core/closest-name.js';
import { symbolKinds } from './building-map.js';
import { CLOCK_TEXT } from './clock.js';
import {
  agentStates,
  SHARE_TOP,
  strategyPlans,
  TRAIT_TOP,
  UNIT_TABLE,
  type UnitName,
  type UnitParamsMap,
  unitNames,
  type WorldSettings,
} from './compiled-world.js';
import { checkFactions } from './faction-checks.js';
import { factionsSchema } from './faction-schema.js';
import { latticeWorldSchema } from './lattice-schema.js';
import { wholeNumberError } from './plain-errors.js';
import { checkAgentsWorld } from './world-checks.js';

export { agentStates, type TraitName, traitNames, type UnitName, unitNames } from './compiled-world.js';

/**
 * The `world` block: where space matters. Each spatial engine adds its own key here; unknown keys
 * are errors. The agents engine reads a `building` (text floor plans or an open plane), the people
 * in it (`groups`, `characters`), how they behave (`behaviours`), how the virus works
 * (`infection`), what they perceive (`perception`, `clock`, `light`) and what happens to the
 * world (`events`). The maps are checked with the schema (`world-checks.ts`), so that `undead
 * validate` reports a problem inside a map at its own line and column.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
// Bounds as .min/.max rather than refinements, so that `undead schema` shows them to editors.
const nonNegative = finite.min(0, 'must be ≥ 0');
const positive = finite.gt(0, 'must be greater than 0');
const probability = finite.min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const wholePositive = z.number().int({ error: wholeNumberError }).min(1, 'must be at least 1');
const wholeNonNegative = z.number().int({ error: wholeNumberError }).min(0, 'must be ≥ 0');
const roomName = z.string().regex(/^[a-z0-9{][a-z0-9{}.,-]*$/, 'must be a room name such as 2-5 or music');
const range = z
  .tuple([nonNegative, nonNegative])
  .refine(([a, b]) => a <= b, 'must be [low, high] with low ≤ high')
  .describe('[low, high]');
/** A value, or a parameter of `model.parameters` by name (so that events can `set` it). */
const valueOrParameter = z.union([
  finite,
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a parameter name'),
]);

/**
 * A trait value of at most `max`: a number, `[low, high]` (uniform), or `{mean, sd}` (normal,
 * clamped to 0 … `max`). Speeds are in m/s, sight in metres in full light; the others are dimensionless.
 */
function traitValueUpTo(max: number) {
  const value = nonNegative.max(max, `must be at most ${max.toLocaleString('en-US')}`);
  return z.union([
    value,
    z
      .tuple([value, value])
      .refine(([a, b]) => a <= b, 'must be [low, high] with low ≤ high')
      .describe('[low, high]'),
    z
      .strictObject({
        mean: value.describe('the mean'),
        sd: nonNegative.describe('the standard deviation'),
      })
      .describe(`normally distributed, clamped to 0 … ${max.toLocaleString('en-US')}`),
  ]);
}
/** A share, 0 … 1 (courage, skill, a weapon in hand, restraint). */
const traitShare = traitValueUpTo(SHARE_TOP);
/** A trait with no natural top (speeds, sight, hearing, strength), held to `TRAIT_TOP`. */
export const traitValue = traitValueUpTo(TRAIT_TOP);
export type TraitValue = z.output<typeof traitValue>;

/** The traits of a person. Zombies inherit them, scaled by `infection.zombie`. */
export const traitsSchema = z.strictObject({
  walk: traitValue.optional().describe('walking speed, m/s'),
  run: traitValue.optional().describe('running speed, m/s'),
  strength: traitValue.optional().describe('1 is an average adult'),
  skill: traitShare.optional().describe('fighting skill, 0 … 1'),
  hearing: traitValue.optional().describe('× the reach of a sound; 0 is deaf'),
  sight: traitValue.optional().describe('how far one sees in full light, metres'),
  courage: traitShare.optional().describe('0 … 1: fights rather than flees, screams less'),
  weapon: traitShare.optional().describe('0 … 1: a weapon in hand (bat 0.5, bow 1)'),
  restraint: traitShare
    .optional()
    .describe('0 … 1: an immune hybrid’s hold on its hunger (1: never attacks; Nam-ra bites her own arm)'),
});
export type TraitsInput = z.output<typeof traitsSchema>;

/** How a group behaves together: the knobs that make adults and students differ. */
export const socialSchema = z.strictObject({
  cohesion: probability.optional().describe('0 … 1: stays with the group and spreads alarm inside it'),
  selfishness: probability.optional().describe('0 … 1: shuts doors on others, does not help'),
  obedience: probability.optional().describe('0 … 1: follows announcements and the group leader'),
});
export type SocialInput = z.output<typeof socialSchema>;

const hybridKind = z.enum(['immune', 'immortal']);

/**
 * People who come in later through exits, not on the map at the start (a building's only). `at`
 * is a time like an event's (seconds, or a clock time "day 2 10:00"); with `over`, the members
 * come in one by one, evenly over [at, at + over], in creation order, through the rooms named in
 * turn. See `arrivals.ts` of the agents engine.
 */
export const arrivesSchema = z.strictObject({
  at: eventTime(nonNegative).describe('when they come in: seconds, or a clock time "10:00", "day 2 10:00"'),
  through: z
    .union([roomName, z.array(roomName).min(1)])
    .describe('the exit (a room holding exit cells) they come in by, or a list used in turn'),
  over: nonNegative
    .optional()
    .describe('seconds over which they come in one by one, evenly (default 0: all at once)'),
  to: roomName
    .optional()
    .describe('the room they are put in, having come in (default: the room of the exit they came by)'),
});

/** A group of people created together. Give `count`, or `grades` × `classes` × `size`, or `roles`. */
export const groupSchema = z.strictObject({
  kind: z.enum(['student', 'adult', 'other']).default('other').describe('for groups.csv and the story'),
  start: z.enum(agentStates).default('human').describe('the state its members start in'),
  count: wholeNonNegative
    .optional()
    .describe('members; omit in one group per start state to take the rest of `initial`'),
  grades: z.array(wholePositive).min(1).optional().describe('school grades, e.g. [1, 2, 3]'),
  classes: wholePositive.optional().describe('classes per grade'),
  size: wholePositive.optional().describe('students per class'),
  home: z.string().min(1).optional().describe("home room pattern of a class, e.g. '{grade}-{class}'"),
  rooms: z
    .array(roomName)
    .min(1)
    .optional()
    .describe('rooms where members start, filled in turn; brace ranges allowed'),
  roles: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a role name: lowercase letters, digits and -'),
      z.strictObject({
        count: wholePositive.describe('how many people of the group have this role'),
        rooms: z
          .array(roomName)
          .min(1)
          .describe('where people of this role start, in turn; brace ranges allowed'),
        traits: traitsSchema.optional().describe('traits of this role, over the group’s'),
      }),
    )
    .optional()
    .describe('staff roles, each with a count and the rooms they start in'),
  traits: traitsSchema
    .default({})
    .describe('walk, run, strength, skill, hearing, sight, courage, weapon, restraint'),
  social: socialSchema.default({}).describe('cohesion, selfishness, obedience'),
  hybrid: valueOrParameter
    .optional()
    .describe('chance of becoming a hybrid when infected (default: infection.hybrid)'),
  strategy: z
    .strictObject({
      plan: z
        .enum(strategyPlans)
        .describe(
          'fortify: stay where the leader is and barricade; move: go together to `to`; scavenge: fortify and make supply trips at night; split: everyone for themselves',
        ),
      to: roomName.optional().describe('move: the room the group goes to (and fortifies)'),
      cohesion: probability
        .optional()
        .describe(
          'chance that a member follows the plan when deciding (default: the member’s social.cohesion)',
        ),
      aware: z
        .boolean()
        .default(false)
        .describe(
          'the group knows of the outbreak from the start: its members decide at every dusk and dawn from t = 0 (false: from when one of them is first alarmed)',
        ),
    })
    .refine((s) => s.plan !== 'move' || s.to !== undefined, { message: 'plan move needs `to`: a room' })
    .refine((s) => s.plan === 'move' || s.to === undefined, {
      message: '`to` is for plan move: this plan stays where the group is (it was ignored)',
      path: ['to'],
    })
    .optional()
    .describe(
      'a plan the group decides together, led by its leader (none: each acts on their own, as before)',
    ),
  arrives: arrivesSchema
    .optional()
    .describe('the group is not on the map at the start: it comes in later through exits (needs count)'),
});
export type GroupInput = z.output<typeof groupSchema>;

/** A named person, who takes the place of one member of a group. */
export const characterSchema = z.strictObject({
  group: z.string().min(1).describe('the group the character belongs to'),
  class: z.string().optional().describe('for students: the class (its home room), e.g. 2-5'),
  role: z.string().optional().describe('for staff: the role'),
  room: roomName.optional().describe('where the character starts, if not the home room'),
  start: z.enum(agentStates).optional().describe('the state the character starts in, if not the group’s'),
  turn: range.optional().describe('for start: infected: the turning time range, seconds'),
  traits: traitsSchema
    .default({})
    .describe('walk, run, strength, skill, hearing, sight, courage, weapon, restraint'),
  social: socialSchema.default({}).describe('cohesion, selfishness, obedience'),
  hybrid: z
    .union([
      hybridKind,
      probability,
      z.strictObject({
        kind: hybridKind.describe('the hybrid the character may become: immune or immortal'),
        chance: probability.describe('chance, 0 … 1, of rising as that hybrid rather than a zombie'),
      }),
    ])
    .optional()
    .describe(
      'immune / immortal if bitten; a chance (of either kind); or { kind, chance }: that kind, with that chance',
    ),
  leader: z.boolean().default(false).describe('leads the class or group'),
  note: z.string().optional().describe('who this is, and the source of the traits'),
  arrives: arrivesSchema
    .optional()
    .describe('comes in later through an exit (over the group’s arrives, if any)'),
  away: z
    .boolean()
    .optional()
    .describe(
      'kept away off the map (not in the run, taking no member’s place) unless world.outbreak names them; then they come in by arrives',
    ),
});
export type CharacterInput = z.output<typeof characterSchema>;

/** A `[low, high]` default of the unit table, as the schema's tuple. */
function pair(range: readonly [number, number]): [number, number] {
  return [range[0], range[1]];
}

const unitBase = {
  enabled: z.boolean().default(true).describe('false switches the unit off'),
  priority: finite.optional().describe('higher acts first; each unit has a default'),
};

/**
 * The behaviour units and their parameters. Every unit may sit in any stack; each is one file in
 * src/engines/agents/behaviours.
 */
export const behaviourParams = {
  bite: z.strictObject({
    ...unitBase,
    rate: probability
      .default(UNIT_TABLE.bite.defaults.rate)
      .describe('bite attempts per second when in reach'),
  }),
  hunt: z.strictObject({
    ...unitBase,
    memory: nonNegative
      .default(UNIT_TABLE.hunt.defaults.memory)
      .describe('seconds a target out of sight is still chased to where it was last seen'),
  }),
  track: z.strictObject({
    ...unitBase,
    range: positive
      .default(UNIT_TABLE.track.defaults.range)
      .describe('metres of walking distance over which people are smelt'),
    every: positive
      .default(UNIT_TABLE.track.defaults.every)
      .describe('seconds between recomputations of the scent field (bounded rate)'),
  }),
  'follow-sound': z.strictObject({
    ...unitBase,
    run: z
      .boolean()
      .default(UNIT_TABLE['follow-sound'].defaults.run)
      .describe('true: run towards the sound at running speed; false: walk'),
  }),
  'break-barricade': z.strictObject({
    ...unitBase,
    rate: positive.default(UNIT_TABLE['break-barricade'].defaults.rate).describe('blows per second'),
  }),
  wander: z.strictObject({
    ...unitBase,
    steps: range.default(pair(UNIT_TABLE.wander.defaults.steps)).describe('cells walked before a pause'),
    pause: range
      .default(pair(UNIT_TABLE.wander.defaults.pause))
      .describe('seconds of standing still; [0, 0] is a pure random walk'),
    exits: z
      .boolean()
      .default(UNIT_TABLE.wander.defaults.exits)
      .describe('may wander out through an open exit'),
  }),
  fight: z.strictObject({
    ...unitBase,
    courage: probability
      .default(UNIT_TABLE.fight.defaults.courage)
      .describe('attacks a zombie in reach if courage is at least this'),
  }),
  flee: z.strictObject({
    ...unitBase,
    distance: positive
      .default(UNIT_TABLE.flee.defaults.distance)
      .describe('flees a zombie seen within this many metres'),
    scream: probability
      .default(UNIT_TABLE.flee.defaults.scream)
      .describe('chance of screaming on first sight, × (1 − courage)'),
  }),
  help: z.strictObject({
    ...unitBase,
    range: positive.default(UNIT_TABLE.help.defaults.range).describe('metres'),
    courage: probability
      .default(UNIT_TABLE.help.defaults.courage)
      .describe('the courage it takes (and then chance 1 − selfishness)'),
  }),
  barricade: z.strictObject({
    ...unitBase,
    seconds: positive
      .default(UNIT_TABLE.barricade.defaults.seconds)
      .describe('seconds to move one piece of furniture against a door'),
    hp: positive.default(UNIT_TABLE.barricade.defaults.hp).describe('hit points one piece of furniture adds'),
    pieces: wholeNonNegative
      .default(UNIT_TABLE.barricade.defaults.pieces)
      .describe('most pieces piled against one door'),
  }),
  shelter: z.strictObject({
    ...unitBase,
    stay: probability
      .default(UNIT_TABLE.shelter.defaults.stay)
      .describe(
        'alarmed by a sound in a room with doors: shelters there with chance stay × (0.5 + obedience)',
      ),
    staySeen: probability.default(UNIT_TABLE.shelter.defaults.staySeen).describe('… having seen a zombie'),
    leave: probability
      .default(UNIT_TABLE.shelter.defaults.leave)
      .describe('else leaves by an exit with chance leave × (selfishness + 1 − obedience) / 2'),
  }),
  'follow-leader': z.strictObject({
    ...unitBase,
    distance: positive.default(UNIT_TABLE['follow-leader'].defaults.distance).describe('metres'),
  }),
  'head-for': z.strictObject({ ...unitBase }),
  hide: z.strictObject({
    ...unitBase,
    check: positive.default(UNIT_TABLE.hide.defaults.check).describe('seconds between looks around'),
    restless: nonNegative
      .default(UNIT_TABLE.hide.defaults.restless)
      .describe('per hour: chance rate of giving up the hiding place to leave, at first'),
    settle: positive
      .default(UNIT_TABLE.hide.defaults.settle)
      .describe('hours: the restlessness fades as exp(−hours since alarmed / settle)'),
  }),
  routine: z.strictObject({
    ...unitBase,
    chatter: nonNegative
      .default(UNIT_TABLE.routine.defaults.chatter)
      .describe('seconds between the voices of a room of calm people (0: silent)'),
  }),
  hunger: z.strictObject({
    ...unitBase,
    after: nonNegative
      .default(UNIT_TABLE.hunger.defaults.after)
      .describe('seconds after turning before an immune is very hungry'),
    rate: probability
      .default(UNIT_TABLE.hunger.defaults.rate)
      .describe('chance per second of attacking a person in reach when very hungry'),
    seek: z
      .boolean()
      .default(UNIT_TABLE.hunger.defaults.seek)
      .describe('true: at that chance, go for a person near on the floor when none is in reach'),
  }),
  'crowd-seek': z.strictObject({
    ...unitBase,
    step: positive.default(UNIT_TABLE['crowd-seek'].defaults.step).describe('distance moved along each axis'),
    edgeQuirk: z
      .boolean()
      .default(UNIT_TABLE['crowd-seek'].defaults.edgeQuirk)
      .describe("Repast4Py's neighbourhood reaches one past the right and top edges"),
  }),
  'crowd-avoid': z.strictObject({
    ...unitBase,
    step: positive
      .default(UNIT_TABLE['crowd-avoid'].defaults.step)
      .describe(
        'cells moved along each axis each tick, towards the neighbouring cell with the fewest zombies',
      ),
    edgeQuirk: z
      .boolean()
      .default(UNIT_TABLE['crowd-avoid'].defaults.edgeQuirk)
      .describe("Repast4Py's neighbourhood reaches one past the right and top edges (humans drift there)"),
  }),
  'infect-first': z.strictObject({ ...unitBase }),
  countdown: z.strictObject({
    ...unitBase,
    ticks: wholePositive
      .default(UNIT_TABLE.countdown.defaults.ticks)
      .describe('an infected person dies on this tick of infection, and rises next tick'),
  }),
  relocate: z.strictObject({ ...unitBase }),
  'contact-bite': z.strictObject({
    ...unitBase,
    rate: valueOrParameter.describe('bites per second per zombie–human pair sharing a cell'),
  }),
  decay: z.strictObject({
    ...unitBase,
    rate: valueOrParameter.describe('per second: a zombie falls apart (→ dead)'),
  }),
} as const satisfies { [U in UnitName]: z.ZodType<UnitParamsMap[U]> };
export type UnitParams<U extends UnitName> = z.output<(typeof behaviourParams)[U]>;

const stackSchema = z
  .strictObject(
    Object.fromEntries(unitNames.map((name) => [name, behaviourParams[name].optional()])) as {
      [U in UnitName]: z.ZodOptional<(typeof behaviourParams)[U]>;
    },
  )
  .describe('behaviour units of this kind of agent, with their parameters');
export type StackInput = z.output<typeof stackSchema>;

/** The kinds of agent that have a stack of behaviour units. */
type StackKind = 'human' | 'zombie' | 'immune' | 'immortal';

const PEOPLE_UNITS = [
  'fight',
  'flee',
  'help',
  'barricade',
  'shelter',
  'follow-leader',
  'head-for',
  'hide',
  'routine',
  'wander',
  'relocate',
  'crowd-avoid',
] as const satisfies readonly UnitName[];
const UNDEAD_UNITS = [
  'bite',
  'hunt',
  'track',
  'follow-sound',
  'break-barricade',
  'wander',
  'relocate',
  'crowd-seek',
  'infect-first',
  'contact-bite',
] as const satisfies readonly UnitName[];

/**
 * The behaviour units each kind of agent may have: people's units for humans (and the latent
 * infected, who `countdown`) and immunes (who also `hunger`), the undead's for zombies (who also
 * `decay`) and immortals.
 */
export const KIND_UNITS = {
  human: [...PEOPLE_UNITS, 'countdown'],
  zombie: [...UNDEAD_UNITS, 'decay'],
  immune: [...PEOPLE_UNITS, 'hunger'],
  immortal: UNDEAD_UNITS,
} as const satisfies Record<StackKind, readonly UnitName[]>;

/** The stack of one kind of agent: only its own units, with their parameters. */
function stackOf<K extends StackKind>(kind: K) {
  const own: readonly UnitName[] = KIND_UNITS[kind];
  const shape = Object.fromEntries(
    own.map((name) => [name, behaviourParams[name].optional().describe(UNIT_TABLE[name].help)]),
  );
  return z
    .strictObject(
      shape as { [U in (typeof KIND_UNITS)[K][number]]: z.ZodOptional<(typeof behaviourParams)[U]> },
      {
        error: (issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys
                .map((key) => {
                  const kinds = Object.entries(KIND_UNITS)
                    .filter(([, units]) => (units as readonly string[]).includes(key))
                    .map(([k]) => k);
                  return kinds.length > 0
                    ? `'${key}' is a behaviour of ${kinds.join(' and ')} agents, not of ${kind} agents`
                    : `unknown behaviour unit '${key}'${didYouMean(key, own)}; ${kind} agents have ${own.join(', ')}`;
                })
                .join('\n')
            : undefined,
      },
    )
    .describe(`behaviour units of ${kind} agents, with their parameters: ${own.join(', ')}`);
}

/** Stacks: humans (and the latent infected), zombies, and the two hybrids. */
export const behavioursSchema = z.strictObject({
  human: stackOf('human').default({}).describe('behaviour units of humans and the latent infected'),
  zombie: stackOf('zombie').default({}).describe('behaviour units of zombies'),
  immune: stackOf('immune').default({}).describe('behaviour units of immune hybrids'),
  immortal: stackOf('immortal').default({}).describe('behaviour units of immortal hybrids'),
});

const floorSchema = z.strictObject({
  name: z.string().min(1).describe('e.g. 1F'),
  map: z.string().describe('the floor plan, one character a cell (see the legend)'),
});

/** A room's attributes. Keys may use brace ranges: `hall-{1..4}`. */
const roomSchema = z.strictObject({
  kind: z
    .enum(['room', 'corridor', 'outdoor', 'stairs'])
    .default('room')
    .describe('corridors and outdoors are no refuge'),
  furniture: wholeNonNegative
    .optional()
    .describe('pieces for barricades (default: the furniture cells in it)'),
  doors: z.enum(['open', 'closed']).default('open').describe('how its doors stand at the start'),
  supplies: z
    .strictObject({
      food: nonNegative.default(0).describe('portions of food'),
      water: nonNegative.default(0).describe('portions of water'),
    })
    .optional()
    .describe('food and water kept in the room, in portions (one a meal or a drink; see world.needs)'),
});

/** Building: floors as text maps, or an open plane. */
export const buildingSchema = z
  .strictObject({
    cell: positive.default(1).describe('metres per cell'),
    legend: z
      .record(z.string().length(1, 'must be one character'), z.enum(symbolKinds))
      .default({})
      .describe('extra map symbols'),
    floors: z.array(floorSchema).min(1).optional().describe('bottom floor first'),
    open: z
      .strictObject({
        width: wholePositive.describe('cells across'),
        height: wholePositive.describe('cells down'),
      })
      .optional()
      .describe('an open plane of width × height cells with continuous positions, instead of floors'),
    rooms: z
      .record(roomName, roomSchema)
      .default({})
      .describe('attributes of named rooms: kind, furniture, doors'),
    capacity: wholePositive.default(2).describe('people per cell'),
    stairs: positive.default(8).describe('metres walked per flight of stairs'),
    doors: z
      .strictObject({ hp: positive.default(20).describe('hit points of a shut door') })
      .default({ hp: 20 })
      .describe('the doors of the building'),
  })
  .refine((b) => (b.floors === undefined) !== (b.open === undefined), {
    message: 'give exactly one of floors (text maps) or open (an open plane)',
  });
export type BuildingInput = z.output<typeof buildingSchema>;

const severitySchema = z.strictObject({
  share: probability.describe('share of bites of this severity'),
  turn: range.describe('seconds until turning, log-uniform in [low, high]'),
});

/** How a person changes on turning. Factors multiply the person's traits; others replace them. */
const changeSchema = z.strictObject({
  speed: nonNegative.optional().describe('× walking and running speed'),
  strength: nonNegative.optional().describe('× strength'),
  hearing: nonNegative.optional().describe('hearing, replacing the person’s'),
  sight: nonNegative.optional().describe('sight in metres, replacing the person’s'),
});

export const infectionSchema = z.strictObject({
  bites: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/), severitySchema)
    .default({
      deep: { share: 0.4, turn: [5, 60] },
      limb: { share: 0.6, turn: [60, 600] },
    })
    .describe(
      'bite severities by name, each with its share of bites (shares add up to 1) and turning time; default deep and limb',
    ),
  scratch: z
    .strictObject({
      chance: probability
        .default(0.3)
        .describe('chance, 0 … 1, that one who breaks free is scratched; default 0.3'),
      turn: range
        .default([600, 7200])
        .describe('seconds until a scratched person turns, log-uniform in [low, high]; default [600, 7200]'),
    })
    .default({ chance: 0.3, turn: [600, 7200] })
    .describe('a person who breaks free is scratched (infected more slowly) with this chance'),
  fight: z
    .strictObject({
      kill: probability
        .default(0.2)
        .describe('× the defender’s share of power × (0.1 + weapon): the zombie is stopped for good'),
      escape: probability.default(0.5).describe('× the defender’s share of power: breaks free'),
    })
    .default({ kill: 0.2, escape: 0.5 })
    .describe('the chances of an attack by a zombie (or a strike at one), by the defender’s share of power'),
  hybrid: valueOrParameter
    .default(0)
    .describe('per-person chance of becoming a hybrid, unless the group says'),
  immuneShare: valueOrParameter
    .default(0.5)
    .describe('share of hybrids that are immune (the rest are immortal); a number or a parameter'),
  zombie: changeSchema
    .default({ speed: 1.1, strength: 1.5, hearing: 2, sight: 10 })
    .describe(
      'how a person changes on becoming a zombie; default speed 1.1, strength 1.5, hearing 2, sight 10',
    ),
  immune: changeSchema
    .default({ speed: 1.2, strength: 2, hearing: 4 })
    .describe('how a person changes on becoming an immune hybrid; default speed 1.2, strength 2, hearing 4'),
  immortal: changeSchema
    .default({ speed: 1.2, strength: 2, hearing: 3 })
    .describe(
      'how a person changes on becoming an immortal hybrid; default speed 1.2, strength 2, hearing 3',
    ),
});

export const perceptionSchema = z.strictObject({
  every: wholePositive.default(2).describe('ticks between a person’s looks around'),
  sound: z
    .strictObject({
      wall: nonNegative.default(25).describe('metres of reach a wall takes from a sound'),
      door: nonNegative.default(8).describe('… a shut door'),
      window: nonNegative.default(10).describe('… a window'),
      stairs: nonNegative.default(6).describe('… a flight of stairs, besides its length'),
      fade: positive.default(0.05).describe('share of its reach a sound loses per second once made'),
      period: positive.default(10).describe('seconds between repeats of a lasting sound (speakers, alarms)'),
    })
    .default({ wall: 25, door: 8, window: 10, stairs: 6, fade: 0.05, period: 10 })
    .describe('how walls, doors, windows and stairs cut the reach of sounds, and how sounds fade and repeat'),
  loudness: z
    .strictObject({
      scream: positive
        .default(30)
        .describe('a scream: a person bitten, or one who first sees a zombie (see flee.scream)'),
      fight: positive.default(15).describe('the noise of a fight between a person and a zombie'),
      bang: positive.default(20).describe('a zombie battering a shut door'),
      phone: positive.default(12).describe('a phone ringing in someone’s pocket (world event phones)'),
      speaker: positive.default(30).describe('the school speakers (world event broadcast)'),
      alarm: positive.default(40).describe('the fire alarm, from every speaker (world event fire-alarm)'),
      whistle: positive.default(60).describe('a whistle (world event noise)'),
      voice: positive.default(10).describe('people talking (see routine.chatter)'),
    })
    .default({ scream: 30, fight: 15, bang: 20, phone: 12, speaker: 30, alarm: 40, whistle: 60, voice: 10 })
    .describe('metres of open floor over which a sound carries'),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM');
export const clockSchema = z.strictObject({
  start: clockTime.default('08:40').describe('time of day at t = 0'),
  dawn: clockTime.default('06:00').describe('time of day of dawn; daylight rises over the hour around it'),
  dusk: clockTime.default('19:30').describe('time of day of dusk; daylight falls over the hour around it'),
});

export const lightSchema = z.strictObject({
  night: probability.default(0.1).describe('daylight at night, 0 … 1'),
  indoorDark: probability.default(0.35).describe('light indoors with the lights off, × daylight'),
  floor: probability.default(0.15).describe('share of sight left in total darkness'),
});

/** A gate out of the map, named by the room that holds its exit cells. */
const exitSchema = z.strictObject({
  to: z.string().min(1).describe('where it leads, e.g. city'),
  hazard: nonNegative
    .default(0)
    .describe('per hour: chance rate that a person who left is bitten there, once reached'),
  reached: nonNegative.optional().describe('seconds: the outbreak reaches that place by itself at this time'),
});

const targets = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]);

/**
 * An event's time: a number in `time.unit`, or in input a clock time (`"08:50"`, `"08:50:30"`,
 * `"day 2 08:15"`) that `resolveClockTimes` (clock.ts) has turned into a number before this check.
 */
export function eventTime<T extends z.ZodType<number, number>>(time: T) {
  return z
    .union([time, z.string().regex(CLOCK_TEXT, 'must be a number or a clock time HH:MM')])
    .transform((value, ctx): number => {
      if (typeof value === 'number') return value;
      ctx.addIssue({
        code: 'custom',
        input: value,
        message:
          'is a clock time, which needs a world clock with a start that can be read (world.clock.start)',
      });
      return z.NEVER;
    });
}

/**
 * A change to the world at given times. Give `at` and exactly one action. A `name` lets `--set`
 * address the event (`--set world.events.broadcast.enabled=false`).
 */
export const worldEventSchema = z
  .strictObject({
    name: z
      .string()
      .optional()
      .describe('a label for events.jsonl, and for `--set world.events.NAME.FIELD=VALUE`'),
    enabled: z.boolean().default(true).describe('false: the event never fires'),
    at: z
      .union([eventTime(nonNegative), z.array(eventTime(nonNegative)).min(1)])
      .describe('a time in time.unit, or a clock time "08:50" (on the first day) or "day 2 08:15"'),
    broadcast: z
      .strictObject({
        from: roomName.describe('the room with the microphone'),
        duration: positive
          .default(120)
          .describe('seconds the speakers play, repeating every perception.sound.period'),
        panic: probability
          .default(0)
          .describe('chance that someone who hears it runs for an exit (it carries the sounds of an attack)'),
      })
      .optional()
      .describe('the school speakers play what happens in a room'),
    'fire-alarm': z
      .strictObject({
        duration: positive
          .default(600)
          .describe('seconds the alarm rings, repeating every perception.sound.period'),
      })
      .optional()
      .describe('the alarm rings from every speaker and locked doors unlock'),
    lights: z
      .strictObject({
        on: z.boolean().describe('true switches the lights on, false off'),
        rooms: targets
          .default('all')
          .describe('all (the default), or a list of rooms; outdoors is unaffected'),
      })
      .optional()
      .describe('the lights go on or off; indoors with the lights off, light is light.indoorDark × daylight'),
    seal: z
      .array(roomName)
      .min(1)
      .optional()
      .describe(
        'exits sealed (by the military), by the room holding their exit cells: they close until unsealed',
      ),
    unseal: z
      .array(roomName)
      .min(1)
      .optional()
      .describe('sealed exits open again, by the room holding their exit cells'),
    bomb: z
      .strictObject({ rooms: targets.describe('all, or a list of rooms') })
      .optional()
      .describe('everyone in these rooms dies'),
    phones: z
      .strictObject({
        share: probability.describe('share of people whose phone rings'),
        duration: nonNegative.default(0).describe('seconds each keeps ringing (repeats every sound.period)'),
      })
      .optional()
      .describe('phones ring in people’s pockets, wherever they hide'),
    noise: z
      .strictObject({
        room: roomName.describe('the room the sound comes from, made where its name stands on the map'),
        kind: z
          .enum(['whistle', 'alarm', 'speaker', 'scream', 'phone'])
          .describe(
            'the sound, with its perception.loudness; whistle, alarm and scream alarm those who hear it',
          ),
        duration: nonNegative
          .default(0)
          .describe('seconds it lasts, repeating every perception.sound.period; 0 (the default): once'),
      })
      .optional()
      .describe('a sound made in a room'),
    barricade: z
      .strictObject({ groups: targets.describe('all, or a list of group names') })
      .optional()
      .describe('these groups shut and barricade themselves in at once'),
    evacuate: z
      .strictObject({
        groups: targets.describe('all, or a list of group names'),
        to: roomName.describe(
          'the room they make for: they shelter there, or leave by its exit if it has one',
        ),
      })
      .optional()
      .describe('these groups head for a room or exit'),
  })
  .refine(
    (e) =>
      (
        [
          'broadcast',
          'fire-alarm',
          'lights',
          'seal',
          'unseal',
          'bomb',
          'phones',
          'noise',
          'barricade',
          'evacuate',
        ] as const
      ).filter((k) => e[k] !== undefined).length === 1,
    {
      message:
        'give exactly one action: broadcast, fire-alarm, lights, seal, unseal, bomb, phones, noise, barricade or evacuate',
    },
  );
export type WorldEventInput = z.output<typeof worldEventSchema>;

const groupName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a name: lowercase letters, digits and -');
const characterName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9 .'-]*$/,
    "must be a name starting with a letter (letters, digits, space . ' -)",
  );

const sleepWindow = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be a time window HH:MM-HH:MM');

/**
 * People's needs over days: food and water (eaten and drunk from the supplies of the room they are
 * in), sleep at night, and supply trips. Without this block nobody eats, drinks or sleeps.
 */
export const needsSchema = z.strictObject({
  food: positive.default(24).describe('hours between meals: after this long without one, a person is hungry'),
  water: positive
    .default(12)
    .describe('hours between drinks: after this long without one, a person is thirsty'),
  thirst: positive.default(72).describe('hours without water to death (of thirst)'),
  starve: positive.default(504).describe('hours without food to death (of hunger)'),
  weak: probability
    .default(0.75)
    .describe('× walking and running speed and strength while hungry or thirsty'),
  sleep: sleepWindow
    .default('23:00-06:00')
    .describe('when the sheltered and calm sleep (they hear half as far; a scream wakes them)'),
  every: positive
    .default(60)
    .describe('seconds between checks of needs; sleepers act only at these checks (the idle skip)'),
  carry: wholePositive
    .max(1000, 'must be at most 1000')
    .default(10)
    .describe('portions of food and of water one scavenger carries back'),
  scouts: wholePositive.default(2).describe('the bravest members of a group who make a supply trip'),
});

/** Everything the agents engine reads from `world`. */
export const agentsWorldSchema = z.strictObject({
  building: buildingSchema.describe('floors as text maps, or an open plane'),
  tick: positive.default(1).describe('seconds per tick'),
  schedule: z
    .strictObject({
      order: z
        .array(z.enum(['human', 'zombie', 'immune', 'immortal']))
        .min(1)
        .default(['human', 'immune', 'immortal', 'zombie'])
        .describe('the stacks act in this order each tick, each agent in creation order'),
    })
    .default({ order: ['human', 'immune', 'immortal', 'zombie'] })
    .describe('the order in which the kinds of agent act'),
  groups: z
    .record(groupName, groupSchema)
    .refine((g) => Object.keys(g).length > 0, 'needs at least one group')
    .describe('the people, in groups created together: name: { kind, start, count | grades | roles, … }'),
  characters: z
    .record(characterName, characterSchema)
    .default({})
    .describe('named people, each taking the place of one member of a group'),
  outbreak: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe(
      'the character(s) who carry the virus at t = 0 (infected, or as their start says if zombie); every other character who starts infected starts human',
    ),
  behaviours: behavioursSchema
    .default({ human: {}, zombie: {}, immune: {}, immortal: {} })
    .describe('the behaviour units of each kind of agent'),
  factions: factionsSchema,
  infection: infectionSchema.default(infectionSchema.parse({})).describe('bites, turning times and hybrids'),
  perception: perceptionSchema
    .default(perceptionSchema.parse({}))
    .describe('how often people look around, and how far sounds carry'),
  clock: clockSchema
    .default({ start: '08:40', dawn: '06:00', dusk: '19:30' })
    .describe('the time of day at the start, and of dawn and dusk'),
  light: lightSchema
    .default({ night: 0.1, indoorDark: 0.35, floor: 0.15 })
    .describe('how light limits sight'),
  exits: z
    .record(roomName, exitSchema)
    .default({})
    .describe('where the exits lead, by the room holding the exit cells'),
  events: z
    .array(worldEventSchema)
    .default([])
    .describe(
      'changes to the world at given times: broadcasts, alarms, lights, exits, bombs, phones, noises, groups',
    ),
  needs: needsSchema
    .optional()
    .describe('food, water, sleep and supply trips over days (none without this block)'),
  replay: z
    .strictObject({ every: nonNegative.default(60).describe('seconds between replay frames; 0: no replay') })
    .default({ every: 60 })
    .describe('the replay file for the viewer'),
  breakdown: z
    .strictObject({
      grades: z.boolean().default(true).describe('groups.csv: a row for each grade of a school group'),
      classes: z.boolean().default(false).describe('groups.csv: a row for each class of a school group'),
      roles: z.boolean().default(false).describe('groups.csv: a row for each role of a group with roles'),
      factions: z
        .boolean()
        .default(false)
        .describe(
          'factions.csv: each faction standing (living members) and joined (ever members) at every output time; `--contrast` of factions turns it on',
        ),
    })
    .default({ grades: true, classes: false, roles: false, factions: false })
    .describe("the rows of groups.csv besides each group's own, and whether to write factions.csv"),
}) satisfies z.ZodType<WorldSettings>;
export type AgentsWorld = z.output<typeof agentsWorldSchema>;

/**
 * The `world` block: a lattice (`lattice`, read by the lattice engine; see `lattice-schema.ts`) or
 * a building and the people in it (read by the agents engine), never both. The maps are parsed
 * here, so that their problems are reported at their own line and column (see `Locator`: a path
 * step `L:C` below a block scalar points inside its text). Which of the two a world is meant to be
 * is told by its keys (see `zodIssues` in parse.ts), so that a problem is reported in its terms.
 */
export const worldSchema = z.preprocess(
  withDefaultBehaviours,
  z.union([
    latticeWorldSchema,
    agentsWorldSchema.superRefine((world, ctx) => {
      checkAgentsWorld(world, ctx);
      checkFactions(world, ctx);
    }),
  ]),
);

/**
 * The behaviour units a kind of agent gets in a building when the world names none for it (the
 * flagship's, at their defaults), so that a first scenario moves without a behaviours block.
 */
export const DEFAULT_BEHAVIOURS = {
  human: ['fight', 'flee', 'help', 'barricade', 'shelter', 'follow-leader', 'head-for', 'hide', 'routine'],
  zombie: ['bite', 'break-barricade', 'hunt', 'track', 'follow-sound', 'wander'],
  immune: ['hunger', 'help', 'barricade', 'shelter', 'follow-leader', 'hide', 'routine'],
  immortal: ['bite', 'break-barricade', 'hunt', 'track', 'follow-sound', 'wander'],
} as const satisfies Record<string, readonly UnitName[]>;

/** Fills the stacks a building world leaves out with `DEFAULT_BEHAVIOURS` (raw input, before checks). */
export function withDefaultBehaviours(raw: unknown): unknown {
  if (!isPlainObject(raw) || !isPlainObject(raw.building) || raw.building.floors === undefined) return raw;
  if (raw.behaviours !== undefined && !isPlainObject(raw.behaviours)) return raw;
  const given = raw.behaviours ?? {};
  const behaviours = { ...given };
  for (const [kind, units] of Object.entries(DEFAULT_BEHAVIOURS)) {
    if (behaviours[kind] === undefined)
      behaviours[kind] = Object.fromEntries(units.map((unit) => [unit, {}]));
  }
  return { ...raw, behaviours };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
