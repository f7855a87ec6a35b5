/**
 * Changes of a compartment's count where the lattice gives no place for them: a scenario event's
 * `set`, and a control without a place (or with a region as its place). The rule: individuals are
 * added to the most populous cell (the most individuals of all compartments; the first such cell
 * in row-major order on a tie), and removed from the cells that hold the most of the compartment,
 * fullest first. Setting a count to 0 empties every cell. `cells` limits the candidates (a
 * region's cells); by default every open cell.
 */

/** The candidate cells: `cells`, or every cell whose `open` flag is 1. */
function candidates(open: Uint8Array, cells: ArrayLike<number> | undefined): ArrayLike<number> {
  if (cells !== undefined) return cells;
  const list: number[] = [];
  for (let k = 0; k < open.length; k++) if (open[k] === 1) list.push(k);
  return list.length > 0 ? list : [0];
}

/** Adds `count` (≥ 0) of compartment c to the most populous of the candidate cells; returns that cell. */
export function addToMostPopulous(
  x: Float64Array,
  n: number,
  open: Uint8Array,
  c: number,
  count: number,
  cells?: ArrayLike<number>,
): number {
  const list = candidates(open, cells);
  let best = list[0]!;
  let bestCount = -1;
  for (let i = 0; i < list.length; i++) {
    const k = list[i]!;
    let sum = 0;
    for (let e = 0; e < n; e++) sum += x[k * n + e]!;
    if (sum > bestCount) {
      best = k;
      bestCount = sum;
    }
  }
  x[best * n + c]! += count;
  return best;
}

/**
 * Removes `count` (≥ 0, at most what the candidates hold) of compartment c, from the candidate
 * cells that hold the most of it, fullest first.
 */
export function removeFromFullest(
  x: Float64Array,
  n: number,
  open: Uint8Array,
  c: number,
  count: number,
  cells?: ArrayLike<number>,
): void {
  const list = Array.from(candidates(open, cells)).filter((k) => x[k * n + c]! > 0);
  // Fullest first; a stable sort keeps row-major order among equals.
  list.sort((a, b) => x[b * n + c]! - x[a * n + c]!);
  let left = count;
  for (const k of list) {
    if (left <= 0) break;
    const taken = Math.min(left, x[k * n + c]!);
    x[k * n + c]! -= taken;
    left -= taken;
  }
}

/** How many of compartment c the cells hold (every cell, or those listed). */
export function countOf(x: Float64Array, n: number, c: number, cells?: ArrayLike<number>): number {
  let sum = 0;
  if (cells === undefined) for (let k = c; k < x.length; k += n) sum += x[k]!;
  else for (let i = 0; i < cells.length; i++) sum += x[cells[i]! * n + c]!;
  return sum;
}

/** Sets the total of compartment c over all cells to `value`, by the rule above. */
export function setTotal(x: Float64Array, n: number, open: Uint8Array, c: number, value: number): void {
  const current = countOf(x, n, c);
  if (value === 0) for (let k = c; k < x.length; k += n) x[k] = 0;
  else if (value > current) addToMostPopulous(x, n, open, c, value - current);
  else if (value < current) removeFromFullest(x, n, open, c, current - value);
}
