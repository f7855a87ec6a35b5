import { describe, expect, it } from 'vitest';
import { characterStory } from '../../../src/output/character-story.js';
import { buildingScenario, engineFor, load, SHELTER_FLOOR } from './helpers.js';

/**
 * Needs over days on a small floor: a shelter `a` (furniture for barricades), a corridor and a
 * room `u` (a student union, here with the supplies). Short needs (hours between meals and drinks,
 * hours to death) keep the runs short; the rules are the same at any scale.
 */
function scenario(options: {
  needs: string;
  /** The attributes of rooms a and u. */
  rooms?: string;
  group?: string;
  people?: number;
  clock?: string;
  events?: string;
  until?: number;
}): string {
  return buildingScenario({
    floors: [SHELTER_FLOOR],
    initial: `human: ${options.people ?? 4}, zombie: 0`,
    time: `until: ${options.until ?? 600}, every: 60, unit: second`,
    world: [
      `    rooms: { hall: { kind: corridor }, ${options.rooms ?? 'a: { furniture: 12 }'} }`,
      '  groups:',
      `    club: { kind: adult, rooms: [a]${options.group ?? ''} }`,
      `  needs: ${options.needs}`,
      ...(options.clock === undefined ? [] : [`  clock: ${options.clock}`]),
      ...(options.events === undefined ? [] : ['  events:', options.events]),
    ].join('\n'),
  });
}

