/**
 * Alemi et al.'s model on their US grid (test/engines/lattice/alemi-us.yaml): how long until the
 * outbreak has reached half the people, and how long until it ends.
 *
 *   node --import tsx bench/lattice-science/alemi-half.ts [sqrt|full] [OUTBREAKS] [exact|fast] [FIRST_SEED]
 *
 * `sqrt`: their web demo's ⌊√pop⌋ + 1 agents in every populated cell (7,089,803 in all); `full`:
 * everyone (306,675,004). Each seed (FIRST_SEED, default 1, and on) starts from a single bite in lower Manhattan; about
 * 4 seeds in 5 die out within hours: those are counted and set aside, and seeds run until
 * OUTBREAKS (default 5) have taken off. For those: the hour
 * at which S first falls to half the map's people or less ("half the country has fallen": bitten,
 * turned or killed as zombies), and the end: the last hour with an event (E + Z at 0, or zombies
 * left only where nobody is left to bite: a day passes with no event), read on a 1-hour grid;
 * when the last cells saw their first zombie (99th percentile and last of the cells reached);
 * the events and CPU seconds. One JSON line per seed, then the medians.
 * `UNDEAD_ALEMI_GRID` names the grid file if it is not in ../shared/reference/alemi-us-grid.
 */
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import type { LatticeEngine } from '../../src/engines/lattice/engine.js';
import type { CompiledScenario } from '../../src/scenario/compiled.js';
import { ALEMI_GRID_FOLDER, alemiGridFile, alemiScenario } from '../../test/engines/lattice/alemi-grid.js';

const agents = process.argv[2] ?? 'sqrt';
const seeds = Number(process.argv[3] ?? 5);
const method = process.argv[4] ?? 'exact';
const firstSeed = Number(process.argv[5] ?? 1);
const until = Number(process.env.ALEMI_UNTIL ?? 24 * 365);
const file = alemiGridFile();
if (file === undefined) throw new Error(`the grid is not at hand: ${ALEMI_GRID_FOLDER}`);

/** Their demo's agents: ⌊√pop⌋ + 1 in each populated cell, the bite's E among them. */
function sqrtAgents(compiled: CompiledScenario): CompiledScenario {
  const initial = Float64Array.from(compiled.lattice!.initial);
  for (let k = 0; k < initial.length; k += 4) {
    const people = initial[k]! + initial[k + 1]!;
    if (people > 0) initial[k] = Math.floor(Math.sqrt(people)) + 1 - initial[k + 1]!;
  }
  return {
    ...compiled,
    fingerprint: `${compiled.fingerprint}/sqrt`,
    lattice: { ...compiled.lattice!, initial },
  };
}

const base = alemiScenario(file, [
  `world.lattice.method=${method}`,
  `time.until=${until}`,
  'options.ssa.max_events=1000000000000',
]);
const compiled = agents === 'sqrt' ? sqrtAgents(base) : base;
let people = 0;
for (let k = 0; k < compiled.lattice!.initial.length; k++) people += compiled.lattice!.initial[k]!;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const halves: number[] = [];
const ends: number[] = [];
let diedOut = 0;
for (let seed = firstSeed; halves.length < seeds && seed < firstSeed + 20 * seeds; seed++) {
  const cpu = process.cpuUsage();
  const engine = createEngine(compiled, streamFor(seed, 0)) as LatticeEngine;
  const totals = engine.kernel.totals;
  let half = Number.NaN;
  let end = Number.NaN;
  let t = 0;
  let lastEvents = 0;
  let quietSince = 0;
  while (t < until) {
    t += 1;
    engine.advanceTo(t);
    if (Number.isNaN(half) && totals[0]! <= people / 2) half = t;
    if (engine.eventCount > lastEvents) {
      lastEvents = engine.eventCount;
      quietSince = t;
    }
    // The end: no zombie left, or a day with no event (zombies left only where nobody is to bite).
    if (totals[1]! + totals[2]! === 0 || t - quietSince >= 24) {
      end = quietSince;
      break;
    }
  }
  const seconds = process.cpuUsage(cpu).user / 1e6;
  const established = !(totals[0]! > people - 100);
  if (!established) {
    diedOut++;
    console.log(
      JSON.stringify({ agents, method, seed, died_out: true, end_hours: end, events: engine.eventCount }),
    );
    continue;
  }
  halves.push(half);
  ends.push(end);
  // When the cells reached saw their first zombie, in order.
  const arrival = Array.from(engine.kernel.arrival)
    .filter((a) => !Number.isNaN(a))
    .sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      agents,
      method,
      seed,
      half_hours: half,
      half_days: Number((half / 24).toFixed(2)),
      end_hours: end,
      end_days: Number((end / 24).toFixed(1)),
      arrival_p99_days: Number((arrival[Math.floor(arrival.length * 0.99)]! / 24).toFixed(1)),
      arrival_last_days: Number((arrival[arrival.length - 1]! / 24).toFixed(1)),
      cells_reached: arrival.length,
      final: { S: totals[0], E: totals[1], Z: totals[2], R: totals[3] },
      events: engine.eventCount,
      cpu_seconds: Number(seconds.toFixed(1)),
      events_per_cpu_second: Math.round(engine.eventCount / seconds),
    }),
  );
}
console.log(
  JSON.stringify({
    agents,
    method,
    people,
    outbreaks: halves.length,
    died_out: diedOut,
    median_half_days: halves.length > 0 ? Number((median(halves) / 24).toFixed(2)) : null,
    median_end_days: ends.length > 0 ? Number((median(ends) / 24).toFixed(1)) : null,
  }),
);
