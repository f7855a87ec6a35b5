import { type Shape, STATE_STYLES } from '../palette.js';

/**
 * Whether a point of a marker's square (−1 … 1 across, y down) is inside the shape: the shapes of
 * palette.ts's `markerPath`, as a mask.
 */
export function insideShape(shape: Shape, x: number, y: number): boolean {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  switch (shape) {
    case 'circle':
      return x * x + y * y <= 1;
    case 'triangle':
      return y <= 0.8 && ax <= (y + 1) / 1.8;
    case 'square':
      return Math.max(ax, ay) <= 0.85;
    case 'diamond':
      return ax + ay <= 1;
    case 'plus':
      return Math.min(ax, ay) <= 0.4;
    case 'cross':
      return Math.abs(ax - ay) <= 0.42;
  }
}

/** Below this side in pixels a marker is a plain square: its shape could not be told anyway. */
export const STAMP_MIN_SHAPED_PX = 5;

/**
 * Each state's marker as a mask of side × side pixels (1 inside), made once per marker size, so
 * that very many agents can be written straight into a canvas's pixels with their shapes.
 */
export class ShapeStamps {
  side = 0;
  /** State s's mask: `side * side` bytes from `s * side * side`. */
  masks = new Uint8Array(0);

  /** Makes the masks for markers `side` pixels wide (nothing if they are that size already). */
  resize(side: number): void {
    if (side === this.side) return;
    this.side = side;
    const area = side * side;
    this.masks = new Uint8Array(STATE_STYLES.length * area);
    STATE_STYLES.forEach((style, s) => {
      for (let row = 0; row < side; row++)
        for (let col = 0; col < side; col++) {
          const x = ((col + 0.5) / side) * 2 - 1;
          const y = ((row + 0.5) / side) * 2 - 1;
          const inside = side < STAMP_MIN_SHAPED_PX || insideShape(style.shape, x, y);
          this.masks[s * area + row * side + col] = inside ? 1 : 0;
        }
    });
  }
}
