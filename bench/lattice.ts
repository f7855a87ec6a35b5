import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { streamFor } from '../src/core/random.js';
import { LatticeEngine } from '../src/engines/lattice/engine.js';
import { NextSubvolume } from '../src/engines/lattice/next-subvolume.js';
import { SpatialTau } from '../src/engines/lattice/spatial-tau.js';
import { compileScenario } from '../src/scenario/compile.js';
import type { CompiledScenario } from '../src/scenario/compiled.js';
import { loadScenario } from '../src/scenario/files.js';
import { parseScenario } from '../src/scenario/parse.js';
import { alemiScenario } from '../test/engines/lattice/alemi-grid.js';

/**
 * Lattice speed on one thread, issue #14's W1: a 256 × 256 grid with 100 people per cell and closed
 * edges; bite at 1.0·S·Z/N and kill at 0.8·S·Z/N with N = S + Z + R; S and Z hop to each neighbour
 * at 0.025 per hour, R does not move; 5 zombies added to cell (128, 128); 5·10⁷ events of the
 * exact (next-subvolume) method. The figure is events per second over the whole run, the first
 * events (V8's warm-up) included. `BENCH_QUICK=1` runs 5·10⁶ events.
 *
 * Then W1 with 10⁴ people a cell over 0.2 h (quick: 0.05 h), by the exact and the fast method:
 * the CPU seconds of each.
 *
 * Then, if the grid is at hand (`UNDEAD_ALEMI_GRID`, or ../shared/reference/alemi-us-grid beside
 * the repository), Alemi et al.'s model on their continental US grid (1500 × 900 cells, 3.07·10⁸
 * people): S, E, Z, R; bite S + Z → E + Z at 0.9 and kill S + Z → S + R at 0.72 per pair per hour
 * (no division by N), E → Z at 1.8 per hour, both also across the 4 bonds at 1/11; no movement;
 * 100 zombies in the most populous cell (lower Manhattan; with 10 the outbreak dies out one time in
 * ten). 2·10⁷ events (quick: 2·10⁶).
 *
 * Then two simulated months (1440 h) of `usa-cities` at full population by its fast method: W1's
 * model (bite 1.0·S·Z/N, kill 0.8·S·Z/N), S and Z hopping to each neighbour at 0.025 per hour, on
 * 656,985 populated cells of the continental US, with 100 zombies in Manhattan (the built-in's single
 * one dies out 4 times in 5): CPU seconds, or, if the run passes its budget (`LATTICE_BUDGET` CPU
 * seconds, default 1200; quick: 60), how far it got. The goal is 2 minutes. A zombie bites about
 * once an hour whatever its cell, so the hop stages take most of the time.
 *
 * Then, with the grid, Alemi et al.'s model run to the end (test/engines/lattice/alemi-us.yaml,
 * full population, exact method, 100 bitten in lower Manhattan so that it takes off; the end is
 * the first whole day without an event): events per second and total time, within the same budget.
 *
 * `LATTICE_CASES=w1,usa` runs only those cases (w1, w1-fast, alemi, usa, alemi-end). The exact
 * method's hops run in its compiled kernel where it applies (W1, not Alemi's bonds), and the fast
 * method's hop stages in theirs (`hop-stage-kernel.ts`: wherever no lure steers a mover);
 * `LATTICE_JS=1` runs their JavaScript loops instead, the same numbers, and each case says which
 * ran (`loop`).
 */

const SIZE = Number(process.env.W1_SIZE ?? 256);
const EVENTS = process.env.BENCH_QUICK === '1' ? 5e6 : 5e7;

/** W1's model: bite at 1.0·S·Z/N and kill at 0.8·S·Z/N. */
const W1_MODEL = `model:
  compartments: [S, Z, R]
  parameters: { beta: 1.0, kappa: 0.8 }
  reactions:
    bite: { from: S + Z, to: 2 Z, law: beta * S * Z / N }
    kill: { from: S + Z, to: S + R, law: kappa * S * Z / N }
`;

const W1 = `name: w1
title: W1, the lattice benchmark of issue 14
${W1_MODEL}initial: { S: 100, Z: 0, R: 0 }
time: { until: 1e9, every: 1e9, unit: hour }
`;

/** W1 as a compiled scenario (the lattice built here, as the scenario layer's world.lattice would). */
function w1(people = 100, method: 'exact' | 'fast' = 'exact'): CompiledScenario {
  const base = compileScenario(parseScenario(W1, 'w1.yaml'), 'ssa');
  const cells = SIZE * SIZE;
  const initial = new Float64Array(cells * 3);
  for (let k = 0; k < cells; k++) initial[k * 3] = people;
  initial[((SIZE >> 1) * SIZE + (SIZE >> 1)) * 3 + 1] = 5;
  return {
    ...base,
    engine: 'lattice',
    options: { ...base.options, ssa: { ...base.options.ssa, maxEvents: 1e12 } },
    lattice: {
      width: SIZE,
      height: SIZE,
      cellKm: 1,
      open: new Uint8Array(cells).fill(1),
      initial,
      move: Float64Array.of(0.025, 0.025, 0),
      coupling: new Float64Array(2),
      edges: 'closed',
      regions: [],
      spatialEvents: [],
      method,
      epsilon: 0.03,
    },
  };
}

