import type { z } from 'zod';
import { didYouMean } from '../core/closest-name.js';
import {
  expandBraces,
  type MapProblem,
  type ParsedBuilding,
  parseBuilding,
  type SymbolKind,
} from './building-map.js';
import { longWalk } from './building-reach.js';
import {
  type ArrivesInput,
  Cell,
  FIELD_MOST,
  FIELD_UNIT,
  stairFieldCost,
  type WorldSettings,
} from './compiled-world.js';

/**
 * The checks of an agents world that one field alone cannot make: its maps parsed (each problem
 * at its line and column inside the map), and the rooms, groups, characters and events that name
 * one another.
 */

type Ctx = z.core.$RefinementCtx<unknown>;

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/**
 * The most cells of floor one step of a path or a sound may cost: a flight of stairs, or sound
 * through a wall, a door, a window or up the stairs. Paths and sounds are searched with a ring of
 * buckets, one per cell of cost a step can take (see bucket-queue.ts); a flight of 10¹² m crashed
 * the run, and a wall of 10⁹ m took 8 GB.
 */
export const MAX_STEP_CELLS = 1000;

/** Cross-checks of an agents world: maps, room names, groups, characters and events. */
export function checkAgentsWorld(world: WorldSettings, ctx: Ctx): void {
  const rooms = new Set<string>();
  const exitRooms = new Set<string>();
  const b = world.building;
  checkStepCosts(world, ctx);
  if (b.floors !== undefined) {
    const { building, problems } = parsedMaps(b);
    for (const p of problems) issue(ctx, mapPath(p), p.message);
    if (building === undefined) return;
    checkWalks(building, world, ctx);
    building.roomNames.forEach((name) => {
      rooms.add(name);
    });
    for (let cell = 0; cell < building.kind.length; cell++) {
      if (building.kind[cell] === Cell.EXIT && building.room[cell]! >= 0)
        exitRooms.add(building.roomNames[building.room[cell]!]!);
    }
  }
  const roomList = (value: string, path: (string | number)[]): string[] => {
    const names = expandBraces(value);
    if (typeof names === 'string') {
      issue(ctx, path, names);
      return [];
    }
    if (b.floors !== undefined) {
      for (const name of names) if (!rooms.has(name)) issue(ctx, path, `no room '${name}' in the maps`);
    }
    return names;
  };
  // A room given by two entries would take its kind from one and its doors from both.
  const givenBy = new Map<string, string>();
  for (const key of Object.keys(b.rooms)) {
    for (const name of roomList(key, ['building', 'rooms', key])) {
      const first = givenBy.get(name);
      if (first === undefined) givenBy.set(name, key);
      else
        issue(
          ctx,
          ['building', 'rooms', key],
          `room '${name}' is given by '${first}' already: give each room once`,
        );
    }
  }
  b.floors?.forEach((floor, k) => {
    const first = b.floors!.findIndex((other) => other.name === floor.name);
    if (first < k)
      issue(
        ctx,
        ['building', 'floors', k, 'name'],
        `floor '${floor.name}' is named already (floor ${first + 1}): name each floor once`,
      );
  });
  for (const key of Object.keys(world.exits)) {
    roomList(key, ['exits', key]);
    if (b.floors !== undefined && rooms.has(key) && !exitRooms.has(key)) {
      issue(ctx, ['exits', key], `room '${key}' has no exit cells ('E')`);
    }
  }

  if (world.needs !== undefined && b.floors === undefined)
    issue(ctx, ['needs'], 'needs (food, water, sleep) need a building with floors');
  /** `arrives.through` names exits of the building; an open plane has none. */
  const checkArrives = (arrives: ArrivesInput | undefined, path: (string | number)[]): void => {
    if (arrives === undefined) return;
    if (b.floors === undefined) {
      issue(
        ctx,
        path,
        'arrivals are for a building: people come in through its exits, and an open plane has none',
      );
      return;
    }
    const through = typeof arrives.through === 'string' ? [arrives.through] : arrives.through;
    through.forEach((r, i) => {
      const at = typeof arrives.through === 'string' ? [...path, 'through'] : [...path, 'through', i];
      if (!rooms.has(r)) issue(ctx, at, `no room '${r}' in the maps`);
      else if (!exitRooms.has(r)) issue(ctx, at, `room '${r}' is not an exit (it has no exit cells 'E')`);
    });
    if (arrives.to !== undefined && !rooms.has(arrives.to))
      issue(ctx, [...path, 'to'], `no room '${arrives.to}' in the maps`);
  };

  for (const [name, group] of Object.entries(world.groups)) {
    const path = ['groups', name];
    checkArrives(group.arrives, [...path, 'arrives']);
    if (
      group.arrives !== undefined &&
      group.count === undefined &&
      group.grades === undefined &&
      group.roles === undefined
    )
      issue(ctx, [...path, 'arrives'], 'a group that arrives needs its size: give count');
    const school = group.grades !== undefined || group.classes !== undefined || group.size !== undefined;
    if (
      school &&
      (group.grades === undefined ||
        group.classes === undefined ||
        group.size === undefined ||
        group.home === undefined)
    ) {
      issue(ctx, path, 'a school group needs grades, classes, size and home together');
    }
    if ([school, group.roles !== undefined, group.count !== undefined].filter(Boolean).length > 1) {
      issue(ctx, path, 'give one of count, grades × classes × size, or roles');
    }
    if (school && group.grades && group.classes && group.home) {
      for (const grade of group.grades) {
        for (let c = 1; c <= group.classes; c++) roomList(homeRoom(group.home, grade, c), [...path, 'home']);
      }
    }
    group.rooms?.forEach((r, i) => {
      roomList(r, [...path, 'rooms', i]);
    });
    for (const [role, spec] of Object.entries(group.roles ?? {})) {
      spec.rooms.forEach((r, i) => {
        roomList(r, [...path, 'roles', role, 'rooms', i]);
      });
    }
    if (group.strategy?.to !== undefined) roomList(group.strategy.to, [...path, 'strategy', 'to']);
    if (group.strategy !== undefined && b.floors === undefined)
      issue(ctx, [...path, 'strategy'], 'strategies need a building with floors');
    if (
      b.open === undefined &&
      !school &&
      group.roles === undefined &&
      group.rooms === undefined &&
      group.arrives === undefined
    ) {
      issue(ctx, path, 'in a building, a group needs rooms to start in (rooms, roles or home)');
    }
  }

  // One leader a group, or a class of a school's group: a second was silently ignored.
  const leaders = new Map<string, string>();
  for (const [name, ch] of Object.entries(world.characters)) {
    const path = ['characters', name];
    const group = Object.hasOwn(world.groups, ch.group) ? world.groups[ch.group] : undefined;
    if (group === undefined) {
      issue(ctx, [...path, 'group'], `no group '${ch.group}'`);
      continue;
    }
    if (ch.leader) {
      const led = ch.class === undefined ? `group '${ch.group}'` : `class ${ch.class} of group '${ch.group}'`;
      const first = leaders.get(led);
      if (first === undefined) leaders.set(led, name);
      else issue(ctx, [...path, 'leader'], `${first} leads ${led} already: a group or class has one leader`);
    }
    if (ch.class !== undefined) {
      const classes =
        group.grades && group.classes && group.home
          ? group.grades.flatMap((g) =>
              Array.from({ length: group.classes! }, (_, c) => homeRoom(group.home!, g, c + 1)),
            )
          : [];
      if (!classes.includes(ch.class))
        issue(ctx, [...path, 'class'], `group '${ch.group}' has no class '${ch.class}'`);
    }
    if (ch.role !== undefined && !(group.roles !== undefined && Object.hasOwn(group.roles, ch.role))) {
      issue(ctx, [...path, 'role'], `group '${ch.group}' has no role '${ch.role}'`);
    }
    if (ch.room !== undefined) roomList(ch.room, [...path, 'room']);
    if (ch.turn !== undefined && ch.start !== 'infected')
      issue(ctx, [...path, 'turn'], 'only for start: infected');
    checkArrives(ch.arrives, [...path, 'arrives']);
    if (ch.away === true && ch.arrives === undefined && group.arrives === undefined)
      issue(
        ctx,
        [...path, 'away'],
        'a character kept away needs arrives: how they come in when world.outbreak names them',
      );
  }

  const outbreak =
    world.outbreak === undefined
      ? []
      : typeof world.outbreak === 'string'
        ? [world.outbreak]
        : world.outbreak;
  outbreak.forEach((name, i) => {
    if (!Object.hasOwn(world.characters, name))
      issue(
        ctx,
        typeof world.outbreak === 'string' ? ['outbreak'] : ['outbreak', i],
        `no character '${name}'${didYouMean(name, Object.keys(world.characters))}`,
      );
  });

  world.events.forEach((event, e) => {
    const path = ['events', e];
    if (event.broadcast) roomList(event.broadcast.from, [...path, 'broadcast', 'from']);
    if (event.noise) roomList(event.noise.room, [...path, 'noise', 'room']);
    if (event.evacuate) roomList(event.evacuate.to, [...path, 'evacuate', 'to']);
    for (const key of ['seal', 'unseal'] as const) {
      event[key]?.forEach((r, i) => {
        roomList(r, [...path, key, i]);
        if (b.floors !== undefined && rooms.has(r) && !exitRooms.has(r))
          issue(ctx, [...path, key, i], `room '${r}' is not an exit`);
      });
    }
    const roomTargets = event.bomb?.rooms ?? (event.lights?.rooms as string[] | 'all' | undefined);
    if (Array.isArray(roomTargets)) {
      roomTargets.forEach((r, i) => {
        roomList(r, [...path, event.bomb ? 'bomb' : 'lights', 'rooms', i]);
      });
    }
    const groupTargets = event.barricade?.groups ?? event.evacuate?.groups;
    if (Array.isArray(groupTargets)) {
      groupTargets.forEach((g, i) => {
        if (!Object.hasOwn(world.groups, g))
          issue(ctx, [...path, event.barricade ? 'barricade' : 'evacuate', 'groups', i], `no group '${g}'`);
      });
    }
  });

  const shares = Object.values(world.infection.bites).reduce((sum, s) => sum + s.share, 0);
  if (Math.abs(shares - 1) > 1e-9)
    issue(ctx, ['infection', 'bites'], `the shares add up to ${shares}, not 1`);
}

