import { flagError, InputError, type InputIssue } from '../core/errors.js';
import { formatBytes } from '../core/format-bytes.js';
import { firingCount } from '../model/events.js';
import { formatDuration } from '../output/time-format.js';
import { secondsPerUnit } from '../scenario/clock.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { AgentsWorld } from '../scenario/world-schema.js';

export { formatBytes };

/**
 * Budgets, checked before any work starts: what a run will hold in memory at once, estimated from
 * its scenario and flags alone, against a limit that scales with the machine. A run that would not
 * fit is refused (exit 2) with the figure it would need and the flag or field that asks for it,
 * instead of aborting Node part-way through. Pure functions: the machine's figures come in as
 * arguments.
 *
 * The figures are what the code allocates, rounded up: every replicate's trajectory is kept until
 * the ensemble's quantiles are computed; each engine instance (one per worker thread, and one in
 * the main thread) holds its agents, cells, replay frames and event schedule.
 */

/** The most replicates `--runs` accepts: every run is kept in memory for the quantiles. */
export const MAX_RUNS = 100_000;
/** The most output rows of one run: the time grid is built as one array. */
const MAX_ROWS = 100_000_000;
/** The most agents: the roster is one array, and agents are numbered with 32-bit integers. */
const MAX_AGENTS = 100_000_000;
/** The most cells of an open plane: cells are numbered with 32-bit integers (lists hold two each). */
const MAX_PLANE_CELLS = 2 ** 30;
/**
 * The most ticks of an agents run: ten years of one-second ticks. `world.tick: 1e-9` asked for
 * 3·10¹¹ ticks of a five-minute run, and ran on with no word.
 */
const MAX_TICKS = 315_360_000;

/** Bytes of one output value (a Float64Array slot). */
const VALUE_BYTES = 8;
/** Bytes of the objects each replicate keeps besides its values: trajectory, milestones, story. */
const RUN_OVERHEAD_BYTES = 2048;
/**
 * Bytes of timeseries.parquet per row beyond its values: the run (INT32) and t. The table is built
 * in memory, where it takes about twice its size while it is encoded.
 */
const PARQUET_ROW_BYTES = 12;

/** Bytes of one worker thread: its own V8 isolate and the modules it loads. */
const WORKER_BYTES = 64e6;
/** Bytes per agent on an open plane: about 80 in typed arrays (agents.ts), rounded up. */
const PLANE_AGENT_BYTES = 128;
/** Bytes per agent in a building: about 250 in typed arrays (agents.ts), rounded up. */
const BUILDING_AGENT_BYTES = 384;
/** Bytes per cell of an open plane: 27 in typed arrays (open-plane.ts), rounded up. */
const PLANE_CELL_BYTES = 28;
/** Bytes per cell of a building: its kinds, rooms and doors, occupancy and distance fields. */
const BUILDING_CELL_BYTES = 64;
/** Bytes per timed firing: its time, and its place in the merged schedule. */
const FIRING_BYTES = 80;
/** Bytes per output row and report group of `groups.csv`, kept per replicate (agents). */
const GROUP_ROW_BYTES = 48;
/** Bytes per agent in one replay frame, as the replay file stores it. */
const REPLAY_AGENT_BYTES = 6;
/** The share of the machine's memory a run may use unless `--max-memory` says otherwise. */
const DEFAULT_MEMORY_SHARE = 1 / 4;
/**
 * The most `--max-memory` gives: the estimate is of the run's own arrays, and Node's heap, the
 * files being written and the system need the rest (a run let have all 25 GB of a machine was
 * killed by the kernel's out-of-memory killer, exit 137, rather than refused).
 */
const MAX_MEMORY_SHARE = 3 / 4;

/** The memory a run may use, and where that figure comes from (for messages). */
export interface MemoryLimit {
  readonly bytes: number;
  readonly source: string;
  /** False where `--max-memory` cannot give more: it is all of the machine's already. */
  readonly raisable?: boolean;
}

/**
 * The limit: `--max-memory` if given (at most three quarters of the machine's memory), otherwise
 * a quarter of it (the rest is left for Node's own heap, the output files being written and
 * everything else on the machine).
 */
