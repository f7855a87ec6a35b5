import { InputError, type InputIssue } from '../core/errors.js';
import { expandBraces } from './building-map.js';
import {
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
  const characters = Object.entries(world.characters);
  const fail = (path: string, message: string): never => {
    throw new InputError([issueAt(path, message)]);
  };

  // Sizes of the groups that give them, and the state tallies they produce.
  const explicit = groupNames.map((name) => explicitSize(world.groups[name]!));
  const stateOf = (name: string | undefined, fallback: number) =>
    name === undefined ? fallback : agentStates.indexOf(name as (typeof agentStates)[number]);
  const tally = new Array<number>(agentStates.length).fill(0);
  groupNames.forEach((name, g) => {
    if (explicit[g] !== undefined) tally[stateOf(world.groups[name]!.start, 0)]! += explicit[g]!;
  });
  for (const [, ch] of characters) {
    const g = groupNames.indexOf(ch.group);
    const from = stateOf(world.groups[ch.group]!.start, 0);
    const to = stateOf(ch.start, from);
    if (explicit[g] !== undefined && from !== to) {
      tally[from]!--;
      tally[to]!++;
    } else if (explicit[g] === undefined && from !== to) {
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
    const away = characters.filter(([, ch]) => ch.group === name && stateOf(ch.start, s) !== s).length;
    const size = (initial[group.start] ?? 0) - tally[s]! + away;
    if (size < 0)
      fail(`world.groups.${name}.count`, `initial.${group.start} is too small for the other groups`);
    sizes[g] = size;
    tally[s]! += size - away;
  });
  agentStates.forEach((state, s) => {
    const wanted = initial[state] ?? 0;
    if (wanted !== tally[s]) {
      fail(
        `initial.${state}`,
        `the world's groups and characters make ${tally[s]} ${state}, but initial says ${wanted}`,
      );
    }
  });

  const members: Member[] = [];
  const report: ReportGroup[] = [];
  groupNames.forEach((name, g) => {
    const group = world.groups[name]!;
    report.push({ name, group: g, grade: 0 });
    const base = (): Member => ({
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
    });
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
  });

  // Characters take the place of the first unclaimed member that matches.
  const characterNames: string[] = [];
  characters.forEach(([name, ch], index) => {
    characterNames.push(name);
    const g = groupNames.indexOf(ch.group);
    const group = world.groups[ch.group]!;
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
  });
  return { members, groupNames, groupKinds, report, characterNames };
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
