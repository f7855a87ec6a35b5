import { formatHuman } from '../output/number-format.js';
import type { RunSummary } from '../output/summary.js';
import { formatClockTime, formatDuration, formatRunTime } from '../output/time-format.js';
import type { TimeScale } from '../scenario/clock.js';

/**
 * The short human summary `undead run` prints: final counts, peaks, overtakes and extinctions, and
 * the story an engine tells (`Engine.story`, the first run's), if any.
 */
export function humanSummary(
  summary: RunSummary,
  head: { scenario: string; engine: string; runs: number; seed: number; until: number } & TimeScale,
  story?: Record<string, unknown>,
  stories?: unknown,
): string {
  const { compartments } = summary;
  // In the table a time is short: the time of day if there is a clock, else the duration.
  const when = (t: number) => formatClockTime(t, head) ?? formatDuration(t, head.unit);
  const time = (t: number) => formatRunTime(t, head);
  const shown = compartments.flatMap((c) => [
    formatHuman(summary.final[c]!),
    formatHuman(summary.peak[c]!.value),
    when(summary.peak[c]!.t),
  ]);
  const width = Math.max(8, ...[...compartments, ...shown].map((text) => text.length + 2));
  const cell = (text: string) => text.padStart(width);
  const runs = head.runs > 1 ? `, mean of ${head.runs} runs` : '';
  const from = formatClockTime(0, head);
  const span = from === undefined ? '' : ` (${from} to ${formatClockTime(head.until, head)})`;
  const lines = [
    `${head.scenario} on ${head.engine}, seed ${head.seed}, t = 0…${formatDuration(head.until, head.unit)}${span}${runs}`,
    `${''.padEnd(14)}${compartments.map(cell).join('')}`,
    `${'final'.padEnd(14)}${compartments.map((c) => cell(formatHuman(summary.final[c]!))).join('')}`,
    `${'peak'.padEnd(14)}${compartments.map((c) => cell(formatHuman(summary.peak[c]!.value))).join('')}`,
    `${'peak at'.padEnd(14)}${compartments.map((c) => cell(when(summary.peak[c]!.t))).join('')}`,
  ];
  // Rising above a compartment that is empty throughout (no hybrids, say) is no news.
  const overtakes = summary.overtakes.filter((o) => summary.peak[o.over]!.value > 0);
  for (const o of overtakes.sort((a, b) => a.t - b.t)) {
    lines.push(`${o.compartment} overtakes ${o.over} at t = ${time(o.t)}`);
  }
  for (const c of compartments) {
    const e = summary.extinction[c]!;
    if (e.fraction === 0 || e.t === null || e.t === 0) continue;
    const share =
      head.runs > 1 ? ` in ${(e.fraction * 100).toFixed(1)}% of runs (median t = ${time(e.times!.q50)})` : '';
    lines.push(`${c} died out at t = ${time(e.t)}${share}`);
  }
  if (story !== undefined) {
    if (head.runs > 1) lines.push('the first run:');
    lines.push(...storyLines(story, head));
  }
  if (stories !== undefined) lines.push(...acrossRuns(stories as AcrossRuns, head.runs));
  return lines.join('\n');
}

/** An agents run's story (see src/engines/agents/story.ts), in a few lines; unknown keys are skipped. */
export function storyLines(story: Record<string, unknown>, scale: TimeScale): string[] {
  const lines: string[] = [];
  const at = (key: string) => {
    const t = story[key];
    return typeof t === 'number' ? formatRunTime(t, scale) : 'never';
  };
  if ('first_zombie_t' in story)
    lines.push(`first bite at ${at('first_bite_t')}; first zombie at ${at('first_zombie_t')}`);
  if ('lost_50_t' in story)
    lines.push(`half the people lost at ${at('lost_50_t')}; nine in ten at ${at('lost_90_t')}`);
  if ('school_fell_t' in story)
    lines.push(`the school fell (nine in ten of those still there lost) at ${at('school_fell_t')}`);
  const named = story.named;
  if (Array.isArray(named) && named.length > 0) {
    const parts = named.map(
      (c: { name?: unknown; state?: unknown; where?: unknown }) =>
        `${String(c.name)} (${String(c.state)}, ${String(c.where)})`,
    );
    lines.push(`named: ${parts.join('; ')}`);
  }
  const hybrids = story.hybrids as { immune?: unknown; immortal?: unknown; named?: unknown } | undefined;
  if (hybrids !== undefined)
    lines.push(`hybrids: ${String(hybrids.immune)} immune, ${String(hybrids.immortal)} immortal`);
  const where = story.survivors_where;
  if (where !== null && typeof where === 'object') {
    const entries = Object.entries(where as Record<string, number>).slice(0, 6);
    if (entries.length > 0)
      lines.push(`survivors: ${entries.map(([place, n]) => `${n} in ${place}`).join(', ')}`);
  }
  return lines;
}

type AcrossRuns = { named?: Record<string, { survived?: number }> };

/** An ensemble's stories (`storyAcrossRuns`), in a line or two. */
function acrossRuns(stories: AcrossRuns, runs: number): string[] {
  const lines: string[] = [];
  const named = Object.entries(stories.named ?? {});
  if (named.length > 0) {
    const parts = named.map(([name, c]) => `${name} ${Math.round((c.survived ?? 0) * 100)}%`);
    lines.push(`named characters surviving, share of ${runs} runs: ${parts.join(', ')}`);
  }
  return lines;
}
