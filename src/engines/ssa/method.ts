import type { DependencyGraph } from './dependency-graph.js';

/** The exact SSA variants: `auto` picks one from the shape of the network. */
export const ssaMethods = ['auto', 'direct', 'next-reaction'] as const;
/** An exact SSA variant, or `auto`. */
export type SsaMethod = (typeof ssaMethods)[number];

/** Above this many reactions `auto` considers the next-reaction method (bench/ssa.ts: the ring cases). */
const MANY_REACTIONS = 48;

/**
 * The variant `auto` runs: the direct method for up to 48 reactions, where its O(M) search is a
 * handful of adds (and the kernel compiles to WebAssembly), and the next-reaction method for more
 * reactions with a sparse dependency graph, where its O(log M) heap updates win.
 */
export function chooseMethod(method: SsaMethod, graph: DependencyGraph): 'direct' | 'next-reaction' {
  if (method !== 'auto') return method;
  const m = graph.start.length - 1;
  const meanDependents = m > 0 ? graph.index.length / m : 0;
  return m > MANY_REACTIONS && meanDependents <= m / 4 ? 'next-reaction' : 'direct';
}
