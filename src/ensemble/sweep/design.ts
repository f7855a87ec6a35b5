/**
 * A sweep's design: the names it varies and its points, each point one value per name. A value is
 * a number (a parameter, an initial count, a dotted path such as `time.until`) or a word (such as
 * an engine's name); a name's values are all numbers or all words.
 */
export type DesignValue = number | string;

/** Where a design came from, for `summary.json` and messages. */
export type DesignKind = 'grid' | 'lhs' | 'points';

/** The design of a sweep. */
export interface SweepDesign {
  readonly kind: DesignKind;
  /** The varied names, in the order given (the first `--vary` is the slowest in a grid). */
  readonly names: readonly string[];
  /** Per name: whether its values are words (a STRING column) rather than numbers (DOUBLE). */
  readonly words: readonly boolean[];
  /** The points, numbered from 0 in this order; `values[k]` belongs to `names[k]`. */
  readonly points: readonly DesignPoint[];
}

/** One point of a design. */
export interface DesignPoint {
  readonly values: readonly DesignValue[];
  /** Where the point was asked for, for messages: `--vary beta=…`, or `FILE:LINE`. */
  readonly origin: PointOrigin;
}

/** The place an error about a point is reported at (`FILE:LINE:COL`, and the field as the path). */
export interface PointOrigin {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly path: string;
  /** In a points file: the column of each value, so that an error points at the field. */
  readonly cols?: readonly number[] | undefined;
}

/** The most points a design may have. */
export const MAX_POINTS = 100_000;

/** A point as people read it: `beta=0.3, engine=ssa`; numbers exactly, unless `format` shortens them. */
export function pointLabel(
  names: readonly string[],
  values: readonly DesignValue[],
  format: (value: number) => string = String,
): string {
  return names
    .map((name, k) => {
      const value = values[k]!;
      return `${name}=${typeof value === 'number' ? format(value) : value}`;
    })
    .join(', ');
}
