import { budgetIssue, checkBudget, type MemoryLimit } from '../../../src/cli/budget.js';
import { InputError } from '../../../src/core/errors.js';
import { streamFor } from '../../../src/core/random.js';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { ReplayWriter } from '../../../src/engines/agents/replay.js';
import { createEngine } from '../../../src/engines/create.js';
import type { Engine } from '../../../src/engines/engine.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { outputTimes } from '../../../src/engines/trajectory.js';
import {
  type Intervention,
  InvalidIntervention,
  type LoggedIntervention,
} from '../../../src/model/intervention.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import type { CompiledScenario, EngineName } from '../../../src/scenario/compiled.js';
import type { CompiledWorld } from '../../../src/scenario/compiled-world.js';
import { type LoadedScenario, parseScenario } from '../../../src/scenario/parse.js';
import { replayHost } from '../../../src/scenario/raster/recorded-host.js';
import { setProblem } from '../../../src/scenario/set-check.js';
import { LiveGroups } from './live-groups.js';
import { LiveLattice } from './live-lattice.js';
import { doorFloorsOf, type LiveMoment, LiveMoments } from './live-moments.js';
import type { LatticeFrame, LiveReady, LiveSetup } from './protocol.js';

/** Snapshots kept across a run, evenly spaced in time: seeking restores the nearest one before. */
const SNAPSHOTS = 24;
/**
 * The most bytes of snapshots kept: an agents snapshot holds the run's logs so far (hyosan-high's
 * reaches 12 MB by the end of its day), so past this every other one is dropped and the spacing doubles.
 */
const SNAPSHOT_BYTES = 64 * 1024 * 1024;
const NO_PLAN = new Uint8Array(0);
/** A time sought this close to a tick, in ticks, is on it (a link's time is written to a few digits). */
const GRID_SLACK = 1e-6;
/**
 * Room for the humans a click on the map drops into a live agents run (`options.agents.reserve`),
 * when neither the scenario nor its sets give one: without a reserve the engine can add no one.
 * A reserve changes no number of a run in which no one is dropped.
 */
export const LIVE_RESERVE = 1000;

/**
 * The memory a live run's output may take: a browser tab holds a few gigabytes at most, and a run
 * over it failed with "Array buffer allocation failed".
 */
const LIVE_MEMORY: MemoryLimit = { bytes: 1e9, source: 'the most a live page holds', raisable: false };

/** The set a live agents run adds when the scenario and its sets give no reserve. */
export const LIVE_RESERVE_SET = `options.agents.reserve=${LIVE_RESERVE}`;

/** The scenario with its sets, and for agents with no reserve of their own, `LIVE_RESERVE`; and whether it was added. */
function parseLive(setup: LiveSetup): { loaded: LoadedScenario; reserveAdded: boolean } {
  const host = setup.host === undefined ? undefined : replayHost(setup.host);
  const loaded = parseScenario(setup.text, setup.file, setup.sets, host);
  const engine = setup.engine ?? loaded.scenario.engine;
  if (engine !== 'agents' || (loaded.scenario.options?.agents?.reserve ?? 0) > 0)
    return { loaded, reserveAdded: false };
  return {
    loaded: parseScenario(setup.text, setup.file, [...setup.sets, LIVE_RESERVE_SET], host),
    reserveAdded: true,
  };
}

/** A snapshot of the run at an output row, with the row count observed by then. */
interface Keyframe {
  readonly t: number;
  readonly rows: number;
  readonly bytes: Uint8Array;
}

/**
 * One live run, with no worker or page API (the worker drives it; tests may too): the scenario
 * parsed and compiled as the CLI does, one engine on the stream of (seed, replicate 0), the counts
 * observed on the output grid, and a plan of interventions that the run applies at their times,
 * as `undead run --interventions` does, so that the same seed and interventions give the CLI's
 * numbers. Seeking back restores the nearest snapshot and runs forward through the plan.
 */
export class LiveRun {
  readonly engine: Engine;
  readonly compiled: CompiledScenario;
  readonly times: Float64Array;
  /** Observed counts, row-major on `times`. */
  readonly values: Float64Array;
  /** One tick of the agents, or one output step. */
  readonly tick: number;
  readonly title: string;
  /** Agents: the groups' counts per output row, and the moments found on the rows. */
  readonly groups: LiveGroups | undefined;
  private readonly story: LiveMoments | undefined;
  /** The lattice engine's map, and the cell watched on it. */
  readonly lattice: LiveLattice | undefined;
  /** Rows observed (the rows from here on are not yet, or no longer, valid). */
  rows = 0;
  /** The first row changed since `takeRows` last ran. */
  private dirtyFrom = 0;
  /** Interventions in order of time: those before `applied` are in the engine's log. */
  private plan: LoggedIntervention[] = [];
  private applied = 0;
  private readonly keyframes: Keyframe[] = [];
  private keyEvery: number;
  private keyBytes = 0;
  private readonly width: number;

