import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VERSION } from '../../core/version.js';
import { engineNames } from '../../scenario/schema.js';
import type { ChunkJob } from '../chunk-job.js';
import type { RunSpec } from '../run-spec.js';

/**
 * The data of a queue job: a chunk of an ensemble (see `ChunkJob`) and the version of undead that
 * made it. Small plain data, never any state: a worker rebuilds replicate r from (spec, seed, r)
 * alone, so a retried job gives the same numbers.
 */
export interface ChunkPayload extends ChunkJob {
  readonly version: string;
}

/** The largest scenario text a job may carry, in characters (the largest built-in is about 86 kB). */
export const MAX_SCENARIO_TEXT = 2_000_000;
/** The most `--set` overrides a job may carry. */
const MAX_SETTINGS = 1000;
/** The most interventions a job may carry. */
const MAX_INTERVENTIONS = 100_000;
/** The highest replicate number a job may ask for. */
const MAX_REPLICATE = 1_000_000_000;
/**
 * The most replicates in one job. Chunks are at most 256 replicates (chunks.ts); the cap leaves
 * room, and stops a payload that asks one worker for millions.
 */
export const MAX_JOB_REPLICATES = 1024;

const name = z.string().max(1000);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const intervention = z.union([
  z.strictObject({ kind: z.literal('set'), name, value: finite }),
  z.strictObject({
    kind: z.literal('add'),
    compartment: name,
    count: z.number().int(),
    place: name.exactOptional(),
  }),
  z.strictObject({ kind: z.literal('fire'), event: name }),
]);

const spec = z.strictObject({
  text: z.string().max(MAX_SCENARIO_TEXT),
  file: z.string().max(4096),
  settings: z.array(z.string().max(10_000)).max(MAX_SETTINGS).readonly(),
  engine: z.enum(engineNames).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  firstReplicate: z.number().int().min(0).max(MAX_REPLICATE).optional(),
  interventions: z
    .array(z.strictObject({ t: finite, intervention }))
    .max(MAX_INTERVENTIONS)
    .readonly()
    .optional(),
  keepEvents: z.enum(['first', 'all', 'none']).optional(),
  maxMemory: z.number().positive().optional(),
  folder: z.string().max(4096).optional(),
  frames: z
    .strictObject({ every: z.number().positive(), compartment: z.string().max(1000).optional() })
    .optional(),
});

/**
 * The fields of `T` that `U` lacks or takes fewer values of. `specCovered` below stops the build
 * when `RunSpec` gains a field, or widens one, that the schema does not know: workers would
 * refuse every job that carries it.
 */
type Uncovered<T, U> = {
  [K in keyof T]-?: K extends keyof U ? (T[K] extends U[K] ? never : K) : K;
}[keyof T];
const specCovered: [Uncovered<RunSpec, z.input<typeof spec>>] extends [never] ? true : false = true;
void specCovered;

const payload = z.strictObject({
  version: z.string().max(100),
  spec,
  first: z.number().int().min(0).max(MAX_REPLICATE),
  count: z.number().int().min(1).max(MAX_JOB_REPLICATES),
  // Only `true` or absent: one way to say each thing, so equal work has one hash.
  rows: z.literal(true).optional(),
});

/** As `specCovered`, for the fields of a chunk beside its spec. */
const jobCovered: [Uncovered<ChunkJob, z.input<typeof payload>>] extends [never] ? true : false = true;
void jobCovered;

/**
 * The payload of a chunk, made by this version. `rows` is part of it (and so of its id): a chunk
 * sent back as rows and the same chunk sent back as trajectories are two jobs with two results.
 */
export function chunkPayload(job: ChunkJob): ChunkPayload {
  const { spec: jobSpec, first, count } = job;
  return { version: VERSION, spec: jobSpec, first, count, ...(job.rows === true ? { rows: true } : {}) };
}

/** A job's data that a worker refuses: the job fails at once, with this message, and is not retried. */
export class RefusedPayload extends Error {
  override readonly name = 'RefusedPayload';
}

/**
 * Checks what a worker took from the queue before anything runs: the shape (unknown keys refused),
 * the sizes (scenario text, overrides, replicate range) and the version, which must be this
 * worker's, since another version may compile the scenario differently and give other numbers.
 * Throws a `RefusedPayload` that says what is wrong.
 */
export function readChunkPayload(data: unknown): ChunkJob {
  const parsed = payload.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length === 0 ? 'the job' : issue.path.join('.');
    throw new RefusedPayload(`malformed job: ${where}: ${issue.message}`);
  }
  const { version, spec: jobSpec, first, count, rows } = parsed.data;
  if (version !== VERSION)
    throw new RefusedPayload(
      `the job was made by undead ${version} and this worker is undead ${VERSION}: run the same version on the submitting machine and every worker`,
    );
  return rows === true ? { spec: jobSpec, first, count, rows } : { spec: jobSpec, first, count };
}

/**
 * The job id of a payload: a hash of all of it, so that the same work always has the same id.
 * Adding a job whose id is already in the queue does nothing, and a job added again after it was
 * lost (a Redis restart) is the same job. Keys are sorted first, so the order in which a spec's
 * fields were written does not matter.
 */
export function chunkJobId(payload: ChunkPayload): string {
  const hash = createHash('sha256').update(canonicalJson(payload)).digest('hex');
  // BullMQ refuses ids that are whole numbers or hold ':'; a prefix keeps clear of both.
  return `chunk-${hash}`;
}

/** JSON with the keys of every object sorted and undefined members left out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
