import type { Spread } from '../output/ensemble-files.js';
import type { LatticeStory } from '../output/lattice-story.js';
import { formatCount } from '../output/number-format.js';
import { formatRunTime } from '../output/time-format.js';
import type { TimeScale } from '../scenario/clock.js';

/** How many of `clean_longest_places` the printed summary names (summary.json holds them all). */
const PRINTED_PLACES = 5;

/**
 * A lattice run's story (`lattice-story.ts`) in a few lines: when each region was reached, who is
 * left, and what stayed clean longest: the map's named places where it has them (towns), else
 * its regions.
 */
export function latticeStoryLines(story: Record<string, unknown>, scale: TimeScale): string[] {
  if (!Array.isArray(story.regions) || typeof story.cells_reached !== 'number') return [];
  const {
    regions,
    clean_longest: clean,
    left_of: leftOf,
    reached_by: by,
    cells_reached: reached,
    cells,
    clean_longest_places: places,
  } = story as unknown as LatticeStory;
  const lines = by === null ? [] : [`${by} reached ${formatCount(reached)} of ${formatCount(cells)} cells`];
  for (const r of regions) {
    const when = r.reached_t === null ? 'never reached' : `reached at ${formatRunTime(r.reached_t, scale)}`;
    lines.push(`  ${r.name}: ${when}; ${formatCount(r.left)} ${leftOf} left of ${people(r.people)}`);
  }
  if (Array.isArray(places) && places.length > 0) {
    const { places_reached: hit, places: all } = story as unknown as Required<LatticeStory>;
    lines.push(
      `places that stayed clean longest (${formatCount(hit)} of ${formatCount(all)} places reached):`,
    );
    for (const p of places.slice(0, PRINTED_PLACES)) {
      const when = p.reached_t === null ? 'never reached' : `reached at ${formatRunTime(p.reached_t, scale)}`;
      lines.push(`  ${p.name}: ${when}; ${people(p.people)}`);
    }
  } else if (clean.length > 0) {
    const never = regions.some((r) => r.reached_t === null);
    lines.push(`stayed clean longest: ${clean.join(', ')}${never ? ' (never reached)' : ' (reached last)'}`);
  }
  return lines;
}

/**
 * An ensemble's lattice stories (`storyAcrossRuns`): when each region was reached, over runs, and
 * the named places among those that stayed clean longest in every run (`storyAcrossRuns` gives a
 * place named in only some runs' lists no spread: null), with how often each was never reached.
 */
export function latticeAcrossRuns(
  stories: Record<string, unknown>,
  runs: number,
  scale: TimeScale,
): string[] {
  const regions = stories.regions as Record<string, { reached_t?: Spread; left?: Spread }> | undefined;
  if (regions === null || typeof regions !== 'object' || Array.isArray(regions)) return [];
  const at = (t: number) => formatRunTime(t, scale);
  const lines: string[] = [];
  for (const [name, r] of Object.entries(regions)) {
    const reached = r.reached_t;
    if (reached === undefined || reached === null || typeof reached !== 'object') continue;
    const happened = runs - reached.never;
    const left =
      r.left?.median === null || r.left?.median === undefined
        ? ''
        : `; median left ${formatCount(r.left.median)}`;
    lines.push(
      reached.median === null
        ? `${name} reached in none of ${runs} runs${left}`
        : `${name} reached in ${happened} of ${runs} runs: median ${at(reached.median)} (5–95%: ${at(reached.q05!)} – ${at(reached.q95!)})${left}`,
    );
  }
  const places = stories.clean_longest_places as Record<string, { reached_t?: Spread } | null> | undefined;
  if (places !== null && typeof places === 'object' && !Array.isArray(places)) {
    const always = Object.entries(places).flatMap(([name, p]) => {
      const reached = p?.reached_t;
      if (reached === undefined || reached === null || typeof reached !== 'object') return [];
      return [
        reached.never === runs
          ? `${name} (never reached)`
          : reached.median === null || reached.never > 0
            ? `${name} (never reached in ${reached.never} of ${runs})`
            : `${name} (median ${at(reached.median)})`,
      ];
    });
    if (always.length > 0)
      lines.push(`stayed clean longest in all ${runs} runs: ${always.slice(0, PRINTED_PLACES).join(', ')}`);
  }
  return lines;
}

/** A number of people in words: `1 person`, `2,500 people`. */
function people(n: number): string {
  return n === 1 ? '1 person' : `${formatCount(n)} people`;
}