export function memoryLimit(maxMemory: number | undefined, totalMemory: number): MemoryLimit {
  const most = totalMemory * MAX_MEMORY_SHARE;
  if (maxMemory !== undefined && maxMemory >= most)
    return {
      bytes: most,
      source: `three quarters of this machine's ${formatBytes(totalMemory)}, the most --max-memory gives: the rest is for Node and the system`,
      raisable: false,
    };
  if (maxMemory !== undefined) return { bytes: maxMemory, source: 'set by --max-memory' };
  return {
    bytes: totalMemory * DEFAULT_MEMORY_SHARE,
    source: `a quarter of this machine's ${formatBytes(totalMemory)}`,
  };
}

/** The size of a run, from its scenario and flags, before anything is allocated. */
export interface RunSize {
  /** Output rows of one run: 0, every, … until. */
  readonly rows: number;
  /** Compartments: the values of one row. */
  readonly columns: number;
  readonly runs: number;
  readonly workers: number;
  /** Agents (agents engine), 0 otherwise; in a building or on an open plane. */
  readonly agents: number;
  readonly building: boolean;
  readonly planeCells: number;
  readonly buildingCells: number;
  /** Replay frames each engine records (agents engine). */
  readonly replayFrames: number;
  /** Ticks of a run (agents engine), 0 otherwise. */
  readonly ticks: number;
  /** Rows of `groups.csv` per output time (agents engine). */
  readonly reportGroups: number;
  /** Timed event firings in all. */
  readonly firings: number;
}

/** Output rows of the grid 0, every, 2·every, … up to until inclusive (see `outputTimes`). */
export function outputRows(until: number, every: number): number {
  const steps = Math.floor(until / every + 1e-9);
  return steps + 1 + (until - steps * every > every * 1e-9 ? 1 : 0);
}

/** Measures a loaded scenario run `runs` times on `workers` threads. */
function runSize(loaded: LoadedScenario, runs: number, workers: number): RunSize {
  const { scenario } = loaded;
  const { until, every } = scenario.time;
  const world = scenario.engine === 'agents' ? (scenario.world as AgentsWorld | undefined) : undefined;
  const building = world?.building;
  let buildingCells = 0;
  if (building?.floors !== undefined) {
    let width = 0;
    let height = 0;
    for (const floor of building.floors) {
      const lines = floor.map.split('\n');
      height = Math.max(height, lines.length);
      for (const line of lines) width = Math.max(width, line.length);
    }
    buildingCells = (width + 2) * (height + 2) * building.floors.length;
  }
  const open = building?.open;
  const replayEvery = world?.replay.every ?? 0;
  let reportGroups = 0;
  for (const group of Object.values(world?.groups ?? {})) reportGroups += 1 + (group.grades?.length ?? 0);
  return {
    rows: outputRows(until, every),
    columns: loaded.network.compartments.length,
    runs,
    workers,
    // Reserved agents (options.agents.reserve) and those who arrive later (arrives) are allocated
    // like the others.
    agents:
      world === undefined
        ? 0
        : Object.values(scenario.initial).reduce((sum, v) => sum + v, 0) +
          (scenario.options.agents?.reserve ?? 0) +
          arrivingCount(world),
    building: building?.floors !== undefined,
    planeCells: open === undefined ? 0 : open.width * open.height,
    buildingCells,
    replayFrames: replayEvery > 0 ? Math.ceil(until / replayEvery) + 1 : 0,
    ticks: world === undefined ? 0 : Math.ceil(until / world.tick),
    reportGroups,
    firings: scenario.events.reduce((sum, event) => sum + firingCount(event, until), 0),
  };
}

/** One share of a run's memory, and the field or flag that asks for it. */
export interface MemoryPart {
  readonly bytes: number;
  /** A dotted field path (`time.every`), or a flag (`--runs`). */
  readonly path: string;
  /** What asks for it, as a phrase such as `asks for 1e10 output rows of 3 values`. */
  readonly what: string;
}

