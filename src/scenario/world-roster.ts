import { InputError, type InputIssue } from '../core/errors.js';
import { expandBraces } from './building-map.js';
import {
  type Arrival,
  type ArrivesInput,
  agentStates,
  type CharacterInput,
  type GroupInput,
  type Member,
  type ReportGroup,
  type Roster,
  type WorldSettings,
} from './compiled-world.js';
import { homeRoom } from './world-checks.js';

/**
 * Lays out the population: groups in the order the scenario gives them (school groups grade by
 * grade and class by class, staff role by role), named characters in the place of the first
 * matching member. A group without a count takes the rest of its start state's `initial` count.
 * The result must agree with `initial`; otherwise this is an input error.
 */
export function buildRoster(
  world: WorldSettings,
  initial: Readonly<Record<string, number>>,
  issueAt: (path: string, message: string) => InputIssue,
): Roster {
  const groupNames = Object.keys(world.groups);
  const groupKinds = groupNames.map((g) => world.groups[g]!.kind);
  const fail = (path: string, message: string): never => {
    throw new InputError([issueAt(path, message)]);
  };
  const stateOf = (name: string | undefined, fallback: number) =>
    name === undefined ? fallback : agentStates.indexOf(name as (typeof agentStates)[number]);
  // The characters of this run: those kept away only when the outbreak names them, each starting
  // as the outbreak says. `initial` counts the file's own starts: the outbreak's changes to those on
  // the map at the start are moved in the counts wanted.
  const outbreak = outbreakOf(world);
  const wanted: Record<string, number> = { ...initial };
  const characters: [string, CharacterInput][] = [];
  for (const [name, ch] of Object.entries(world.characters)) {
    if (ch.away === true && outbreak?.has(name) !== true) continue;
    const own = outbreak === undefined ? ch : startInOutbreak(ch, outbreak.has(name));
    characters.push([name, own]);
    const group = world.groups[ch.group]!;
    if (ch.away === true || arrivesOf(ch, group) !== undefined) continue;
    const from = agentStates[stateOf(ch.start, stateOf(group.start, 0))]!;
    const to = agentStates[stateOf(own.start, stateOf(group.start, 0))]!;
    wanted[from] = (wanted[from] ?? 0) - 1;
    wanted[to] = (wanted[to] ?? 0) + 1;
  }

  // Sizes of the groups that give them, and the state tallies they produce at the start (those
  // who arrive later are not there yet).
  const explicit = groupNames.map((name) => explicitSize(world.groups[name]!));
  const tally = new Array<number>(agentStates.length).fill(0);
  groupNames.forEach((name, g) => {
    const group = world.groups[name]!;
    if (explicit[g] !== undefined && group.arrives === undefined)
      tally[stateOf(group.start, 0)]! += explicit[g]!;
  });
  // Members a group of a given count gives its characters: more than it has made the tallies
  // negative ("the world's groups and characters make -1 human").
  const drawn = new Array<number>(groupNames.length).fill(0);
  for (const [name, ch] of characters) {
    const g = groupNames.indexOf(ch.group);
    const group = world.groups[ch.group]!;
    // Kept away: an extra member, who arrives; of an arriving group: not counted at the start.
    if (ch.away === true || group.arrives !== undefined) continue;
    if (explicit[g] !== undefined && ++drawn[g]! > explicit[g]!)
      fail(
        `world.characters.${name}.group`,
        `group '${ch.group}' has ${explicit[g]} ${explicit[g] === 1 ? 'member' : 'members'}, all of them characters already: none is free to be ${name}`,
      );
    const from = stateOf(group.start, 0);
    const to = stateOf(ch.start, from);
    const arrives = ch.arrives !== undefined;
    if (explicit[g] !== undefined && arrives) {
      tally[from]!--;
    } else if (explicit[g] !== undefined && from !== to) {
      tally[from]!--;
      tally[to]!++;
    } else if (explicit[g] === undefined && from !== to && !arrives) {
      tally[to]!++;
    }
  }
  const sizes = explicit.slice();
  groupNames.forEach((name, g) => {
    if (explicit[g] !== undefined) return;
    const group = world.groups[name]!;
    const s = stateOf(group.start, 0);
    const others = groupNames.filter(
      (other, h) => h !== g && explicit[h] === undefined && world.groups[other]!.start === group.start,
    );
    if (others.length > 0)
      fail(
        `world.groups.${name}.count`,
        `only one group per start state may leave out its count (also: ${others.join(', ')})`,
      );
    const away = characters.filter(
      ([, ch]) =>
        ch.group === name && ch.away !== true && (stateOf(ch.start, s) !== s || ch.arrives !== undefined),
    ).length;
    const size = (wanted[group.start] ?? 0) - tally[s]! + away;
    if (size < 0)
      fail(`world.groups.${name}.count`, `initial.${group.start} is too small for the other groups`);
    sizes[g] = size;
    tally[s]! += size - away;
  });
  agentStates.forEach((state, s) => {
    if ((wanted[state] ?? 0) !== tally[s]) {
      const moved = (wanted[state] ?? 0) !== (initial[state] ?? 0);
      fail(
        `initial.${state}`,
        `the world's groups and characters make ${tally[s]} ${state}, but initial says ${initial[state] ?? 0}` +
          (moved ? ` (${wanted[state]} with the starts of world.outbreak)` : ''),
      );
    }
  });

  const members: Member[] = [];
  /** How each member arrives (undefined: on the map at the start). */
  const arriving: (ArrivesInput | undefined)[] = [];
  const report: ReportGroup[] = [];
  const baseOf = (g: number): Member => {
    const group = world.groups[groupNames[g]!]!;
    return {
      group: g,
      grade: 0,
      role: undefined,
      home: undefined,
      room: undefined,
      state: stateOf(group.start, 0),
      traits: [group.traits],
      social: [group.social],
      hybrid: group.hybrid,
      hybridKind: 0,
      character: -1,
      leader: false,
      turn: undefined,
      adult: group.kind === 'adult',
      student: group.kind === 'student',
    };
  };
  groupNames.forEach((name, g) => {
    const group = world.groups[name]!;
    report.push({ name, group: g, grade: 0 });
    const base = () => baseOf(g);
    const start = members.length;
    // Members alike share one descriptor (a million people need not be a million objects);
    // a character gets a copy of its own.
    if (group.grades && group.classes && group.size && group.home) {
      for (const grade of group.grades) {
        report.push({ name: `${name}/grade-${grade}`, group: g, grade });
        for (let c = 1; c <= group.classes; c++) {
          const home = homeRoom(group.home, grade, c);
          const m: Member = { ...base(), grade, home, room: home };
          for (let k = 0; k < group.size; k++) members.push(m);
        }
      }
    } else if (group.roles) {
      for (const [roleName, role] of Object.entries(group.roles)) {
        const rooms = role.rooms.flatMap((r) => asList(expandBraces(r)));
        const alike = rooms.map((room) => {
          const m = base();
          m.room = room;
          m.role = roleName;
          if (role.traits) m.traits.push(role.traits);
          return m;
        });
        for (let k = 0; k < role.count; k++) members.push(alike[k % alike.length]!);
      }
    } else {
      const rooms = (group.rooms ?? []).flatMap((r) => asList(expandBraces(r)));
      const alike = rooms.length > 0 ? rooms.map((room) => ({ ...base(), room })) : [base()];
      for (let k = 0; k < sizes[g]!; k++) members.push(alike[k % alike.length]!);
    }
    for (let k = start; k < members.length; k++) arriving.push(group.arrives);
  });

  // Characters take the place of the first unclaimed member that matches; one kept away (and
  // named by the outbreak) takes no one's place: they are an extra member of their group, made last.
  const characterNames: string[] = [];
  const extra: { member: Member; arrives: ArrivesInput | undefined }[] = [];
  characters.forEach(([name, ch], index) => {
    characterNames.push(name);
    const g = groupNames.indexOf(ch.group);
    const group = world.groups[ch.group]!;
    if (ch.away === true) {
      const own = { ...baseOf(g), home: ch.class, role: ch.role };
      applyCharacter(own, ch, index);
      extra.push({ member: own, arrives: arrivesOf(ch, group) });
      return;
    }
    const roleRooms = ch.role !== undefined ? roleRange(group, ch.role) : undefined;
    // First choice: a member who also starts in the character's room (a homeroom teacher of 2-5).
    let at = -1;
    for (const sameRoom of [true, false]) {
      let offset = 0;
      for (let i = 0; i < members.length && at < 0; i++) {
        const m = members[i]!;
        if (m.group !== g) continue;
        const inRole = roleRooms === undefined || (offset >= roleRooms[0] && offset < roleRooms[1]);
        offset++;
        if (m.character >= 0 || !inRole) continue;
        if (ch.class !== undefined && m.home !== ch.class) continue;
        if (sameRoom && (ch.room === undefined || m.room !== ch.room)) continue;
        at = i;
      }
      if (at >= 0) break;
    }
    if (at < 0) fail(`world.characters.${name}`, `no free member of group '${ch.group}' fits this character`);
    const own = { ...members[at]!, traits: [...members[at]!.traits], social: [...members[at]!.social] };
    applyCharacter(own, ch, index);
    members[at] = own;
    arriving[at] = arrivesOf(ch, group);
  });
  for (const { member, arrives } of extra) {
    members.push(member);
    arriving.push(arrives);
  }
  const { onMap, arrivals } = scheduleArrivals(members, arriving);
  return { members: onMap, arrivals, groupNames, groupKinds, report, characterNames };
}

