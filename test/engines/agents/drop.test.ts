import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { AWAY_FLOOR, newFrame, readReplay } from '../../../src/engines/agents/replay.js';
import { HUMAN } from '../../../src/engines/agents/states.js';
import { type Intervention, InvalidIntervention } from '../../../src/model/intervention.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { buildingScenario, engineFor, load, outputsOf, playScript } from './helpers.js';

/** Two rooms and a door: people in a, a zombie in b. */
function twoRooms(settings: string[]) {
  return load(
    buildingScenario({
      floors: [['#############', '#[a]..#[b]..#', '#.....+.....#', '#.....#.....#', '#############']],
      initial: 'human: 4, zombie: 1',
      time: 'until: 60, every: 10, unit: second',
      world: [
        '  groups:',
        '    people: { rooms: [a] }',
        '    zombies: { start: zombie, rooms: [b] }',
        '  replay: { every: 5 }',
      ].join('\n'),
    }),
    settings,
  );
}

const RESERVE = ['options.agents.reserve=6'];
const fresh = (settings = RESERVE, seed = 4) => engineFor(twoRooms(settings), seed);

/** Humans on the map in room `name`. */
function inRoom(engine: AgentsEngine, name: string, state = HUMAN): number {
  const a = engine.sim.a;
  const b = engine.sim.b!;
  const r = b.roomIndex.get(name)!;
  let n = 0;
  for (let i = 0; i < a.n; i++) if (a.state[i] === state && a.away[i] === 0 && b.room[a.cell[i]!] === r) n++;
  return n;
}

/** The script of the tests below: humans dropped in both rooms, one of them between ticks. */
const SCRIPT: [number, Intervention][] = [
  [5, { kind: 'add', compartment: 'human', count: 3, place: 'b' }],
  [12.5, { kind: 'add', compartment: 'human', count: 2, place: 'a' }],
];

