import { streamFor } from '../../../src/core/random.js';
import type { Engine, Intervention, LoggedIntervention } from '../../../src/engines/engine.js';
import { createSsa } from '../../../src/engines/ssa/engine.js';
import { compiledKernel } from '../../../src/engines/ssa/method.js';
import { createTau } from '../../../src/engines/tau/engine.js';
import { outputTimes } from '../../../src/engines/trajectory.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import { parseText } from '../../helpers.js';
import { compiledWith } from '../stochastic.js';

/**
 * The variants of the counting engines, each on scenarios that exercise what it keeps between
 * calls: timed events, conditional events (on counts and on `t`), rates that read `t`, a disabled
 * event to fire by hand, and (for tau) leaps and exact steps.
 */

const OUTBREAK = {
  name: 'outbreak',
  title: 'an outbreak with strikes',
  model: {
    compartments: ['S', 'Z', 'R'],
    parameters: { beta: 0.0001, alpha: 0.00005, zeta: 0.2 },
    reactions: {
      bite: { from: 'S + Z', to: '2 Z', rate: 'beta' },
      defeat: { from: 'S + Z', to: 'S + R', rate: 'alpha' },
      resurrect: { from: 'R', to: 'Z', rate: 'zeta' },
    },
  },
  initial: { S: 20000, Z: 40, R: 0 },
  time: { until: 10, every: 0.5, unit: 'day' },
  engine: 'ssa',
  events: [
    { name: 'strike', at: [3.2, 7], scale: { Z: 0.5 } },
    {
      name: 'reinforcements',
      enabled: false,
      at: 1,
      set: { R: 0 },
      move: { from: 'S', to: 'R', fraction: 0.1 },
    },
  ],
};

/** Conditional events on counts and on `t`, and an immigration law that reads `t`: the JavaScript kernels only. */
const WATCHED = {
  ...OUTBREAK,
  name: 'watched',
  model: {
    ...OUTBREAK.model,
    parameters: { ...OUTBREAK.model.parameters, arrivals: 40 },
    reactions: { ...OUTBREAK.model.reactions, arrive: { from: 0, to: 'S', law: 'if(t < 5, arrivals, 0)' } },
  },
  events: [
    ...OUTBREAK.events,
    { name: 'panic', when: 'Z > 400', set: { beta: 0.00005 } },
    { name: 'dawn', when: 't >= 4.3', scale: { Z: 0.8 } },
  ],
};

export interface Variant {
  readonly name: string;
  readonly compiled: CompiledScenario;
  readonly create: (compiled: CompiledScenario, seed: number) => Engine;
}

const ssa = (compiled: CompiledScenario, seed: number) => createSsa(compiled, streamFor(seed));
const tau = (compiled: CompiledScenario, seed: number) => createTau(compiled, streamFor(seed));
const outbreak = parseText(JSON.stringify(OUTBREAK));
const watched = parseText(JSON.stringify(WATCHED));
const tauOutbreak = parseText(JSON.stringify({ ...OUTBREAK, initial: { S: 2_000_000, Z: 400, R: 0 } }), [
  'beta=0.000001',
  'alpha=0.0000005',
]);

/** Every variant, with the scenarios it runs. */
export function variants(): Variant[] {
  const wasm = compiledWith(outbreak, 'ssa', { ssa: { method: 'direct' } });
  if (compiledKernel(wasm) === undefined) throw new Error('the outbreak should run on the compiled kernel');
  return [
    { name: 'direct, WebAssembly', compiled: wasm, create: ssa },
    {
      name: 'direct, JavaScript',
      compiled: compiledWith(outbreak, 'ssa', { ssa: { compile: false } }),
      create: ssa,
    },
    {
      name: 'direct, watched',
      compiled: compiledWith(watched, 'ssa', { ssa: { method: 'direct' } }),
      create: ssa,
    },
    {
      name: 'next-reaction',
      compiled: compiledWith(outbreak, 'ssa', { ssa: { method: 'next-reaction' } }),
      create: ssa,
    },
    {
      name: 'next-reaction, watched',
      compiled: compiledWith(watched, 'ssa', { ssa: { method: 'next-reaction' } }),
      create: ssa,
    },
    { name: 'tau, leaping', compiled: compiledWith(tauOutbreak, 'tau'), create: tau },
    { name: 'tau, watched', compiled: compiledWith(watched, 'tau'), create: tau },
  ];
}

/** The output grid of a compiled scenario. */
export function gridOf(compiled: CompiledScenario): Float64Array {
  return outputTimes(compiled.time.until, compiled.time.every);
}

/** What a run shows: the counts at each output time, then the event count, milestones and fired events. */
export interface Observed {
  readonly rows: number[][];
  readonly events: number;
  readonly extinct: number[];
  readonly overtakes: string;
  readonly fired: string;
}

/**
 * Runs `engine` over the output grid, stopping also at `extra` times in between, and giving it
 * `interventions` at their times (before observing a grid time equal to one).
 */
export function observe(
  engine: Engine,
  grid: Float64Array,
  extra: readonly number[] = [],
  interventions: readonly LoggedIntervention[] = [],
  from = 0,
): Observed {
  type Stop = { t: number; row?: number; intervention?: Intervention };
  const stops: Stop[] = [
    ...Array.from(grid, (t, row) => ({ t, row })).filter((stop) => stop.t >= from),
    ...extra.filter((t) => t >= from).map((t) => ({ t })),
    ...interventions.map(({ t, intervention }) => ({ t, intervention })),
  ];
  // At equal times: interventions first, then grid rows (so a row sees the intervention).
  const rank = (stop: Stop) => (stop.intervention !== undefined ? 0 : stop.row === undefined ? 1 : 2);
  stops.sort((a, b) => a.t - b.t || rank(a) - rank(b));
  const rows: number[][] = [];
  const x = new Float64Array(engine.compartments.length);
  for (const stop of stops) {
    engine.advanceTo(stop.t);
    if (stop.intervention !== undefined) engine.control!(stop.intervention);
    if (stop.row !== undefined) {
      engine.observe(x);
      rows.push([...x]);
    }
  }
  const milestones = engine.milestones!();
  return {
    rows,
    events: engine.eventCount,
    extinct: [...milestones.extinct],
    overtakes: JSON.stringify(milestones.overtakes),
    fired: JSON.stringify(engine.firedEvents!()),
  };
}

/** `count` stops between 0 and `until`, irregular, from a seeded stream. */
export function irregularStops(until: number, count: number, seed: number): number[] {
  const stream = streamFor(seed);
  return Array.from({ length: count }, () => stream.next() * until).sort((a, b) => a - b);
}
