import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../src/core/errors.js';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { HUMAN, ZOMBIE } from '../../../src/engines/agents/states.js';
import { InvalidIntervention } from '../../../src/model/intervention.js';
import { buildingScenario, engineFor, expectSameFiles, load, outputsOf } from './helpers.js';

/**
 * Three rooms in a row, joined by doors: people in a; g and h are gates (exit cells E). Three NIS
 * agents come in over 20 s from 10 s, through g and h in turn (Han first, their leader); two zombies
 * come in through g at 30 s.
 */
const MAP = [
  '###################',
  '#[a]..#[g]..#[h]..#',
  '#.....+.....+.....#',
  '#.....#....E#....E#',
  '###################',
];

function scenario(arrivals = ARRIVALS, characters = HAN): string {
  return buildingScenario({
    floors: [MAP],
    initial: 'human: 4',
    time: 'until: 90, every: 10, unit: second',
    world: [
      '  groups:',
      '    people: { kind: student, rooms: [a] }',
      arrivals,
      characters,
      '  replay: { every: 0 }',
    ].join('\n'),
  });
}

const HAN = ['  characters:', '    Han: { group: nis, leader: true }'].join('\n');

const ARRIVALS = [
  '    nis: { kind: adult, count: 3, arrives: { at: 10, through: [g, h], over: 20 } }',
  '    city: { start: zombie, count: 2, arrives: { at: 30, through: g } }',
].join('\n');

const fresh = (settings: string[] = [], seed = 3) => engineFor(load(scenario(), settings), seed);

type Logged = Record<string, unknown>;
function eventsOf(engine: AgentsEngine): Logged[] {
  const text = engine.artifacts()['events.jsonl'] as string;
  return text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Logged);
}

function counts(engine: AgentsEngine): number[] {
  const out = new Float64Array(6);
  engine.observe(out);
  return Array.from(out);
}

