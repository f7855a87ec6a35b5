import { parse as parseYaml } from 'yaml';
import { type Replay, readReplay } from '../../src/engines/agents/replay.js';
import {
  type AgentRow,
  type LoggedEvent,
  parseAgentsCsv,
  parseEvents,
} from '../../src/output/character-story.js';
import type { LatticeLayoutSummary } from '../../src/output/lattice-layout.js';
import {
  expandBraces,
  type ParsedBuilding,
  parseBuilding,
  type SymbolKind,
} from '../../src/scenario/building-map.js';
import { type TimeScale, timeScaleOf } from '../../src/scenario/clock.js';
import { type GroupSeries, parseGroupSeries, parseSeries, type Series } from './series.js';
import { parseGroupRuns, parseQuantiles, type QuantileSeries } from './share/ensemble.js';

/** The fields of `summary.json` the viewer reads. */
export interface RunSummary {
  readonly scenario: string;
  readonly engine: string;
  readonly seed: number;
  readonly runs: number;
  readonly until: number;
  readonly every: number;
  readonly compartments: readonly string[];
  readonly final: Readonly<Record<string, number>>;
  readonly story?: Readonly<Record<string, unknown>>;
  /** A run's world events with their times (an ensemble's give counts over runs, no times). */
  readonly scenario_events?: readonly { name: string; times?: readonly number[] }[];
  /** An ensemble's figures for its first run, the one whose replay and events the folder keeps. */
  readonly first_run?: { readonly scenario_events?: readonly { name: string; times?: readonly number[] }[] };
  /** The files the run wrote. */
  readonly files?: readonly string[];
  /** A lattice run's map: its geometry, regions and frames (`lattice-layout.ts`). */
  readonly lattice?: LatticeLayoutSummary;
  /** Only in a live folder's summary (`undead view SCENARIO`): the file the page runs live from, `live.json`. */
  readonly live?: string;
}

/** A finished run, as read from its folder. Files an engine does not write are absent. */
export interface RunData {
  readonly summary: RunSummary;
  readonly title: string;
  readonly scale: TimeScale;
  readonly series: Series;
  readonly groups?: GroupSeries;
  /** An ensemble's `quantiles.csv`: the median and spread of each compartment over the runs. */
  readonly quantiles?: QuantileSeries;
  /** An ensemble's `groups.csv`, run by run (`groups` is the first run's). */
  readonly groupRuns?: readonly GroupSeries[];
  readonly events: readonly LoggedEvent[];
  readonly agents: readonly AgentRow[];
  readonly replay?: Replay;
  /** The floor plan parsed from the run's scenario, for room names, doors and furniture. */
  readonly building?: ParsedBuilding;
  /** Rooms whose doors start closed (`rooms: {NAME: {doors: closed}}`). */
  readonly closedRooms: ReadonlySet<string>;
}

/** A run folder that cannot be shown, with the reason. */
export class RunUnreadable extends Error {
  override name = 'RunUnreadable';
}

/** The folder of a live run (`undead view SCENARIO`), not of a finished one: the page runs its `live.json`. */
export class LiveFolder extends RunUnreadable {
  override name = 'LiveFolder';
}

async function fetchFile(base: string, name: string): Promise<Response | undefined> {
  const response = await fetch(`${base}${name}`);
  return response.ok ? response : undefined;
}

async function text(base: string, name: string): Promise<string | undefined> {
  return (await fetchFile(base, name))?.text();
}

/** The parts of a scenario (resolved, or as written) the viewer reads. */
export interface ResolvedScenario {
  title?: unknown;
  time?: { unit?: unknown };
  world?: {
    clock?: { start?: unknown };
    building?: {
      floors?: { name: string; map: string }[];
      legend?: Record<string, SymbolKind>;
      rooms?: Record<string, { doors?: unknown }>;
    };
  };
}

