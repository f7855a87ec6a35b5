import type { Stream } from '../../core/random.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import type { Engine } from '../engine.js';
import { StochasticEngine } from '../stochastic/stochastic-engine.js';
import { tauKernel } from './tau-leaping.js';

/**
 * Creates the tau-leaping engine for a compiled scenario: many reactions per step, with step sizes
 * after Cao, Gillespie and Petzold (2006), exact handling of critical reactions, and exact SSA steps
 * where leaps would be too short. Events fire as in the SSA engine; randomness comes from `stream`;
 * the options are `compiled.options.tau`.
 */
export function createTau(compiled: CompiledScenario, stream: Stream): Engine {
  const { epsilon, maxEvents } = compiled.options.tau;
  return new StochasticEngine(compiled, stream, 'tau', tauKernel(epsilon), maxEvents);
}