const ALEMI = `name: alemi-us
title: Alemi et al. (2015) on their US grid
model:
  compartments: [S, E, Z, R]
  parameters: { bite: 0.9, kill: 0.72, turn: 1.8 }
  reactions:
    bite: { from: S + Z, to: E + Z, rate: bite }
    kill: { from: S + Z, to: S + R, rate: kill }
    turn: { from: E, to: Z, rate: turn }
initial: { S: 0, E: 0, Z: 0, R: 0 }
time: { until: 1e9, every: 1e9, unit: hour }
`;
const ALEMI_EVENTS = process.env.BENCH_QUICK === '1' ? 2e6 : 2e7;

/** The Alemi grid file, if it is at hand. */
function alemiGridFile(): string | undefined {
  const candidates = [
    process.env.UNDEAD_ALEMI_GRID,
    fileURLToPath(new URL('../../shared/reference/alemi-us-grid/js-grid.json.gz', import.meta.url)),
    fileURLToPath(new URL('../../../shared/reference/alemi-us-grid/js-grid.json.gz', import.meta.url)),
  ];
  return candidates.find((file) => file !== undefined && existsSync(file));
}

/** Alemi's model on Alemi's grid (their row 0 is the south edge; ours is the north). */
function alemi(file: string): CompiledScenario {
  const grid = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as number[][];
  const height = grid.length;
  const width = grid[0]!.length;
  const base = compileScenario(parseScenario(ALEMI, 'alemi-us.yaml'), 'ssa');
  const initial = new Float64Array(width * height * 4);
  let most = 0;
  grid.forEach((row, r) => {
    row.forEach((people, x) => {
      const k = (height - 1 - r) * width + x;
      initial[k * 4] = people;
      if (people > initial[most * 4]!) most = k;
    });
  });
  initial[most * 4 + 2] = 100;
  return {
    ...base,
    engine: 'lattice',
    options: { ...base.options, ssa: { ...base.options.ssa, maxEvents: 1e12 } },
    lattice: {
      width,
      height,
      cellKm: 3.2,
      open: new Uint8Array(width * height).fill(1),
      initial,
      move: new Float64Array(4),
      coupling: Float64Array.of(1 / 11, 1 / 11, 0),
      edges: 'closed',
      regions: [],
      spatialEvents: [],
      method: 'exact',
      epsilon: 0.03,
    },
  };
}

/** Runs `events` events of a fresh engine and says how fast. */
function measure(compiled: CompiledScenario, events: number): Record<string, unknown> {
  const engine = new LatticeEngine(compiled, streamFor(1));
  const loop = loopOf(engine);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const done = engine.runEvents(events);
  const seconds = (performance.now() - started) / 1000;
  // CPU time too: on a shared machine the wall clock counts the other processes' turns.
  const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
  const out = new Float64Array(engine.compartments.length);
  engine.observe(out);
  return {
    loop,
    events: done,
    seconds: Number(seconds.toFixed(2)),
    events_per_second_millions: Number((done / seconds / 1e6).toFixed(2)),
    cpu_seconds: Number(cpuSeconds.toFixed(2)),
    events_per_cpu_second_millions: Number((done / cpuSeconds / 1e6).toFixed(2)),
    hours_simulated: Number(engine.time.toFixed(3)),
    final: Object.fromEntries(engine.compartments.map((name, i) => [name, out[i]])),
  };
}

/** Which loop runs the exact method's hops, or the fast method's hop stages (`LATTICE_JS=1`: JavaScript). */
function loopOf(engine: LatticeEngine): string {
  const kernel = engine.kernel;
  if (!(kernel instanceof NextSubvolume || kernel instanceof SpatialTau)) return 'JavaScript';
  if (process.env.LATTICE_JS === '1') kernel.compiled = false;
  const loop = kernel.hasCompiledKernel && kernel.compiled ? 'WebAssembly' : 'JavaScript';
  return kernel instanceof SpatialTau ? `fast method, hop stages in ${loop}` : loop;
}

const BUDGET = Number(process.env.LATTICE_BUDGET ?? (process.env.BENCH_QUICK === '1' ? 60 : 1200));

/**
 * Runs a scenario on a 1-hour grid until `until`, or the first whole day without an event when
 * `toTheEnd`, or the CPU budget: how far it got, in how long.
 */
