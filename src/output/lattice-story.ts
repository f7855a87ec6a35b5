/**
 * What a lattice run tells, for `summary.json` (its `story`) and the printed summary: when the
 * attacker (the zombies) first reached each named region, how many of its people were left at the
 * end, and which regions, and which of the map's named places (towns), stayed clean longest. Computed from the engine's cell counts and arrival
 * times at the end of a run (plain arrays, so that it runs wherever the replicate ran).
 */

/** The end of a lattice run, as plain arrays. */
export interface LatticeEnd {
  readonly compartments: readonly string[];
  /** Named regions and their cells. */
  readonly regions: readonly { readonly name: string; readonly cells: ArrayLike<number> }[];
  /** Per cell: when the attacker first reached it (NaN: never). */
  readonly arrival: Float64Array;
  /** Per cell: 1 if it is open (land), 0 if closed (sea, outside the map). */
  readonly open: Uint8Array;
  /** Counts at the start and at the end, cell-major (`x[k · n + c]`). */
  readonly initial: Float64Array;
  readonly final: Float64Array;
  /** The compartment of the people at risk (the most populous at the start), and the attacker (−1: none). */
  readonly hosts: number;
  readonly attacker: number;
  /**
   * The map's named places, struct-of-arrays (`CompiledPlaces`): place i is `names[i]`, of
   * `people[i]` people, in cell `cells[i]`; absent for a map without place names.
   */
  readonly places?:
    | {
        readonly names: readonly string[];
        readonly people: ArrayLike<number>;
        readonly cells: ArrayLike<number>;
      }
    | undefined;
}

/** How many places `clean_longest_places` names at most. */
export const CLEAN_PLACES = 10;

/** One place of `clean_longest_places`. */
export interface PlaceStory {
  readonly name: string;
  /** Its population, as the map lists it. */
  readonly people: number;
  /** When the attacker first reached its cell; null if it never did. */
  readonly reached_t: number | null;
}

/** One region's line of the story. */
export interface RegionStory {
  readonly name: string;
  /** When the attacker first reached one of its cells; null if it never did. */
  readonly reached_t: number | null;
  /** Its people (of every compartment) at the start. */
  readonly people: number;
  /** Its hosts (such as S) left at the end. */
  readonly left: number;
  /** The share of its cells the attacker reached. */
  readonly cells_reached: number;
}

/** The story of a lattice run (see the file's comment). */
export interface LatticeStory {
  /** The name of the attacker's compartment, whose arrival is timed (null: none). */
  readonly reached_by: string | null;
  /** The name of the hosts' compartment, what `left` counts. */
  readonly left_of: string;
  /** Cells the attacker reached, of `cells`. */
  readonly cells_reached: number;
  /** Open cells of the map (the sea left out). */
  readonly cells: number;
  readonly regions: RegionStory[];
  /**
   * The regions that stayed clean longest: those never reached, or, if every one was, the one(s)
   * reached last. Empty with fewer than two regions.
   */
  readonly clean_longest: string[];
  /** Named places whose cell the attacker reached, of `places` (only on a map with place names). */
  readonly places_reached?: number;
  readonly places?: number;
  /**
   * The named places that stayed clean longest (only on a map with place names): up to
   * CLEAN_PLACES of them, those never reached first, the most populous first, then those reached
   * last, the latest first (the more populous first at the same time).
   */
  readonly clean_longest_places?: PlaceStory[];
}

/** The story of a lattice run's end (see `LatticeStory`). */
export function latticeStory(end: LatticeEnd): LatticeStory {
  const n = end.compartments.length;
  let reachedCells = 0;
  for (const t of end.arrival) if (!Number.isNaN(t)) reachedCells++;
  let openCells = 0;
  for (const flag of end.open) openCells += flag;
  const regions = end.regions.map((region): RegionStory => {
    let first = Number.POSITIVE_INFINITY;
    let reached = 0;
    let people = 0;
    let left = 0;
    for (let i = 0; i < region.cells.length; i++) {
      const k = region.cells[i]!;
      const t = end.arrival[k]!;
      if (!Number.isNaN(t)) {
        reached++;
        if (t < first) first = t;
      }
      for (let c = 0; c < n; c++) people += end.initial[k * n + c]!;
      left += end.final[k * n + end.hosts]!;
    }
    return {
      name: region.name,
      reached_t: Number.isFinite(first) ? first : null,
      people,
      left,
      cells_reached: region.cells.length === 0 ? 0 : reached / region.cells.length,
    };
  });
  const never = regions.filter((r) => r.reached_t === null).map((r) => r.name);
  const latest = Math.max(...regions.map((r) => r.reached_t ?? Number.NEGATIVE_INFINITY));
  const clean_longest =
    never.length > 0 ? never : regions.filter((r) => r.reached_t === latest).map((r) => r.name);
  return {
    reached_by: end.attacker < 0 ? null : end.compartments[end.attacker]!,
    left_of: end.compartments[end.hosts]!,
    cells_reached: reachedCells,
    cells: openCells,
    regions,
    // With one region there is nothing to compare it with.
    clean_longest: regions.length < 2 ? [] : clean_longest,
    ...(end.places === undefined ? {} : placesStory(end.places, end.arrival)),
  };
}

/** The places' part of the story: how many were reached, and those that stayed clean longest. */
function placesStory(
  places: NonNullable<LatticeEnd['places']>,
  arrival: Float64Array,
): { places_reached: number; places: number; clean_longest_places: PlaceStory[] } {
  const { names, people, cells } = places;
  const count = names.length;
  // Never reached sorts as +∞: after every time, so first when sorted latest first.
  const when = Float64Array.from({ length: count }, (_, i) => {
    const t = arrival[cells[i]!]!;
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  });
  let reached = 0;
  for (let i = 0; i < count; i++) if (when[i] !== Number.POSITIVE_INFINITY) reached++;
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) =>
      (when[a] === when[b] ? 0 : when[a]! < when[b]! ? 1 : -1) ||
      people[b]! - people[a]! ||
      (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b),
  );
  return {
    places_reached: reached,
    places: count,
    clean_longest_places: order.slice(0, CLEAN_PLACES).map((i) => ({
      name: names[i]!,
      people: people[i]!,
      reached_t: when[i] === Number.POSITIVE_INFINITY ? null : when[i]!,
    })),
  };
}
