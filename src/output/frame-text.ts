import { Resvg } from '@resvg/resvg-js';

/** A line of text to draw: its baseline's start (or end, or middle), size in pixels and weight. */
export interface FrameText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly anchor?: 'start' | 'middle' | 'end' | undefined;
  readonly bold?: boolean | undefined;
}

/**
 * The coverage of `texts` drawn in a `width` × `height` box, one byte a pixel (0: none, 255: full),
 * rasterised by resvg with the system's fonts (DejaVu Sans on Linux) as the charts are: a map frame
 * blends it into its palette's grey ramp. On a machine with no fonts it is empty (no text), as in
 * the charts.
 */
export function textCoverage(width: number, height: number, texts: readonly FrameText[]): Uint8Array {
  const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = texts
    .map(
      (t) =>
        `<text x="${t.x}" y="${t.y}" font-size="${t.size}" text-anchor="${t.anchor ?? 'start'}"${t.bold === true ? ' font-weight="bold"' : ''} fill="#fff">${xmlText(t.text)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif">${body}</svg>`;
  const image = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
  }).render();
  const { pixels } = image;
  const coverage = new Uint8Array(width * height);
  for (let i = 0; i < coverage.length; i++) coverage[i] = pixels[4 * i + 3]!;
  return coverage;
}
