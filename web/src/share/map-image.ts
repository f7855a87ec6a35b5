/**
 * Something that can draw the map into a canvas at a pixel scale (the map view, or several maps
 * side by side): `drawTo(target, 2)` makes `target` twice the map's CSS size in each direction and
 * draws the map into it.
 */
export interface MapPainter {
  drawTo(target: HTMLCanvasElement, scale: number): void;
}

/** The pixel scales offered for a PNG of the map. */
export const PNG_SCALES = [1, 2, 3, 4] as const;

/** The map as a PNG at `scale` times its CSS size. */
export function mapPng(painter: MapPainter, scale: number): Promise<Blob> {
  const target = document.createElement('canvas');
  painter.drawTo(target, scale);
  return new Promise((resolve, reject) =>
    target.toBlob(
      (blob) => (blob === null ? reject(new Error('the PNG could not be made')) : resolve(blob)),
      'image/png',
    ),
  );
}