function eventsOf(engine: ReturnType<typeof engineFor>): Record<string, unknown>[] {
  return (engine.artifacts()['events.jsonl'] as string)
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const room = (engine: ReturnType<typeof engineFor>, name: string) => engine.sim.b!.roomIndex.get(name)!;

/**
 * A group that fortifies `a` (alarmed by a whistle at t = 2), which has no supplies; `u` has
 * plenty. They are thirsty after 72 s (the check at t = 80 sends the scouts).
 */
const SCAVENGERS = {
  needs: '{ food: 24, water: 0.02, thirst: 1, every: 10, carry: 10, scouts: 2 }',
  rooms: 'a: { furniture: 12 }, u: { supplies: { food: 100, water: 100 } }',
  group: ', strategy: { plan: fortify, cohesion: 1 }',
  events: '    - { at: 2, noise: { room: a, kind: whistle } }',
  until: 300,
};

describe('days: food, water, sleep and supply trips', () => {
  it('people eat and drink from the supplies of their room, which run out; then they are weak', () => {
    const engine = engineFor(
      load(
        scenario({
          needs: '{ food: 1, water: 1, thirst: 100, starve: 100, every: 60, weak: 0.5 }',
          rooms: 'a: { furniture: 12, supplies: { food: 8, water: 6 } }',
        }),
      ),
      1,
    );
    const needs = engine.sim.needs!;
    const a = room(engine, 'a');
    const walk = engine.sim.a.walk[0]!;
    // Everyone has just eaten and drunk at t = 0: the first meal is due after an hour (the check
    // at the start of the tick at t = 3600).
    engine.advanceTo(3601);
    expect([needs.roomFood[a], needs.roomWater[a]]).toEqual([4, 2]);
    engine.advanceTo(7201);
    expect([needs.roomFood[a], needs.roomWater[a]]).toEqual([0, 0]);
    expect(Array.from(needs.weak.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    // Two of the four drank at 7200; the others are thirsty from the next check on.
    engine.advanceTo(7261);
    expect(Array.from(needs.weak.subarray(0, 4)).filter((w) => w === 1)).toHaveLength(2);
    engine.advanceTo(7200 + 3661);
    expect(Array.from(needs.weak.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(engine.sim.a.walk[0]).toBeCloseTo(walk * 0.5, 6);
  });

  it('with no food or water within reach, people die of thirst when the limit is up', () => {
    const engine = engineFor(
      load(scenario({ needs: '{ water: 0.5, thirst: 1, every: 60 }', people: 3, until: 3700 })),
      1,
    );
    engine.advanceTo(3599);
    const out = new Float64Array(6);
    engine.observe(out);
    expect(out[5]).toBe(0);
    engine.advanceTo(3700);
    engine.observe(out);
    expect(out[5]).toBe(3);
    const deaths = eventsOf(engine).filter((e) => e.kind === 'death');
    expect(deaths.map((e) => [e.t, e.cause])).toEqual([
      [3600, 'thirst'],
      [3600, 'thirst'],
      [3600, 'thirst'],
    ]);
  });

  it('a group whose shelter has no supplies sends its bravest for them, and they come back with food', () => {
    const engine = engineFor(load(scenario(SCAVENGERS)), 1);
    engine.advanceTo(300);
    const trips = eventsOf(engine).filter((e) => e.kind === 'trip');
    expect(trips.filter((e) => e.trip === 'start')).toHaveLength(2);
    expect(trips.filter((e) => e.trip === 'start').map((e) => e.for)).toEqual(['u', 'u']);
    const back = trips.filter((e) => e.trip === 'back');
    expect(back.map((e) => [e.food, e.water, e.room])).toEqual([
      [10, 10, 'a'],
      [10, 10, 'a'],
    ]);
    const needs = engine.sim.needs!;
    expect(needs.roomFood[room(engine, 'a')]).toBe(20);
    expect(needs.roomFood[room(engine, 'u')]).toBe(80);
    // The bravest went: nobody who stayed is braver than those who went.
    const a = engine.sim.a;
    const went = new Set(trips.map((e) => e.agent as number));
    const bravestStayed = Math.max(...[0, 1, 2, 3].filter((i) => !went.has(i)).map((i) => a.courage[i]!));
    for (const i of went) expect(a.courage[i]!).toBeGreaterThanOrEqual(bravestStayed);
  });

  it('at night the sheltered sleep (and act only at the checks); a scream wakes them', () => {
    const text = scenario({
      needs: '{ sleep: "23:00-06:00", every: 60 }',
      clock: '{ start: "22:50", dawn: "06:00", dusk: "19:30" }',
      events: '    - { at: 1500, noise: { room: a, kind: scream } }',
      until: 1600,
    });
    const engine = engineFor(load(text), 1);
    const needs = engine.sim.needs!;
    engine.advanceTo(599);
    expect(Array.from(needs.asleep.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    const before = engine.sim.updates;
    engine.advanceTo(600 + 300);
    expect(Array.from(needs.asleep.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    // Four sleepers act once a minute, not every second.
    expect(engine.sim.updates - before).toBeLessThan(4 * 300 * 0.2);
    engine.advanceTo(1530);
    expect(Array.from(needs.asleep.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it('is deterministic, and a snapshot taken mid-trip continues to the same events', () => {
    const text = scenario(SCAVENGERS);
    const whole = engineFor(load(text), 7);
    whole.advanceTo(300);
    const again = engineFor(load(text), 7);
    again.advanceTo(300);
    expect(again.artifacts()['events.jsonl']).toBe(whole.artifacts()['events.jsonl']);

    const first = engineFor(load(text), 7);
    first.advanceTo(90);
    const mid = first.sim.needs!;
    expect(Array.from(mid.tripLeg.subarray(0, 4)).some((leg) => leg !== 0)).toBe(true);
    const bytes = first.snapshot();
    const resumed = engineFor(load(text), 7);
    resumed.restore(bytes);
    resumed.advanceTo(300);
    expect(resumed.artifacts()['events.jsonl']).toBe(whole.artifacts()['events.jsonl']);
    expect(Array.from(resumed.sim.needs!.roomFood)).toEqual(Array.from(whole.sim.needs!.roomFood));
  });

  it('a scavenge group sends its bravest once a night, even with supplies at home', () => {
    const engine = engineFor(
      load(
        scenario({
          ...SCAVENGERS,
          needs: '{ every: 10, carry: 10, scouts: 2 }',
          rooms:
            'a: { furniture: 12, supplies: { food: 100, water: 100 } }, u: { supplies: { food: 100, water: 100 } }',
          group: ', strategy: { plan: scavenge, cohesion: 1 }',
          clock: '{ start: "19:00", dawn: "06:00", dusk: "19:30" }',
          until: 1800 + 3600,
        }),
      ),
      1,
    );
    engine.advanceTo(1799);
    expect(eventsOf(engine).filter((e) => e.kind === 'trip')).toEqual([]);
    engine.advanceTo(1800 + 3600);
    const trips = eventsOf(engine).filter((e) => e.kind === 'trip');
    // Dusk at 19:30 (t = 1800): one trip of two scouts that night, and no other.
    expect(trips.filter((e) => e.trip === 'start').map((e) => e.t)).toEqual([1800, 1800]);
    expect(trips.filter((e) => e.trip === 'back')).toHaveLength(2);
    expect(engine.sim.needs!.roomFood[room(engine, 'a')]).toBe(120);
  });

  it('tells the trips and deaths of thirst in the summary and in a character’s story', () => {
    const engine = engineFor(load(scenario(SCAVENGERS)), 1);
    engine.advanceTo(300);
    expect(engine.story()).toMatchObject({
      died_of_thirst: 0,
      supply_trips: { set_out: 2, came_back: 2 },
      group_leaders: { club: '#0' },
    });
    const events = eventsOf(engine) as unknown as Parameters<typeof characterStory>[2];
    const scout = (events.find((e) => e.kind === 'trip') as { agent: number }).agent;
    const rows = Array.from({ length: 4 }, () => ({
      name: '',
      group: 'club',
      class: '',
      role: '',
      start: 'human',
      end: 'human',
      where: 'a',
    }));
    const story = characterStory(scout, rows, events, { unit: 'second' }).join('\n');
    expect(story).toMatch(/sets out for supplies in u/);
    expect(story).toMatch(/comes back with 10 portions of food and 10 of water/);
    const dying = characterStory(
      0,
      rows,
      [{ t: 3600, kind: 'death', agent: 0, cause: 'thirst', floor: 'F1', room: 'a' }],
      { unit: 'second' },
    );
    expect(dying.join('\n')).toMatch(/dies of thirst/);
  });
});
