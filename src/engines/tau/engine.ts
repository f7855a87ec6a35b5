import type { Stream } from '../../core/random.js';
import type { LoadedScenario } from '../../scenario/parse.js';
import { StochasticEngine } from '../ssa/stochastic-engine.js';
import { type TauLeaping, type TauOptions, tauKernel } from './tau-leaping.js';

/**
 * Creates the tau-leaping engine for a scenario: many reactions per step, with step sizes after
 * Cao, Gillespie and Petzold (2006), exact handling of critical reactions, and exact SSA steps
 * where leaps would be too short. Events fire as in the SSA engine; randomness comes from `stream`.
 */
export function createTau(
  loaded: LoadedScenario,
  stream: Stream,
  options: TauOptions = {},
): StochasticEngine<TauLeaping> {
  return new StochasticEngine(loaded, stream, 'tau', tauKernel(options), options.maxEvents);
}
