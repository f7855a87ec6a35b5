import { pointLabel, type SweepDesign } from '../ensemble/sweep/design.js';
import { formatHuman } from '../output/number-format.js';
import type { PointValues } from '../output/sweep-chart.js';

/** Points listed one a line when there are at most this many; beyond, the extremes. */
const LISTED_POINTS = 20;
/** Points shown at each end of a long sweep. */
const EXTREMES = 3;

/**
 * The human summary of a sweep: a head line, then the metric's mean (and 90% band) at every point
 * of a small sweep, or at the lowest and highest points of a big one.
 */
export function sweepText(
  head: string,
  design: SweepDesign,
  metric: string,
  values: PointValues,
  band: boolean,
): string {
  const lines = [head];
  const label = (p: number) => pointLabel(design.names, design.points[p]!.values, formatHuman);
  // The values column is as wide as its longest label (30 at least), so the figures line up.
  let width = 30;
  for (let p = 0; p < design.points.length; p++) width = Math.max(width, label(p).length);
  const show = (p: number) => {
    const mean = values.mean[p]!;
    const spread =
      band && Number.isFinite(values.q05[p]!)
        ? `  [${formatHuman(values.q05[p]!)}, ${formatHuman(values.q95[p]!)}]`
        : '';
    return `${String(p).padStart(6)}  ${label(p).padEnd(width)}  ${Number.isFinite(mean) ? formatHuman(mean) : '–'}${spread}`;
  };
  const title = `${'point'.padStart(6)}  ${'values'.padEnd(width)}  ${metric} mean${band ? '  [q05, q95]' : ''}`;
  const count = design.points.length;
  if (count <= LISTED_POINTS) {
    lines.push(title);
    for (let p = 0; p < count; p++) lines.push(show(p));
    return lines.join('\n');
  }
  const order = [...Array(count).keys()]
    .filter((p) => Number.isFinite(values.mean[p]!))
    .sort((a, b) => values.mean[a]! - values.mean[b]! || a - b);
  lines.push(`lowest ${metric}:`, title, ...order.slice(0, EXTREMES).map(show));
  lines.push(`highest ${metric}:`, title, ...order.slice(-EXTREMES).reverse().map(show));
  return lines.join('\n');
}
