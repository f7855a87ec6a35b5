/**
 * Pan and zoom of the lattice map, as pure maths: a view is the size of one cell on screen
 * (`scale`, CSS pixels) and where the map's top-left corner is drawn (`left`, `top`). A point of
 * the canvas (px, py) shows map point ((px − left) / scale, (py − top) / scale), in cells.
 */
export interface Viewport {
  readonly scale: number;
  readonly left: number;
  readonly top: number;
}

/** The most a cell may be zoomed to, in CSS pixels. */
export const MAX_CELL_PIXELS = 64;

/** The view that shows the whole map, centred, as large as fits (cells may be smaller than a pixel). */
export function fitView(width: number, height: number, canvasWidth: number, canvasHeight: number): Viewport {
  const scale = Math.min(canvasWidth / width, canvasHeight / height);
  return { scale, left: (canvasWidth - width * scale) / 2, top: (canvasHeight - height * scale) / 2 };
}

/**
 * Zooms by `factor` about canvas point (px, py), which keeps showing the same map point; the scale
 * stays between `min` (the fitted view's, or a quarter of it) and `MAX_CELL_PIXELS`.
 */
export function zoomAt(view: Viewport, factor: number, px: number, py: number, min: number): Viewport {
  const scale = Math.min(MAX_CELL_PIXELS, Math.max(min, view.scale * factor));
  const k = scale / view.scale;
  return { scale, left: px - (px - view.left) * k, top: py - (py - view.top) * k };
}

/** Moves the map by (dx, dy) CSS pixels. */
export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { scale: view.scale, left: view.left + dx, top: view.top + dy };
}

/** The cell under canvas point (px, py), or undefined off the map. */
export function cellAt(
  view: Viewport,
  px: number,
  py: number,
  width: number,
  height: number,
): { x: number; y: number } | undefined {
  const x = Math.floor((px - view.left) / view.scale);
  const y = Math.floor((py - view.top) / view.scale);
  return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : undefined;
}

/** The canvas point at the centre of cell (x, y). */
export function screenOf(view: Viewport, x: number, y: number): { x: number; y: number } {
  return { x: view.left + (x + 0.5) * view.scale, y: view.top + (y + 0.5) * view.scale };
}
