import { type CompiledFactions, NO_FACTION } from '../../scenario/compiled-world.js';
import { DEAD, HUMAN, IMMORTAL, IMMUNE, INFECTED, ZOMBIE } from './states.js';

export { NO_FACTION } from '../../scenario/compiled-world.js';

/**
 * Row stride of the relation matrices: 256, so that every faction index an agent can have,
 * `NO_FACTION` (255) included, looks up `rel[(fi << 8) | fj]` with no test; the rows and columns of
 * factions that do not exist are zeros (nobody hunts, avoids or is hunted by them).
 */
const STRIDE = 256;

/** Bits of `relation[(fi << 8) | fj]`: fi hunts fj, fi avoids fj, fi is hunted by fj. */
export const REL_HUNTS = 1;
export const REL_AVOIDS = 2;
export const REL_HUNTED_BY = 4;

/** Bits of the states whose agents look around (the human stack and immunes). */
const PEOPLE_STATES = (1 << HUMAN) | (1 << INFECTED) | (1 << IMMUNE);
/** Bits of the states whose agents hunt (zombies and immortals): the hunter lists. */
const HUNTER_STATES = (1 << ZOMBIE) | (1 << IMMORTAL);

/**
 * The factions of a run, for the hot loops: the compiled F × F relations spread into 256 × 256
 * matrices (see `STRIDE`), `hostile` (hunts or avoids: whom people take for a threat), and per
 * faction what the loops need to know up front. Made once from the compiled world; never changes,
 * so a snapshot need not hold it.
 */
export class FactionTable {
  readonly count: number;
  readonly names: readonly string[];
  readonly hunts = new Uint8Array(STRIDE * STRIDE);
  readonly avoids = new Uint8Array(STRIDE * STRIDE);
  /** hunts or avoids: a member takes a member of that faction it sees for its threat. */
  readonly hostile = new Uint8Array(STRIDE * STRIDE);
  /** All of them at once, as `REL_*` bits, for perception: one look-up for each pair it meets. */
  readonly relation = new Uint8Array(STRIDE * STRIDE);
  /** Per faction: 1 when a bite by a member infects. */
  readonly infects = new Uint8Array(STRIDE);
  /** Per faction: 1 when some faction hunts it, so that moves of its members may change a scent. */
  readonly prey = new Uint8Array(STRIDE);
  /**
   * Per faction: which scent its members' noses follow (`track`), or −1 if it hunts nobody. Factions
   * that hunt the same factions share one; `smelt[s]` marks (per faction) whose members lay scent s:
   * those its noses hunt, and no others (a faction that hunts Immunes does not make zombies smell them).
   */
  readonly scentOf = new Int16Array(STRIDE).fill(-1);
  readonly smelt: readonly Uint8Array[];
  /**
   * Per faction: 1 when it is hostile to (`watchesPeople`, for the human stack, who fight what they
   * hunt) or avoids (`fearsPeople`, for immunes, whose hunting is their hunger) a faction that people
   * may belong to: then perception looks among the people for a threat, not only among hunters.
   */
  readonly watchesPeople = new Uint8Array(STRIDE);
  readonly fearsPeople = new Uint8Array(STRIDE);
  /** Per faction: 1 when it hunts a faction that hunters may belong to (an immune's hunger looks at them too). */
  readonly huntsHunters = new Uint8Array(STRIDE);

  constructor(private readonly compiled: CompiledFactions) {
    const F = compiled.names.length;
    this.count = F;
    this.names = compiled.names;
    for (let fi = 0; fi < F; fi++) {
      this.infects[fi] = compiled.infects[fi]!;
      for (let fj = 0; fj < F; fj++) {
        const k = (fi << 8) | fj;
        const hunts = compiled.hunts[fi * F + fj]!;
        const avoids = compiled.avoids[fi * F + fj]!;
        this.hunts[k] = hunts;
        this.avoids[k] = avoids;
        this.hostile[k] = hunts | avoids;
        this.relation[k]! |= hunts * REL_HUNTS + avoids * REL_AVOIDS;
        this.relation[(fj << 8) | fi]! |= hunts * REL_HUNTED_BY;
        if (hunts === 1) this.prey[fj] = 1;
        const people = (compiled.stateMask[fj]! & PEOPLE_STATES) !== 0;
        if ((hunts | avoids) === 1 && people) this.watchesPeople[fi] = 1;
        if (avoids === 1 && people) this.fearsPeople[fi] = 1;
        if (hunts === 1 && (compiled.stateMask[fj]! & HUNTER_STATES) !== 0) this.huntsHunters[fi] = 1;
      }
    }
    const smelt: Uint8Array[] = [];
    const keys: string[] = [];
    for (let fi = 0; fi < F; fi++) {
      const row = compiled.hunts.subarray(fi * F, (fi + 1) * F);
      if (!row.includes(1)) continue;
      const key = row.join('');
      let set = keys.indexOf(key);
      if (set < 0) {
        set = keys.push(key) - 1;
        const layers = new Uint8Array(STRIDE);
        layers.set(row);
        smelt.push(layers);
      }
      this.scentOf[fi] = set;
    }
    this.smelt = smelt;
  }

  /**
   * The faction of an agent in state s, of group g and character ch (−1: none): the first whose
   * members match it, or `NO_FACTION`. The dead belong to none.
   */
  of(s: number, g: number, ch: number): number {
    if (s === DEAD) return NO_FACTION;
    const c = this.compiled;
    for (let f = 0; f < this.count; f++) {
      if (ch >= 0 && c.named[f * c.characterCount + ch] === 1) return f;
      if (
        c.byKind[f] === 1 &&
        (c.stateMask[f]! & (1 << s)) !== 0 &&
        c.groupAllowed[f * c.groupCount + g] === 1
      )
        return f;
    }
    return NO_FACTION;
  }
}
