/** Values of a grid as read, row-major in the file's own row order, before any flip. */
export interface GridValues {
  readonly width: number;
  readonly height: number;
  readonly values: Float64Array;
}

/** A Float64Array that grows by doubling, for readers that do not know the count up front. */
export class GrowingValues {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed, in an array of their own length. */
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The rows of a grid in the other order: row 0 becomes the last row (south-origin files). */
export function flipRows(grid: GridValues): GridValues {
  const { width, height, values } = grid;
  const flipped = new Float64Array(values.length);
  for (let y = 0; y < height; y++)
    flipped.set(values.subarray((height - 1 - y) * width, (height - y) * width), y * width);
  return { width, height, values: flipped };
}