  /** Whether the run added `LIVE_RESERVE_SET` to its sets (the CLI needs it too once humans are dropped). */
  readonly reserveAdded: boolean;

  constructor(readonly setup: LiveSetup) {
    const { loaded, reserveAdded } = parseLive(setup);
    // A link's sets (`?set=time.until=1e12`) are read here, not by the CLI: its limits again.
    const blame = (path: string, message: string) => budgetIssue(loaded, path, message);
    checkBudget(loaded, 1, 1, LIVE_MEMORY, blame, () => {});
    this.reserveAdded = reserveAdded;
    this.compiled = compileScenario(loaded, (setup.engine ?? loaded.scenario.engine) as EngineName);
    this.engine = createEngine(this.compiled, streamFor(setup.seed, 0));
    const { until, every } = this.compiled.time;
    this.times = outputTimes(until, every);
    this.width = this.engine.compartments.length;
    this.values = new Float64Array(this.times.length * this.width);
    const world = this.compiled.world as CompiledWorld | undefined;
    this.tick = world?.settings.tick ?? every;
    this.keyEvery = until / SNAPSHOTS;
    this.title = loaded.scenario.title;
    const agents = this.agents();
    this.groups = agents === undefined ? undefined : new LiveGroups(agents, this.times.length);
    const layout = agents?.replayPlan();
    this.story =
      layout === undefined
        ? undefined
        : new LiveMoments(
            this.times,
            layout.floors,
            agentSlots(world!),
            world!.roster.members.flatMap((member, i) => (member.character >= 0 ? [i] : [])),
            this.engine.compartments.indexOf('human'),
            doorFloorsOf(layout.plan, layout.width * layout.height),
          );
    this.lattice =
      this.compiled.lattice === undefined
        ? undefined
        : new LiveLattice(this.engine as LatticeEngine, this.compiled.lattice, this.times.length);
    this.advance(0);
  }

  /** The run's description for the page. */
  ready(): LiveReady {
    const { compiled, engine } = this;
    const world = compiled.world as CompiledWorld | undefined;
    const agents = this.agents();
    let plan: Uint8Array | undefined;
    if (agents !== undefined) {
      const p = agents.replayPlan();
      plan = new ReplayWriter(0, 0, p.width, p.height, p.floors, p.cellSize, p.plan, 0).bytes().slice();
    }
    return {
      type: 'ready',
      name: compiled.name,
      title: this.title,
      engine: compiled.engine,
      seed: this.setup.seed,
      sets: this.setup.sets,
      compartments: engine.compartments,
      until: compiled.time.until,
      every: compiled.time.every,
      tick: this.tick,
      unit: compiled.time.unit,
      // Every event a `fire` can name: the scenario's, the agents world's and the lattice map's named ones.
      events: [
        ...compiled.events.map((e) => e.name),
        ...(world?.settings.events ?? []).flatMap((e) => (e.name === undefined ? [] : [e.name])),
        ...(compiled.lattice?.spatialEvents ?? []).flatMap((e) => (e.name === undefined ? [] : [e.name])),
      ],
      ...(plan === undefined ? {} : { plan }),
      agents: world === undefined ? 0 : agentSlots(world),
      replayEvery: world?.settings.replay.every ?? 0,
      named: (world?.roster.members ?? []).flatMap((member, i) =>
        member.character >= 0 ? [[i, world!.roster.characterNames[member.character]!] as const] : [],
      ),
      total: this.values.subarray(0, this.width).reduce((sum, v) => sum + v, 0),
      groups: this.groups?.names ?? [],
      ...(this.lattice === undefined ? {} : { lattice: this.lattice.layout() }),
    };
  }

  get time(): number {
    return this.engine.time;
  }

  get until(): number {
    return this.compiled.time.until;
  }

  /** Advances n ticks (never past the end). */
  step(n: number): void {
    const ticks = Math.round(this.time / this.tick) + n;
    this.advance(Math.min(this.until, ticks * this.tick));
  }

