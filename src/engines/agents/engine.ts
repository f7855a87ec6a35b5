import type { Stream } from '../../core/random.js';
import { SnapshotReader, SnapshotWriter } from '../../core/snapshot-codec.js';
import { type CompiledEvent, conditionalEvents, scheduleOf } from '../../model/events.js';
import { FiringLog } from '../../model/firing-log.js';
import type { CompiledScenario } from '../../scenario/compiled.js';
import {
  type CompiledWorld,
  type Roster,
  stackNames,
  type WorldSettings,
} from '../../scenario/compiled-world.js';
import type { Engine, FiredEvent, Intervention, LoggedIntervention, Milestones } from '../engine.js';
import { MilestoneWatch } from '../stochastic/milestone-watch.js';
import { outputTimes } from '../trajectory.js';
import { Agents } from './agents.js';
import { buildStack, type Unit } from './behaviours/index.js';
import { Building } from './building.js';
import { applyIntervention } from './control.js';
import { EventLog } from './event-log.js';
import { applyEvent } from './model-events.js';
import { Walker } from './movement.js';
import { INDEX_ALL, INDEX_NEAR } from './open-plane.js';
import {
  agentsCsv,
  countGroups,
  eventsJsonl,
  type GroupReport,
  type GroupRows,
  groupReport,
  groupsCsv,
  traitsAtStart,
} from './outputs.js';
import { Perception } from './perception.js';
import { populate } from './populate.js';
import { AWAY_FLOOR, ReplayWriter } from './replay.js';
import { Sim } from './sim.js';
import { readState, writeState } from './state-snapshot.js';
import {
  HUMAN,
  IMMORTAL,
  IMMUNE,
  INFECTED,
  PERCEIVES,
  STACK_HUMAN,
  STACK_IMMUNE,
  STACK_OF_STATE,
  STACK_ZOMBIE,
  STATE_COUNT,
  STATE_NAMES,
  ZOMBIE,
} from './states.js';
import { tellStory } from './story.js';
import { Whereabouts } from './whereabouts.js';
import { WorldEvents } from './world-events.js';

