/**
 * Something that can draw the map into a canvas at a pixel scale: `drawTo(target, 2)` makes
 * `target` twice the map's CSS size in each direction and draws the map into it.
 */
export interface MapPainter {
  drawTo(target: HTMLCanvasElement, scale: number): void;
}

/** The pixel scales offered for a PNG of the map. */
export const PNG_SCALES = [1, 2, 3, 4] as const;

/**
 * A painter that copies the map's own canvas (after `redraw` brings it up to date), resampled to
 * the scale asked for: sharp at the display's pixel ratio, blocky above it (nearest pixel, never
 * blurred). A map view that can draw itself at any scale replaces it behind the same interface.
 */
export function canvasPainter(canvas: HTMLCanvasElement, redraw: () => void): MapPainter {
  return {
    drawTo(target, scale) {
      redraw();
      target.width = Math.max(1, Math.round(canvas.clientWidth * scale));
      target.height = Math.max(1, Math.round(canvas.clientHeight * scale));
      const ctx = target.getContext('2d');
      if (ctx === null) throw new Error('this browser cannot draw on a canvas');
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(canvas, 0, 0, target.width, target.height);
    },
  };
}

/**
 * The map view itself when it can draw at a scale (`drawTo`, sharp at any scale), else a
 * `canvasPainter` of its canvas.
 */
export function painterOf(view: object, canvas: HTMLCanvasElement, redraw: () => void): MapPainter {
  const drawTo = (view as Partial<MapPainter>).drawTo;
  return typeof drawTo === 'function' ? (view as MapPainter) : canvasPainter(canvas, redraw);
}

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
