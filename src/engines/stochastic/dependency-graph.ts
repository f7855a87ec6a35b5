import type { Network } from '../../model/network.js';

/**
 * Which propensity groups change when a reaction fires, CSR-style: after reaction j, recompute
 * groups `index[start[j] .. start[j + 1])`. A group depends on j when one of its reactions' rates
 * reads a compartment that j changes (through derived quantities such as N too), or reads `t`, or
 * when j changes one of its reactants: a law that ignores them is still zero once they run out.
 */
export interface DependencyGraph {
  readonly start: Int32Array;
  readonly index: Int32Array;
}

/** Builds the dependency graph of a network, from reactions to the groups of `groupOf`. */
export function dependencyGraph(net: Network, groupOf: Int32Array): DependencyGraph {
  const m = net.reactionNames.length;
  const n = net.compartments.length;
  // readers[i]: the groups whose rates read compartment i.
  const readers: Set<number>[] = Array.from({ length: n }, () => new Set());
  const timed = new Set<number>();
  net.reads.forEach((reads, k) => {
    for (const i of reads) readers[i]!.add(groupOf[k]!);
    for (let r = net.reactantStart[k]!; r < net.reactantStart[k + 1]!; r++)
      readers[net.reactantIndex[r]!]!.add(groupOf[k]!);
    if (net.readsTime[k] === 1) timed.add(groupOf[k]!);
  });
  const lists: number[][] = [];
  for (let j = 0; j < m; j++) {
    const affected = new Set<number>(timed);
    for (let c = net.changeStart[j]!; c < net.changeStart[j + 1]!; c++) {
      for (const k of readers[net.changeIndex[c]!]!) affected.add(k);
    }
    lists.push([...affected].sort((a, b) => a - b));
  }
  const start = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) start[j + 1] = start[j]! + lists[j]!.length;
  return { start, index: Int32Array.from(lists.flat()) };
}
