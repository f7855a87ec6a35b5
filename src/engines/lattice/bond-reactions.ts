import type { Network } from '../../model/network.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';

/**
 * The reactions that also fire across bonds (`lattice.coupling` > 0), as tables. Such a reaction
 * A + B → … fires between A in cell k and B in a neighbour j with propensity
 * factor · rate · A_k · B_j. Its products replace the reactants where they stood: a reactant that
 * is also a product stays (Z in `S + Z → E + Z` stays in j, S in `S + Z → S + R` stays in k), and
 * the other products take the places of the reactants that did not stay, A's place first; any
 * further product goes to k. So Alemi's bite turns S into E in k, and the kill turns Z into R in j.
 *
 * Every bond is seen from both ends: cell k owns the contacts of its A with its neighbours' B, and
 * its neighbour owns those of its A with k's B.
 *
 * Only mass-action reactions with two distinct single reactants and a rate that reads parameters
 * alone can couple across bonds; the scenario layer refuses coupling on any other.
 */
export class BondReactions {
  /** How many reactions couple. */
  readonly count: number;
  /** Per coupled reaction r: its index in the network. */
  readonly reaction: Int32Array;
  /** Per r: the coupling factor. */
  readonly factor: Float64Array;
  /** Per r: the compartment of reactant A (in the owning cell). */
  readonly first: Int32Array;
  /** Per r: the compartment of reactant B (in the neighbour). */
  readonly second: Int32Array;
  /** Per r and compartment, `r · n + c`: the change in the owning cell. */
  readonly ownerChange: Float64Array;
  /** Per r and compartment: the change in the neighbour. */
  readonly otherChange: Float64Array;
  /** Per r: factor · rate, refreshed from the parameters. */
  readonly rate: Float64Array;
  /** Per compartment: 1 if it is the B of some coupled reaction, so its counts feed neighbours' rates. */
  readonly readByNeighbours: Uint8Array;
  private readonly network: Network;

  constructor(network: Network, coupling: Float64Array) {
    this.network = network;
    const n = network.compartments.length;
    const coupled: number[] = [];
    coupling.forEach((factor, j) => {
      if (factor > 0) coupled.push(j);
    });
    this.count = coupled.length;
    this.reaction = Int32Array.from(coupled);
    this.factor = Float64Array.from(coupled, (j) => coupling[j]!);
    this.first = new Int32Array(this.count);
    this.second = new Int32Array(this.count);
    this.ownerChange = new Float64Array(this.count * n);
    this.otherChange = new Float64Array(this.count * n);
    this.rate = new Float64Array(this.count);
    this.readByNeighbours = new Uint8Array(n);
    coupled.forEach((j, r) => {
      const start = network.reactantStart[j]!;
      const two = network.reactantStart[j + 1]! - start === 2;
      const a = network.reactantIndex[start]!;
      const b = network.reactantIndex[start + 1]!;
      if (
        !two ||
        a === b ||
        network.massAction[j] !== 1 ||
        network.coefficientVaries[j] !== 0 ||
        network.reactantCount[start] !== 1 ||
        network.reactantCount[start + 1] !== 1
      ) {
        throw new Error(
          `reaction '${network.reactionNames[j]}' cannot couple across bonds: only mass action A + B → … with a constant rate can`,
        );
      }
      this.first[r] = a;
      this.second[r] = b;
      this.readByNeighbours[b] = 1;
      // The products, as counts per compartment: the net change plus the reactants.
      const products = new Float64Array(n);
      for (let c = network.changeStart[j]!; c < network.changeStart[j + 1]!; c++)
        products[network.changeIndex[c]!] = network.changeAmount[c]!;
      products[a]!++;
      products[b]!++;
      const owner = this.ownerChange.subarray(r * n, (r + 1) * n);
      const other = this.otherChange.subarray(r * n, (r + 1) * n);
      owner[a] = -1;
      other[b] = -1;
      const stays = (place: Float64Array, reactant: number): boolean => {
        if (products[reactant]! < 1) return false;
        products[reactant]!--;
        place[reactant]!++;
        return true;
      };
      const take = (place: Float64Array): void => {
        const c = products.findIndex((count) => count >= 1);
        if (c < 0) return;
        products[c]!--;
        place[c]!++;
      };
      const aStays = stays(owner, a);
      const bStays = stays(other, b);
      if (!aStays) take(owner);
      if (!bStays) take(other);
      products.forEach((count, c) => {
        owner[c]! += count;
      });
    });
  }

  /** Recomputes factor · rate from the parameters, at time t; a bad rate fails the run. */
  refreshRates(params: Float64Array, scratch: Float64Array, t: number): void {
    for (let r = 0; r < this.count; r++) {
      const j = this.reaction[r]!;
      const value = this.network.coefficient[j]!(scratch, params, t);
      if (!isGoodRate(value)) throw rateFailure(this.network, j, scratch, params, t, value);
      this.rate[r] = this.factor[r]! * value;
    }
  }
}