/**
 * Splits the members into those on the map at the start and those who arrive later. Those who
 * arrive alike (one `arrives`) come in creation order, evenly over [at, at + over], through its
 * exits in turn; all arrivals are then ordered by time, ties in creation order.
 */
function scheduleArrivals(
  members: readonly Member[],
  arriving: readonly (ArrivesInput | undefined)[],
): { onMap: Member[]; arrivals: Arrival[] } {
  const onMap: Member[] = [];
  const alike = new Map<ArrivesInput, number[]>();
  members.forEach((m, i) => {
    const spec = arriving[i];
    if (spec === undefined) onMap.push(m);
    else if (alike.has(spec)) alike.get(spec)!.push(i);
    else alike.set(spec, [i]);
  });
  const timed: { arrival: Arrival; order: number }[] = [];
  for (const [spec, list] of alike) {
    const through = typeof spec.through === 'string' ? [spec.through] : spec.through;
    const over = spec.over ?? 0;
    list.forEach((i, k) => {
      const at = spec.at + (list.length > 1 ? (over * k) / (list.length - 1) : 0);
      const exit = through[k % through.length]!;
      timed.push({ arrival: { member: members[i]!, at, through: exit, room: spec.to ?? exit }, order: i });
    });
  }
  timed.sort((x, y) => x.arrival.at - y.arrival.at || x.order - y.order);
  return { onMap, arrivals: timed.map((t) => t.arrival) };
}

