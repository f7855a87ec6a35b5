import { InputError } from '../core/errors.js';
import { expandBraces } from './building-map.js';
import { secondsPerUnit } from './clock.js';
import { compileFactions } from './compile-factions.js';
import {
  agentStates,
  Cell,
  type CompiledBuilding,
  type CompiledExit,
  type CompiledStrategy,
  type CompiledUnit,
  type CompiledWorld,
  DROPPED_GROUP,
  type Member,
  type ParsedBuilding,
  ROOM_KIND_NAMES,
  type Roster,
  type StackInput,
  stackNames,
  strategyPlans,
  UNIT_TABLE,
  type UnitName,
  unitNames,
  type WorldSettings,
} from './compiled-world.js';
import type { LoadedScenario } from './parse.js';
import { parsedMaps } from './world-checks.js';
import { buildRoster } from './world-roster.js';

/**
 * Compiles the world of an agents scenario: its building parsed (once, shared with the checks)
 * and its rooms and exits resolved, the people laid out, each stack's enabled units with their
 * priorities. Makes every check the agents engine would otherwise make, throwing an `InputError`:
 * the world and the compartments it needs, parameters that values name, units that cannot run in
 * this kind of space, a population that does not match `initial`, rooms too small for the people
 * who start in them.
 */
export function compileWorld(loaded: LoadedScenario, reserve = 0): CompiledWorld {
  const { scenario } = loaded;
  const fail = (path: string, message: string): never => {
    throw new InputError([loaded.issueAt(path, message)]);
  };
  const world = scenario.world as WorldSettings | undefined;
  if (world === undefined)
    return fail('world', 'the agents engine needs a world: a building and the people in it');
  if ('lattice' in world)
    return fail(
      'world',
      'the agents engine needs a building and the people in it: this world is a lattice (--engine lattice)',
    );
  // The engine's time is seconds (world.tick of them a tick): an hour of `unit: hour` would be one second.
  const perUnit = secondsPerUnit(scenario.time.unit);
  if (perUnit !== undefined && perUnit !== 1)
    fail(
      'time.unit',
      `the agents engine counts time in seconds: write unit: second, and until and every in seconds (until: ${scenario.time.until * perUnit} for ${scenario.time.until} ${scenario.time.unit})`,
    );
  if (scenario.model.compartments.join(',') !== agentStates.join(',')) {
    fail(
      'model.compartments',
      `the agents engine counts ${agentStates.join(', ')}: the compartments must be exactly these, in this order`,
    );
  }
  const { parameterNames, parameters: parameterValues } = loaded.network;
  const parameters = new Set(parameterNames);
  for (const [path, value, chance] of parameterReferences(world)) {
    if (typeof value === 'string' && !parameters.has(value)) fail(path, `unknown parameter '${value}'`);
    // A chance given as a parameter is a chance too (hybrid: 2 made every infected person a hybrid).
    const number = typeof value === 'string' ? parameterValues[parameterNames.indexOf(value)]! : value;
    if (chance && number !== undefined && !(number >= 0 && number <= 1))
      typeof value === 'string'
        ? fail(
            `model.parameters.${value}`,
            `must be between 0 and 1 (not ${number}): ${path} names it, a chance`,
          )
        : fail(path, `must be between 0 and 1 (not ${number})`);
  }
  const open = world.building.floors === undefined;
  const stacks = stackNames.map((name) => {
    const { units, problems } = compileStack(world.behaviours[name], open);
    if (problems.length > 0) fail(`world.behaviours.${name}`, problems.join('; '));
    return units;
  });
  const roster = buildRoster(world, scenario.initial, loaded.issueAt);
  const building = open ? undefined : compileBuilding(world);
  if (building !== undefined) checkStartRooms(world, building.plan, roster, fail);
  // The group of the humans added during a run joins the roster before the factions see its groups.
  const dropped = reserve > 0 ? droppedMember(roster, fail) : undefined;
  return {
    settings: world,
    building,
    roster,
    stacks,
    order: world.schedule.order.map((name) => stackNames.indexOf(name)),
    factions: compileFactions(world, roster),
    reserve,
    dropped,
    strategies: compileStrategies(world, roster, building),
  };
}

