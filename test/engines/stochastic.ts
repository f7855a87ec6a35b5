import type { Stream } from '../../src/core/random.js';
import type { Engine } from '../../src/engines/engine.js';
import { createSsa } from '../../src/engines/ssa/engine.js';
import { StochasticEngine } from '../../src/engines/stochastic/stochastic-engine.js';
import { createTau } from '../../src/engines/tau/engine.js';
import { type TauLeaping, tauKernel } from '../../src/engines/tau/tau-leaping.js';
import type { Trajectory } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import type { CompiledScenario, EngineOptions } from '../../src/scenario/compiled.js';
import type { LoadedScenario } from '../../src/scenario/parse.js';

/** A checksum of a whole trajectory, to freeze it (noreg tests). */
export function checksum(run: Trajectory): number {
  let hash = 0;
  for (let i = 0; i < run.values.length; i++) hash = (Math.imul(hash, 31) + run.values[i]! * (i + 1)) | 0;
  return hash >>> 0;
}

/** `loaded` compiled for `engine`, with some of its engine options replaced. */
export function compiledWith(
  loaded: LoadedScenario,
  engine: 'ssa' | 'tau',
  options: { ssa?: Partial<EngineOptions['ssa']>; tau?: Partial<EngineOptions['tau']> } = {},
): CompiledScenario {
  const compiled = compileScenario(loaded, engine);
  return {
    ...compiled,
    options: {
      ...compiled.options,
      ssa: { ...compiled.options.ssa, ...options.ssa },
      tau: { ...compiled.options.tau, ...options.tau },
    },
  };
}

/** The SSA engine for a loaded scenario, with some of its options replaced. */
export function ssaOf(
  loaded: LoadedScenario,
  stream: Stream,
  options: Partial<EngineOptions['ssa']> = {},
): Engine {
  return createSsa(compiledWith(loaded, 'ssa', { ssa: options }), stream);
}

/** The tau-leaping engine for a loaded scenario, with some of its options replaced. */
export function tauOf(
  loaded: LoadedScenario,
  stream: Stream,
  options: Partial<EngineOptions['tau']> = {},
): Engine {
  return createTau(compiledWith(loaded, 'tau', { tau: options }), stream);
}

/** The tau-leaping engine with its kernel in view, for tests that count its leaps. */
export function tauWithKernel(loaded: LoadedScenario, stream: Stream): StochasticEngine<TauLeaping> {
  const compiled = compiledWith(loaded, 'tau');
  const { epsilon, maxEvents } = compiled.options.tau;
  return new StochasticEngine(compiled, stream, 'tau', tauKernel(epsilon), maxEvents);
}
