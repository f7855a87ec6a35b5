import { streamFor } from '../src/core/random.js';
import { LatticeEngine } from '../src/engines/lattice/engine.js';
import { compileScenario } from '../src/scenario/compile.js';
import type { CompiledScenario } from '../src/scenario/compiled.js';
import { parseScenario } from '../src/scenario/parse.js';

/**
 * Lattice speed on one thread, issue #14's W1: a 256 × 256 grid with 100 people per cell and closed
 * edges; bite at 1.0·S·Z/N and kill at 0.8·S·Z/N with N = S + Z + R; S and Z hop to each neighbour
 * at 0.025 per hour, R does not move; 5 zombies added to cell (128, 128); 5·10⁷ events of the
 * exact (next-subvolume) method. The figure is events per second over the whole run, the first
 * events (V8's warm-up) included. `BENCH_QUICK=1` runs 5·10⁶ events.
 */

const SIZE = Number(process.env.W1_SIZE ?? 256);
const EVENTS = process.env.BENCH_QUICK === '1' ? 5e6 : 5e7;

const W1 = `name: w1
title: W1, the lattice benchmark of issue 14
model:
  compartments: [S, Z, R]
  parameters: { beta: 1.0, kappa: 0.8 }
  reactions:
    bite: { from: S + Z, to: 2 Z, law: beta * S * Z / N }
    kill: { from: S + Z, to: S + R, law: kappa * S * Z / N }
initial: { S: 100, Z: 0, R: 0 }
time: { until: 1e9, every: 1e9, unit: hour }
`;

/** W1 as a compiled scenario (the lattice built here, as the scenario layer's world.lattice would). */
function w1(): CompiledScenario {
  const base = compileScenario(parseScenario(W1, 'w1.yaml'), 'ssa');
  const cells = SIZE * SIZE;
  const initial = new Float64Array(cells * 3);
  for (let k = 0; k < cells; k++) initial[k * 3] = 100;
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
      method: 'exact',
      epsilon: 0.03,
    },
  };
}

/** One JSON line: W1's events per second. */
export async function run(): Promise<Array<Record<string, unknown>>> {
  const engine = new LatticeEngine(w1(), streamFor(1));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const events = engine.runEvents(EVENTS);
  const seconds = (performance.now() - started) / 1000;
  // CPU time too: on a shared machine the wall clock counts the other processes' turns.
  const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
  const out = new Float64Array(3);
  engine.observe(out);
  return [
    {
      case: `W1: ${SIZE}x${SIZE} lattice, 100 per cell, bite 1.0 kill 0.8 (/N), S and Z hop 0.025, exact method`,
      events,
      seconds: Number(seconds.toFixed(2)),
      events_per_second_millions: Number((events / seconds / 1e6).toFixed(2)),
      cpu_seconds: Number(cpuSeconds.toFixed(2)),
      events_per_cpu_second_millions: Number((events / cpuSeconds / 1e6).toFixed(2)),
      hours_simulated: Number(engine.time.toFixed(2)),
      final: { S: out[0], Z: out[1], R: out[2] },
    },
  ];
}
