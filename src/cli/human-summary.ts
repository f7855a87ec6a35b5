import { NOT_ARRIVED } from '../engines/agents/story.js';
import type { Spread } from '../output/ensemble-files.js';
import { formatHuman, formatPercent } from '../output/number-format.js';
import type { OutcomeClass, Outcomes } from '../output/outcomes.js';
import type { RunSummary, ScenarioEventSummary } from '../output/summary.js';
import { formatClockTime, formatDuration, formatRunTime } from '../output/time-format.js';
import type { TimeScale } from '../scenario/clock.js';
import { latticeAcrossRuns, latticeStoryLines } from './lattice-summary.js';

/**
 * The most compartments, overtakes and extinctions the summary tells (the first in order, or in
 * time); a model of many compartments has thousands of them, which summary.json lists in full.
 */
const LISTED = 12;

/** What the first line of the summary names (the run, or the ensemble), and how its times read. */
export type SummaryHead = {
  scenario: string;
  engine: string;
  runs: number;
  seed: number;
  until: number;
} & TimeScale;

/**
 * The short human summary `undead run` prints: final counts, peaks, outcome classes, overtakes,
 * extinctions and scenario events, and the story an engine tells (`Engine.story`), if any. For an
 * ensemble every figure is over all runs and says so (mean, median, share of runs); the story is
 * the first run's, under "in run 0 (the first):" (runs count from 0, as in the run column), and
 * `stories` adds the spread over runs.
 */
export function humanSummary(
  summary: RunSummary,
  head: SummaryHead,
  story?: Record<string, unknown>,
  stories?: unknown,
): string {
  const ensemble = head.runs > 1;
  const at = (t: number) => formatRunTime(t, head);
  const from = formatClockTime(0, head);
  const span = from === undefined ? '' : ` (${from} to ${formatClockTime(head.until, head)})`;
  const lines = [
    `${head.scenario} on ${head.engine}, seed ${head.seed}, t = 0…${formatDuration(head.until, head.unit)}${span}${ensemble ? `, ${head.runs} runs: every figure is over all runs` : ''}`,
    ...table(summary, ensemble, head),
  ];
  if (summary.outcomes !== undefined) lines.push(...outcomeLines(summary.outcomes, summary.compartments));
  // Rising above a compartment that is empty throughout (no hybrids, say) is no news.
  const overtakes = summary.overtakes
    .filter((o) => summary.peak[o.over]!.value > 0)
    .sort((a, b) => a.t - b.t);
  for (const o of overtakes.slice(0, LISTED)) {
    lines.push(
      ensemble
        ? `${o.compartment} overtakes ${o.over} in ${percent(o.fraction ?? 0)} of runs (median t = ${at(o.t)})`
        : `${o.compartment} overtakes ${o.over} at t = ${at(o.t)}`,
    );
  }
  if (overtakes.length > LISTED)
    lines.push(
      `and ${formatHuman(overtakes.length - LISTED)} more overtakes after that (summary.json lists them all)`,
    );
  const extinct = summary.compartments.filter((c) => {
    const e = summary.extinction[c]!;
    return e.fraction > 0 && e.t !== null;
  });
  for (const c of extinct.slice(0, LISTED)) {
    const e = summary.extinction[c]!;
    lines.push(
      ensemble
        ? `${c} died out in ${percent(e.fraction)} of runs (median t = ${at(e.t!)}, 5–95%: ${at(e.times!.q05)} – ${at(e.times!.q95)})`
        : `${c} died out at t = ${at(e.t!)}`,
    );
  }
  if (extinct.length > LISTED)
    lines.push(
      `and ${formatHuman(extinct.length - LISTED)} more compartments died out (summary.json lists them all)`,
    );
  lines.push(...eventLines(summary.scenario_events, ensemble, at));
  if (story !== undefined) {
    if (ensemble) lines.push('in run 0 (the first):');
    lines.push(...storyLines(story, head).map((line) => (ensemble ? `  ${line}` : line)));
  }
  if (stories !== undefined) {
    lines.push(...acrossRuns(stories as AcrossRuns, head.runs, head));
    lines.push(...latticeAcrossRuns(stories as Record<string, unknown>, head.runs, head));
  }
  return lines.join('\n');
}