/** What a run holds beside its trajectories, as the caller knows it. */
export interface BudgetFields {
  /**
   * A lattice run's map (compiled first, so its size is known; see `latticeBudget`): the bytes of
   * one compiled lattice with its engine, held once per engine instance.
   */
  readonly lattice?: LatticeBudget | undefined;
  /** `--parquet`: timeseries.parquet is built in memory beside the runs kept. */
  readonly parquet?: boolean | undefined;
}

/** The memory of one lattice (compiled, with its engine), and what to blame it on. */
export interface LatticeBudget {
  readonly bytes: number;
  /**
   * The tables each replicate keeps until the files are written (`arrival.csv` with a row for
   * every cell the zombies may reach, and `regions.csv`), at most.
   */
  readonly tableBytes: number;
  /** The cells of the map, for messages. */
  readonly cells: number;
  /** The field that sets the map's size (`world.lattice.cities.cell_km` …). */
  readonly path: string;
  /** The map, as a phrase: `a lattice of 1728 × 923 = 1,594,944 cells of 4 compartments`. */
  readonly what: string;
}

/**
 * The memory a run needs at once, part by part (parts of 0 bytes left out). The trajectories kept
 * are blamed on the output grid if one run alone exceeds `limitBytes`, and on `--runs` otherwise.
 */
function memoryParts(
  size: RunSize,
  loaded: LoadedScenario,
  limitBytes: number,
  fields: BudgetFields,
  gridPath: GridField,
): MemoryPart[] {
  const { until, every, unit } = loaded.scenario.time;
  const engines = size.runs === 1 ? 1 : size.workers + 1;
  const rowBytes = size.columns * VALUE_BYTES + (size.agents > 0 ? size.reportGroups * GROUP_ROW_BYTES : 0);
  const oneRun = size.rows * rowBytes + RUN_OVERHEAD_BYTES;
  // The ensemble's quantile tables: a mean and five quantiles per value.
  const quantiles = size.runs > 1 ? 6 * size.rows * size.columns * VALUE_BYTES : 0;
  // Lengths of time as people read them (0.1 days, 24 h); other units (ticks) as written.
  const span = (t: number) => (secondsPerUnit(unit) === undefined ? `${t} ${unit}` : formatDuration(t, unit));
  const grid = `asks for ${formatCount(size.rows)} output rows of ${size.columns} values (an output every ${span(every)} up to ${span(until)})`;
  const kept = oneRun * size.runs + quantiles;
  // Too fine a grid if one run alone does not fit; otherwise too many runs.
  const parts: MemoryPart[] = [
    size.runs === 1 || oneRun + quantiles > limitBytes
      ? {
          bytes: kept,
          path: gridPath,
          what: size.runs > 1 ? `${grid} in each of ${formatCount(size.runs)} runs` : grid,
        }
      : {
          bytes: kept,
          path: '--runs',
          what: `asks for ${formatCount(size.runs)} runs of ${formatCount(size.rows)} output rows of ${size.columns} values, all kept for the ensemble's quantiles`,
        },
  ];
  if (fields.parquet)
    parts.push({
      bytes: 2 * size.runs * size.rows * (PARQUET_ROW_BYTES + size.columns * VALUE_BYTES),
      path: '--parquet',
      what: `asks for timeseries.parquet of ${formatCount(size.runs * size.rows)} rows, built in memory`,
    });
  if (size.runs > 1)
    parts.push({
      bytes: size.workers * WORKER_BYTES,
      path: '--workers',
      what: `asks for ${size.workers} worker threads`,
    });
  if (size.agents > 0) {
    const own = size.building ? BUILDING_AGENT_BYTES : PLANE_AGENT_BYTES;
    const perAgent = own + REPLAY_AGENT_BYTES * size.replayFrames;
    // Blamed on the replay's frames where they take ten times what the agents do themselves
    // (`world.replay.every: 1e-9` was blamed on initial.human), else on the agents.
    const replayMost = REPLAY_AGENT_BYTES * size.replayFrames > 10 * own;
    parts.push({
      bytes: engines * size.agents * perAgent,
      path: replayMost ? 'world.replay.every' : agentsPath(loaded),
      what: `asks for ${formatCount(size.agents)} agents${size.replayFrames > 0 ? `, each in ${formatCount(size.replayFrames)} replay frames` : ''}${engineCopies(engines)}`,
    });
  }
  if (size.planeCells > 0) {
    const open = (loaded.scenario.world as AgentsWorld).building.open!;
    parts.push({
      bytes: engines * size.planeCells * PLANE_CELL_BYTES,
      path: open.width >= open.height ? 'world.building.open.width' : 'world.building.open.height',
      what: `asks for an open plane of ${formatCount(open.width)} × ${formatCount(open.height)} = ${formatCount(size.planeCells)} cells${engineCopies(engines)}`,
    });
  }
  if (size.buildingCells > 0) {
    parts.push({
      bytes: engines * size.buildingCells * BUILDING_CELL_BYTES,
      path: 'world.building.floors',
      what: `asks for maps of ${formatCount(size.buildingCells)} cells${engineCopies(engines)}`,
    });
  }
  if (fields.lattice !== undefined) {
    const { lattice } = fields;
    parts.push({
      bytes: engines * lattice.bytes,
      path: lattice.path,
      what: `asks for ${lattice.what}${engineCopies(engines)}`,
    });
    parts.push({
      bytes: size.runs * lattice.tableBytes,
      path: size.runs > 1 ? '--runs' : lattice.path,
      what: `asks for the arrival times of up to ${formatCount(lattice.cells)} cells (arrival.csv) and the regions' series${size.runs > 1 ? `, kept for each of ${formatCount(size.runs)} runs` : ''}`,
    });
  }
  if (size.firings > 0) {
    parts.push({
      bytes: (engines + 1) * size.firings * FIRING_BYTES,
      path: 'events',
      what: `asks for ${formatCount(size.firings)} timed event firings${engineCopies(engines)}`,
    });
  }
  return parts;
}