  /**
   * Runs to time t (at most the end), stopping at each output time to observe it and at each
   * planned intervention to apply it first, as the CLI's `recordWith` does.
   */
  advance(t: number): void {
    const target = Math.min(this.until, t);
    const { engine, times, plan } = this;
    for (;;) {
      const grid = this.rows < times.length ? times[this.rows]! : Number.POSITIVE_INFINITY;
      const due = this.applied < plan.length ? plan[this.applied]!.t : Number.POSITIVE_INFINITY;
      const stop = Math.min(target, grid, due);
      if (stop > engine.time) engine.advanceTo(stop);
      while (this.applied < plan.length && plan[this.applied]!.t <= engine.time) {
        engine.control(plan[this.applied]!.intervention);
        this.applied++;
      }
      if (grid <= engine.time) this.observeRow();
      else if (engine.time >= target) break;
    }
  }

  /**
   * Applies an intervention now and adds it to the plan (dropping snapshots after now: their
   * future did not have it). Throws `InvalidIntervention`, changing nothing, for one the engine refuses.
   */
  control(intervention: Intervention): void {
    const t = this.time;
    // The engine checks only that a setting exists; the scenario's rules say what it may be.
    if (intervention.kind === 'set') {
      const { text, file, sets, host } = this.setup;
      const all = this.reserveAdded ? [...sets, LIVE_RESERVE_SET] : sets;
      const { name, value } = intervention;
      const problem = setProblem(
        text,
        file,
        all,
        name,
        value,
        this.compiled.engine,
        host && replayHost(host),
      );
      if (problem !== undefined) throw new InvalidIntervention(`${name}: ${problem}`);
    }
    this.engine.control(intervention);
    this.plan.splice(this.applied, 0, { t, intervention });
    this.applied++;
    while (this.keyframes.length > 0 && this.keyframes[this.keyframes.length - 1]!.t > t)
      this.keyBytes -= this.keyframes.pop()!.bytes.length;
    // An intervention at an output time counts in that row, as in `recordWith`.
    if (this.rows > 0 && this.times[this.rows - 1] === t) {
      this.rows--;
      this.observeRow();
    }
  }

  /**
   * Goes to time t: forward by running on, back by restoring the last snapshot before t. A time
   * within float noise of a tick (or output time) is that tick: a link's `t=0.3` is the row at
   * 3 × 0.1 = 0.30000000000000004, and shows it.
   */
  seek(t: number): void {
    const target = Math.max(0, Math.min(this.until, this.onGrid(t)));
    if (target < this.time) {
      let k = this.keyframes.length - 1;
      while (k > 0 && this.keyframes[k]!.t > target) k--;
      const key = this.keyframes[k]!;
      this.engine.restore(key.bytes);
      this.rows = key.rows;
      this.dirtyFrom = Math.min(this.dirtyFrom, key.rows);
      this.applied = this.engine.interventions().length;
    }
    this.advance(target);
  }

  /** t, or the tick (and the output time there, if later by float noise) that t is within `GRID_SLACK` ticks of. */
  private onGrid(t: number): number {
    const slack = GRID_SLACK * this.tick;
    const tick = Math.round(t / this.tick) * this.tick;
    if (Math.abs(t - tick) > slack) return t;
    const row = this.times[Math.round(tick / this.compiled.time.every)];
    return row !== undefined && Math.abs(row - tick) <= slack ? Math.max(row, tick) : tick;
  }

  /** The interventions applied so far, with their times. */
  interventions(): readonly LoggedIntervention[] {
    return this.plan.slice(0, this.applied);
  }

  /** The rows changed since the last call: the first one's number, their values and the groups' counts on them. */
  takeRows(): { first: number; rows: Float64Array; groupRows: Float64Array } {
    const first = Math.min(this.dirtyFrom, this.rows);
    this.dirtyFrom = this.rows;
    return {
      first,
      rows: this.values.slice(first * this.width, this.rows * this.width),
      groupRows: this.groups?.rows(first, this.rows) ?? new Float64Array(0),
    };
  }

  /**
   * The moments of the rows observed, and the scenario's events fired by then: for agents; for the
   * lattice, its events (a cordon, a bombing …) as they fire; none for the other counting engines.
   */
  moments(): LiveMoment[] {
    if (this.lattice !== undefined) {
      const end = this.rows > 0 ? this.times[this.rows - 1]! : 0;
      return this.engine
        .firedEvents()
        .flatMap((event) =>
          event.times.filter((t) => t <= end).map((t) => ({ t, kind: 'world', name: event.name }) as const),
        )
        .sort((a, b) => a.t - b.t);
    }
    return this.story?.list(this.rows, this.engine.firedEvents()) ?? [];
  }