const EPS = 1e-9;
/** Agents a block when prefetching (16 kB of positions). */
const BLOCK = 256;

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
  private readonly perception: Perception;
  private readonly stacks: Unit[][] = [];
  /** The world settings, the engine's own copy: live control may change some (see `control.ts`). */
  private readonly settings: WorldSettings;
  /** Interventions so far, with their times. */
  private readonly controls: LoggedIntervention[] = [];
  private readonly order: number[];
  private readonly indexMode: number;
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
  /** Extinctions, timed to the tick, and overtakes on the output grid. */
  private readonly watch: MilestoneWatch;
  private readonly conditionals: number[];
  private readonly conditionWas: Uint8Array;
  private readonly replay: ReplayWriter | undefined;
  private readonly replayTicks: number;
  private readonly frameScratch: { x: Float64Array; y: Float64Array; floor: Uint8Array };
  private readonly rows: GroupRows;
  private readonly groupReport: GroupReport;
  /** Traits as drawn at the start, for agents.csv. */
  private readonly traits: Float32Array | undefined;
  private readonly whereabouts: Whereabouts;
  /** Agents of the human stack, in creation order. */
  private readonly people: Int32Array;
  private peopleCount = 0;
  /** Times at which 50% and 90% of the people had been lost to the outbreak. */
  lost50 = Number.NaN;
  lost90 = Number.NaN;
  fell90 = Number.NaN;
  /** Where `prefetch` puts what it reads, so that the reads are not optimised away. */
  private sink = 0;

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
    const agents = new Agents(n, building !== undefined);
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
    );
    this.sim = sim;
    populate(sim, roster, w);
    this.people = new Int32Array(n);
    this.rebuildPeople();

    this.walker = new Walker(sim);
    this.perception = new Perception(sim);
    this.makeUnits();
    this.order = world.order.slice();
    // Zombies that read their cell's people need the lists: of the cells near them, or of every
    // cell if they can jump anywhere.
    const zombieUnits = world.stacks[STACK_ZOMBIE]!.map((u) => u.name);
    const reads = zombieUnits.includes('infect-first') || zombieUnits.includes('contact-bite');
    const jumps = zombieUnits.includes('relocate') || zombieUnits.includes('contact-bite');
    this.indexMode = !reads ? -1 : jumps ? INDEX_ALL : INDEX_NEAR;
    this.worldEvents = new WorldEvents(w.events, sim, roster.groupNames);
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
    this.groupReport = groupReport(roster, w.breakdown);
    this.rows = { times: [], counts: [], names: this.groupReport.names };
    this.traits = traitsAtStart(agents);
    this.whereabouts = new Whereabouts(sim);

    const every = w.replay.every;
    this.replayTicks = every > 0 ? Math.max(1, Math.round(every / sim.dt)) : 0;
    const frameAgents = this.replayTicks > 0 && building !== undefined ? n : 0;
    this.frameScratch = {
      x: new Float64Array(frameAgents),
      y: new Float64Array(frameAgents),
      floor: new Uint8Array(frameAgents),
    };
    if (this.replayTicks > 0) {
      const plan = building ? planBytes(building) : new Uint8Array(0);
      const width = building ? building.width - 2 : w.building.open!.width;
      const height = building ? building.height - 2 : w.building.open!.height;
      this.replay = new ReplayWriter(
        n,
        every,
        width,
        height,
        building?.floors ?? 1,
        building?.cellSize ?? 1,
        plan,
        Math.ceil(this.until / every) + 1,
      );
      this.recordFrame();
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
    const watch = this.watch;
    for (;;) {
      watch.beforeJump(sim.registry.counts);
      this.fireDue();
      watch.jumped(sim.registry.counts, sim.time);
      const next = sim.time + sim.dt;
      this.recordGridBefore(Math.min(t, next - EPS));
      if (next > t + EPS) break;
      watch.beforeJump(sim.registry.counts);
      this.step();
      watch.jumped(sim.registry.counts, sim.time);
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
    return new Set<unknown>([this.world, settings, ...Object.values(settings), roster, this.events]);
  }

  /**
   * Live control at the present time: `set` a parameter or a world setting (`world.…`), `add` or
   * remove agents of a state at a place (a room, or a point `x,y` of the open plane), `fire` a
   * world or scenario event by name (see `control.ts`). Throws `InvalidIntervention`, changing
   * nothing, for one that cannot apply.
   */
  control(intervention: Intervention): void {
    applyIntervention(
      {
        sim: this.sim,
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
      this.stacks[stack] = units;
      for (const unit of units) this.sim.hooks.add(stack, unit);
    });
  }

  observe(out: Float64Array): void {
    out.set(this.sim.registry.counts);
  }

  artifacts(tablesOnly = false): Record<string, string | Uint8Array> {
    const files: Record<string, string | Uint8Array> = { 'groups.csv': groupsCsv(this.rows) };
    if (tablesOnly) return files;
    files['events.jsonl'] = eventsJsonl(this.sim, this.roster, this.world.settings);
    files['agents.csv'] = agentsCsv(this.sim, this.roster, this.traits);
    if (this.replay) files['replay.bin'] = this.replay.bytes();
    return files;
  }

  firedEvents(): FiredEvent[] {
    return this.firings.fired();
  }

  story(): Record<string, unknown> {
    return tellStory(this.sim, this.roster, this.lost50, this.lost90, this.fell90);
  }

  /** One tick: lasting sounds, perception, every stack in order, then turning and what happens away. */
  step(): void {
    const sim = this.sim;
    const a = sim.a;
    const n = a.n;
    const tick = sim.tick;
    const registry = sim.registry;
    const building = sim.b !== undefined;
    if (building) {
      this.perception.updateLight();
      this.worldEvents.sustain();
      sim.noise.flush();
      this.perception.updateSealedRooms();
      // People look around every `every` ticks (those with (tick + i) mod every = 0), the resting
      // (hiding, calm) four times less often.
      const every = sim.world.perception.every;
      const resting = every * 4;
      for (let i = (every - (tick % every)) % every; i < n; i += every) {
        if (PERCEIVES[a.state[i]!] !== 1 || a.away[i] !== 0) continue;
        if (a.sleepUntil[i]! > tick && (tick + i) % resting !== 0) continue;
        this.perception.perceive(i);
      }
    }
    let updates = 0;
    for (const stack of this.order) {
      const units = this.stacks[stack]!;
      if (units.length === 0) continue;
      if (stack === STACK_HUMAN) {
        // The people, in creation order; those who left the stack are dropped as we go.
        if (sim.registry.peopleChanged) this.rebuildPeople();
        const list = this.people;
        let kept = 0;
        const count = this.peopleCount;
        if (building) {
          for (let k = 0; k < count; k++) {
            const i = list[k]!;
            if (STACK_OF_STATE[a.state[i]!] !== STACK_HUMAN) continue;
            list[kept++] = i;
            if (a.away[i] !== 0 || a.sleepUntil[i]! > tick) continue;
            runUnits(units, i);
            updates++;
          }
        } else {
          // On an open plane nobody leaves the map or sleeps.
          for (let k = 0; k < count; k++) {
            const i = list[k]!;
            const s = a.state[i]!;
            if (s !== HUMAN && s !== INFECTED) continue;
            list[kept++] = i;
            runUnits(units, i);
          }
          updates += kept;
        }
        // Anyone who left the stack during this pass is dropped on the next.
        this.peopleCount = kept;
      } else {
        if (!building && stack === STACK_ZOMBIE && this.indexMode >= 0)
          sim.plane.indexPeople(this.indexMode, this.people, this.peopleCount);
        const [list, count, state] =
          stack === STACK_ZOMBIE
            ? [registry.zombieOrder, registry.zombieCount, ZOMBIE]
            : stack === STACK_IMMUNE
              ? [registry.immuneOrder, registry.immuneCount, IMMUNE]
              : [registry.immortalOrder, registry.immortalCount, IMMORTAL];
        if (building) {
          for (let k = 0; k < count; k++) {
            const i = list[k]!;
            if (a.state[i] !== state || a.away[i] !== 0 || a.sleepUntil[i]! > tick) continue;
            runUnits(units, i);
            updates++;
          }
        } else {
          for (let b = 0; b < count; b += BLOCK) {
            const e = Math.min(count, b + BLOCK);
            this.prefetch(list, b, e);
            for (let k = b; k < e; k++) {
              const i = list[k]!;
              if (a.state[i] !== state) continue;
              runUnits(units, i);
              updates++;
            }
          }
        }
      }
    }
    sim.updates += updates;
    const end = (tick + 1) * sim.dt;
    sim.infection.risePending(end);
    sim.infection.turnDue(end);
    sim.tick = tick + 1;
    sim.time = end;
    if (building) this.awayHazards();
    this.whereabouts.update();
    this.checkMilestones();
    this.checkConditions();
    if (this.replayTicks > 0 && sim.tick % this.replayTicks === 0) this.recordFrame();
  }

  /**
   * Reads the positions and states of agents list[b .. e) in a tight loop. On an open plane the
   * zombies come in the order they rose, scattered through memory; a tight loop lets the memory
   * system fetch many of them at once, where the units would wait for one after another.
   */
  private prefetch(list: Int32Array, b: number, e: number): void {
    const a = this.sim.a;
    let sum = 0;
    for (let k = b; k < e; k++) sum += a.xy[2 * list[k]!]! + a.state[list[k]!]!;
    this.sink += sum;
  }

  private rebuildPeople(): void {
    const a = this.sim.a;
    let count = 0;
    for (let i = 0; i < a.n; i++) if (STACK_OF_STATE[a.state[i]!] === STACK_HUMAN) this.people[count++] = i;
    this.peopleCount = count;
    this.sim.registry.peopleChanged = false;
  }

  /** People who left face the outbreak where they went, once it is there (`world.exits[].hazard`). */
  private awayHazards(): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b!;
    const registry = sim.registry;
    for (let k = 0; k < registry.awayCount; k++) {
      const i = registry.awayList[k]!;
      if (a.state[i] !== HUMAN) continue;
      const e = a.away[i]! - 1;
      const hazard = b.exitHazard[e]!;
      if (hazard <= 0 || sim.time < Math.min(b.exitReached[e]!, sim.exitReachedAt[e]!)) continue;
      if (sim.stream.next() < 1 - Math.exp((-hazard * sim.dt) / 3600))
        sim.infection.infect(i, sim.infection.drawBiteClass(), -1);
    }
  }

  /**
   * Milestones of the story: when half and nine in ten of all the people had been lost to the
   * outbreak, and when the school fell: nine in ten of the people still on its grounds (those who
   * fled are no longer in the school) infected, turned or dead.
   */
  private checkMilestones(): void {
    const sim = this.sim;
    const n = sim.a.n;
    if (Number.isNaN(this.lost50) && sim.registry.lost >= 0.5 * n) this.lost50 = sim.time;
    if (Number.isNaN(this.lost90) && sim.registry.lost >= 0.9 * n) this.lost90 = sim.time;
    if (Number.isNaN(this.fell90) && sim.b) {
      const present = n - sim.registry.awayCount;
      const humans = sim.registry.counts[HUMAN]! - sim.registry.awayHumans;
      if (humans <= 0.1 * present) this.fell90 = sim.time;
    }
  }

  private fireTimed(): void {
    const sim = this.sim;
    const { times, events } = this.schedule;
    while (this.nextTimed < times.length && times[this.nextTimed]! <= sim.time + EPS) {
      applyEvent(sim, this.events[events[this.nextTimed]!]!);
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
        applyEvent(sim, event);
        this.firings.record(e, sim.time);
      }
      this.conditionWas[e] = event.condition!(sim.registry.counts, sim.parameters, sim.time) !== 0 ? 1 : 0;
    }
  }

  /** The rows of groups.csv (and the overtakes) for the output times up to `until`, in the state now. */
  private recordGridBefore(until: number): void {
    const times = this.grid;
    const counts = this.sim.registry.counts;
    while (this.nextGrid < times.length && times[this.nextGrid]! <= until + EPS) {
      const t = times[this.nextGrid++]!;
      const rows = this.rows;
      const groups = new Float64Array(rows.names.length * STATE_COUNT);
      countGroups(this.groupReport, this.sim.a.state, groups);
      rows.times.push(t);
      rows.counts.push(groups);
      this.watch.observed(counts, t);
    }
  }

  /** The timed events (the scenario's, then the world's) due at the start of this tick. */
  private fireDue(): void {
    const sim = this.sim;
    this.fireTimed();
    const before = this.worldEvents.next;
    this.worldEvents.fireDue(sim.time);
    for (let k = before; k < this.worldEvents.next; k++)
      this.firings.record(this.events.length + this.worldEvents.which[k]!, this.worldEvents.times[k]!);
  }

  private recordFrame(): void {
    const sim = this.sim;
    const a = sim.a;
    const b = sim.b;
    const { x, y, floor } = this.frameScratch;
    if (b) {
      const size = b.cellSize;
      for (let i = 0; i < a.n; i++) {
        const c = a.cell[i]!;
        x[i] = b.xOf(c) * size;
        y[i] = b.yOf(c) * size;
        floor[i] = a.away[i] !== 0 ? AWAY_FLOOR : b.floorOf(c);
      }
      this.replay!.add(sim.time, x, y, floor, a.state);
    } else {
      this.replay!.addInterleaved(sim.time, a.xy, a.state);
    }
  }
}

function runUnits(units: Unit[], i: number): void {
  for (let k = 0; k < units.length; k++) if (units[k]!.act(i)) return;
}

/** Creates the agents engine for a scenario, drawing every random number from `stream`. */
export function createAgents(compiled: CompiledScenario, stream: Stream): AgentsEngine {
  return new AgentsEngine(compiled, stream);
}

/** The floor plan for the replay: cell kinds of the unpadded maps. */
function planBytes(b: Building): Uint8Array {
  const w = b.width - 2;
  const h = b.height - 2;
  const out = new Uint8Array(w * h * b.floors);
  for (let f = 0; f < b.floors; f++) {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) out[(f * h + y) * w + x] = b.kind[b.index(f, x, y)]!;
  }
  return out;
}
