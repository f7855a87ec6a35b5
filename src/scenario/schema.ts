import { z } from 'zod';
import { engineNames, MAX_RESERVE } from './compiled.js';
import { eventTime, worldSchema } from './world-schema.js';

/** A name usable in expressions: compartments, parameters, derived quantities. */
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name: letters, digits and _, not starting with a digit')
  .refine((name) => name !== '__proto__', "'__proto__' cannot be used as a name");

/** A number, or an expression over parameters, compartments, `N` and `t` (parsed by our own parser). */
const expression = z.union([z.number(), z.string().min(1, 'must not be empty')], {
  error: 'must be a number or an expression such as beta * S * Z / N',
});

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.gt(0, 'must be greater than 0');

/** One side of a reaction: `0`, or a sum of `COUNT NAME` terms such as `S + Z` or `2 Z`. */
const side = z.union([z.literal(0), z.string().min(1, 'must not be empty')]);

/** A reaction: `from` turns into `to` at a mass-action `rate` or by an explicit rate `law`. */
const reactionSchema = z
  .strictObject({
    from: side.describe('reactants: `0` or terms like `S + Z`, `2 Z`'),
    to: side.describe('products: `0` or terms like `2 Z`'),
    rate: expression.optional().describe('mass action: propensity rate · Π reactants'),
    law: expression.optional().describe('an explicit rate law, e.g. `beta * S * Z / N`'),
  })
  .refine((r) => (r.rate === undefined) !== (r.law === undefined), {
    message: 'give exactly one of rate (mass action) or law (explicit rate law)',
  });

/** Moves a fraction of one compartment into another. */
const moveSchema = z.strictObject({
  from: identifier.describe('the compartment moved from'),
  to: identifier.describe('the compartment moved to'),
  fraction: finite
    .min(0, 'must be between 0 and 1')
    .max(1, 'must be between 0 and 1')
    .describe('the share moved, 0 … 1'),
});

/** A time at which an event fires: a run time ≥ 0, or a clock time. */
const eventAt = eventTime(finite.min(0, 'must be ≥ 0'));

/** A change that fires at given times, periodically, or when a condition becomes true. */
const eventSchema = z
  .strictObject({
    name: z
      .string()
      .optional()
      .describe('a label for logs and the summary, and for `--set events.NAME.FIELD=VALUE`'),
    enabled: z.boolean().default(true).describe('false: the event never fires'),
    at: z
      .union([eventAt, z.array(eventAt).min(1)])
      .optional()
      .describe('fire at this time, or at each of these times; a clock time "08:50" with a world clock'),
    every: positive.optional().describe('fire periodically, at start, start + every, … up to `time.until`'),
    start: finite.optional().describe('first firing time of an `every` event; default: `every`'),
    when: z.string().min(1).optional().describe('fire each time this condition turns true, e.g. `S < 1`'),
    set: z.record(identifier, finite).optional().describe('set parameters or compartments to values'),
    scale: z
      .record(identifier, finite.min(0, 'must be ≥ 0'))
      .optional()
      .describe('multiply compartments by factors (0.25 kills 75%)'),
    move: z
      .union([moveSchema, z.array(moveSchema).min(1)])
      .optional()
      .describe('move a fraction of one compartment to another'),
  })
  .refine((e) => [e.at, e.every, e.when].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one trigger: at, every or when',
  })
  .refine((e) => e.set !== undefined || e.scale !== undefined || e.move !== undefined, {
    message: 'give at least one change: set, scale or move',
  });

/** Tolerances of the ODE engine. */
const solverSchema = z.strictObject({
  rtol: positive.default(1e-6).describe('relative tolerance of the ODE engine'),
  atol: positive.default(1e-9).describe('absolute tolerance of the ODE engine'),
});

export { type EngineName, engineNames } from './compiled.js';