/** The home room of class c of a grade, from a pattern such as '{grade}-{class}'. */
export function homeRoom(pattern: string, grade: number, cls: number): string {
  return pattern.replaceAll('{grade}', String(grade)).replaceAll('{class}', String(cls));
}

/** A map problem's path: the map field, then `L:C` (1-based) inside its text, for the Locator. */
function mapPath(p: MapProblem): (string | number)[] {
  return ['building', 'floors', p.floor, 'map', `${p.line + 1}:${p.col + 1}`];
}

/** The maps parsed last, and what they gave: the checks parse a world's maps, the compile step reuses them. */
let last:
  | { floors: readonly { name: string; map: string }[]; legend: string; result: ParseResult }
  | undefined;
type ParseResult = ReturnType<typeof parseBuilding>;

/**
 * The maps of a world's building, parsed once: the checks parse them, and the compile step takes
 * the same result (the loaded scenario is a copy of what the checks saw, so the maps are matched by
 * their text).
 */
export function parsedMaps(building: WorldSettings['building']): ParseResult {
  const floors = building.floors ?? [];
  const legend = JSON.stringify(building.legend);
  if (
    last === undefined ||
    last.legend !== legend ||
    last.floors.length !== floors.length ||
    last.floors.some((f, k) => f.name !== floors[k]!.name || f.map !== floors[k]!.map)
  ) {
    last = {
      floors: floors.map((f) => ({ name: f.name, map: f.map })),
      legend,
      result: parseBuilding(floors, building.legend as Record<string, SymbolKind>),
    };
  }
  return last.result;
}