/** A share of runs, as a percentage with one decimal. */
function percent(fraction: number): string {
  return formatPercent(fraction, 1);
}

/** The table of final values and peaks: the run's, or for an ensemble their means and medians over runs. */
function table(summary: RunSummary, ensemble: boolean, scale: TimeScale): string[] {
  const compartments = summary.compartments.slice(0, LISTED);
  const unlisted = summary.compartments.length - compartments.length;
  // In the table a time is short: the time of day if there is a clock, else the duration.
  const when = (t: number) => formatClockTime(t, scale) ?? formatDuration(t, scale.unit);
  const rows: [string, (c: string) => string][] = ensemble
    ? [
        ['final, mean', (c) => formatHuman(summary.final[c]!)],
        ['final, median', (c) => formatHuman(summary.final_over_runs![c]!.q50)],
        ['peak, mean', (c) => formatHuman(summary.peak[c]!.value)],
        ['peak at, median', (c) => when(summary.peak[c]!.t)],
      ]
    : [
        ['final', (c) => formatHuman(summary.final[c]!)],
        ['peak', (c) => formatHuman(summary.peak[c]!.value)],
        ['peak at', (c) => when(summary.peak[c]!.t)],
      ];
  const shown = rows.flatMap(([, value]) => compartments.map(value));
  const width = Math.max(8, ...[...compartments, ...shown].map((text) => text.length + 2));
  const label = Math.max(14, ...rows.map(([name]) => name.length + 2));
  const cell = (text: string) => text.padStart(width);
  return [
    `${''.padEnd(label)}${compartments.map(cell).join('')}`,
    ...rows.map(
      ([name, value]) => `${name.padEnd(label)}${compartments.map((c) => cell(value(c))).join('')}`,
    ),
    ...(unlisted > 0
      ? [`and ${formatHuman(unlisted)} more compartments (summary.json and timeseries.csv have them all)`]
      : []),
  ];
}

/** The two outcome classes of a stochastic ensemble, each with its median final counts. */
function outcomeLines(outcomes: Outcomes, compartments: readonly string[]): string[] {
  const line = (name: string, k: OutcomeClass) => {
    const finals = compartments
      .slice(0, LISTED)
      .map((c) => `${c} ${k.final_median[c] === null ? '–' : formatHuman(k.final_median[c]!)}`)
      .concat(compartments.length > LISTED ? ['…'] : [])
      .join(', ');
    return `${name} in ${percent(k.fraction)} of runs${k.runs > 0 ? ` (median final ${finals})` : ''}`;
  };
  return [
    `outbreak ${line('took off', outcomes.took_off)}`,
    `outbreak ${line('faded out', outcomes.faded_out)}`,
  ];
}

/** Firing times listed for an event before "…". */
const TIMES_SHOWN = 5;

/** The scenario events that fired: when, in a single run; in how many runs, for an ensemble. */
function eventLines(
  events: readonly ScenarioEventSummary[],
  ensemble: boolean,
  at: (t: number) => string,
): string[] {
  if (events.length === 0) return [];
  const parts = events.map((e) => {
    if (ensemble) return `${e.name} in ${percent(e.fraction ?? 0)} of runs`;
    const times = (e.times ?? []).slice(0, TIMES_SHOWN).map(at);
    const more = e.count > times.length ? `, … ${e.count} times in all` : '';
    return `${e.name} at ${times.join(', ')}${more}`;
  });
  return [`events fired: ${parts.join('; ')}`];
}

/** Places listed in the survivors line; the rest are counted ("and 3 more places"). */
const PLACES_SHOWN = 6;

