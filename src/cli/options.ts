import { flagError } from '../core/errors.js';

/** Parses a whole number flag within bounds, or fails with exit code 2. */
export function wholeNumber(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw flagError(
        flag,
        `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, not '${text}'`,
      );
    }
    return value;
  };
}

/** Parses a positive number flag, or fails with exit code 2. */
export function positiveNumber(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw flagError(flag, `must be a number greater than 0, not '${text}'`);
    }
    return value;
  };
}

/** Collects a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
