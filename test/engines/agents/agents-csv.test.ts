import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AgentRow, LoggedEvent } from '../../../src/output/character-story.js';
import { parseAgentsCsv, parseEvents } from '../../../src/output/character-story.js';
import { loadScenario, readScenarioText, scenarioPath } from '../../../src/scenario/files.js';
import { engineFor, fnv1a } from './helpers.js';

/** hyosan-high's own file, read as data: the oracle for who should be in agents.csv. */
const HYOSAN = parse(readScenarioText(scenarioPath('hyosan-high'))) as {
  world: {
    groups: {
      students: { grades: number[]; classes: number; size: number };
      staff: { roles: Record<string, { count: number }> };
    };
    characters: Record<string, { group: string; class?: string; away?: boolean }>;
  };
};

/** The characters in a default run: all but those kept away (Jin-su, unless world.outbreak names him). */
const CHARACTERS = Object.entries(HYOSAN.world.characters)
  .filter(([, c]) => c.away !== true)
  .map(([name]) => name)
  .sort();

function run(settings: string[], until: number, seed = 7) {
  const engine = engineFor(loadScenario('hyosan-high', [`time.until=${until}`, ...settings]), seed);
  for (let t = 0; t <= until; t += 300) engine.advanceTo(t);
  return engine.artifacts();
}

describe('agents.csv', () => {
  let agents: AgentRow[] = [];
  let events: LoggedEvent[] = [];
  beforeAll(() => {
    const files = run(['world.replay.every=0'], 900, 3);
    agents = parseAgentsCsv(files['agents.csv'] as string);
    events = parseEvents(files['events.jsonl'] as string);
  });

  it('lists every agent once, by id, with group, class and role as the scenario lays them out', () => {
    const { students, staff } = HYOSAN.world.groups;
    const studentCount = students.grades.length * students.classes * students.size;
    const staffCount = Object.values(staff.roles).reduce((sum, r) => sum + r.count, 0);
    expect(agents.map((row) => Number(row.id))).toEqual(agents.map((_, i) => i));
    expect(agents.length).toBe(studentCount + staffCount);
    const students_ = agents.filter((row) => row.group === 'students');
    expect(students_.length).toBe(studentCount);
    // Every class has its size, and class names are the home rooms: grade-class.
    const perClass = new Map<string, number>();
    for (const row of students_) perClass.set(row.class!, (perClass.get(row.class!) ?? 0) + 1);
    expect(perClass.size).toBe(students.grades.length * students.classes);
    expect([...perClass.values()].every((n) => n === students.size)).toBe(true);
    expect([...perClass.keys()].every((c) => /^[1-3]-[1-8]$/.test(c))).toBe(true);
    // Every role has its count.
    for (const [role, { count }] of Object.entries(staff.roles))
      expect(agents.filter((row) => row.role === role).length, role).toBe(count);
    expect(students_.every((row) => row.role === '')).toBe(true);
  });

  it('names the characters at the ids the event log gives them, in their class', () => {
    const named = agents.filter((row) => row.name !== '');
    expect(named.map((row) => row.name).sort()).toEqual(CHARACTERS);
    for (const row of named) {
      const character = HYOSAN.world.characters[row.name!]!;
      expect(row.group).toBe(character.group);
      if (character.class !== undefined) expect(row.class).toBe(character.class);
    }
    const byName = new Map(named.map((row) => [row.name, Number(row.id)]));
    const logged = events.filter((e) => e.name !== undefined);
    expect(logged.length).toBeGreaterThan(0);
    for (const e of logged) expect(e.agent).toBe(byName.get(e.name!));
  });

  it('gives the traits as drawn, within the scenario ranges, and the start and end states', () => {
    const students_ = agents.filter((row) => row.group === 'students' && row.name === '');
    for (const row of students_) {
      expect(Number(row.walk)).toBeGreaterThanOrEqual(1.1 - 1e-3);
      expect(Number(row.walk)).toBeLessThanOrEqual(1.5 + 1e-3);
      expect(Number(row.sight)).toBe(20);
    }
    expect(new Set(students_.map((row) => row.walk)).size).toBeGreaterThan(100);
    const onjo = agents.find((row) => row.name === 'On-jo')!;
    expect(Number(onjo.courage)).toBe(0.8);
    expect(agents.find((row) => row.name === 'Hyeon-ju')!.start).toBe('infected');
    const states = ['human', 'infected', 'zombie', 'immune', 'immortal', 'dead'];
    expect(agents.every((row) => states.includes(row.start!) && states.includes(row.end!))).toBe(true);
  });
});

