/**
 * How the viewer shows agents' states: the Okabe–Ito palette, safe for the common colour-vision
 * deficiencies, and a shape for each state so that colour is never the only cue.
 */

/** The Okabe–Ito colours. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Marker shapes. */
export type Shape = 'circle' | 'triangle' | 'square' | 'diamond' | 'plus' | 'cross';

/** One state's look. */
export interface StateStyle {
  readonly name: string;
  readonly colour: string;
  readonly shape: Shape;
}

/** Styles of the agents engine's states, indexed by the state code in `replay.bin`. */
export const STATE_STYLES: readonly StateStyle[] = [
  { name: 'human', colour: OKABE_ITO.blue, shape: 'circle' },
  { name: 'infected', colour: OKABE_ITO.orange, shape: 'triangle' },
  { name: 'zombie', colour: OKABE_ITO.vermillion, shape: 'square' },
  { name: 'immune', colour: OKABE_ITO.bluishGreen, shape: 'diamond' },
  { name: 'immortal', colour: OKABE_ITO.reddishPurple, shape: 'plus' },
  { name: 'dead', colour: OKABE_ITO.black, shape: 'cross' },
];

const OTHERS = [OKABE_ITO.skyBlue, OKABE_ITO.yellow, OKABE_ITO.black, OKABE_ITO.orange];

/** Other names models give the same states (lower case): `S` is human, `Z` zombie, `R` dead … */
const ALIASES: Readonly<Record<string, string>> = {
  s: 'human',
  humans: 'human',
  susceptible: 'human',
  z: 'zombie',
  zombies: 'zombie',
  i: 'infected',
  e: 'infected',
  exposed: 'infected',
  latent: 'infected',
  r: 'dead',
  removed: 'dead',
};

/** The colour of a compartment by name: a state's own colour, else the next spare Okabe–Ito one. */
export function compartmentColour(name: string, index: number): string {
  const lower = name.toLowerCase();
  const state = ALIASES[lower] ?? lower;
  const known = STATE_STYLES.find((style) => style.name === state);
  return known?.colour ?? OTHERS[index % OTHERS.length]!;
}

/**
 * Adds a marker of the given shape, centred on (x, y) with half-size r, to the current path.
 * `cross` is a stroke; the other shapes are fills.
 */
export function markerPath(
  ctx: CanvasRenderingContext2D,
  shape: Shape,
  x: number,
  y: number,
  r: number,
): void {
  switch (shape) {
    case 'circle':
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      return;
    case 'triangle':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
      return;
    case 'square':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      return;
    case 'diamond':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      return;
    case 'plus': {
      const w = r * 0.4;
      ctx.rect(x - r, y - w, 2 * r, 2 * w);
      ctx.rect(x - w, y - r, 2 * w, 2 * r);
      return;
    }
    case 'cross':
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      return;
  }
}

/** An inline SVG of a state's marker, for legends. */
export function markerSvg(style: StateStyle): string {
  const paths: Record<Shape, string> = {
    circle: '<circle cx="8" cy="8" r="6"/>',
    triangle: '<path d="M8 2 L14 13 L2 13 Z"/>',
    square: '<rect x="3" y="3" width="10" height="10"/>',
    diamond: '<path d="M8 1 L15 8 L8 15 L1 8 Z"/>',
    plus: '<path d="M6 2h4v4h4v4h-4v4h-4v-4h-4v-4h4z"/>',
    cross: '<path d="M3 3 L13 13 M13 3 L3 13" stroke-width="2.5" fill="none"/>',
  };
  const paint = style.shape === 'cross' ? `stroke="${style.colour}"` : `fill="${style.colour}"`;
  return `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" ${paint}>${paths[style.shape]}</svg>`;
}

/** Fills a legend list with every state's marker and name (replacing what it held). */
export function fillLegend(list: HTMLElement): void {
  list.replaceChildren(
    ...STATE_STYLES.map((style) => {
      const item = document.createElement('li');
      item.innerHTML = markerSvg(style);
      item.append(` ${style.name}`);
      return item;
    }),
  );
}
