import { FIELD_MOST, FIELD_UNIT, Flag, isPassable, type ParsedBuilding } from './compiled-world.js';

/** A diagonal step's cost in field units (≈ 2√2 for the straight step's 2). */
const DIAGONAL = 3;
/** The steps to the four diagonal neighbours, as (dx, dy). */
const DIAGONALS = [
  [-1, -1],
  [1, -1],
  [-1, 1],
  [1, 1],
] as const;

/** A walk longer than the fields hold: between cells `from` and `to`, `units` of field. */
export interface LongWalk {
  readonly from: number;
  readonly to: number;
  readonly units: number;
}

/**
 * A walk between two cells of the building that the distance fields cannot hold, or undefined.
 * Every door counts as open and no barricade as built, so each walk found here is at most what
 * the engine's fields would make of it: a walk found too long is too long there (a serpentine
 * corridor of 8 lanes of 4,000 cells left everyone in their room without a word). Each connected
 * part is swept twice (from a cell, then from the farthest cell found), which finds its longest
 * walk or one close to it. `stairCost` is a flight's cost in field units (`stairFieldCost`).
 */
export function longWalk(b: ParsedBuilding, stairCost: number): LongWalk | undefined {
  const { kind, flags, width, height } = b;
  const plane = width * height;
  const n = kind.length;
  const open = (c: number) => isPassable(kind[c]!);
  // A quick bound first: no walk is longer than a diagonal step a cell and a flight a stair.
  let bound = 0;
  for (let c = 0; c < n; c++)
    if (open(c))
      bound += DIAGONAL + ((flags[c]! & (Flag.STAIRS_UP | Flag.STAIRS_DOWN)) !== 0 ? stairCost : 0);
  if (bound <= FIELD_MOST) return undefined;

  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const part = new Int32Array(n).fill(-1);
  const touched: number[] = [];
  let buckets: number[][] = [];
  /** Moves cell `to` to distance `d`, if that is nearer. */
  const reach = (to: number, d: number) => {
    if (d >= dist[to]!) return;
    dist[to] = d;
    const bucket = buckets[d];
    if (bucket === undefined) buckets[d] = [to];
    else bucket.push(to);
  };
  /** Dijkstra from `start` (costs are small whole numbers: buckets by distance); the farthest cell. */
  const sweep = (start: number, mark: number): { cell: number; units: number } => {
    touched.length = 0;
    buckets = [];
    reach(start, 0);
    let far = start;
    for (let d = 0; d < buckets.length; d++) {
      for (const c of buckets[d] ?? []) {
        if (dist[c] !== d) continue;
        touched.push(c);
        part[c] = mark;
        if (d > dist[far]!) far = c;
        const x = c % width;
        const y = Math.floor((c % plane) / width);
        if (x > 0 && open(c - 1)) reach(c - 1, d + FIELD_UNIT);
        if (x < width - 1 && open(c + 1)) reach(c + 1, d + FIELD_UNIT);
        if (y > 0 && open(c - width)) reach(c - width, d + FIELD_UNIT);
        if (y < height - 1 && open(c + width)) reach(c + width, d + FIELD_UNIT);
        // A diagonal step where both straight steps beside it are open.
        for (const [dx, dy] of DIAGONALS) {
          if (x + dx < 0 || x + dx >= width || y + dy < 0 || y + dy >= height) continue;
          const to = c + dx + dy * width;
          if (open(to) && open(c + dx) && open(c + dy * width)) reach(to, d + DIAGONAL);
        }
        const bits = flags[c]!;
        if ((bits & Flag.STAIRS_UP) !== 0 && c + plane < n && open(c + plane))
          reach(c + plane, d + stairCost);
        if ((bits & Flag.STAIRS_DOWN) !== 0 && c - plane >= 0 && open(c - plane))
          reach(c - plane, d + stairCost);
      }
    }
    const units = dist[far]!;
    for (const c of touched) dist[c] = Number.POSITIVE_INFINITY;
    return { cell: far, units };
  };
  for (let c = 0; c < n; c++) {
    if (!open(c) || part[c]! >= 0) continue;
    const first = sweep(c, c);
    const second = sweep(first.cell, c);
    if (second.units > FIELD_MOST) return { from: first.cell, to: second.cell, units: second.units };
  }
  return undefined;
}