  /** The lattice's map now (for a frame); undefined for the other engines. */
  latticeNow(): LatticeFrame | undefined {
    return this.lattice?.frame(this.rows);
  }

  /**
   * Watches a lattice cell: its counts and its regions' are recorded on every row from now on. The
   * rows before are read from the map's history, or where none is kept (a large map), the run
   * replays from its first snapshot to where it is, through the same interventions, to record them
   * (exactly: the run is deterministic).
   */
  watch(x: number, y: number): void {
    const lattice = this.lattice;
    if (lattice === undefined) throw new Error('only a lattice run has cells to watch');
    if (lattice.watch(x, y, this.rows)) return;
    const t = this.time;
    const first = this.keyframes[0]!;
    this.engine.restore(first.bytes);
    this.rows = first.rows;
    this.dirtyFrom = Math.min(this.dirtyFrom, first.rows);
    this.applied = this.engine.interventions().length;
    this.advance(t);
  }

  /** Agents now, as a one-frame `replay.bin` (a new buffer, to transfer); empty for the counting engines. */
  agentsNow(): Uint8Array {
    const agents = this.agents();
    if (agents === undefined) return NO_PLAN;
    const world = this.compiled.world as CompiledWorld;
    const writer = new ReplayWriter(agentSlots(world), 0, 0, 0, 0, 0, NO_PLAN, 1);
    agents.recordFrame(writer);
    return writer.bytes();
  }

  /** Doors now (`Space.doorStates`, a new buffer, to transfer); empty without a building. */
  doorsNow(): Uint8Array {
    return this.agents()?.doorStates() ?? NO_PLAN;
  }

  /** The agents' traits and the event log so far, as the CLI writes them; empty strings for the counting engines. */
  records(): { agentsCsv: string; eventsJsonl: string } {
    const files = this.agents()?.artifacts() ?? {};
    const text = (name: string) => {
      const file = files[name];
      return typeof file === 'string' ? file : '';
    };
    return { agentsCsv: text('agents.csv'), eventsJsonl: text('events.jsonl') };
  }

  private agents(): AgentsEngine | undefined {
    return this.compiled.engine === 'agents' ? (this.engine as AgentsEngine) : undefined;
  }

  /** Keeps a snapshot; past the budget, every other one goes (the first, at t = 0, stays) and the spacing doubles. */
  private keep(key: Keyframe): void {
    this.keyframes.push(key);
    this.keyBytes += key.bytes.length;
    if (this.keyBytes <= SNAPSHOT_BYTES || this.keyframes.length < 3) return;
    const kept = this.keyframes.filter((_, k) => k % 2 === 0);
    this.keyframes.length = 0;
    this.keyframes.push(...kept);
    this.keyBytes = kept.reduce((sum, k) => sum + k.bytes.length, 0);
    this.keyEvery *= 2;
  }

  /**
   * Observes the next row. A snapshot is taken just before, every so often: restored, the run
   * applies any intervention added at that time since, then observes the row again.
   */
  private observeRow(): void {
    const r = this.rows;
    const t = this.times[r]!;
    const last = this.keyframes[this.keyframes.length - 1];
    if (last === undefined || t >= last.t + this.keyEvery)
      this.keep({ t, rows: r, bytes: this.engine.snapshot() });
    const counts = this.values.subarray(r * this.width, (r + 1) * this.width);
    this.engine.observe(counts);
    this.groups?.observe(r);
    this.lattice?.observe(r);
    this.story?.observe(r, counts, this.doorsNow(), () => this.agentsNow());
    this.rows = r + 1;
    this.dirtyFrom = Math.min(this.dirtyFrom, r);
  }
}

/** An error as the page shows it: input problems located, anything else as its message. */
export function describeFailure(error: unknown): { message: string; issues: InputError['issues'] } {
  if (error instanceof InputError) return { message: error.message, issues: error.issues };
  return { message: error instanceof Error ? error.message : String(error), issues: [] };
}

/**
 * The agents a frame of the live view holds: those at the start and those who arrive during the
 * run (`arrives`; a frame holds them away until they come in).
 */
function agentSlots(world: CompiledWorld): number {
  return world.roster.members.length + world.roster.arrivals.length;
}
