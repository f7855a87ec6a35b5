import type { Spread } from '../output/ensemble-files.js';
import type { LatticeStory } from '../output/lattice-story.js';
import { formatHuman } from '../output/number-format.js';
import { formatRunTime } from '../output/time-format.js';
import type { TimeScale } from '../scenario/clock.js';

/** A lattice run's story (`lattice-story.ts`) in a few lines: when each region was reached, who is left, what stayed clean. */
export function latticeStoryLines(story: Record<string, unknown>, scale: TimeScale): string[] {
  if (!Array.isArray(story.regions) || typeof story.cells_reached !== 'number') return [];
  const {
    regions,
    clean_longest: clean,
    left_of: leftOf,
    reached_by: by,
    cells_reached: reached,
    cells,
  } = story as unknown as LatticeStory;
  const lines = by === null ? [] : [`${by} reached ${formatHuman(reached)} of ${formatHuman(cells)} cells`];
  for (const r of regions) {
    const when = r.reached_t === null ? 'never reached' : `reached at ${formatRunTime(r.reached_t, scale)}`;
    lines.push(
      `  ${r.name}: ${when}; ${formatHuman(r.left)} ${leftOf} left of ${formatHuman(r.people)} people`,
    );
  }
  if (clean.length > 0) {
    const never = regions.some((r) => r.reached_t === null);
    lines.push(`stayed clean longest: ${clean.join(', ')}${never ? ' (never reached)' : ' (reached last)'}`);
  }
  return lines;
}

/** An ensemble's lattice stories (`storyAcrossRuns`): when each region was reached, over runs. */
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
        : `; median left ${formatHuman(r.left.median)}`;
    lines.push(
      reached.median === null
        ? `${name} reached in none of ${runs} runs${left}`
        : `${name} reached in ${happened} of ${runs} runs: median ${at(reached.median)} (5–95%: ${at(reached.q05!)} – ${at(reached.q95!)})${left}`,
    );
  }
  return lines;
}
