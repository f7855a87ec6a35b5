/**
 * The k-th time of a regular grid, origin + k·step, as the number the user means. In doubles
 * 3 × 0.3 is 0.8999999999999999 and 3 × 0.7 is 2.0999999999999996, so a row "at 0.9" came before
 * an intervention the user wrote at 0.9, and a run to 2.1 every 0.7 ended before its events at
 * 2.1. Where origin and step are short decimals (at most 15 places, as written), the time is
 * worked out in whole multiples of their last place and divided once: the double nearest the
 * decimal value, equal to the same time written in a file. Otherwise (a step of 1/3, or numbers
 * too large for whole doubles), origin + k·step.
 */
export function gridTime(origin: number, step: number, k: number): number {
  return timeAt(origin, step, gridScale(origin, step), k);
}

/** The first `count` times of the grid from `origin` by `step` (see `gridTime`), its scale found once. */
export function gridTimes(origin: number, step: number, count: number): Float64Array {
  const scale = gridScale(origin, step);
  const times = new Float64Array(count);
  for (let k = 0; k < count; k++) times[k] = timeAt(origin, step, scale, k);
  return times;
}

/** 10^places for a grid of short decimals, or 0 where it is worked out as origin + k·step. */
function gridScale(origin: number, step: number): number {
  const places = Math.max(decimalPlaces(origin), decimalPlaces(step));
  if (places === 0 || places > MAX_PLACES) return 0;
  const scale = 10 ** places;
  return Math.round(origin * scale) / scale === origin && Math.round(step * scale) / scale === step
    ? scale
    : 0;
}

/** Time k of the grid: in whole units of 1/scale when scale > 0 and they stay whole doubles. */
function timeAt(origin: number, step: number, scale: number, k: number): number {
  if (scale > 0) {
    const units = Math.round(origin * scale) + k * Math.round(step * scale);
    if (Number.isSafeInteger(units)) return units / scale;
  }
  return origin + k * step;
}

/** The most decimal places a grid is worked out in: the digits of a double. */
const MAX_PLACES = 15;

/** How many decimal places the shortest text of x has (`0.25`: 2, `1e-7`: 7, `1.5e-7`: 8, `60`: 0). */
function decimalPlaces(x: number): number {
  const text = String(Math.abs(x));
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  return Math.max(0, (dot < 0 ? 0 : mantissa.length - dot - 1) - exponent);
}