describe('adding humans during a run (options.agents.reserve)', () => {
  let scripted: AgentsEngine;
  beforeAll(() => {
    scripted = playScript(fresh(), SCRIPT, 60);
  });

  it('makes them in the room named, counted, listed and logged, and they act afterwards', () => {
    const engine = fresh();
    engine.advanceTo(5);
    const a = engine.sim.a;
    expect([a.n, a.capacity]).toEqual([5, 11]);
    const out = new Float64Array(6);
    engine.observe(out);
    const humans = out[HUMAN]!;
    const occupied = engine.sim.places.occupancy.reduce((sum, v) => sum + v, 0);
    const inB = inRoom(engine, 'b');
    engine.control({ kind: 'add', compartment: 'human', count: 3, place: 'b' });
    engine.observe(out);
    expect(out[HUMAN]).toBe(humans + 3);
    expect(a.n).toBe(8);
    expect(inRoom(engine, 'b')).toBe(inB + 3);
    expect(engine.sim.places.occupancy.reduce((sum, v) => sum + v, 0)).toBe(occupied + 3);
    const start = Array.from(a.cell.subarray(5, 8));
    engine.advanceTo(30);
    // They walked away from where they were put.
    expect(Array.from(a.cell.subarray(5, 8))).not.toEqual(start);
    const files = engine.artifacts();
    const events = (files['events.jsonl'] as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const drops = events.filter((e) => e.kind === 'drop');
    expect(drops).toEqual([5, 6, 7].map((agent) => ({ t: 5, kind: 'drop', agent, floor: 'F1', room: 'b' })));
    // Each saw or heard the zombie and made a plan; some fled through the door into room a.
    for (const i of [5, 6, 7]) expect(events.some((e) => e.kind === 'alarm' && e.agent === i)).toBe(true);
    expect(events.some((e) => [5, 6, 7].includes((e.other ?? e.agent) as number) && e.room === 'a')).toBe(
      true,
    );
    const agents = (files['agents.csv'] as string).trim().split('\n');
    expect(agents).toHaveLength(1 + 8);
    for (const line of agents.slice(6))
      expect(line).toMatch(/^\d,,dropped,,,human,[a-z]+,.*,1\.3,4\.5,1,0\.2,1,20,0\.5,0,0,0\.5,0\.3,0\.5$/);
    // groups.csv counts them in a group of their own, from the next output time.
    const groups = (files['groups.csv'] as string).trim().split('\n');
    expect(groups.filter((line) => /^0,dropped,/.test(line))).toEqual(['0,dropped,0,0,0,0,0,0']);
    const later = groups
      .filter((line) => /^10,dropped,/.test(line))[0]!
      .split(',')
      .slice(2)
      .map(Number);
    expect(later.reduce((sum, v) => sum + v, 0)).toBe(3);
  });

  it('draws the slots not made yet away in replay frames', () => {
    const replay = readReplay(scripted.artifacts()['replay.bin'] as Uint8Array);
    expect(replay.agents).toBe(11);
    const frame = newFrame(replay.agents);
    replay.frame(0, frame);
    expect(Array.from(frame.floor.subarray(5))).toEqual(new Array(6).fill(AWAY_FLOOR));
    replay.frame(replay.frames - 1, frame);
    expect(Array.from(frame.floor.subarray(5, 10))).not.toContain(AWAY_FLOOR);
    expect(frame.floor[10]).toBe(AWAY_FLOOR);
  });

  it('replays from its log of interventions to the same bytes', () => {
    expect(scripted.interventions()).toEqual(SCRIPT.map(([t, intervention]) => ({ t, intervention })));
    const log = scripted.interventions().map(({ t, intervention }) => [t, intervention] as const);
    const replayed = playScript(fresh(), log, 60);
    expect(outputsOf(replayed)).toEqual(outputsOf(scripted));
    expect(Buffer.compare(replayed.snapshot(), scripted.snapshot())).toBe(0);
  });

  it('continues byte for byte from a snapshot taken after a drop', () => {
    const engine = playScript(fresh(), SCRIPT, 20.5);
    const restored = fresh();
    restored.restore(engine.snapshot());
    expect(restored.sim.a.n).toBe(10);
    restored.advanceTo(60);
    expect(outputsOf(restored)).toEqual(outputsOf(scripted));
    expect(Buffer.compare(restored.snapshot(), scripted.snapshot())).toBe(0);
  });

  it('refuses what it cannot do with a clear message, changing nothing', () => {
    const none = fresh([]);
    none.advanceTo(5);
    const noneBefore = none.snapshot();
    expect(() => none.control({ kind: 'add', compartment: 'human', count: 1, place: 'a' })).toThrow(
      /no reserve for them \(set options\.agents\.reserve/,
    );
    expect(Buffer.compare(none.snapshot(), noneBefore)).toBe(0);
    const engine = fresh(['options.agents.reserve=40']);
    engine.advanceTo(5);
    engine.control({ kind: 'add', compartment: 'human', count: 2, place: 'a' });
    const before = engine.snapshot();
    const bad: [Intervention, RegExp][] = [
      [{ kind: 'add', compartment: 'human', count: 39, place: 'a' }, /room for 38 more/],
      [{ kind: 'add', compartment: 'human', count: 1 }, /added to a room of the building: name one/],
      [{ kind: 'add', compartment: 'human', count: 1, place: 'moon' }, /no room 'moon'/],
      [
        { kind: 'add', compartment: 'human', count: 30, place: 'a' },
        /cannot add 30 humans in a: it has \d+ free places/,
      ],
      [{ kind: 'add', compartment: 'human', count: 1.5, place: 'a' }, /whole numbers/],
    ];
    for (const [intervention, message] of bad) {
      expect(() => engine.control(intervention)).toThrow(InvalidIntervention);
      expect(() => engine.control(intervention)).toThrow(message);
    }
    expect(engine.interventions()).toHaveLength(1);
    expect(Buffer.compare(engine.snapshot(), before)).toBe(0);
  });

  it('checks the reserve and keeps the name of its group', () => {
    expect(() => twoRooms(['options.agents.reserve=-1'])).toThrow(InputError);
    expect(() => twoRooms(['options.agents.reserve=2.5'])).toThrow(/options\.agents\.reserve/);
    expect(() => twoRooms(['options.agents.reserve=1e9'])).toThrow(/options\.agents\.reserve/);
    const named = (settings: string[]) =>
      compileScenario(
        load(
          buildingScenario({
            floors: [['#####', '#[a]#', '#...#', '#####']],
            world: [
              '  groups:',
              '    dropped: { rooms: [a] }',
              '    zombies: { start: zombie, rooms: [a] }',
            ].join('\n'),
          }),
          settings,
        ),
        'agents',
      );
    expect(named([]).world!.roster.groupNames).toEqual(['dropped', 'zombies']);
    expect(() => named(RESERVE)).toThrow(/world\.groups\.dropped: the group name 'dropped' is kept/);
  });

  it('on an open plane puts them at the point named, or anywhere', () => {
    const engine = engineFor(
      loadScenario('repast-zombies', [
        'time.until=10',
        'time.every=10',
        'world.replay.every=5',
        'options.agents.reserve=5',
      ]),
      1,
    );
    const a = engine.sim.a;
    const n = a.n;
    const out = new Float64Array(6);
    engine.observe(out);
    const humans = out[HUMAN]!;
    engine.control({ kind: 'add', compartment: 'human', count: 2, place: '10.5,20.25' });
    engine.control({ kind: 'add', compartment: 'human', count: 3 });
    engine.observe(out);
    expect(out[HUMAN]).toBe(humans + 5);
    expect(Array.from(a.xy.subarray(2 * n, 2 * n + 4))).toEqual([10.5, 20.25, 10.5, 20.25]);
    expect(() => engine.control({ kind: 'add', compartment: 'human', count: 1 })).toThrow(/room for 0 more/);
    engine.advanceTo(10);
    // Replay frames draw the slots not made yet away, on the plane too.
    const replay = readReplay(engine.artifacts()['replay.bin'] as Uint8Array);
    const frame = newFrame(replay.agents);
    replay.frame(0, frame);
    expect(Array.from(frame.floor.subarray(n))).toEqual(new Array(5).fill(AWAY_FLOOR));
    expect(frame.floor.subarray(0, n).every((f) => f === 0)).toBe(true);
    replay.frame(replay.frames - 1, frame);
    expect(frame.floor.every((f) => f === 0)).toBe(true);
  });
});
