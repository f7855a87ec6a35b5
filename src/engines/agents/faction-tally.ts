import { NO_FACTION } from './faction-table.js';

/**
 * Who has ever belonged to each faction, for factions.csv (`world.breakdown.factions`): `joined[f]`
 * counts the agents that have been members of faction f at some time (at the start, on arriving or
 * being added, or by a change of state into it), each agent once however often it comes back. The
 * living members now are the registry's `factionCounts`; standing / joined is the share of a faction
 * still standing. Kept by `Registry` as agents join factions, so a row is a copy, never a pass over
 * the agents.
 */
export class FactionTally {
  /** Per faction (by index, F of them): the agents ever members. */
  readonly joined: Float64Array;
  /** Per agent, a bit for each faction it has been a member of: `bytes` bytes an agent. */
  private readonly ever: Uint8Array;
  private readonly bytes: number;

  /** For F factions and room for `capacity` agents; counts agents 0 … n − 1 in `faction` now. */
  constructor(F: number, capacity: number, faction: Uint8Array, n: number) {
    this.joined = new Float64Array(F);
    this.bytes = Math.max(1, Math.ceil(F / 8));
    this.ever = new Uint8Array(capacity * this.bytes);
    for (let i = 0; i < n; i++) this.join(i, faction[i]!);
  }

  /** Agent i is now a member of faction f (`NO_FACTION`: of none). */
  join(i: number, f: number): void {
    if (f === NO_FACTION) return;
    const k = i * this.bytes + (f >> 3);
    const bit = 1 << (f & 7);
    if ((this.ever[k]! & bit) !== 0) return;
    this.ever[k]! |= bit;
    this.joined[f]!++;
  }
}