describe('the story entries of events.jsonl', () => {
  let text = '';
  let events: LoggedEvent[] = [];
  beforeAll(() => {
    text = run(['world.replay.every=600'], 1800)['events.jsonl'] as string;
    events = parseEvents(text);
  });

  // Without alarms and moves the log is the one frozen when door entries gained their rooms.
  it('leave every other entry as it was: the earlier frozen checksum holds without them', () => {
    const others = text
      .split('\n')
      .filter((line) => line !== '' && !/"kind":"(alarm|enter)"/.test(line))
      .map((line) => `${line}\n`)
      .join('');
    expect(fnv1a(others)).toBe('4e19508d');
  });

  it('alarm each person at most once, saying by what and with which plan', () => {
    const alarms = events.filter((e) => e.kind === 'alarm');
    expect(alarms.length).toBeGreaterThan(0);
    expect(new Set(alarms.map((e) => e.agent)).size).toBe(alarms.length);
    for (const e of alarms) {
      expect(['sight', 'sound', 'room']).toContain(e.by);
      expect(['shelter', 'go', 'leave']).toContain(e.plan);
      if (e.by === 'sight') expect(e.other).toBeGreaterThanOrEqual(0);
      if (e.by === 'sound') expect(typeof e.sound).toBe('string');
    }
  });

  it('place every named character at the start, and only named characters', () => {
    const enters = events.filter((e) => e.kind === 'enter');
    expect(enters.every((e) => e.name !== undefined)).toBe(true);
    const atStart = enters.filter((e) => e.t === 0).map((e) => e.name);
    expect(atStart.sort()).toEqual(CHARACTERS);
    const onjo = enters.find((e) => e.name === 'On-jo')!;
    expect(onjo.room).toBe('2-5');
  });
});

describe('groups.csv by class and by role (world.breakdown)', () => {
  let plain = '';
  let broken = '';
  beforeAll(() => {
    plain = run(['world.replay.every=0'], 600, 3)['groups.csv'] as string;
    broken = run(
      ['world.replay.every=0', 'world.breakdown.classes=true', 'world.breakdown.roles=true'],
      600,
      3,
    )['groups.csv'] as string;
  });
  const rows = (text: string) =>
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));

  it('keeps the default rows as they are, in their order', () => {
    const defaults = new Set(rows(plain).map((r) => r[1]));
    const kept = rows(broken).filter((r) => defaults.has(r[1]!));
    expect(kept).toEqual(rows(plain));
  });

  it('adds a row per class and per role, which add up to their group', () => {
    const at = rows(broken).filter((r) => r[0] === '600');
    const classes = at.filter((r) => r[1]!.startsWith('students/class-'));
    const roles = at.filter((r) => r[1]!.startsWith('staff/role-'));
    expect(classes.length).toBe(24);
    expect(roles.map((r) => r[1])).toEqual(
      Object.keys(HYOSAN.world.groups.staff.roles).map((role) => `staff/role-${role}`),
    );
    const sum = (list: string[][], s: number) => list.reduce((total, r) => total + Number(r[2 + s]), 0);
    const group = (name: string) => at.find((r) => r[1] === name)!;
    for (let s = 0; s < 6; s++) {
      expect(sum(classes, s)).toBe(Number(group('students')[2 + s]));
      expect(sum(roles, s)).toBe(Number(group('staff')[2 + s]));
    }
  });
});
