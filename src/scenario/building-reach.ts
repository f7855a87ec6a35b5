import { Cell, Flag, type ParsedBuilding } from './compiled-world.js';

/**
 * The most a walk may cost in the agents engine's distance fields, in their units (2 a straight
 * step of one cell, 3 a diagonal one): they are 16-bit, and 65,535 marks a cell out of reach.
 */
export const FIELD_MOST = 65_534;

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
 * walk or one close to it. `stairCost` is a flight's cost in field units.
 */
export function longWalk(b: ParsedBuilding, stairCost: number): LongWalk | undefined {
  const { kind, flags, width, height } = b;
  const plane = width * height;
  const n = kind.length;
  const open = (c: number) => {
    const k = kind[c];
    return k === Cell.FLOOR || k === Cell.EXIT || k === Cell.DOOR || k === Cell.LOCKED;
  };
  // A quick bound first: no walk is longer than 3 units a cell and a flight a stair.
  let bound = 0;
  for (let c = 0; c < n; c++)
    if (open(c)) bound += 3 + ((flags[c]! & (Flag.STAIRS_UP | Flag.STAIRS_DOWN)) !== 0 ? stairCost : 0);
  if (bound <= FIELD_MOST) return undefined;

  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const part = new Int32Array(n).fill(-1);
  const straight = [-1, 1, -width, width];
  /** Dijkstra from `start` (costs are small whole numbers: buckets by distance); the farthest cell. */
  const sweep = (start: number, mark: number): { cell: number; units: number } => {
    const touched: number[] = [];
    const buckets: number[][] = [[start]];
    dist[start] = 0;
    let far = start;
    for (let d = 0; d < buckets.length; d++) {
      for (const c of buckets[d] ?? []) {
        if (dist[c] !== d) continue;
        touched.push(c);
        part[c] = mark;
        if (d > dist[far]!) far = c;
        const x = c % width;
        const y = Math.floor((c % plane) / width);
        const step = (to: number, cost: number) => {
          const nd = d + cost;
          if (nd < dist[to]!) {
            dist[to] = nd;
            const bucket = buckets[nd];
            if (bucket === undefined) buckets[nd] = [to];
            else bucket.push(to);
          }
        };
        for (let k = 0; k < 4; k++) {
          if (
            (k === 0 && x === 0) ||
            (k === 1 && x === width - 1) ||
            (k === 2 && y === 0) ||
            (k === 3 && y === height - 1)
          )
            continue;
          if (open(c + straight[k]!)) step(c + straight[k]!, 2);
        }
        // A diagonal step where both straight steps beside it are open.
        for (const [dx, dy] of [
          [-1, -1],
          [1, -1],
          [-1, 1],
          [1, 1],
        ] as const) {
          if (x + dx < 0 || x + dx >= width || y + dy < 0 || y + dy >= height) continue;
          const to = c + dx + dy * width;
          if (open(to) && open(c + dx) && open(c + dy * width)) step(to, 3);
        }
        const bits = flags[c]!;
        if ((bits & Flag.STAIRS_UP) !== 0 && c + plane < n && open(c + plane)) step(c + plane, stairCost);
        if ((bits & Flag.STAIRS_DOWN) !== 0 && c - plane >= 0 && open(c - plane)) step(c - plane, stairCost);
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
