/**
 * The percolation curve of `lattice-critical`: for alpha = kappa/beta from 0.38 to 0.50, the share
 * of single-zombie outbreaks (exact method, one run per seed) that reach radius 32, 64, 128 and
 * 256 (the square ring round the seed, see test/engines/lattice/percolation-runs.ts).
 *
 *   node --import tsx bench/lattice-science/percolation.ts [SEEDS] [ALPHA,ALPHA,…]
 *
 * One JSON line per alpha. Below the critical alpha (about 0.437) the share levels off above 0 as
 * the radius grows; above it, it keeps falling towards 0.
 */
import { reachCounts } from '../../test/engines/lattice/percolation-runs.js';

const seeds = Number(process.argv[2] ?? 100);
const alphas = (process.argv[3] ?? '0.38,0.40,0.42,0.43,0.44,0.45,0.47,0.50').split(',').map(Number);
const radii = [32, 64, 128, 256];
for (const alpha of alphas) {
  const cpu = process.cpuUsage();
  const reached = reachCounts(alpha, radii, seeds);
  console.log(
    JSON.stringify({
      alpha,
      seeds,
      ...Object.fromEntries(radii.map((r, i) => [`p_reach_${r}`, reached[i]! / seeds])),
      cpu_seconds: Number((process.cpuUsage(cpu).user / 1e6).toFixed(1)),
    }),
  );
}