/** An agents run's story (see src/engines/agents/story.ts), in a few lines; unknown keys are skipped. */
export function storyLines(story: Record<string, unknown>, scale: TimeScale): string[] {
  const lines: string[] = [];
  const at = (key: string) => {
    const t = story[key];
    return typeof t === 'number' ? formatRunTime(t, scale) : 'never';
  };
  lines.push(...latticeStoryLines(story, scale));
  const happened = (key: string) => typeof story[key] === 'number';
  if ('first_zombie_t' in story) {
    const bite = happened('first_bite_t') ? `first bite at ${at('first_bite_t')}` : 'nobody was bitten';
    const zombie = happened('first_zombie_t') ? `first zombie at ${at('first_zombie_t')}` : 'nobody turned';
    lines.push(`${bite}; ${zombie}`);
  }
  if ('lost_50_t' in story) {
    if (!happened('lost_50_t')) lines.push('fewer than half the people were lost');
    else if (!happened('lost_90_t'))
      lines.push(`half the people lost at ${at('lost_50_t')}; never nine in ten`);
    else lines.push(`half the people lost at ${at('lost_50_t')}; nine in ten at ${at('lost_90_t')}`);
  }
  if ('school_fell_t' in story)
    lines.push(
      happened('school_fell_t')
        ? `the school fell (nine in ten of those still there lost) at ${at('school_fell_t')}`
        : 'the school stood (never nine in ten of those still there lost)',
    );
  const named = story.named;
  if (Array.isArray(named) && named.length > 0) {
    const parts = named.map((c: { name?: unknown; state?: unknown; where?: unknown }) =>
      // One who has not arrived yet is that, and nowhere.
      c.state === c.where
        ? `${String(c.name)} (${String(c.state)})`
        : `${String(c.name)} (${String(c.state)}, ${String(c.where)})`,
    );
    lines.push(`named: ${parts.join('; ')}`);
  }
  const hybrids = story.hybrids as { immune?: unknown; immortal?: unknown; named?: unknown } | undefined;
  if (hybrids !== undefined)
    lines.push(`hybrids risen: ${String(hybrids.immune)} immune, ${String(hybrids.immortal)} immortal`);
  const where = story.survivors_where;
  if (where !== null && typeof where === 'object') {
    const entries = Object.entries(where as Record<string, number>);
    const shown = entries.slice(0, PLACES_SHOWN).map(([place, n]) => `${n} in ${place}`);
    const more = entries.length - shown.length;
    if (more > 0) shown.push(`and ${more} more ${more === 1 ? 'place' : 'places'}`);
    if (entries.length > 0) lines.push(`survivors: ${shown.join(', ')}`);
  }
  return lines;
}

type AcrossRuns = {
  named?: Record<string, { survived?: number; state?: Record<string, number> }>;
} & Record<string, unknown>;

/** The story's moments whose spread over runs is printed, with their words. */
const MOMENTS: [string, string][] = [
  ['first_bite_t', 'first bite'],
  ['lost_50_t', 'half the people lost'],
  ['lost_90_t', 'nine in ten lost'],
  ['school_fell_t', 'the school fell'],
];

/** An ensemble's stories (`storyAcrossRuns`), in a few lines: each moment's spread, and who survived how often. */
function acrossRuns(stories: AcrossRuns, runs: number, scale: TimeScale): string[] {
  const at = (t: number) => formatRunTime(t, scale);
  const lines: string[] = [];
  for (const [key, words] of MOMENTS) {
    const spread = stories[key] as Spread | undefined;
    if (spread === undefined || spread === null || typeof spread !== 'object' || !('never' in spread))
      continue;
    const happened = runs - spread.never;
    const share = happened === runs ? `in all ${runs} runs` : `in ${happened} of ${runs} runs`;
    if (spread.median === null) lines.push(`${words} in none of ${runs} runs`);
    else
      lines.push(
        `${words} ${share}: median ${at(spread.median)} (5–95%: ${at(spread.q05!)} – ${at(spread.q95!)})`,
      );
  }
  const named = Object.entries(stories.named ?? {});
  if (named.length > 0) {
    const parts = named.map(([name, c]) => {
      // Someone still to come (`arrives`) at the end of a run neither survived nor fell there.
      const away = Math.round((c.state?.[NOT_ARRIVED] ?? 0) * runs);
      const note = away === 0 ? '' : ` (not yet arrived in ${away === runs ? 'any' : `${away} of ${runs}`})`;
      return `${name} ${formatPercent(c.survived ?? 0)}${note}`;
    });
    lines.push(`named characters surviving, share of ${runs} runs: ${parts.join(', ')}`);
  }
  return lines;
}