/** Options of each engine, all optional: `--set options.tau.epsilon=0.01` sets one for a run. */
const optionsSchema = z.strictObject({
  ode: z
    .strictObject({
      wasm: z
        .boolean()
        .optional()
        .describe('evaluate the rates as WebAssembly (same numbers, faster); default true'),
      milestones: z
        .boolean()
        .optional()
        .describe('time extinctions and overtakes exactly by root finding; default true'),
    })
    .optional()
    .describe('the ODE engine (its tolerances are in `solver`)'),
  ssa: z
    .strictObject({
      method: z
        .enum(['auto', 'direct', 'next-reaction'])
        .optional()
        .describe('the exact variant; default auto'),
      compile: z
        .boolean()
        .optional()
        .describe('run the direct method as WebAssembly where it applies; default true'),
      max_events: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('stop a run after this many reaction events; default 1e8'),
    })
    .optional()
    .describe('the exact stochastic engine'),
  tau: z
    .strictObject({
      epsilon: z
        .number()
        .gt(0)
        .lt(1)
        .optional()
        .describe("bound on a rate's relative change in one leap; default 0.03"),
      max_events: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('stop a run after this much work (a leap counts 100); default 1e8'),
    })
    .optional()
    .describe('the tau-leaping engine'),
  agents: z
    .strictObject({
      reserve: z
        .number()
        .int()
        .min(0)
        .max(MAX_RESERVE)
        .optional()
        .describe('room for this many humans added during a run (live control); default 0'),
    })
    .optional()
    .describe('the agents engine'),
});

/**
 * The most compartments a model may have. The engines watch who overtakes whom, a state per
 * ordered pair of compartments (n² bytes, read at every output time): 10 GB for 100,000
 * compartments, a megabyte for 1,000. Epidemic models, age classes and all, have tens.
 */
export const MAX_COMPARTMENTS = 1000;

/** The whole scenario file. Unknown keys are errors, not silently ignored. */
export const scenarioSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and -')
    .describe('short name, [a-z0-9-]+; names the output folder'),
  title: z.string().min(1).describe('one line, shown by `undead list` and on charts'),
  description: z.string().default('').describe('what this world is, and where its numbers come from'),
  model: z
    .strictObject({
      compartments: z
        .array(identifier)
        .min(1, 'needs at least one compartment')
        .max(
          MAX_COMPARTMENTS,
          `has more than ${MAX_COMPARTMENTS.toLocaleString('en-US')} compartments, the most a model may have`,
        )
        .describe('the compartments, such as [S, Z, R]; their order is the column order of every output'),
      parameters: z
        .record(identifier, finite)
        .default({})
        .describe('named constants used by rates and laws, name: value'),
      derived: z
        .record(identifier, expression)
        .optional()
        .describe('named expressions, such as N; each may use earlier ones'),
      reactions: z
        .record(
          z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a name: letters, digits, _ and -'),
          reactionSchema,
        )
        .describe('name: { from, to, rate | law }; `N` is the total of all compartments, `t` the time'),
    })
    .describe('the reaction network: compartments, parameters and reactions'),
  initial: z
    .record(identifier, finite.min(0, 'must be ≥ 0'))
    .default({})
    .describe(
      'the starting count (or amount, for the ODE) of each compartment; compartments left out start at 0',
    ),
  time: z
    .strictObject({
      until: positive.describe('run from t = 0 until this time'),
      every: positive.describe('output interval: one row of timeseries.csv every this long'),
      unit: z.string().min(1).default('day').describe('the unit of time, for labels: day, hour, second …'),
    })
    .describe('the time span and the output grid'),
  engine: z.enum(engineNames).default('ode').describe('the default engine of `undead run`'),
  solver: solverSchema.default({ rtol: 1e-6, atol: 1e-9 }).describe('tolerances of the ODE engine'),
  options: optionsSchema.default({}).describe('options of each engine, keyed by engine name'),
  events: z.array(eventSchema).default([]).describe('changes at given times or conditions'),
  world: worldSchema.optional().describe('space: a lattice raster or a building (engine-specific)'),
});

/** A scenario after validation, with defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>;

/** The JSON Schema of scenario files, for editors. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
