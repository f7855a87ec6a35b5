/**
 * Sets of lattice cells written compactly, for `summary.json`: runs of cells along rows, as a flat
 * list of triples `y, x0, x1` (cells x0 … x1 − 1 of row y), rows top to bottom, runs left to right.
 * A country's land is a few thousand runs where a list of its cells would be a million numbers.
 * Pure functions with no imports, so the browser viewer reads them too.
 */

/** The runs of cells whose `member(k)` holds, on a map `width` cells across and `height` down. */
export function spansOf(width: number, height: number, member: (k: number) => boolean): number[] {
  const spans: number[] = [];
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      if (!member(y * width + x)) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < width && member(y * width + x)) x++;
      spans.push(y, x0, x);
    }
  }
  return spans;
}

/** The runs of a sorted list of cells (as a region's `cells`). */
export function spansOfCells(width: number, cells: ArrayLike<number>): number[] {
  const spans: number[] = [];
  let i = 0;
  while (i < cells.length) {
    const k = cells[i]!;
    const y = Math.floor(k / width);
    const x0 = k % width;
    let x1 = x0 + 1;
    i++;
    // A run ends at the row's end, even where the next cell (the next row's first) is a member.
    while (i < cells.length && x1 < width && cells[i] === y * width + x1) {
      x1++;
      i++;
    }
    spans.push(y, x0, x1);
  }
  return spans;
}

/** Marks the cells of `spans` with 1 in `out` (width × height, row-major); returns `out`. */
export function fillSpans(spans: readonly number[], width: number, out: Uint8Array): Uint8Array {
  for (let i = 0; i + 2 < spans.length; i += 3) {
    const row = spans[i]! * width;
    out.fill(1, row + spans[i + 1]!, row + spans[i + 2]!);
  }
  return out;
}

/** Whether cell (x, y) lies in one of the runs. */
export function inSpans(spans: readonly number[], x: number, y: number): boolean {
  for (let i = 0; i + 2 < spans.length; i += 3)
    if (spans[i] === y && x >= spans[i + 1]! && x < spans[i + 2]!) return true;
  return false;
}
