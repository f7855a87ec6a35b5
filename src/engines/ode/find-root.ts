/** Iterations after which `findRoot` stops and returns its best bracket end. */
const MAX_ITERATIONS = 100;

/**
 * Locates a sign change of `g` between `tA` and `tB` by the Illinois variant of regula falsi, with a
 * bisection step whenever the bracket fails to halve in two iterations.
 *
 * `gA = g(tA)` and `gB = g(tB)` must have opposite signs, or `gB` (or `gA`) may be 0. The result lies in
 * the closed bracket, on the `tB` side of the sign change: `g(result)` is 0 or has the sign of `gB`, and
 * a sign change lies within `tolerance` of it (unless the 100-iteration cap is hit first). So an event
 * defined by "g has the sign of gB" really has happened at the returned time. `tA > tB` is allowed.
 * Flat stretches, steps and discontinuities are handled by bisection; it never throws on them.
 *
 * @param g the function, for example `(t) => ode.interpolateComponent(t, 0) - 1` on the last step.
 * @param tolerance the largest acceptable width of the final bracket; below the spacing of doubles it stops at adjacent doubles.
 * @throws RangeError if `gA` and `gB` are both non-zero with the same sign, or either is NaN.
 */
export function findRoot(
  g: (t: number) => number,
  tA: number,
  gA: number,
  tB: number,
  gB: number,
  tolerance: number,
): number {
  if (gB === 0) return tB;
  if (gA === 0) return tA;
  if (!(gA > 0 ? gB < 0 : gA < 0 && gB > 0)) {
    throw new RangeError(`findRoot: g(${tA}) = ${gA} and g(${tB}) = ${gB} do not bracket a root`);
  }
  let a = tA;
  let fa = gA;
  let b = tB;
  let fb = gB;
  const positiveB = gB > 0;
  let side = 0;
  let width = Math.abs(b - a);
  let width1 = Number.POSITIVE_INFINITY;
  let width2 = Number.POSITIVE_INFINITY;
  for (let iteration = 0; iteration < MAX_ITERATIONS && width > tolerance; iteration++) {
    let c = width > 0.5 * width2 ? 0.5 * (a + b) : b - (fb * (b - a)) / (fb - fa);
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (!(c > lo && c < hi)) c = 0.5 * (a + b);
    if (!(c > lo && c < hi)) break; // a and b are adjacent doubles
    const fc = g(c);
    if (fc === 0) return c;
    if (fc > 0 === positiveB) {
      b = c;
      fb = fc;
      if (side === 1) fa *= 0.5;
      side = 1;
    } else {
      a = c;
      fa = fc;
      if (side === -1) fb *= 0.5;
      side = -1;
    }
    width2 = width1;
    width1 = width;
    width = Math.abs(b - a);
  }
  return b;
}