/** Reads the run folder at `base` (a URL ending in `/`). */
export async function loadRun(base: string): Promise<RunData> {
  const summaryText = await text(base, 'summary.json');
  if (summaryText === undefined) throw new RunUnreadable(`no summary.json at ${base}: not a run folder`);
  const summary = JSON.parse(summaryText) as RunSummary;
  // `undead view SCENARIO` serves a live folder: its summary says so, and it has no run's files.
  if (summary.live !== undefined) throw new LiveFolder('a live run, not a finished one');
  const seriesText = await text(base, 'timeseries.csv');
  if (seriesText === undefined) throw new RunUnreadable('the run has no timeseries.csv');
  // Only the files the run says it wrote are asked for (a missing one would be an error in the console).
  const has = (name: string) => summary.files === undefined || summary.files.includes(name);
  // A file the summary lists must be there: without it the page would show a blank map, not why.
  const listed = (name: string) => summary.files?.includes(name) === true;
  const optional = async <T>(name: string, read: (base: string, name: string) => Promise<T | undefined>) => {
    if (!has(name)) return undefined;
    const found = await read(base, name);
    if (found === undefined && listed(name))
      throw new RunUnreadable(
        `${name} could not be read, though summary.json lists it among the run's files`,
      );
    return found;
  };
  const [groupsText, eventsText, agentsText, scenarioText, replayResponse, quantilesText] = await Promise.all(
    [
      optional('groups.csv', text),
      optional('events.jsonl', text),
      optional('agents.csv', text),
      optional('scenario.resolved.yaml', text),
      optional('replay.bin', fetchFile),
      summary.runs > 1 ? optional('quantiles.csv', text) : Promise.resolve(undefined),
    ],
  );
  const groupRuns = groupsText === undefined ? undefined : parseGroupRuns(groupsText);
  const scenario = (scenarioText === undefined ? {} : parseYaml(scenarioText)) as ResolvedScenario;
  const replay =
    replayResponse === undefined ? undefined : readReplay(new Uint8Array(await replayResponse.arrayBuffer()));
  const building = buildingOf(scenario);
  return {
    summary,
    title: typeof scenario.title === 'string' ? scenario.title : summary.scenario,
    scale: scaleOf(scenario),
    series: parseSeries(seriesText),
    ...(groupsText === undefined ? {} : { groups: parseGroupSeries(groupsText) }),
    ...(quantilesText === undefined ? {} : { quantiles: parseQuantiles(quantilesText) }),
    ...(groupRuns === undefined ? {} : { groupRuns }),
    events: eventsText === undefined ? [] : parseEvents(eventsText),
    agents: agentsText === undefined ? [] : parseAgentsCsv(agentsText),
    ...(replay === undefined ? {} : { replay }),
    ...(building === undefined ? {} : { building }),
    closedRooms: closedRoomsOf(scenario),
  };
}

/** The time scale of a scenario: its unit, and its clock if it has one. */
export function scaleOf(scenario: ResolvedScenario): TimeScale {
  const unit = typeof scenario.time?.unit === 'string' ? scenario.time.unit : 'second';
  const start = scenario.world?.clock?.start;
  return timeScaleOf({
    time: { unit },
    ...(typeof start === 'string' ? { world: { clock: { start } } } : {}),
  });
}

/** The building a scenario draws, parsed from its maps, if it has one. */
export function buildingOf(scenario: ResolvedScenario): ParsedBuilding | undefined {
  const spec = scenario.world?.building;
  if (spec?.floors === undefined) return undefined;
  return parseBuilding(spec.floors, spec.legend ?? {}).building;
}

/** Rooms whose doors start closed. */
export function closedRoomsOf(scenario: ResolvedScenario): Set<string> {
  const closed = new Set<string>();
  for (const [pattern, attrs] of Object.entries(scenario.world?.building?.rooms ?? {})) {
    const names = expandBraces(pattern);
    if (attrs.doors === 'closed' && typeof names !== 'string') for (const name of names) closed.add(name);
  }
  return closed;
}
