import type { Stream } from '../../core/random.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import type { Engine } from '../engine.js';
import { DirectMethod } from '../stochastic/direct-method.js';
import type { Kernel } from '../stochastic/kernel.js';
import { type KernelParts, StochasticEngine } from '../stochastic/stochastic-engine.js';
import { CompiledDirectMethod } from './compiled-direct.js';
import { compiledKernel, ssaVariant } from './method.js';
import { NextReactionMethod } from './next-reaction.js';

/**
 * Creates the exact stochastic simulation of a compiled scenario's reaction network: every
 * reaction is one event at its exact random time, drawn from `stream`. Timed events fire at their
 * times and conditional events when their conditions turn true; the state observed at T is the
 * state after everything at times ≤ T. Which variant runs is `ssaVariant(compiled)`, with the
 * options of `compiled.options.ssa`.
 */
export function createSsa(compiled: CompiledScenario, stream: Stream): Engine {
  const wasm = compiledKernel(compiled);
  const variant = ssaVariant(compiled);
  const makeKernel = (parts: KernelParts): Kernel => {
    if (wasm !== undefined) return new CompiledDirectMethod(parts.table, parts.stream, parts.extinct, wasm);
    const Method = variant === 'direct' ? DirectMethod : NextReactionMethod;
    return new Method(parts.table, parts.graph, parts.stream, parts.runner, parts.extinct);
  };
  return new StochasticEngine(compiled, stream, 'ssa', makeKernel, compiled.options.ssa.maxEvents);
}