/**
 * Each group's strategy (the roster's groups, the dropped humans' last: they have none), or
 * undefined when no group has one, so that a world without strategies runs exactly as before.
 */
function compileStrategies(
  world: WorldSettings,
  roster: Roster,
  building: CompiledBuilding | undefined,
): CompiledStrategy[] | undefined {
  const names = roster.groupNames;
  if (!names.some((g) => Object.hasOwn(world.groups, g) && world.groups[g]!.strategy !== undefined))
    return undefined;
  const rooms = building?.plan.roomNames ?? [];
  return names.map((g) => {
    const s = Object.hasOwn(world.groups, g) ? world.groups[g]!.strategy : undefined;
    if (s === undefined) return { plan: -1, to: -1, cohesion: Number.NaN, aware: false };
    return {
      plan: strategyPlans.indexOf(s.plan),
      to: s.to === undefined ? -1 : rooms.indexOf(s.to),
      cohesion: s.cohesion ?? Number.NaN,
      aware: s.aware === true,
    };
  });
}

/**
 * Adds the group of the humans added during a run to the roster, and returns who they are: adults
 * with the default traits and social knobs, no character, the scenario's hybrid chance.
 */
function droppedMember(roster: Roster, fail: (path: string, message: string) => never): Member {
  if (roster.groupNames.includes(DROPPED_GROUP))
    fail(
      `world.groups.${DROPPED_GROUP}`,
      `the group name '${DROPPED_GROUP}' is kept for the humans added during a run (options.agents.reserve): rename this group`,
    );
  const group = roster.groupNames.length;
  roster.groupNames.push(DROPPED_GROUP);
  roster.groupKinds.push('adult');
  roster.report.push({ name: DROPPED_GROUP, group, grade: 0 });
  return {
    group,
    grade: 0,
    role: undefined,
    home: undefined,
    room: undefined,
    state: agentStates.indexOf('human'),
    traits: [],
    social: [],
    hybrid: undefined,
    hybridKind: 0,
    character: -1,
    leader: false,
    turn: undefined,
    adult: true,
    student: false,
  };
}

/** A field of a world that may name a parameter: its path, its value, and whether it is a chance (0 … 1). */
type ParameterReference = [path: string, value: number | string | undefined, chance: boolean];

/** The fields of a world that may name a parameter. */
function parameterReferences(w: WorldSettings): ParameterReference[] {
  const refs: ParameterReference[] = [
    ['world.infection.hybrid', w.infection.hybrid, true],
    ['world.infection.immuneShare', w.infection.immuneShare, true],
  ];
  for (const [name, g] of Object.entries(w.groups))
    refs.push([`world.groups.${name}.hybrid`, g.hybrid, true]);
  for (const stack of stackNames) {
    const units = w.behaviours[stack];
    for (const unit of unitNames) {
      const params = units[unit] as { rate?: number | string } | undefined;
      if (params?.rate !== undefined)
        refs.push([`world.behaviours.${stack}.${unit}.rate`, params.rate, false]);
    }
  }
  return refs;
}

/**
 * One stack: its enabled units, highest priority first (ties keep the scenario's order), or the
 * problems if a unit cannot run in this kind of space.
 */
function compileStack(spec: StackInput, open: boolean): { units: CompiledUnit[]; problems: string[] } {
  const units: CompiledUnit[] = [];
  const problems: string[] = [];
  for (const name of Object.keys(spec) as UnitName[]) {
    const params = spec[name];
    if (params === undefined || !params.enabled) continue;
    const { space, priority } = UNIT_TABLE[name];
    if ((space === 'building' && open) || (space === 'open' && !open)) {
      problems.push(
        `${name}: this unit needs ${space === 'open' ? 'an open plane' : 'a building with floors'}`,
      );
      continue;
    }
    units.push({ name, priority: params.priority ?? priority, params } as CompiledUnit);
  }
  const order = units.map((unit, k) => ({ unit, k }));
  order.sort((x, y) => y.unit.priority - x.unit.priority || x.k - y.k);
  return { units: order.map((o) => o.unit), problems };
}

