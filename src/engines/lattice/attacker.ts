import type { Network } from '../../model/network.js';

/**
 * The compartment whose arrival in each cell the lattice engine times: the one named `Z` (as in
 * Alemi's model and the W1 benchmark); without one, the first compartment that acts on another
 * without being used up (a reactant of a two-compartment reaction whose own count does not fall,
 * as Z in `S + Z → E + Z`); −1 if there is none, and then no arrival is timed.
 */
export function attackerOf(network: Network): number {
  const named = network.compartments.indexOf('Z');
  if (named >= 0) return named;
  const { reactantStart, reactantIndex, changeStart, changeIndex, changeAmount } = network;
  for (let j = 0; j < network.reactionNames.length; j++) {
    if (reactantStart[j + 1]! - reactantStart[j]! !== 2) continue;
    for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++) {
      const c = reactantIndex[r]!;
      let loss = 0;
      for (let e = changeStart[j]!; e < changeStart[j + 1]!; e++)
        if (changeIndex[e] === c && changeAmount[e]! < 0) loss = 1;
      if (loss === 0) return c;
    }
  }
  return -1;
}
