import { conditionalEvents } from '../../model/events.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import type { DependencyGraph } from '../stochastic/dependency-graph.js';
import { propensityPlan } from '../stochastic/propensity-plan.js';
import { type CompiledDirect, compileDirect } from './direct-wasm.js';

/** The exact SSA variants: `auto` picks one from the shape of the network. */
export const ssaMethods = ['auto', 'direct', 'next-reaction'] as const;
/** An exact SSA variant, or `auto`. */
export type SsaMethod = (typeof ssaMethods)[number];

/** Above this many reactions `auto` considers the next-reaction method (bench/ssa.ts: the ring cases). */
const MANY_REACTIONS = 48;
/** `auto` takes the next-reaction method when a reaction has at most this share of the reactions as dependents. */
const SPARSE_SHARE = 1 / 4;

/**
 * The variant `auto` runs: the direct method for up to 48 reactions, where its O(M) search is a
 * handful of adds (and the kernel compiles to WebAssembly), and the next-reaction method for more
 * reactions with a sparse dependency graph, where its O(log M) heap updates win.
 */
export function chooseMethod(method: SsaMethod, graph: DependencyGraph): 'direct' | 'next-reaction' {
  if (method !== 'auto') return method;
  const m = graph.start.length - 1;
  const meanDependents = m > 0 ? graph.index.length / m : 0;
  return m > MANY_REACTIONS && meanDependents <= m * SPARSE_SHARE ? 'next-reaction' : 'direct';
}

/** The SSA variant a compiled scenario runs with its `options.ssa.method`: what summaries report. */
export function ssaVariant(compiled: CompiledScenario): 'direct' | 'next-reaction' {
  return chooseMethod(compiled.options.ssa.method, propensityPlan(compiled.network).graph);
}

/**
 * The direct method's WebAssembly kernel for a compiled scenario, or undefined where the
 * JavaScript kernel runs: another variant, `options.ssa.compile` off, conditional events (the
 * compiled kernel does not watch them), or a network it does not cover.
 */
export function compiledKernel(compiled: CompiledScenario): CompiledDirect | undefined {
  const { options, network, events } = compiled;
  if (ssaVariant(compiled) !== 'direct' || !options.ssa.compile || conditionalEvents(events).length > 0)
    return undefined;
  return compileDirect(propensityPlan(network));
}
