/**
 * `korea-hyosan` on the show's timeline (cordon on day 2, bombing on day 4): per seed, whether the
 * outbreak took off, how many of Hyosan's people are infected (E + Z in the region `hyosan`) just
 * before the bombs fall at hour 96, and when the first zombie reached the region `seoul`; exact
 * method unless `--set world.lattice.method=fast` is among the settings.
 *
 *   node --import tsx bench/lattice-science/hyosan.ts SEEDS UNTIL [--set NAME=VALUE]…
 *
 * One JSON line per seed, then a summary: the share that took off, the median and quartiles of the
 * infected at hour 96 over all seeds and over those that took off, and the median first arrival
 * in Seoul. A run stops at UNTIL hours (default 96), or once Seoul is reached if UNTIL is longer.
 */
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import type { LatticeEngine } from '../../src/engines/lattice/engine.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/files.js';

const args = process.argv.slice(2);
const seeds = Number(args[0] ?? 20);
const until = Number(args[1] ?? 96);
const settings = args.slice(2).filter((a) => a !== '--set');
const compiled = compileScenario(
  loadScenario('korea-hyosan', [`time.until=${until}`, 'options.ssa.max_events=1000000000000', ...settings]),
  'lattice',
);
const lattice = compiled.lattice!;
const region = (name: string) => lattice.regions.find((r) => r.name === name)!.cells;
const hyosan = region('hyosan');
const seoul = region('seoul');
const n = compiled.network.compartments.length;
let hyosanPeople = 0;
for (const k of hyosan) for (let c = 0; c < n; c++) hyosanPeople += lattice.initial[k * n + c]!;

const quantile = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const infectedAll: number[] = [];
const infectedTookOff: number[] = [];
const seoulArrivals: number[] = [];
let tookOff = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const cpu = process.cpuUsage();
  const engine = createEngine(compiled, streamFor(seed, 0)) as LatticeEngine;
  const { x, arrival, totals } = engine.kernel;
  const infectedIn = (cells: Uint32Array) => {
    let sum = 0;
    for (const k of cells) sum += x[k * n + 1]! + x[k * n + 2]!;
    return sum;
  };
  // Just before the bombs fall at hour 96.
  engine.advanceTo(Math.min(until, 96 - 1e-9));
  const infected = infectedIn(hyosan);
  let reachedSeoul = Number.NaN;
  for (let t = Math.ceil(engine.time); t <= until; t++) {
    engine.advanceTo(t);
    for (const k of seoul) if (!(arrival[k]! >= reachedSeoul)) reachedSeoul = arrival[k]!;
    if (!Number.isNaN(reachedSeoul) || totals[1]! + totals[2]! === 0) break;
  }
  const off = infected > 0 || totals[1]! + totals[2]! > 0;
  if (off) {
    tookOff++;
    infectedTookOff.push(infected);
  }
  infectedAll.push(infected);
  if (!Number.isNaN(reachedSeoul)) seoulArrivals.push(reachedSeoul);
  console.log(
    JSON.stringify({
      seed,
      took_off: off,
      hyosan_infected_at_96h: infected,
      seoul_first_zombie_hours: Number.isNaN(reachedSeoul) ? null : Number(reachedSeoul.toFixed(2)),
      events: engine.eventCount,
      cpu_seconds: Number((process.cpuUsage(cpu).user / 1e6).toFixed(1)),
    }),
  );
}
console.log(
  JSON.stringify({
    settings,
    seeds,
    hyosan_people: hyosanPeople,
    took_off: tookOff / seeds,
    infected_at_96h_all: [0.25, 0.5, 0.75].map((q) => quantile(infectedAll, q)),
    infected_at_96h_took_off: [0.25, 0.5, 0.75].map((q) => quantile(infectedTookOff, q)),
    seoul_reached: seoulArrivals.length,
    seoul_first_zombie_median_hours: quantile(seoulArrivals, 0.5),
  }),
);
