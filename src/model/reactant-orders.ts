import type { Network } from './network.js';

/**
 * For each compartment, the order of the highest-order reaction it is a reactant of (0 if none),
 * and how many of it that reaction takes: Cao, Gillespie and Petzold's (2006) g_i comes from these.
 * Between reactions of the same order, the one that takes more of the compartment counts.
 */
export function reactantOrders(net: Network): { order: Int32Array; molecules: Int32Array } {
  const n = net.compartments.length;
  const order = new Int32Array(n);
  const molecules = new Int32Array(n);
  for (let j = 0; j < net.reactionNames.length; j++) {
    let total = 0;
    for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) total += net.reactantCount[k]!;
    for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) {
      const i = net.reactantIndex[k]!;
      const count = net.reactantCount[k]!;
      if (total > order[i]! || (total === order[i]! && count > molecules[i]!)) {
        order[i] = total;
        molecules[i] = count;
      }
    }
  }
  return { order, molecules };
}
