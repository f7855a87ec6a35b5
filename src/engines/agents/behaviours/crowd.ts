import type { Sim } from '../sim.js';

/**
 * Repast4Py's GridNghFinder order of the 3 × 3 block: columns −1, 0, 1 within rows +1, 0, −1.
 * The order does not change the result (the choice among ties is uniform), only which random
 * number picks which cell.
 */
export const MO = Int32Array.of(-1, 0, 1, -1, 0, 1, -1, 0, 1);
export const NO = Int32Array.of(1, 1, 1, 0, 0, 0, -1, -1, -1);

/** The nine cells of the block as index offsets on a plane `width` cells wide, in that order. */
export function blockOffsets(width: number): Int32Array {
  return Int32Array.from(MO, (dx, k) => NO[k]! * width + dx);
}

/**
 * The shared step of `crowd-seek` and `crowd-avoid`: look at the 3 × 3 block of cells around the
 * agent's own (its own included), count the people or zombies (`counts`, per cell) in each, pick uniformly among the cells with the
 * most (`most`) or the fewest, and if that is not the agent's own cell move `step` along each axis
 * towards it.
 *
 * The edge quirk: Repast4Py's neighbourhood finder keeps cells up to `xmax = xmin + width` and
 * `ymax = ymin + height` inclusive, one column and one row past the right and top edges. No agent
 * can stand there (positions are clamped below W and H), so those cells always count zero: humans
 * fleeing zombies see them as the safest cells and drift to the right and top edges, and zombies
 * count them among the emptiest. We keep the quirk to compare with Repast4Py on its own model.
 */
export function crowdStep(
  sim: Sim,
  i: number,
  counts: Int32Array,
  offsets: Int32Array,
  most: boolean,
  step: number,
  quirk: boolean,
  ties: Int32Array,
): void {
  const a = sim.a;
  const w = sim.plane.width;
  const h = sim.plane.height;
  const x = a.xy[2 * i]!;
  const y = a.xy[2 * i + 1]!;
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  const xmax = quirk ? w : w - 1;
  const ymax = quirk ? h : h - 1;
  let best = most ? -1 : 0x7fffffff;
  let n = 0;
  // Inside the plane all nine cells exist and are read at fixed offsets; at its edges each is checked.
  const interior = cx >= 1 && cy >= 1 && cx < w - 1 && cy < h - 1;
  const base = cy * w + cx;
  for (let k = 0; k < 9; k++) {
    let count: number;
    if (interior) count = counts[base + offsets[k]!]!;
    else {
      const nx = cx + MO[k]!;
      const ny = cy + NO[k]!;
      if (nx < 0 || ny < 0 || nx > xmax || ny > ymax) continue;
      count = nx < w && ny < h ? counts[ny * w + nx]! : 0;
    }
    if (most ? count > best : count < best) {
      best = count;
      n = 0;
      ties[n++] = k;
    } else if (count === best) {
      ties[n++] = k;
    }
  }
  const k = ties[n === 1 ? 0 : Math.floor(sim.stream.next() * n)]!;
  const dx = MO[k]!;
  const dy = NO[k]!;
  if (dx !== 0 || dy !== 0) sim.plane.move(i, x + dx * step, y + dy * step);
}
