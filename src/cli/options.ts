import { flagError } from '../core/errors.js';

/**
 * Parses a whole number flag within bounds, written in plain decimal digits, or fails with exit code
 * 2: `0x50`, `1e3`, ` 80` or `+8` are refused (Number read them as 80, 1000, 80 and 8). With
 * `powersOfTen`, digits times a power of ten are taken too (`--max-events 1e9`, as its default,
 * 1e8, is written).
 */
export function wholeNumber(flag: string, min: number, max = Number.MAX_SAFE_INTEGER, powersOfTen = false) {
  const form = powersOfTen ? /^\d+(?:e\d+)?$/i : /^\d+$/;
  return (text: string): number => {
    const value = Number(text);
    if (!form.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw flagError(
        flag,
        `must be a whole number ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max}` : `from ${min} to 2^53 − 1 (${Number.MAX_SAFE_INTEGER})`}, not '${text}'`,
      );
    }
    return value;
  };
}

/** A decimal number: digits with a point and an exponent if any (not `0x10` or `0b11`, which Number reads as 16 and 3). */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/** Parses a positive number flag, written in decimal, or fails with exit code 2. */
export function positiveNumber(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!DECIMAL.test(text) || !Number.isFinite(value) || value <= 0) {
      throw flagError(flag, `must be a number greater than 0, not '${text}'`);
    }
    return value;
  };
}

/** Collects a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
};

/** The smallest size `byteSize` accepts: 1MB. */
const MIN_BYTE_SIZE = 1e6;

/**
 * Parses a size in bytes such as `8GB`, `512MB`, `1.5TB` or `6GiB` (KB, MB, GB, TB count in
 * powers of 1000; KiB, MiB, GiB, TiB in powers of 1024; the B may be left out), or fails with
 * exit code 2.
 */
export function byteSize(flag: string) {
  return (text: string): number => {
    const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]i?)?b?\s*$/i.exec(text);
    const value = match ? Number(match[1]) * UNITS[(match[2] ?? '').toLowerCase()]! : Number.NaN;
    if (!Number.isFinite(value) || value < MIN_BYTE_SIZE) {
      throw flagError(flag, `must be a size of at least 1MB, such as 8GB or 512MB, not '${text}'`);
    }
    return value;
  };
}
