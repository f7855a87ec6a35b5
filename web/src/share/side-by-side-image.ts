import type { MapPainter } from './map-image.js';

/** Space around and between the maps, and a caption's line, in CSS pixels (times the scale). */
const MARGIN = 8;
const CAPTION_LINE = 20;
/** A caption's two lines: the run and the time (bold), then what sets the run apart. */
const CAPTION_HEIGHT = 2 * CAPTION_LINE;
const CAPTION_FONT_SIZE = 14;
const CAPTION_FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
const PAPER = '#ffffff';
const INK = '#1b1b1b';

/** A map to draw beside others, under a caption that says whose it is and when. */
export interface CaptionedMap {
  readonly painter: MapPainter;
  /** The caption's first line at the time shown: `Run A at 30 min`. */
  readonly title: () => string;
  /** Its second line: `agents engine, seed 1, as the scenario says`. */
  readonly detail: string;
}

/**
 * A painter of several maps in one image, left to right, each under its caption, on white: each
 * map is drawn by its own painter at the scale asked for (sharp), so one PNG or one clip shows
 * the runs at the same moment. The maps' scratch canvases are made once and reused, as a clip
 * draws a frame for every time of its range.
 */
export function sideBySidePainter(maps: readonly CaptionedMap[]): MapPainter {
  const scratch = maps.map(() => document.createElement('canvas'));
  return {
    drawTo(target, scale) {
      maps.forEach(({ painter }, k) => {
        painter.drawTo(scratch[k]!, scale);
      });
      const margin = Math.round(MARGIN * scale);
      const caption = Math.round(CAPTION_HEIGHT * scale);
      const height = Math.max(...scratch.map((c) => c.height));
      target.width = margin + scratch.reduce((sum, c) => sum + c.width + margin, 0);
      target.height = margin + caption + height + margin;
      const ctx = target.getContext('2d');
      if (ctx === null) throw new Error('this browser cannot draw on a canvas');
      ctx.fillStyle = PAPER;
      ctx.fillRect(0, 0, target.width, target.height);
      ctx.fillStyle = INK;
      ctx.textBaseline = 'middle';
      const line = CAPTION_LINE * scale;
      let x = margin;
      maps.forEach(({ title, detail }, k) => {
        const canvas = scratch[k]!;
        ctx.font = `600 ${CAPTION_FONT_SIZE * scale}px ${CAPTION_FONT}`;
        ctx.fillText(title(), x, margin + line / 2, canvas.width);
        ctx.font = `${CAPTION_FONT_SIZE * scale}px ${CAPTION_FONT}`;
        ctx.fillText(detail, x, margin + (3 * line) / 2, canvas.width);
        ctx.drawImage(canvas, x, margin + caption);
        x += canvas.width + margin;
      });
    },
  };
}
