import { flagError } from '../core/errors.js';
import { groupReport } from '../engines/agents/group-tally.js';
import type { Trajectory } from '../engines/trajectory.js';
import { type ContrastSummary, contrastOf, type RunLog } from '../output/contrast.js';
import type { FactionContrastSummary } from '../output/contrast-factions.js';
import { contrastSentences } from '../output/contrast-text.js';
import { timeScaleOf } from '../scenario/clock.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { Scenario } from '../scenario/schema.js';

/** The prefix that names a faction explicitly in `--contrast` (`faction:humans`), when a group has its name too. */
const FACTION_PREFIX = 'faction:';

/** What `--contrast` compares: rows of groups.csv (share still human), or factions (share still standing). */
export interface ContrastTarget {
  kind: 'groups' | 'factions';
  names: string[];
}

/**
 * Checks `--contrast` before anything runs and says what it compares: an agents run, two or more
 * different names, each a row of groups.csv or a faction (`world.factions`, or the default table).
 * A name that is both is the group; `faction:NAME` names the faction. Groups and factions are
 * not compared with each other (their shares measure different things). An input error names the
 * groups and factions there are.
 */
export function contrastTarget(compiled: CompiledScenario, asked: readonly string[]): ContrastTarget {
  const world = compiled.world;
  if (world === undefined)
    throw flagError('--contrast', 'compares groups of agents: it needs the agents engine');
  const groups = groupReport(
    world.roster,
    world.settings.breakdown,
    world.roster.members.length,
    world.dropped,
  ).names;
  const factions = world.factions.names;
  const kinds = asked.map((name) =>
    name.startsWith(FACTION_PREFIX)
      ? { name: name.slice(FACTION_PREFIX.length), kind: 'factions' as const }
      : { name, kind: groups.includes(name) ? ('groups' as const) : ('factions' as const) },
  );
  const unknown = kinds.filter(({ name, kind }) => !(kind === 'groups' || factions.includes(name)));
  if (unknown.length > 0)
    throw flagError(
      '--contrast',
      `no group or faction ${unknown.map((x) => `'${x.name}'`).join(', ')}; the groups are: ${groups.join(', ')}; the factions: ${factions.join(', ')}`,
    );
  const names = kinds.map((x) => x.name);
  if (new Set(names).size < 2)
    throw flagError(
      '--contrast',
      'names two or more different groups or factions, separated by commas (students,staff)',
    );
  const kind = kinds[0]!.kind;
  const other = kinds.find((x) => x.kind !== kind);
  if (other !== undefined) {
    const group = kinds.find((x) => x.kind === 'groups')!.name;
    const faction = kinds.find((x) => x.kind === 'factions')!.name;
    throw flagError(
      '--contrast',
      `compares groups (share still human) or factions (share still standing), not both: '${group}' is a group, '${faction}' a faction`,
    );
  }
  return { kind, names };
}

/** The setting that makes the engine write factions.csv, which a contrast of factions reads. */
export const FACTIONS_TABLE_SETTING = 'world.breakdown.factions=true';

/** The contrast report of a finished run: summary.json's `contrast`, its files and its printed sentences. */
export interface ContrastReport {
  summary: ContrastSummary | FactionContrastSummary;
  files: Record<string, string | Uint8Array>;
  text: string;
}

/**
 * The contrast report of `target` over `runs`: of groups, from their groups.csv (`tables`, stacked
 * for an ensemble) and from every event log kept (the first run's; every run's with
 * `--keep-events all`); of factions, from their factions.csv; with `png`, the charts as PNG too.
 */
export async function contrastReport(
  scenario: Scenario,
  runs: readonly (Trajectory & { readonly logs?: Record<string, string> | undefined })[],
  tables: Record<string, string | Uint8Array> | undefined,
  target: ContrastTarget,
  png = false,
): Promise<ContrastReport> {
  // The charting libraries take a quarter of a second to load: only a run that asks pays for it.
  const [files, { svgToPng }] = await Promise.all([
    import('../output/contrast-files.js'),
    import('../output/chart.js'),
  ]);
  const charts = (svgs: Record<string, string>): Record<string, string | Uint8Array> => {
    const out: Record<string, string | Uint8Array> = { ...svgs };
    if (png)
      for (const [name, svg] of Object.entries(svgs)) out[name.replace(/\.svg$/, '.png')] = svgToPng(svg);
    return out;
  };
  if (target.kind === 'factions') {
    const [{ factionContrastOf }, { factionContrastSentences }] = await Promise.all([
      import('../output/contrast-factions.js'),
      import('../output/contrast-faction-text.js'),
    ]);
    const factions = factionContrastOf({
      factionsCsv: String(tables?.['factions.csv'] ?? ''),
      factions: target.names,
    });
    const { summary, curves, standing } = factions;
    return {
      summary,
      files: {
        'contrast.csv': files.factionContrastCsv(curves, standing),
        ...charts({
          'contrast.svg': files.contrastSvg(scenario, curves, summary.runs, 'share still standing'),
          'contrast-standing.svg': files.standingSvg(scenario, curves, standing, summary.runs),
        }),
      },
      text: factionContrastSentences(summary, timeScaleOf(scenario)),
    };
  }
  const logs: RunLog[] = [];
  runs.forEach((run, r) => {
    const kept = { ...(r === 0 ? run.artifacts : {}), ...run.logs };
    const events = kept['events.jsonl'];
    const agents = kept['agents.csv'];
    if (typeof events === 'string' && typeof agents === 'string') logs.push({ events, agents });
  });
  const { summary, curves } = contrastOf({
    groupsCsv: String(tables?.['groups.csv'] ?? ''),
    groups: target.names,
    logs,
  });
  return {
    summary,
    files: {
      'contrast.csv': files.contrastCsv(curves),
      ...charts({ 'contrast.svg': files.contrastSvg(scenario, curves, summary.runs) }),
    },
    text: contrastSentences(summary, timeScaleOf(scenario)),
  };
}