/** The characters `world.outbreak` names, or undefined when it is not given. */
function outbreakOf(world: WorldSettings): Set<string> | undefined {
  const names = world.outbreak;
  if (names === undefined) return undefined;
  return new Set(typeof names === 'string' ? [names] : names);
}

/**
 * A character's start when `world.outbreak` is given: one it names carries the virus (infected, or
 * a zombie if the file starts them so); any other who would start infected starts human.
 */
function startInOutbreak(ch: CharacterInput, carries: boolean): CharacterInput {
  if (carries) return ch.start === 'zombie' || ch.start === 'infected' ? ch : { ...ch, start: 'infected' };
  return ch.start === 'infected' ? { ...ch, start: 'human', turn: undefined } : ch;
}

/** How a character arrives: their own `arrives`, else their group's; undefined if on the map. */
function arrivesOf(ch: CharacterInput, group: GroupInput): ArrivesInput | undefined {
  return ch.arrives ?? group.arrives;
}

function asList(names: string[] | string): string[] {
  return typeof names === 'string' ? [] : names;
}

function explicitSize(group: GroupInput): number | undefined {
  if (group.count !== undefined) return group.count;
  if (group.grades && group.classes && group.size) return group.grades.length * group.classes * group.size;
  if (group.roles) return Object.values(group.roles).reduce((sum, r) => sum + r.count, 0);
  return undefined;
}

/** The member offsets [from, to) of a role within its group. */
function roleRange(group: GroupInput, role: string): [number, number] | undefined {
  let from = 0;
  for (const [name, spec] of Object.entries(group.roles ?? {})) {
    if (name === role) return [from, from + spec.count];
    from += spec.count;
  }
  return undefined;
}

function applyCharacter(m: Member, ch: CharacterInput, index: number): void {
  m.character = index;
  m.traits = [...m.traits, ch.traits];
  m.social = [...m.social, ch.social];
  if (ch.room !== undefined) m.room = ch.room;
  if (ch.start !== undefined) m.state = agentStates.indexOf(ch.start);
  if (ch.turn !== undefined) m.turn = ch.turn;
  const hybrid = ch.hybrid;
  if (typeof hybrid === 'number') m.hybrid = hybrid;
  else if (hybrid !== undefined) {
    const [kind, chance] = typeof hybrid === 'string' ? [hybrid, 1] : [hybrid.kind, hybrid.chance];
    m.hybrid = chance;
    m.hybridKind = agentStates.indexOf(kind);
  }
  m.leader = ch.leader;
}
