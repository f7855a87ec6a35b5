import type { Stream } from '../../core/random.js';
import { conditionalEvents } from '../../model/events.js';
import type { LoadedScenario } from '../../scenario/parse.js';
import { CompiledDirectMethod } from './compiled-direct.js';
import { DirectMethod } from './direct-method.js';
import { compileDirect } from './direct-wasm.js';
import type { Kernel } from './kernel.js';
import { chooseMethod, type SsaMethod } from './method.js';
import { NextReactionMethod } from './next-reaction.js';
import { propensityPlan } from './propensity-plan.js';
import { type KernelParts, StochasticEngine } from './stochastic-engine.js';

/** Options of the SSA engine. */
export interface SsaOptions {
  /** `direct`, `next-reaction`, or `auto` (the default): see {@link chooseMethod}. */
  method?: SsaMethod;
  /**
   * Run the direct method as WebAssembly compiled for the network, where it applies (product-form
   * laws, no conditional events). Default true; it gives the same numbers as the JavaScript kernel.
   */
  compile?: boolean;
  /** Reaction events a run may fire before it stops with a `RuntimeFailure` (`--max-events`); default 1e8. */
  maxEvents?: number;
}

/**
 * Creates the exact stochastic simulation of a scenario's reaction network: every reaction is
 * one event at its exact random time, drawn from `stream`. Timed events fire at their times and
 * conditional events when their conditions turn true; the state observed at T is the state after
 * everything at times ≤ T. `engine.kernel.name` tells which variant runs.
 */
export function createSsa(
  loaded: LoadedScenario,
  stream: Stream,
  options: SsaOptions = {},
): StochasticEngine<Kernel> {
  const plan = propensityPlan(loaded);
  const method = chooseMethod(options.method ?? 'auto', plan.graph);
  const compiled =
    method === 'direct' && options.compile !== false && conditionalEvents(loaded.events).length === 0
      ? compileDirect(plan)
      : undefined;
  const makeKernel = (parts: KernelParts): Kernel => {
    if (compiled !== undefined)
      return new CompiledDirectMethod(parts.table, parts.stream, parts.extinct, compiled);
    const Method = method === 'direct' ? DirectMethod : NextReactionMethod;
    return new Method(parts.table, parts.graph, parts.stream, parts.runner, parts.extinct);
  };
  return new StochasticEngine<Kernel>(loaded, stream, 'ssa', makeKernel, options.maxEvents);
}
