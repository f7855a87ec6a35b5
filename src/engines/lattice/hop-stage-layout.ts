import type { ImportedFunction } from '../../core/wasm-module.js';
import { ValueType } from '../../core/wasm-module.js';
import { RANDOM_IMPORTS, RNG_WORDS } from '../stochastic/wasm-random.js';
import { DIRECTIONS } from './lattice-grid.js';

/**
 * The layout of the compiled hop stage's memory and module (`hop-stage-kernel.ts`): the header
 * that says where the shared arrays are, the fixed tables after it, the imports and the order of
 * the functions, which the code of each (`hop-stage-kernel-code.ts`, `hop-booking-code.ts`,
 * `hop-binomial-code.ts`) calls by index.
 */

/** Words per degree's table in the header: start, cdf, guide, serves. */
export const TABLE_WORDS = 4;

/**
 * The i32 words at the start of the kernel's memory (word w at byte 4w): where the shared arrays
 * are (those `book` uses among them: the method's marks and modes, the arrival times, the movers,
 * and its scratch lists of cells per mover with their lengths), the sizes, the grid's steps, the
 * stream's state, per degree 0–4 its binomial table (byte offsets of its per-n starts, its
 * cdf and its guide; whether it serves), and the runs of cells that `draw` visits.
 */
export const StageHeader = {
  x: 0,
  net: 1,
  link: 2,
  degree: 3,
  cells: 4,
  n: 5,
  m: 6,
  hasStep: 7,
  dirty: 8,
  isDirty: 9,
  mode: 10,
  arrival: 11,
  movers: 12,
  lists: 13,
  listLength: 14,
  step: 15,
  rng: 15 + DIRECTIONS,
  table: 15 + DIRECTIONS + RNG_WORDS,
  /** Byte offset of the runs of cells with an open bond (i32 pairs: first, past the last), and how many. */
  runs: 15 + DIRECTIONS + RNG_WORDS + TABLE_WORDS * (DIRECTIONS + 1),
  runCount: 16 + DIRECTIONS + RNG_WORDS + TABLE_WORDS * (DIRECTIONS + 1),
} as const;
const HEADER_WORDS = StageHeader.runCount + 1;
/** Byte offset of the f64 per degree 0–4: the chance of leaving in the current stage. */
export const CHANCE = 8 * Math.ceil((4 * HEADER_WORDS) / 8);
/** Entries of the Stirling error's table (`core/log-factorial.ts`: below 16 it is a table). */
export const STIRLING_TABLE = 16;
/** Byte offset of that table (f64), written when the kernel is made. */
export const STIRLING = CHANCE + 8 * (DIRECTIONS + 1);
/**
 * Byte offset of a table (f64) of the first term of the binomial cdf, exp(n · log1p(−1/r)), for
 * the share of a cell's leavers that one of its r = 2, 3, 4 open bonds still to fill takes, where
 * `binomial` inverts the cdf (n / r < 10): at (r − 2) · 40 + n. Written when the kernel is made,
 * by the same Math functions, so that a cell with fewer than 4 open bonds calls none.
 */
export const SHARE_FIRST = STIRLING + 8 * STIRLING_TABLE;
/** Entries per r of that table: n < 10 · r ≤ 40. */
export const SHARE_FIRST_PER_REST = 10 * DIRECTIONS;
/**
 * Byte offset of a cache (f64) of BTRS's log-pmf at the mode for p = ½ (a half of more than 256
 * leavers), at n < `HALF_MODE_CACHE`: filled by the kernel as it meets each n (0: not yet; the
 * log-pmf is negative), the same number it would work out again.
 */
export const HALF_MODE = SHARE_FIRST + 8 * (DIRECTIONS - 1) * SHARE_FIRST_PER_REST;
export const HALF_MODE_CACHE = 2 ** 16;
/** Where the shared arrays start. */
export const STAGE_ARRAYS = HALF_MODE + 8 * HALF_MODE_CACHE;

/** Math's exp and log1p (`RANDOM_IMPORTS`), then its log. */
export const STAGE_IMPORTS: readonly ImportedFunction[] = [
  ...RANDOM_IMPORTS,
  { module: 'Math', name: 'log', signature: { params: [ValueType.f64], results: [ValueType.f64] } },
];
/** What an instance imports. */
export const stageImports = { Math: { exp: Math.exp, log1p: Math.log1p, log: Math.log } };
/** Indices of the imports. */
export const EXP = 0;
export const LOG1P = 1;
export const LOG = 2;

/** The module's functions, by index (after the imports), in the order `hop-stage-kernel.ts` lists them. */
export const StageFunction = {
  draw: STAGE_IMPORTS.length,
  book: STAGE_IMPORTS.length + 1,
  binomial: STAGE_IMPORTS.length + 2,
  logPmf: STAGE_IMPORTS.length + 3,
  stirlingError: STAGE_IMPORTS.length + 4,
  deviance: STAGE_IMPORTS.length + 5,
  keeps: STAGE_IMPORTS.length + 6,
} as const;