/** No walk in the building is longer than the engine's distance fields hold (see `longWalk`). */
function checkWalks(building: ParsedBuilding, world: WorldSettings, ctx: Ctx): void {
  const { cell, stairs } = world.building;
  // A flight too long is refused above (checkStepCosts).
  if (stairs / cell > MAX_STEP_CELLS) return;
  const walk = longWalk(building, stairFieldCost(stairs, cell));
  if (walk === undefined) return;
  const plane = building.width * building.height;
  const at = (c: number) => {
    const f = Math.floor(c / plane);
    const rest = c - f * plane;
    return { floor: f, line: Math.floor(rest / building.width), col: rest % building.width };
  };
  const from = at(walk.from);
  const to = at(walk.to);
  const metres = Math.round((walk.units / FIELD_UNIT) * cell).toLocaleString('en-US');
  const most = Math.floor((FIELD_MOST / FIELD_UNIT) * cell).toLocaleString('en-US');
  issue(
    ctx,
    mapPath({ ...from, message: '' }),
    `the walk from here to floor '${building.floorNames[to.floor]}', line ${to.line + 1}, column ${to.col + 1} is ${metres} m at the shortest; the agents engine's paths reach at most ${most} m (${Math.floor(FIELD_MOST / FIELD_UNIT).toLocaleString('en-US')} cells): make the building smaller or its cells larger`,
  );
}

/**
 * Each step's cost, in cells of floor, is at most `MAX_STEP_CELLS`: one cost too high is refused
 * at its field, several at `world.building.cell`, whose small cells make them so.
 */
function checkStepCosts(world: WorldSettings, ctx: Ctx): void {
  const { cell, stairs } = world.building;
  const sound = world.perception.sound;
  const costs: [string[], string, number][] = [
    [['building', 'stairs'], 'a flight of stairs', stairs],
    [['perception', 'sound', 'wall'], 'sound through a wall', sound.wall],
    [['perception', 'sound', 'door'], 'sound through a door', sound.door],
    [['perception', 'sound', 'window'], 'sound through a window', sound.window],
    [['perception', 'sound', 'stairs'], 'sound on the stairs (beyond their length)', sound.stairs],
  ];
  const over = costs.filter(([, , metres]) => metres / cell > MAX_STEP_CELLS);
  const most = MAX_STEP_CELLS.toLocaleString('en-US');
  const step = ([, what, metres]: (typeof costs)[number]) =>
    `${what} is ${figure(metres)} m, ${figure(metres / cell)} cells`;
  if (over.length === 1)
    issue(
      ctx,
      over[0]![0],
      `${step(over[0]!)} of ${figure(cell)} m: a step costs at most ${most} cells (${figure(MAX_STEP_CELLS * cell)} m with cells of ${figure(cell)} m)`,
    );
  else if (over.length > 1) {
    const least = Math.max(...over.map(([, , metres]) => metres)) / MAX_STEP_CELLS;
    issue(
      ctx,
      ['building', 'cell'],
      `cells of ${figure(cell)} m make steps of too many cells (${over.map(step).join('; ')}): a step costs at most ${most} cells; make the cells at least ${figure(least)} m`,
    );
  }
}

/** A number to three figures, as people write it: 1,000,000,000, 0.012. */
function figure(x: number): string {
  return x.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}