/**
 * Checks a run against the memory limit and the structural limits, and returns the worker count
 * to use: the one asked for, or fewer if only fewer fit (`note` says so). Throws an `InputError`
 * located by `locate` (a field path or a flag) if the run cannot fit at all.
 */
export function checkBudget(
  loaded: LoadedScenario,
  runs: number,
  workers: number,
  limit: MemoryLimit,
  locate: (path: string, message: string) => InputIssue,
  note: (message: string) => void,
  fields: BudgetFields = {},
): number {
  // Limits no memory can lift: where one is passed too, raising --max-memory would not help.
  const size = runSize(loaded, runs, workers);
  const grid = gridField(loaded);
  const structural: [boolean, string, string, string][] = [
    [
      size.rows > MAX_ROWS,
      grid,
      `asks for ${countBeyond(size.rows, MAX_ROWS)} output rows`,
      `a run has at most ${formatCount(MAX_ROWS)}`,
    ],
    [
      size.agents > MAX_AGENTS,
      `initial.${largestInitial(loaded)}`,
      `asks for ${countBeyond(size.agents, MAX_AGENTS)} agents`,
      `a world has at most ${formatCount(MAX_AGENTS)}`,
    ],
    [
      size.ticks > MAX_TICKS,
      (loaded.scenario.world as AgentsWorld | undefined)?.tick === 1 ? 'time.until' : 'world.tick',
      `asks for ${countBeyond(size.ticks, MAX_TICKS)} ticks`,
      `a run has at most ${formatCount(MAX_TICKS)} ticks (ten years of one-second ticks)`,
    ],
    [
      size.planeCells > MAX_PLANE_CELLS,
      'world.building.open.width',
      `an open plane of ${formatCount(size.planeCells)} cells`,
      `at most ${formatCount(MAX_PLANE_CELLS)} cells, numbered with 32-bit integers`,
    ],
  ];
  const broken = structural.filter(([bad]) => bad);

  const total = (parts: readonly MemoryPart[]) => parts.reduce((sum, part) => sum + part.bytes, 0);
  let used = workers;
  let parts = memoryParts(runSize(loaded, runs, used), loaded, limit.bytes, fields, grid);
  while (total(parts) > limit.bytes && used > 1) {
    used--;
    parts = memoryParts(runSize(loaded, runs, used), loaded, limit.bytes, fields, grid);
  }
  if (total(parts) > limit.bytes) {
    const worst = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const whole =
      total(parts) > worst.bytes * 1.05 ? ` (≈ ${formatBytes(total(parts))} for the whole run)` : '';
    const advice =
      broken.length > 0
        ? `; whatever the memory, ${broken.map(([, , , most]) => most).join('; ')}`
        : limit.raisable === false
          ? ''
          : '; raise it with --max-memory SIZE';
    throw new InputError([
      locate(
        worst.path,
        `${worst.what}: ≈ ${formatBytes(worst.bytes)} of memory${whole}; the limit is ${formatBytes(limit.bytes)} (${limit.source})${advice}`,
      ),
    ]);
  }
  if (broken.length > 0)
    throw new InputError(broken.map(([, path, what, most]) => locate(path, `${what}; ${most}`)));
  if (used < workers)
    note(
      `using ${used} worker thread${used === 1 ? '' : 's'} instead of ${workers}, so that the run fits in ${formatBytes(limit.bytes)} of memory`,
    );

  return used;
}