/** The building: its maps (parsed by the checks), room attributes by room index, and its exits. */
function compileBuilding(world: WorldSettings): CompiledBuilding {
  const { building: plan } = parsedMaps(world.building);
  // The schema's checks ran on these maps and found no problem.
  if (plan === undefined) throw new Error('compileWorld: the maps of a checked world did not parse');
  const rooms = plan.roomNames.length;
  const roomIndex = new Map(plan.roomNames.map((name, r) => [name, r]));
  const roomKind = new Uint8Array(rooms);
  const roomFurniture = new Int32Array(rooms).fill(-1);
  const roomDoorsClosed = new Uint8Array(rooms);
  const roomFood = new Float64Array(rooms);
  const roomWater = new Float64Array(rooms);
  for (const [pattern, attrs] of Object.entries(world.building.rooms)) {
    const names = expandBraces(pattern);
    if (typeof names === 'string') continue;
    for (const name of names) {
      const r = roomIndex.get(name);
      if (r === undefined) continue;
      roomKind[r] = ROOM_KIND_NAMES.indexOf(attrs.kind);
      if (attrs.furniture !== undefined) roomFurniture[r] = attrs.furniture;
      if (attrs.doors === 'closed') roomDoorsClosed[r] = 1;
      if (attrs.supplies !== undefined) {
        roomFood[r] = attrs.supplies.food;
        roomWater[r] = attrs.supplies.water;
      }
    }
  }
  const exits: CompiledExit[] = Object.entries(world.exits).map(([name, e]) => ({
    room: roomIndex.get(name) ?? -1,
    to: e.to,
    hazard: e.hazard,
    reached: e.reached ?? Number.POSITIVE_INFINITY,
  }));
  // Exit rooms the scenario does not describe still lead out (to a place named after them).
  const hasExit = new Uint8Array(rooms);
  for (let c = 0; c < plan.kind.length; c++)
    if (plan.kind[c] === Cell.EXIT && plan.room[c]! >= 0) hasExit[plan.room[c]!] = 1;
  for (let r = 0; r < rooms; r++) {
    const name = plan.roomNames[r]!;
    if (hasExit[r] === 1 && !Object.hasOwn(world.exits, name))
      exits.push({ room: r, to: name, hazard: 0, reached: Number.POSITIVE_INFINITY });
  }
  return { plan, roomKind, roomFurniture, roomDoorsClosed, exits, roomFood, roomWater };
}

/**
 * Every member has a room to start in, and each room has places for those who start in it: the
 * engine puts each person on a floor cell of the room, at most `building.capacity` to a cell.
 */
function checkStartRooms(
  world: WorldSettings,
  plan: ParsedBuilding,
  roster: Roster,
  fail: (path: string, message: string) => never,
): void {
  const roomIndex = new Map(plan.roomNames.map((name, r) => [name, r]));
  const places = new Float64Array(plan.roomNames.length);
  for (let c = 0; c < plan.kind.length; c++) {
    if (plan.kind[c] === Cell.FLOOR && plan.room[c]! >= 0) places[plan.room[c]!]! += world.building.capacity;
  }
  roster.members.forEach((m, i) => {
    const r = m.room === undefined ? undefined : roomIndex.get(m.room);
    const path = `world.groups.${roster.groupNames[m.group]}`;
    if (r === undefined) fail(path, `no room to start in for member ${i}`);
    else if (places[r]! < 1) fail(path, `room '${plan.roomNames[r]}' is full`);
    else places[r]!--;
  });
}
