import { createOde, type OdeEngine } from '../../../src/engines/ode/engine.js';
import type { LoggedIntervention } from '../../../src/model/intervention.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { parseText } from '../../helpers.js';

/** munz-basic with a cull whenever the zombies pass 100: a conditional event, which no built-in has. */
export const CULLED = `name: culled
title: Culled
model:
  compartments: [S, Z, R]
  parameters: { alpha: 0.005, beta: 0.0095, zeta: 0.0001, delta: 0.0001 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    defeat: { from: S + Z, to: S + R, rate: alpha }
    death: { from: S, to: R, rate: delta }
    resurrect: { from: R, to: Z, rate: zeta }
initial: { S: 500, Z: 1, R: 0 }
time: { until: 10, every: 0.1 }
events:
  - { name: cull, when: Z > 100, scale: { Z: 0.5 } }
  - { name: airdrop, at: 6, set: { S: 50 } }
  - { name: nuke, enabled: false, at: 1, scale: { S: 0, Z: 0 } }
`;

/** A built-in (by name) or scenario text, compiled for the ODE with `--set`-style settings. */
export function compiledOde(nameOrText: string, settings: string[] = []): CompiledScenario {
  const loaded = nameOrText.includes('\n')
    ? parseText(nameOrText, settings)
    : loadScenario(nameOrText, settings);
  return compileScenario(loaded, 'ode');
}

/** A fresh ODE engine for a built-in or scenario text. */
export function odeOf(nameOrText: string, settings: string[] = []): OdeEngine {
  return createOde(compiledOde(nameOrText, settings));
}

/** The state of an engine now, as a fresh array. */
export function stateOf(engine: OdeEngine): Float64Array {
  const out = new Float64Array(engine.compartments.length);
  engine.observe(out);
  return out;
}

/**
 * Advances `engine` through `stops` (sorted), giving it the interventions of `log` as their times
 * come, and returns its state at each of `grid` (a subset of `stops`), all in one array: what must
 * not depend on the stops in between.
 */
export function observeAt(
  engine: OdeEngine,
  stops: readonly number[],
  grid: readonly number[],
  log: readonly LoggedIntervention[] = [],
): Float64Array {
  const n = engine.compartments.length;
  const out = new Float64Array(grid.length * n);
  const row = new Float64Array(n);
  let g = 0;
  let next = 0;
  for (const t of stops) {
    for (; next < log.length && log[next]!.t <= t; next++) {
      engine.advanceTo(log[next]!.t);
      engine.control(log[next]!.intervention);
    }
    engine.advanceTo(t);
    while (g < grid.length && grid[g] === t) {
      engine.observe(row);
      out.set(row, n * g++);
    }
  }
  return out;
}

/** The first index where two arrays differ as Object.is sees it, or -1: a comparison of every bit that says where. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : a.length;
}
