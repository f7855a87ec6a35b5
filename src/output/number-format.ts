/**
 * A time on the output grid, without float noise: the grid of a short decimal step is exact
 * (`core/grid-time.ts`), but not one of 1/3 or a time a run computed (0.30000000000000004 → 0.3).
 */
export function formatTime(t: number): string {
  return String(roundedTime(t));
}

/** A time on the output grid as `formatTime` prints it, as a number (for the Parquet tables). */
export function roundedTime(t: number): number {
  return Number(t.toPrecision(12));
}

/** A value as the shortest text that reads back to the same double: deterministic on every machine. */
export function formatValue(v: number): string {
  return String(v);
}

/**
 * A value rounded for people: 5 significant digits below 10,000 (543.77), whole numbers with
 * thousands separators from 10,000 to 10¹⁵ (a mean of 51,828,875.5 people is 51,828,876, where 5
 * digits wrote 51829000 beside counts written 13,595,372), an exponent beyond.
 */
export function formatHuman(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e4 && abs < 1e15) return Math.round(v).toLocaleString('en-US');
  if (abs < 1e4 && Number.isInteger(v)) return String(v);
  if (abs >= 1e-3 && abs < 1e4) return String(Number(v.toPrecision(5)));
  return v.toExponential(3);
}

/**
 * A count of people or cells for a sentence: whole numbers with thousands separators (13,595,372),
 * one past what a double holds as `more than 1e308`, others as {@link formatHuman}.
 */
export function formatCount(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return 'more than 1e308';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toLocaleString('en-US') : formatHuman(v);
}

/** Decimals a percentage may gain, past those asked for, to stay off 0% and 100% (623 of 624: 99.8%). */
const PERCENT_EXTRA_DIGITS = 2;
/** A share this close to 0 or 1 is none or all: the float noise of sums and quotients. */
const SHARE_NOISE = 1e-9;

/**
 * A share (0 … 1) as a percentage for people, with `digits` decimals: 100% only when it is all,
 * and 0% only when it is none. A share that would round to either and is not it gains decimals,
 * up to two more (623 of 624 is 99.8%, not 100%; 1 of 2,500 is 0.04%, not 0%), and past those
 * reads `>99.99%` or `<0.01%`.
 */
export function formatPercent(share: number, digits = 0): string {
  if (!Number.isFinite(share)) return `${share}%`;
  const all = Math.abs(share - 1) <= SHARE_NOISE;
  const none = Math.abs(share) <= SHARE_NOISE;
  // None is 0%, not −0% from a share a hair below 0.
  if (none) return `${(0).toFixed(digits)}%`;
  const most = digits + PERCENT_EXTRA_DIGITS;
  for (let d = digits; d <= most; d++) {
    const text = (share * 100).toFixed(d);
    const shown = Number(text);
    if ((shown === 100 && !all) || (shown === 0 && !none)) continue;
    return `${text}%`;
  }
  const least = (10 ** -most).toFixed(most);
  return share > 0.5 ? `>${(100 - 10 ** -most).toFixed(most)}%` : `<${least}%`;
}

/** Significant digits of the figures in `summary.json`: enough for any count, without float noise. */
const JSON_DIGITS = 12;

/**
 * A copy of a JSON-ready value with every non-integer number rounded to 12 significant digits
 * (`4.6000000000000005` → `4.6`), for `summary.json`. Integers, strings and structure are kept.
 */
export function roundFigures<T>(value: T): T {
  if (typeof value === 'number')
    return (
      Number.isFinite(value) && !Number.isInteger(value) ? Number(value.toPrecision(JSON_DIGITS)) : value
    ) as T;
  if (Array.isArray(value)) return value.map(roundFigures) as T;
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    // fromEntries defines own properties, so a key such as `__proto__` stays a plain key.
    if (prototype === Object.prototype || prototype === null)
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, roundFigures(v)])) as T;
  }
  return value;
}