function timedRun(compiled: CompiledScenario, until: number, toTheEnd: boolean): Record<string, unknown> {
  const cpu = process.cpuUsage();
  const engine = new LatticeEngine(compiled, streamFor(1));
  const loop = loopOf(engine);
  const setup = process.cpuUsage(cpu).user / 1e6;
  let t = 0;
  let quietSince = 0;
  let events = 0;
  let seconds = setup;
  while (t < until && seconds < BUDGET) {
    t = Math.min(until, t + 1);
    engine.advanceTo(t);
    seconds = process.cpuUsage(cpu).user / 1e6;
    if (engine.eventCount > events) {
      events = engine.eventCount;
      quietSince = t;
    } else if (toTheEnd && t - quietSince >= 24) break;
  }
  const out = new Float64Array(engine.compartments.length);
  engine.observe(out);
  const finished = toTheEnd ? t - quietSince >= 24 : t >= until;
  return {
    loop,
    finished,
    hours_simulated: t,
    ...(toTheEnd ? { last_event_hours: quietSince } : {}),
    events: engine.eventCount,
    setup_cpu_seconds: Number(setup.toFixed(1)),
    cpu_seconds: Number(seconds.toFixed(1)),
    events_per_cpu_second_millions: Number((engine.eventCount / (seconds - setup) / 1e6).toFixed(2)),
    final: Object.fromEntries(engine.compartments.map((name, i) => [name, out[i]])),
  };
}

/** The cases, by the name `LATTICE_CASES` picks them with (a comma-separated list; default: all). */
const CASES: Record<string, () => Record<string, unknown> | undefined> = {
  w1: () => ({
    case: `W1: ${SIZE}x${SIZE} lattice, 100 per cell, bite 1.0 kill 0.8 (/N), S and Z hop 0.025, exact method`,
    ...measure(w1(), EVENTS),
  }),
  // The fast method where it is meant to pay: W1 with 10⁴ people a cell, over a stretch of time.
  'w1-fast': () => {
    const span = process.env.BENCH_QUICK === '1' ? 0.05 : 0.2;
    const timed: Record<string, number | string> = {};
    for (const method of ['exact', 'fast'] as const) {
      // With an output grid of 4 steps, where the fast method's leaps end.
      const compiled = w1(10_000, method);
      const engine = new LatticeEngine(
        { ...compiled, time: { ...compiled.time, until: span, every: span / 4 } },
        streamFor(1),
      );
      timed[`${method}_loop`] = loopOf(engine);
      const cpu = process.cpuUsage();
      engine.advanceTo(span);
      timed[`${method}_cpu_seconds`] = Number((process.cpuUsage(cpu).user / 1e6).toFixed(2));
      timed[`${method}_events`] = engine.eventCount;
      const out = new Float64Array(3);
      engine.observe(out);
      timed[`${method}_Z`] = out[1]!;
    }
    return {
      case: `W1 with 10^4 people a cell, to t = ${span} h: exact against fast (epsilon 0.03)`,
      ...timed,
    };
  },
  alemi: () => {
    const file = alemiGridFile();
    if (file === undefined) return undefined;
    return {
      case: 'Alemi et al. on their 1500x900 US grid: SEZR, bonds at 1/11, no movement, exact method',
      ...measure(alemi(file), ALEMI_EVENTS),
    };
  },
  usa: () => {
    const usa = compileScenario(loadScenario('usa-cities', ['world.lattice.seed.Z=100']), 'lattice');
    return {
      case: `usa-cities, two months at full population, fast method, W1's model: bite 1.0 kill 0.8 (/N), S and Z hop 0.025 (budget ${BUDGET} CPU s)`,
      ...timedRun(usa, 1440, false),
    };
  },
  'alemi-end': () => {
    const file = alemiGridFile();
    if (file === undefined) return undefined;
    return {
      case: `Alemi et al. on their US grid, full population, exact method, to the end (budget ${BUDGET} CPU s)`,
      ...timedRun(
        alemiScenario(file, [
          'world.lattice.seed.E=100',
          'time.until=8760',
          'options.ssa.max_events=1000000000000000',
        ]),
        8760,
        true,
      ),
    };
  },
};

/** One JSON line per case: events per second on one thread. */
export async function run(): Promise<Array<Record<string, unknown>>> {
  const picked = process.env.LATTICE_CASES?.split(',') ?? Object.keys(CASES);
  const unknown = picked.filter((name) => !(name in CASES));
  if (unknown.length > 0)
    throw new Error(`LATTICE_CASES: no case ${unknown.join(', ')} (cases: ${Object.keys(CASES).join(', ')})`);
  const results: Array<Record<string, unknown>> = [];
  for (const name of picked) {
    const result = CASES[name]!();
    if (result !== undefined) results.push(result);
  }
  return results;
}
