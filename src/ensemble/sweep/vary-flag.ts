import { flagError } from '../../core/errors.js';
import type { DesignValue } from './design.js';

/**
 * One `--vary` flag, parsed: `NAME=FROM:TO:STEP` (a grid range, TO included up to float
 * rounding), `NAME=FROM:TO` (a range for `--lhs`, no step), or `NAME=a,b,c` (a list of numbers or
 * of words; one value is a list of one).
 */
export type VaryFlag =
  | {
      readonly kind: 'range';
      readonly text: string;
      readonly name: string;
      readonly from: number;
      readonly to: number;
      /** Undefined for an `--lhs` range. */
      readonly step: number | undefined;
      /** The decimals the values are rounded to: the most of FROM's and STEP's. */
      readonly decimals: number;
    }
  | {
      readonly kind: 'list';
      readonly text: string;
      readonly name: string;
      readonly values: readonly DesignValue[];
      readonly words: boolean;
    };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;

/** Parses one `--vary` text, or throws an `InputError` at `--vary`. */
export function parseVaryFlag(text: string): VaryFlag {
  const fail = (message: string) => flagError(`--vary ${text}`, message);
  const eq = text.indexOf('=');
  if (eq <= 0) throw fail('expected NAME=FROM:TO:STEP, NAME=FROM:TO (with --lhs) or NAME=a,b,c');
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  if (!NAME.test(name))
    throw fail(`'${name}' is not a name: a parameter, a compartment, engine, or a dotted path`);
  if (body === '') throw fail(`no values after '${name}='`);
  if (body.includes(':')) {
    const parts = body.split(':').map((part) => part.trim());
    if (parts.length > 3) throw fail('a range is FROM:TO:STEP (or FROM:TO with --lhs)');
    const numbers = parts.map(Number);
    parts.forEach((part, k) => {
      if (part === '' || !Number.isFinite(numbers[k]))
        throw fail(`${['FROM', 'TO', 'STEP'][k]} must be a number, not '${part}'`);
    });
    const [from, to, step] = numbers as [number, number, number | undefined];
    if (from > to) throw fail(`FROM (${from}) is greater than TO (${to})`);
    if (step !== undefined && step <= 0) throw fail(`STEP must be greater than 0, not ${step}`);
    const decimals = Math.max(decimalsOf(from), step === undefined ? 0 : decimalsOf(step));
    return { kind: 'range', text, name, from, to, step, decimals };
  }
  const items = body.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw fail('a list has an empty value');
  const numbers = items.map(Number);
  const words = !numbers.every(Number.isFinite);
  if (words && items.some((item, k) => Number.isFinite(numbers[k]) && !/^[A-Za-z]/.test(item)))
    throw fail('a list is all numbers or all words');
  if (new Set(items).size < items.length) throw fail('a list names a value twice');
  return { kind: 'list', text, name, values: words ? items : numbers, words };
}

/** The decimals a number needs to be written exactly as typed (`0.1` → 1, `2.5e-3` → 4). */
export function decimalsOf(value: number): number {
  const text = String(Math.abs(value));
  const [mantissa, exponent] = text.split('e');
  const fraction = mantissa!.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}
