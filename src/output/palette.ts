/**
 * Colours of compartments, by name, the same in every chart of every scenario and engine: humans
 * are blue and zombies red whether a model calls them `S` or `human`. Colours are from Observable's
 * `observable10` scheme, then a few more; matching ignores case.
 */

const BLUE = '#4269d0';
const YELLOW = '#efb118';
const RED = '#ff725c';
const GREEN = '#3ca951';
const PURPLE = '#a463f2';
const BROWN = '#9c6b4e';
const GREY = '#9498a0';

/** The fixed colour of each known compartment name (lower case). */
const KNOWN: Readonly<Record<string, string>> = {
  s: BLUE,
  human: BLUE,
  humans: BLUE,
  susceptible: BLUE,
  z: RED,
  zombie: RED,
  zombies: RED,
  i: YELLOW,
  e: YELLOW,
  infected: YELLOW,
  exposed: YELLOW,
  latent: YELLOW,
  r: GREY,
  dead: GREY,
  removed: GREY,
  immune: GREEN,
  immortal: PURPLE,
  q: BROWN,
  quarantine: BROWN,
  quarantined: BROWN,
};

/**
 * Colours for other names, in this order: the n-th name that is not known takes the n-th colour
 * (they repeat after eight). None is a colour of a known name, so the two never meet in a chart.
 */
const EXTRA = ['#6cc5b0', '#ff8ab7', '#97bbf5', '#1f7a8c', '#c9a227', '#7b3f61', '#2f4b7c', '#66a61e'];

/**
 * The colour of each name: a known compartment's fixed colour, else the next colour of a fixed
 * list, in the order the names are given. Deterministic: the same names in the same order give the
 * same colours, on every machine.
 */
export function compartmentColours(names: readonly string[]): Map<string, string> {
  const colours = new Map<string, string>();
  let extra = 0;
  for (const name of names) {
    if (colours.has(name)) continue;
    const key = name.toLowerCase();
    const known = Object.hasOwn(KNOWN, key) ? KNOWN[key] : undefined;
    colours.set(name, known ?? EXTRA[extra++ % EXTRA.length]!);
  }
  return colours;
}
