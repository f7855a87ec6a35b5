import { flagError } from '../../core/errors.js';
import type { SweepDesign } from './design.js';
import { gridDesign } from './grid-design.js';
import { lhsDesign } from './lhs-design.js';
import { pointsDesign } from './points-file.js';
import { parseVaryFlag } from './vary-flag.js';

/** The flags of `undead sweep` that make its design. */
export interface DesignFlags {
  /** `--vary` texts, in the order given. */
  readonly vary: readonly string[];
  /** `--lhs N`. */
  readonly lhs?: number | undefined;
  /** `--points FILE`, with the file's text. */
  readonly points?: { readonly file: string; readonly text: string } | undefined;
  /** `--seed`: an LHS design is drawn from it. */
  readonly seed: number;
}

/**
 * The design the flags ask for: `--points FILE` alone, `--lhs N` with `--vary` ranges, or the full
 * grid of `--vary`. Throws an `InputError` (exit 2) for a bad flag, a name varied twice, a bad
 * file, or more than `MAX_POINTS` points.
 */
export function designFromFlags(flags: DesignFlags): SweepDesign {
  if (flags.points !== undefined) {
    if (flags.vary.length > 0 || flags.lhs !== undefined)
      throw flagError('--points', 'a file of points is the whole design: leave out --vary and --lhs');
    return pointsDesign(flags.points.file, flags.points.text);
  }
  if (flags.vary.length === 0)
    throw flagError(
      '--vary',
      'a sweep needs a design: --vary NAME=FROM:TO:STEP (or a,b,c), --lhs N with --vary NAME=FROM:TO, or --points FILE',
    );
  const parsed = flags.vary.map(parseVaryFlag);
  parsed.forEach((flag, k) => {
    if (parsed.findIndex((other) => other.name === flag.name) < k)
      throw flagError(`--vary ${flag.text}`, `${flag.name} is varied twice`);
  });
  return flags.lhs === undefined ? gridDesign(parsed) : lhsDesign(flags.lhs, parsed, flags.seed);
}
