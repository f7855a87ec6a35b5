import { flagError } from '../core/errors.js';
import { groupReport } from '../engines/agents/group-tally.js';
import type { Trajectory } from '../engines/trajectory.js';
import { type ContrastSummary, contrastOf, type RunLog, unknownGroups } from '../output/contrast.js';
import { contrastSentences } from '../output/contrast-text.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * Checks `--contrast` before anything runs: an agents run, two or more groups, each a row of
 * groups.csv (an input error names the rows there are).
 */
export function checkContrastGroups(compiled: CompiledScenario, groups: readonly string[]): void {
  const world = compiled.world;
  if (world === undefined)
    throw flagError('--contrast', 'compares groups of agents: it needs the agents engine');
  if (new Set(groups).size < 2)
    throw flagError('--contrast', 'names two or more different groups, separated by commas (students,staff)');
  const names = groupReport(
    world.roster,
    world.settings.breakdown,
    world.roster.members.length,
    world.dropped,
  ).names;
  const unknown = unknownGroups(groups, names);
  if (unknown.length > 0)
    throw flagError(
      '--contrast',
      `no group ${unknown.map((g) => `'${g}'`).join(', ')}; the groups are: ${names.join(', ')}`,
    );
}

/** The contrast report of a finished run: summary.json's `contrast`, its files and its printed sentences. */
export interface ContrastReport {
  summary: ContrastSummary;
  files: Record<string, string | Uint8Array>;
  text: string;
}

/**
 * The contrast report of `groups` over `runs`: from their groups.csv (`groupsCsv`, stacked for an
 * ensemble) and from every event log kept (the first run's; every run's with `--keep-events all`);
 * with `png`, the chart as `contrast.png` too.
 */
export async function contrastReport(
  scenario: Scenario,
  runs: readonly (Trajectory & { readonly logs?: Record<string, string> | undefined })[],
  groupsCsv: string,
  groups: readonly string[],
  png = false,
): Promise<ContrastReport> {
  const logs: RunLog[] = [];
  runs.forEach((run, r) => {
    const files = { ...(r === 0 ? run.artifacts : {}), ...run.logs };
    const events = files['events.jsonl'];
    const agents = files['agents.csv'];
    if (typeof events === 'string' && typeof agents === 'string') logs.push({ events, agents });
  });
  const { summary, curves } = contrastOf({ groupsCsv, groups, logs });
  // The charting libraries take a quarter of a second to load: only a run that asks pays for it.
  const [{ contrastCsv, contrastSvg }, { svgToPng }] = await Promise.all([
    import('../output/contrast-files.js'),
    import('../output/chart.js'),
  ]);
  const svg = contrastSvg(scenario, curves, summary.runs);
  return {
    summary,
    files: {
      'contrast.csv': contrastCsv(curves),
      'contrast.svg': svg,
      ...(png ? { 'contrast.png': svgToPng(svg) } : {}),
    },
    text: contrastSentences(summary, timeScaleOf(scenario)),
  };
}
