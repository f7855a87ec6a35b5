/**
 * The tick labels of a chart's count axis. The axis is a fixed 70 px wide: "40,000,000" does not
 * fit and was cut on the left, so an axis that reaches a million reads in the compact form the
 * cell chart uses ("40M", "2.5M"); below that, counts read in full ("900,000").
 */

/** The largest axis whose ticks read in full. */
const FULL_BELOW = 1e6;

/** How the ticks of an axis reaching `yMax` read. */
export function countTicks(yMax: number): (v: number) => string {
  return yMax >= FULL_BELOW
    ? (v) => v.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 })
    : (v) => v.toLocaleString('en-US');
}