/** The members of the groups that arrive during the run (`arrives`), who are not in `initial`. */
function arrivingCount(world: AgentsWorld): number {
  let count = 0;
  for (const group of Object.values(world.groups)) {
    if (group.arrives === undefined) continue;
    count +=
      group.count ??
      (group.grades?.length ?? 0) * (group.classes ?? 0) * (group.size ?? 0) +
        Object.values(group.roles ?? {}).reduce((sum, role) => sum + role.count, 0);
  }
  return count;
}

/** What asks for the most agents, to point at: the largest initial state, or the reserve. */
function agentsPath(loaded: LoadedScenario): string {
  const largest = largestInitial(loaded);
  const reserve = loaded.scenario.options.agents?.reserve ?? 0;
  return reserve > (loaded.scenario.initial[largest] ?? 0) ? 'options.agents.reserve' : `initial.${largest}`;
}

/** The initial state with the most agents, to point at. */
function largestInitial(loaded: LoadedScenario): string {
  const entries = Object.entries(loaded.scenario.initial);
  if (entries.length === 0) return 'human';
  return entries.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

function engineCopies(engines: number): string {
  return engines > 1 ? `, once in each of ${engines} threads` : '';
}

/** The field that sets the output grid, as a refusal names it. */
type GridField = 'time.every' | 'time.until';

/**
 * The field an output grid too long is blamed on: `time.until` where a setting gave it and none
 * gave `time.every` (`--until`, `--set time.until=1e7`, a sweep's point, a page's link), else
 * `time.every`.
 */
function gridField(loaded: LoadedScenario): GridField {
  const setBy = (path: string) => loaded.issueAt(path, '').file.startsWith('--set ');
  return setBy('time.until') && !setBy('time.every') ? 'time.until' : 'time.every';
}

/** A budget's issue at a flag (`--runs`), or at the field of the scenario (or of its --set) that asks for it. */
export function budgetIssue(loaded: LoadedScenario, path: string, message: string): InputIssue {
  return path.startsWith('--') ? flagError(path, message).issues[0]! : loaded.issueAt(path, message);
}

/** A count past `limit`, in full where the short form would read as the limit (100,000,001, not 1e8). */
function countBeyond(n: number, limit: number): string {
  const short = formatCount(n);
  return short === formatCount(limit) && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : short;
}

/** A count with thousands separators below ten million, and as `1e10`, `2.5e9` above (past doubles: `more than 1e308`). */
export function formatCount(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return 'more than 1e308';
  if (!Number.isFinite(n)) return String(n);
  if (n < 1e7) return Math.round(n).toLocaleString('en-US');
  const e = Math.floor(Math.log10(n));
  const mantissa = (n / 10 ** e).toFixed(1).replace(/\.0$/, '');
  return mantissa === '10' ? `1e${e + 1}` : `${mantissa}e${e}`;
}