function issuesOf(text: string, settings: string[] = []): readonly InputIssue[] {
  try {
    load(text, settings);
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  return [];
}

describe('arrivals (arrives: { at, through, over })', () => {
  let full: AgentsEngine;
  beforeAll(() => {
    full = fresh();
    full.advanceTo(90);
  });

  it('are not in the run before they arrive, then appear at their time in their exit room, one by one', () => {
    const engine = fresh();
    const a = engine.sim.a;
    // Slots are reserved for them; none is made.
    expect([a.n, a.capacity]).toEqual([4, 9]);
    engine.advanceTo(9);
    expect(a.n).toBe(4);
    expect(counts(engine)).toEqual([4, 0, 0, 0, 0, 0]);
    // Those yet to come are not away, and no exit is reached by them.
    expect(engine.sim.registry.awayCount).toBe(0);
    expect(engine.sim.exitReachedAt.every((t) => t === Number.POSITIVE_INFINITY)).toBe(true);
    expect(engine.story()).toMatchObject({ people: 4 });
    expect((engine.story().named as unknown[])[0]).toEqual({
      name: 'Han',
      state: 'not arrived',
      survived: false,
      where: 'not arrived',
    });
    engine.advanceTo(10);
    expect(a.n).toBe(5);
    expect(counts(engine)[HUMAN]).toBe(5);
    engine.advanceTo(29);
    expect(a.n).toBe(6);
    engine.advanceTo(30);
    expect(a.n).toBe(9);
    expect(counts(engine)[ZOMBIE]).toBe(2);
    const arrivals = eventsOf(full).filter((e) => e.kind === 'arrive');
    // `over` spreads the three evenly over [10, 30], through g and h in turn; the zombies come at 30.
    expect(arrivals).toEqual([
      { t: 10, kind: 'arrive', agent: 4, name: 'Han', floor: 'F1', room: 'g', exit: 'g', from: 'g' },
      { t: 20, kind: 'arrive', agent: 5, floor: 'F1', room: 'h', exit: 'h', from: 'h' },
      { t: 30, kind: 'arrive', agent: 6, floor: 'F1', room: 'g', exit: 'g', from: 'g' },
      { t: 30, kind: 'arrive', agent: 7, floor: 'F1', room: 'g', exit: 'g', from: 'g' },
      { t: 30, kind: 'arrive', agent: 8, floor: 'F1', room: 'g', exit: 'g', from: 'g' },
    ]);
    // The NIS follow their leader, who came first.
    expect([a.leader[5], a.leader[6]]).toEqual([4, 4]);
  });

  it('count in their groups only once they arrive, and are listed in agents.csv', () => {
    const groups = (full.artifacts()['groups.csv'] as string).trim().split('\n');
    const row = (t: number, group: string) => groups.find((line) => line.startsWith(`${t},${group},`));
    expect(row(0, 'nis')).toBe('0,nis,0,0,0,0,0,0');
    expect(row(0, 'city')).toBe('0,city,0,0,0,0,0,0');
    // A row at t is the state at t, as in timeseries.csv: the tick ending at t, then what is due
    // at t (one of nis arrives at 20, the last at 30).
    expect(row(20, 'nis')).toBe('20,nis,2,0,0,0,0,0');
    expect(row(30, 'nis')).toBe('30,nis,3,0,0,0,0,0');
    const total = (line: string | undefined) =>
      line!
        .split(',')
        .slice(2)
        .reduce((sum, v) => sum + Number(v), 0);
    expect(total(row(90, 'nis'))).toBe(3);
    expect(total(row(90, 'city'))).toBe(2);
    const agents = (full.artifacts()['agents.csv'] as string).trim().split('\n').slice(1);
    expect(agents.map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '0,,people',
      '1,,people',
      '2,,people',
      '3,,people',
      '4,Han,nis',
      '5,,nis',
      '6,,nis',
      '7,,city',
      '8,,city',
    ]);
  });

  it('zombies who arrive start hunting: they move and bite', () => {
    const events = eventsOf(full);
    const bites = events.filter((e) => e.kind === 'bite');
    expect(bites.length).toBeGreaterThan(0);
    expect(bites.every((e) => e.agent === 7 || e.agent === 8 || (e.agent as number) < 7)).toBe(true);
    expect([7, 8]).toContain(bites[0]!.agent);
    expect(bites[0]!.t as number).toBeGreaterThanOrEqual(30);
  });

  it('a snapshot in the middle of a spread continues to the same run', () => {
    for (const at of [5, 15, 30]) {
      const engine = fresh();
      engine.advanceTo(at);
      const restored = fresh();
      restored.restore(engine.snapshot());
      restored.advanceTo(90);
      const want = outputsOf(full);
      const got = outputsOf(restored);
      expect(got.counts, `snapshot at ${at}`).toEqual(want.counts);
      expectSameFiles(got.files, want.files);
    }
  });

  it('is opt-in: a world with no arrivals draws the same numbers as before', () => {
    const plain = (text: string) => {
      const engine = engineFor(load(text), 3);
      engine.advanceTo(90);
      return outputsOf(engine).files['events.jsonl'];
    };
    const zombie = (text: string) => text.replace('human: 4', 'human: 4, zombie: 1');
    const none = zombie(
      scenario('    nis: { kind: adult, count: 0, rooms: [a] }\n    z: { start: zombie, rooms: [g] }', ''),
    );
    const late = zombie(
      scenario(
        '    nis: { kind: adult, count: 5, arrives: { at: 1000, through: g } }\n    z: { start: zombie, rooms: [g] }',
        '',
      ),
    );
    // Those who arrive after the run's end leave it as it is without them.
    expect(plain(late)).toBe(plain(none));
    expect(plain(late)).toContain('"kind":"bite"');
  });

  it('moves with --set, and takes clock times', () => {
    const early = fresh(['world.groups.nis.arrives.at=2']);
    early.advanceTo(2);
    expect(early.sim.a.n).toBe(5);
    // The clock starts at 08:40: 08:40:05 is 5 s in.
    const clock = fresh(['world.groups.nis.arrives.at=08:40:05', 'world.groups.nis.arrives.over=0']);
    clock.advanceTo(4);
    expect(clock.sim.a.n).toBe(4);
    clock.advanceTo(5);
    expect(clock.sim.a.n).toBe(7);
  });

  it('humans dropped in during the run (the reserve) do not take the slots held for arrivals', () => {
    const engine = fresh(['options.agents.reserve=2']);
    engine.advanceTo(5);
    expect(() => engine.control({ kind: 'add', compartment: 'human', count: 3, place: 'a' })).toThrow(
      InvalidIntervention,
    );
    engine.control({ kind: 'add', compartment: 'human', count: 2, place: 'a' });
    engine.advanceTo(30);
    expect([engine.sim.a.n, engine.sim.a.capacity]).toEqual([11, 11]);
    const agents = (engine.artifacts()['agents.csv'] as string).trim().split('\n').slice(1);
    expect(agents.map((line) => line.split(',')[2])).toEqual([
      ...['people', 'people', 'people', 'people', 'dropped', 'dropped'],
      ...['nis', 'nis', 'nis', 'city', 'city'],
    ]);
  });

  it('a character may arrive on their own, before their group', () => {
    const text = scenario().replace(
      'Han: { group: nis, leader: true }',
      'Han: { group: nis, leader: true, arrives: { at: 3, through: h, to: a } }',
    );
    const engine = engineFor(load(text), 3);
    engine.advanceTo(3);
    expect(engine.sim.a.n).toBe(5);
    const [han] = eventsOf(engine).filter((e) => e.kind === 'arrive');
    expect(han).toMatchObject({ t: 3, name: 'Han', room: 'a', exit: 'h' });
  });

  it('a bad through, to or a group without a count is a schema error at its line and column', () => {
    const bad = issuesOf(scenario(ARRIVALS.replace('through: [g, h]', 'through: [g, a]')));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({
      file: 'test.yaml',
      path: 'world.groups.nis.arrives.through.1',
      message: "room 'a' is not an exit (it has no exit cells 'E')",
    });
    expect(bad[0]!.line).toBe(
      scenario()
        .split('\n')
        .findIndex((line) => line.includes('nis:')) + 1,
    );
    expect(bad[0]!.col).toBeGreaterThan(1);
    const unknown = issuesOf(scenario(ARRIVALS.replace('through: g', 'through: gate')));
    expect(unknown.map((i) => [i.path, i.message])).toEqual([
      ['world.groups.city.arrives.through', "no room 'gate' in the maps"],
    ]);
    const countless = issuesOf(scenario(ARRIVALS.replace('count: 2, ', '')));
    expect(countless.map((i) => i.message)).toContain('a group that arrives needs its size: give count');
    const set = issuesOf(scenario(), ['world.groups.nis.arrives.to=nowhere']);
    expect(set.map((i) => [i.file, i.message])).toEqual([
      ['--set world.groups.nis.arrives.to=nowhere', "no room 'nowhere' in the maps"],
    ]);
  });

  it('is for buildings: on an open plane, arrives is a schema error', () => {
    const plane = [
      'name: plane',
      'title: An open plane',
      'model:',
      '  compartments: [human, infected, zombie, immune, immortal, dead]',
      '  reactions: {}',
      'initial: { human: 2 }',
      'time: { until: 10, every: 1, unit: second }',
      'engine: agents',
      'world:',
      '  building: { open: { width: 4, height: 4 } }',
      '  groups:',
      '    people: {}',
      '    late: { count: 2, arrives: { at: 5, through: gate } }',
    ].join('\n');
    const issues = issuesOf(plane);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 13, path: 'world.groups.late.arrives' });
    expect(issues[0]!.message).toMatch(/arrivals are for a building/);
  });
});
