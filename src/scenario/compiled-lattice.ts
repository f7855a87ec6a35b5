/**
 * The compiled form of a lattice world: a population raster with the scenario's reaction network
 * in every cell, coupled between the 4 neighbours of each cell by movement and by contact across
 * bonds. Plain data made and checked by the scenario layer; like `compiled.ts`, types only, so an
 * engine importing it carries no parser.
 *
 * Cells are numbered row-major: cell = y · width + x, with y = 0 the top (north) row, as in
 * `grid[y][x]` files. Counts are cell-major: compartment c of cell k is `initial[k · n + c]`.
 */
export interface CompiledLattice {
  readonly width: number;
  readonly height: number;
  /** The side of a cell, in km (for regions given by a radius, and for reports). */
  readonly cellKm: number;
  /**
   * 1 for a cell that exists (land), 0 for one that does not (sea, outside the map): nothing hops
   * into, out of or across a closed cell, and no contact crosses its bonds.
   */
  readonly open: Uint8Array;
  /** Initial counts, cell-major (`width · height · n` whole numbers). */
  readonly initial: Float64Array;
  /**
   * Per compartment, the rate at which each individual hops to EACH of its open neighbours (per
   * unit of the scenario's time); 0 for one that does not move.
   */
  readonly move: Float64Array;
  /**
   * Per reaction of the network, the factor by which it also fires between one cell's reactants
   * and an open neighbour's (contact across bonds); 0 for none. A two-reactant reaction A + B → …
   * fires across the bond from cell k to neighbour j with propensity factor · rate · A_k · B_j,
   * and its products replace the reactants where they stood (A's product in k, B's in j).
   */
  readonly coupling: Float64Array;
  /** `closed`: the map's edge is a wall; `periodic`: it wraps round (a torus). */
  readonly edges: 'closed' | 'periodic';
  /** Named regions, as lists of cells (sorted), for series, arrival times and spatial events. */
  readonly regions: readonly CompiledRegion[];
  /** Spatial events, in time order. */
  readonly spatialEvents: readonly SpatialEvent[];
  /** `exact`: the next-subvolume method; `fast`: binomial hop stages, and each cell's reactions stepped on its own (`spatial-tau.ts`). */
  readonly method: 'exact' | 'fast';
  /** The fast method's step control: the largest relative change of a propensity in one leap. */
  readonly epsilon: number;
  /**
   * The map's named places (the towns of a cities raster, or the named points of a CSV), for the
   * story's "which places stayed clean longest"; absent for a map without place names. The engine
   * only carries them.
   */
  readonly places?: CompiledPlaces | undefined;
}

/**
 * Named places as struct-of-arrays: place i is `names[i]`, of `people[i]` people (its population
 * as listed, not the cell's), whose centre lies in cell `cells[i]`. One place per name (the most
 * populous of a name, as seeds and regions name it); in no particular order.
 */
export interface CompiledPlaces {
  readonly names: readonly string[];
  readonly people: Float64Array;
  readonly cells: Uint32Array;
}

/** A named set of cells. */
export interface CompiledRegion {
  readonly name: string;
  readonly cells: Uint32Array;
}

/** A timed event that acts on a region. */
export type SpatialEvent =
  /** From `at` on, nothing moves and no contact crosses the region's border. */
  (
    | { readonly kind: 'cordon'; readonly at: number; readonly region: number }
    /** At `at`, everyone in the region is killed: their counts move to compartment `to` (or vanish, −1). */
    | { readonly kind: 'bomb'; readonly at: number; readonly region: number; readonly to: number }
    /**
     * From `at` to `until`, the movement of `compartment` is biased towards the region's centre:
     * a hop towards it is `strength` times as likely as one away.
     */
    | {
        readonly kind: 'lure';
        readonly at: number;
        readonly until: number;
        readonly region: number;
        readonly compartment: number;
        readonly strength: number;
      }
  ) & {
    /** The name it is given in the scenario, by which an intervention fires it. */
    readonly name?: string;
    /** False: it does not start at `at` (an intervention may still fire it by its name). */
    readonly enabled?: false;
  };
