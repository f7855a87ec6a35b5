import type { Stream } from '../../core/random.js';
import { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { type CompiledEvent, conditionalEvents, scheduleOf } from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import {
  type CompiledUnit,
  type CompiledWorld,
  type Roster,
  stackNames,
  type WorldSettings,
} from '../../scenario/compiled-world.js';
import type { Engine, FiredEvent, Intervention, LoggedIntervention, Milestones } from '../engine.js';
import { MilestoneWatch } from '../stochastic/milestone-watch.js';
import { outputTimes } from '../trajectory.js';
import { Agents } from './agents.js';
import { Arrivals } from './arrivals.js';
import { buildStack, type Unit } from './behaviours/index.js';
import { Building } from './building.js';
import { BuildingSpace } from './building-space.js';
import { clearDoorway } from './clear-doorway.js';
import { applyIntervention } from './control.js';
import { EventLog } from './event-log.js';
import { FactionTable } from './faction-table.js';
import { FactionTally } from './faction-tally.js';
import { setUpGroups, updateGroups } from './group-strategy.js';
import { GroupTally, groupReport } from './group-tally.js';
import { applyEvent } from './model-events.js';
import { Walker } from './movement.js';
import { updateNeeds } from './needs.js';
import { NeedsState } from './needs-state.js';
import { INDEX_ALL, INDEX_NEAR } from './open-plane.js';
import {
  agentsCsv,
  eventsJsonl,
  type FactionRows,
  factionsCsv,
  type GroupRows,
  groupsCsv,
  traitsAtStart,
} from './outputs.js';
import { Perception } from './perception.js';
import { PlaneSpace } from './plane-space.js';
import { populate } from './populate.js';
import { ReplayWriter } from './replay.js';
import { Sim } from './sim.js';
import type { ReplayPlan, Space } from './space.js';
import { readState, writeState } from './state-snapshot.js';
import {
  IMMORTAL,
  IMMUNE,
  STACK_HUMAN,
  STACK_IMMUNE,
  STACK_OF_STATE,
  STACK_ZOMBIE,
  STATE_NAMES,
  ZOMBIE,
} from './states.js';
import { tellStory } from './story.js';
import { tripUnit } from './trip.js';
import { WorldEvents } from './world-events.js';

const EPS = 1e-9;
/**
 * Where the opt-in units go in the human stack, as priorities: supply trips, then clearing the
 * doorway of a group's base, between `barricade` (70) and `shelter` (60) at their defaults.
 */
const TRIP_PRIORITY = 65;
const DOORWAY_PRIORITY = 62;

/**
 * The agents engine: people and zombies one by one, in a multi-floor building (text floor plans)
 * or on an open plane. Each tick (`world.tick` seconds) the world's timed events fire, people look
 * around, then each behaviour stack acts in `world.schedule.order`, each agent in creation order
 * running its units by priority; at the end of the tick the bitten whose time has come turn.
 *
 * It is made from the compiled world (`compiled.world`) and owns its parts: the state (`Sim`) with its
 * registry of agents (`Registry`), noise and infection (inside it), movement (`Walker`), perception
 * (`Perception`), the world's events and the behaviour units. `snapshot` writes them all;
 * `control` changes them at the present time, and logs it.
 */
export class AgentsEngine implements Engine {
  readonly compartments: readonly string[] = STATE_NAMES;
  readonly sim: Sim;
  readonly roster: Roster;
  private readonly walker: Walker;
  /** The building or the open plane, and how a tick goes there. */
  private readonly space: Space;
  private readonly perception: Perception;
  private readonly stacks: Unit[][] = [];
  /** The world settings, the engine's own copy: live control may change some (see `control.ts`). */
  private readonly settings: WorldSettings;
  /** Interventions so far, with their times. */
  private readonly controls: LoggedIntervention[] = [];
  private readonly order: number[];
  private readonly worldEvents: WorldEvents;
  /** Scenario events, then world events, that fired. */
  private readonly firings: FiringLog;
  private readonly world: CompiledWorld;
  private readonly fingerprint: string;
  /** The scenario's own events (`events:`), compiled. */
  private readonly events: readonly CompiledEvent[];
  private readonly until: number;
  private readonly schedule: ReturnType<typeof scheduleOf>;
  private nextTimed = 0;
  /** The time the caller advanced to (the state is at the last tick at or before it). */
  private now = 0;
  /** The output grid, on which groups.csv and the overtakes are read, and the next time of it due. */
  private readonly grid: Float64Array;
  private nextGrid = 0;
  /** Extinctions and overtakes, read off the output grid. */
  private readonly watch: MilestoneWatch;
  private readonly conditionals: number[];
  private readonly conditionWas: Uint8Array;
  private readonly replay: ReplayWriter | undefined;
  private readonly replayTicks: number;
  private readonly rows: GroupRows;
  private readonly groups: GroupTally;
  /** factions.csv, when the world asks for it (`world.breakdown.factions`): its rows and who ever joined. */
  private readonly factionRows: FactionRows | undefined;
  private readonly factionTally: FactionTally | undefined;
  /** Those who come in during the run (`arrives`). */
  private readonly arrivals: Arrivals;
  /** Traits as drawn at the start, for agents.csv. */
  private readonly traits: Float32Array | undefined;
  /** Agents of the human stack, in creation order. */
  private readonly people: Int32Array;
  private peopleCount = 0;
  /** Times at which 50% and 90% of the people had been lost to the outbreak. */
  lost50 = Number.NaN;
  lost90 = Number.NaN;
  fell90 = Number.NaN;

  constructor(compiled: CompiledScenario, stream: Stream) {
    // The scenario layer compiles a world for every scenario compiled for this engine.
    const world = compiled.world as CompiledWorld;
    const w = world.settings;
    this.world = world;
    this.fingerprint = compiled.fingerprint;
    this.events = compiled.events;
    this.until = compiled.time.until;
    const network = compiled.network;
    const parameterIndex = new Map(network.parameterNames.map((name, k) => [name, k]));
    const building = world.building !== undefined ? new Building(world.building, w) : undefined;
    const roster = world.roster;
    this.roster = roster;
    const n = roster.members.length;
    // Room for those who arrive during the run, and the humans live control may add (options.agents.reserve).
    const capacity = n + roster.arrivals.length + world.reserve;
    const agents = new Agents(n, capacity, building !== undefined);
    const log = new EventLog(true);
    // The engine's own copy of the settings live control may change.
    this.settings = {
      ...w,
      behaviours: structuredClone(w.behaviours),
      infection: structuredClone(w.infection),
      perception: structuredClone(w.perception),
    };
    const sim = new Sim(
      this.settings,
      agents,
      building,
      stream,
      log,
      network.parameters.slice(),
      parameterIndex,
      new FactionTable(world.factions),
    );
    this.sim = sim;
    this.walker = new Walker(sim);
    this.perception = new Perception(sim);
    this.order = world.order.slice();
    // Zombies that read their cell's people need the lists: of the cells near them, or of every
    // cell if they can jump anywhere.
    const zombieUnits = world.stacks[STACK_ZOMBIE]!.map((u) => u.name);
    const reads = zombieUnits.includes('infect-first') || zombieUnits.includes('contact-bite');
    const jumps = zombieUnits.includes('relocate') || zombieUnits.includes('contact-bite');
    const indexMode = !reads ? -1 : jumps ? INDEX_ALL : INDEX_NEAR;
    this.worldEvents = new WorldEvents(w.events, sim, roster.groupNames);
    this.space =
      building !== undefined
        ? new BuildingSpace(sim, this.perception, this.worldEvents)
        : new PlaneSpace(sim, indexMode);
    populate(sim, this.space, roster);
    // Opt-in parts: needs over days and group strategies (none: nothing changes, nothing is drawn).
    if (w.needs !== undefined && world.building !== undefined)
      sim.needs = new NeedsState(
        w.needs,
        capacity,
        world.building.roomFood,
        world.building.roomWater,
        sim.dt,
      );
    if (world.strategies !== undefined && building !== undefined)
      sim.groupPlans = setUpGroups(sim, roster, world.strategies);
    this.people = new Int32Array(capacity);
    this.rebuildPeople();
    this.makeUnits();
    this.firings = new FiringLog([
      ...this.events.map((e) => e.name),
      ...w.events.map((e, k) => e.name ?? `world event ${k + 1}`),
    ]);
    this.schedule = scheduleOf(this.events);
    this.conditionals = conditionalEvents(this.events);
    this.conditionWas = new Uint8Array(this.events.length);
    for (const e of this.conditionals) {
      this.conditionWas[e] = this.events[e]!.condition!(sim.registry.counts, sim.parameters, 0) !== 0 ? 1 : 0;
    }

    this.grid = outputTimes(compiled.time.until, compiled.time.every);
    this.watch = new MilestoneWatch(sim.registry.counts);
    const report = groupReport(roster, w.breakdown, capacity, world.dropped);
    this.groups = new GroupTally(report, agents.state, n);
    sim.registry.trackGroups(this.groups);
    this.rows = { times: [], counts: [], names: report.names };
    if (w.breakdown.factions) {
      const F = sim.factions.count;
      this.factionTally = new FactionTally(F, capacity, agents.faction, n);
      sim.registry.trackFactions(this.factionTally);
      this.factionRows = { names: sim.factions.names, times: [], standing: [], joined: [] };
    }
    this.traits = traitsAtStart(agents);
    this.arrivals = new Arrivals(
      sim,
      this.space,
      roster.arrivals,
      roster.groupNames.length,
      this.groups,
      this.traits,
    );

    const every = w.replay.every;
    this.replayTicks = every > 0 ? Math.max(1, Math.round(every / sim.dt)) : 0;
    if (this.replayTicks > 0) {
      const { plan, width, height, floors, cellSize } = this.space.replayPlan();
      this.replay = new ReplayWriter(
        capacity,
        every,
        width,
        height,
        floors,
        cellSize,
        plan,
        Math.ceil(this.until / every) + 1,
      );
      this.space.recordFrame(this.replay);
    } else {
      this.replay = undefined;
    }
  }

  get time(): number {
    return this.now;
  }

  get eventCount(): number {
    return this.sim.registry.stateChanges;
  }

  /**
   * Runs every tick that ends at or before t (a tick's events fire at its start), so that the
   * state observed is the state after the last tick at or before t. The rows of groups.csv are
   * taken on the output grid as the ticks pass it, whatever the spacing of the calls.
   */
  advanceTo(t: number): void {
    if (t < this.now) throw new RangeError(`cannot advance the agents engine back from ${this.now} to ${t}`);
    const sim = this.sim;
    for (;;) {
      this.fireDue();
      const next = sim.time + sim.dt;
      // Output times before the next tick ends: one at the end of this tick waits for it.
      this.recordGridBefore(Math.min(t + EPS, next - EPS));
      if (next > t + EPS) break;
      this.step();
    }
    this.now = t;
  }

  milestones(): Milestones {
    return this.watch.milestones();
  }

  /** The whole state (every part, the streams, the logs and replay so far) as bytes. */
  snapshot(): Uint8Array {
    const writer = new SnapshotWriter({ engine: 'agents', fingerprint: this.fingerprint });
    writeState(writer, this, this.constants());
    return writer.finish();
  }

  /** Continues from a `snapshot` of an engine made from the same compiled scenario. */
  restore(bytes: Uint8Array): void {
    const reader = new SnapshotReader(bytes, { engine: 'agents', fingerprint: this.fingerprint });
    readState(reader, this, this.constants());
    reader.end();
    this.makeUnits();
  }

  /** What a snapshot need not hold: the compiled scenario's data. */
  private constants(): ReadonlySet<unknown> {
    const { settings, roster } = this.world;
    return new Set<unknown>([
      this.world,
      settings,
      ...Object.values(settings),
      roster,
      roster.arrivals,
      this.events,
      this.sim.factions,
    ]);
  }

  /**
   * Live control at the present time: `set` a parameter or a world setting (`world.…`), `add` or
   * remove agents of a state at a place (a room, or a point `x,y` of the open plane; humans are
   * made out of the reserve, `options.agents.reserve`), `fire` a
   * world or scenario event by name (see `control.ts`). Throws `InvalidIntervention`, changing
   * nothing, for one that cannot apply.
   */
  control(intervention: Intervention): void {
    applyIntervention(
      {
        sim: this.sim,
        space: this.space,
        dropped: this.world.dropped,
        traits: this.traits,
        held: () => this.arrivals.pending,
        settings: this.settings,
        worldEvents: this.worldEvents,
        scenarioEvents: this.events,
        firings: this.firings,
        rebuildUnits: () => this.makeUnits(),
      },
      intervention,
    );
    this.controls.push({ t: this.now, intervention });
  }

  interventions(): readonly LoggedIntervention[] {
    return [...this.controls];
  }

  /** Makes the behaviour units of every stack from the settings, with their hooks. */
  private makeUnits(): void {
    const parts = { sim: this.sim, walker: this.walker, perception: this.perception };
    this.sim.hooks.clear();
    this.world.stacks.forEach((compiled, stack) => {
      const own = this.settings.behaviours[stackNames[stack]!];
      const units = buildStack(
        compiled.map((unit) => ({ ...unit, params: own[unit.name]! })),
        parts,
      );
      if (stack === STACK_HUMAN) this.addOptInUnits(compiled, units);
      this.stacks[stack] = units;
      for (const unit of units) this.sim.hooks.add(stack, unit);
    });
  }

  /**
   * The opt-in units of the human stack: supply trips (a world with needs) and clearing the doorway
   * of a group's base (a world with strategies), each before the first unit of lower priority:
   * after those that answer danger and `barricade`, before `shelter`.
   */
  private addOptInUnits(compiled: readonly CompiledUnit[], units: Unit[]): void {
    const all = compiled.map((unit, k) => ({ priority: unit.priority, unit: units[k]! }));
    if (this.sim.needs !== undefined)
      all.push({ priority: TRIP_PRIORITY, unit: tripUnit(this.sim, this.walker) });
    if (this.sim.groupPlans !== undefined)
      all.push({ priority: DOORWAY_PRIORITY, unit: clearDoorway(this.sim, this.walker) });
    if (all.length === units.length) return;
    // A stable sort: the compiled units keep their order, and come before an added one of equal priority.
    all.sort((x, y) => y.priority - x.priority);
    units.length = 0;
    for (const { unit } of all) units.push(unit);
  }

  observe(out: Float64Array): void {
    out.set(this.sim.registry.counts);
  }

  artifacts(tablesOnly = false): Record<string, string | Uint8Array> {
    const files: Record<string, string | Uint8Array> = { 'groups.csv': groupsCsv(this.rows) };
    if (this.factionRows !== undefined) files['factions.csv'] = factionsCsv(this.factionRows);
    if (tablesOnly) return files;
    files['events.jsonl'] = eventsJsonl(this.sim, this.space, this.roster, this.world.settings, this.events);
    const { roster, dropped } = this.world;
    files['agents.csv'] = agentsCsv(
      this.sim,
      this.space,
      roster,
      this.traits,
      (i) => roster.members[i] ?? this.arrivals.memberIn(i) ?? dropped!,
    );
    if (this.replay) files['replay.bin'] = this.replay.bytes();
    return files;
  }

  /**
   * The rows of groups.csv as they stand now: their names, and the members of each in each state,
   * `counts[row · STATE_COUNT + state]` (the engine's own tally: read it, never change it).
   */
  groupCounts(): { readonly names: readonly string[]; readonly counts: Float64Array } {
    return { names: this.rows.names, counts: this.groups.counts };
  }

  firedEvents(): FiredEvent[] {
    return this.firings.fired();
  }

  /** The agents' positions and states now, as one frame added to `writer` (how the live viewer reads them). */
  recordFrame(writer: ReplayWriter): void {
    this.space.recordFrame(writer);
  }

  /** Each door's state now (see `Space.doorStates`; how the live viewer draws doors). */
  doorStates(): Uint8Array {
    return this.space.doorStates();
  }

  /** The floor plan as `replay.bin` stores it (the live viewer draws it). */
  replayPlan(): ReplayPlan {
    return this.space.replayPlan();
  }

  story(): Record<string, unknown> {
    return tellStory(this.sim, this.space, this.roster, this.lost50, this.lost90, this.fell90);
  }

  /** One tick: what the agents sense, every stack in order, then turning and the end of the tick. */
  step(): void {
    const sim = this.sim;
    const space = this.space;
    const registry = sim.registry;
    const tick = sim.tick;
    space.sense(tick);
    if (sim.groupPlans !== undefined) updateGroups(sim);
    if (sim.needs !== undefined && tick % sim.needs.checkTicks === 0) updateNeeds(sim);
    for (const stack of this.order) {
      const units = this.stacks[stack]!;
      if (units.length === 0) continue;
      if (stack === STACK_HUMAN) {
        // The people, in creation order; those who left the stack are dropped as we go (on the next pass).
        if (registry.peopleChanged) this.rebuildPeople();
        this.peopleCount = space.runPeople(units, this.people, this.peopleCount, tick);
      } else if (stack === STACK_ZOMBIE) {
        space.beforeZombies(this.people, this.peopleCount);
        space.runHunters(units, registry.zombieOrder, registry.zombieCount, ZOMBIE, tick);
      } else if (stack === STACK_IMMUNE) {
        space.runHunters(units, registry.immuneOrder, registry.immuneCount, IMMUNE, tick);
      } else {
        space.runHunters(units, registry.immortalOrder, registry.immortalCount, IMMORTAL, tick);
      }
    }
    // Bites and deaths of the tick are logged at its start, turns at its end: milestones at both.
    this.checkMilestones(sim.time);
    const end = (tick + 1) * sim.dt;
    sim.infection.risePending(end, space);
    sim.infection.turnDue(end);
    sim.tick = tick + 1;
    sim.time = end;
    space.afterTick();
    this.checkMilestones(end);
    this.checkConditions();
    if (this.replay !== undefined && sim.tick % this.replayTicks === 0) space.recordFrame(this.replay);
  }

  private rebuildPeople(): void {
    const a = this.sim.a;
    let count = 0;
    for (let i = 0; i < a.n; i++) if (STACK_OF_STATE[a.state[i]!] === STACK_HUMAN) this.people[count++] = i;
    this.peopleCount = count;
    this.sim.registry.peopleChanged = false;
  }

  /**
   * Milestones of the story: when half and nine in ten of all the people had been lost to the
   * outbreak, and when the school fell: nine in ten of the people still on its grounds (those who
   * fled are no longer in the school) infected, turned or dead. Each is stamped `t`, the time the
   * event log gives what reached it (a bomb at 10 s was said to have felled the school at 11 s).
   * A world of no one loses no one.
   */
  private checkMilestones(t: number): void {
    const sim = this.sim;
    const n = sim.a.n;
    if (n === 0) return;
    if (Number.isNaN(this.lost50) && sim.registry.lost >= 0.5 * n) this.lost50 = t;
    if (Number.isNaN(this.lost90) && sim.registry.lost >= 0.9 * n) this.lost90 = t;
    if (Number.isNaN(this.fell90) && this.space.fallen()) this.fell90 = t;
  }

  private fireTimed(): void {
    const sim = this.sim;
    const { times, events } = this.schedule;
    while (this.nextTimed < times.length && times[this.nextTimed]! <= sim.time + EPS) {
      applyEvent(sim, this.events[events[this.nextTimed]!]!, events[this.nextTimed]!);
      this.firings.record(events[this.nextTimed]!, times[this.nextTimed]!);
      this.nextTimed++;
    }
  }

  private checkConditions(): void {
    const sim = this.sim;
    for (const e of this.conditionals) {
      const event = this.events[e]!;
      const now = event.condition!(sim.registry.counts, sim.parameters, sim.time) !== 0 ? 1 : 0;
      if (now === 1 && this.conditionWas[e] === 0) {
        applyEvent(sim, event, e);
        this.firings.record(e, sim.time);
      }
      this.conditionWas[e] = event.condition!(sim.registry.counts, sim.parameters, sim.time) !== 0 ? 1 : 0;
    }
  }

  /** The rows of groups.csv (and the overtakes) for the output times up to `until`, in the state now. */
  private recordGridBefore(until: number): void {
    const times = this.grid;
    const counts = this.sim.registry.counts;
    while (this.nextGrid < times.length && times[this.nextGrid]! <= until) {
      const t = times[this.nextGrid++]!;
      const rows = this.rows;
      rows.times.push(t);
      rows.counts.push(this.groups.counts.slice());
      const factions = this.factionRows;
      if (factions !== undefined) {
        factions.times.push(t);
        factions.standing.push(this.sim.registry.factionCounts.slice(0, factions.names.length));
        factions.joined.push(this.factionTally!.joined.slice());
      }
      // Milestones are read off the output grid: a compartment as brief as the infected (bitten,
      // turned seconds later) falls to 0 between two bites many times without dying out.
      this.watch.jumped(counts, t);
      this.watch.beforeJump(counts);
      this.watch.observed(counts, t);
    }
  }

  /**
   * The timed events (the scenario's, then the world's) due at the start of this tick, then those
   * due to arrive.
   */
  private fireDue(): void {
    const sim = this.sim;
    this.fireTimed();
    const before = this.worldEvents.next;
    this.worldEvents.fireDue(sim.time);
    for (let k = before; k < this.worldEvents.next; k++)
      this.firings.record(this.events.length + this.worldEvents.which[k]!, this.worldEvents.times[k]!);
    this.arrivals.arriveDue(sim.time);
    this.checkMilestones(sim.time);
  }
}

/** Creates the agents engine for a scenario, drawing every random number from `stream`. */
export function createAgents(compiled: CompiledScenario, stream: Stream): AgentsEngine {
  return new AgentsEngine(compiled, stream);
}
