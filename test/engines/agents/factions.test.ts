import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, type InputIssue } from '../../../src/core/errors.js';
import { NO_FACTION } from '../../../src/engines/agents/faction-table.js';
import { DEAD, IMMORTAL, IMMUNE, INFECTED, ZOMBIE } from '../../../src/engines/agents/states.js';
import { readScenarioText, scenarioPath } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { buildingScenario, engineFor, load, variant } from './helpers.js';

/** One small room: everyone starts in it, within a few steps of everyone else. */
const ROOM = ['#######', '#[a]..#', '#.....#', '#######'];

/** A scenario in ROOM: the groups, behaviours and factions given (as lines of the world block). */
function world(initial: string, lines: string[], until = 120) {
  return load(
    buildingScenario({
      floors: [ROOM],
      initial,
      time: `until: ${until}, every: 10, unit: second`,
      world: [...lines, '  replay: { every: 0 }'].join('\n'),
    }),
  );
}

/** Runs to the horizon; what happened: states at the end, whether anyone was ever infected, who killed whom. */
function run(loaded: LoadedScenario, until: number, seed = 1) {
  const engine = engineFor(loaded, seed);
  engine.advanceTo(until);
  const a = engine.sim.a;
  const events = (engine.artifacts()['events.jsonl'] as string).split('\n').filter((l) => l.length > 0);
  return {
    engine,
    state: Array.from(a.state.subarray(0, a.n)),
    everInfected: !Number.isNaN(engine.sim.infection.firstBite),
    bites: events.filter((l) => l.includes('"bite"')),
    kills: events.filter((l) => l.includes('"kill"')),
  };
}

const UNDEAD = 'bite: { rate: 1 }, hunt: { memory: 60 }, wander: { steps: [1, 3], pause: [1, 2] }';

describe('the hybrids follow the show, with the default faction table', () => {
  it('zombies never attack a hybrid: an immune and an immortal among zombies for ten minutes are never bitten', () => {
    const loaded = world('immune: 1, immortal: 1, zombie: 4', [
      '  groups:',
      '    immunes: { start: immune, rooms: [a] }',
      '    immortals: { start: immortal, rooms: [a] }',
      '    zombies: { start: zombie, rooms: [a] }',
      '  behaviours:',
      '    human: {}',
      `    zombie: { ${UNDEAD} }`,
      '    immune: { routine: {} }',
      '    immortal: { wander: { steps: [1, 3], pause: [1, 2] } }',
    ]);
    for (const seed of [1, 2, 3]) {
      const { state, bites, kills } = run(loaded, 600, seed);
      expect(state.filter((s) => s === IMMUNE)).toHaveLength(1);
      expect(state.filter((s) => s === IMMORTAL)).toHaveLength(1);
      expect(bites).toEqual([]);
      expect(kills).toEqual([]);
    }
  });

  /** A hungry immune (hungry at once, `after: 0`) shut in with four people who do nothing. */
  const hungry = world('human: 4, immune: 1', [
    '  groups:',
    '    people: { rooms: [a] }',
    '    immunes: { start: immune, rooms: [a] }',
    '  behaviours:',
    '    human: {}',
    '    zombie: {}',
    '    immune: { hunger: { after: 0, rate: 0.5 }, routine: {} }',
    '    immortal: {}',
  ]);

  it("a hungry immune attacks the people near it, and its bite never infects: they die, they don't turn", () => {
    for (const seed of [1, 2]) {
      const { state, everInfected, kills } = run(hungry, 120, seed);
      expect(everInfected).toBe(false);
      expect(state.filter((s) => s === INFECTED || s === ZOMBIE)).toEqual([]);
      // Attacked within the horizon: at least one person died of the immune's hunger.
      expect(state.filter((s) => s === DEAD).length).toBeGreaterThan(0);
      expect(kills.length).toBeGreaterThan(0);
      expect(kills.every((l) => l.includes('"hunger"'))).toBe(true);
    }
  });

  it("an immortal's bite infects", () => {
    const loaded = world('human: 4, immortal: 1', [
      '  groups:',
      '    people: { rooms: [a] }',
      '    immortals: { start: immortal, rooms: [a] }',
      '  behaviours:',
      '    human: {}',
      '    zombie: {}',
      '    immune: {}',
      `    immortal: { ${UNDEAD} }`,
      '  infection: { fight: { kill: 0, escape: 0 } }',
    ]);
    const { everInfected, bites } = run(loaded, 120);
    expect(everInfected).toBe(true);
    expect(bites.length).toBeGreaterThan(0);
  });
});

describe("zombies' noses smell only whom zombies hunt", () => {
  /** Two rooms 30 cells apart down a corridor: an immune in the west one, a zombie in the east. */
  const HALL = [
    '##############################################',
    '#[west]......#..................#[east]......#',
    '#............+..................+............#',
    '#............#..................#............#',
    '##############################################',
  ];
  /** The zombie's x after a minute, with the zombies tracking by scent and `nis` as given. */
  function zombieX(nis: string): number {
    const loaded = load(
      buildingScenario({
        floors: [HALL],
        initial: 'zombie: 1, immune: 1',
        time: 'until: 60, every: 10, unit: second',
        world: [
          '  groups:',
          '    nis: { kind: adult, count: 0, rooms: [east] }',
          '    hy: { kind: other, count: 1, rooms: [west], start: immune }',
          '    zs: { kind: other, count: 1, rooms: [east], start: zombie }',
          '  factions:',
          `    nis: { members: { groups: [nis], states: [human] }${nis}, avoids: [zombies] }`,
          '    humans: { members: { states: [human] }, avoids: [zombies, immortals] }',
          '    infected: { members: { states: [infected] }, avoids: [zombies, immortals] }',
          '    zombies: { members: { states: [zombie] }, hunts: [humans, nis], ignores: [infected, immunes, immortals], infects: true }',
          '    immunes: { members: { states: [immune] }, hunts: [humans, nis], avoids: [zombies, immortals] }',
          '    immortals: { members: { states: [immortal] }, hunts: [humans, nis], ignores: [infected, immunes, zombies], infects: true }',
          '  behaviours:',
          '    human: {}',
          '    zombie: { track: { range: 100, every: 1 } }',
          '    immune: {}',
          '    immortal: {}',
          '  replay: { every: 0 }',
        ].join('\n'),
      }),
    );
    const engine = engineFor(loaded, 1);
    const { a, b } = engine.sim;
    const zombie = a.state.indexOf(ZOMBIE);
    const start = a.cell[zombie]! % b!.width;
    engine.advanceTo(60);
    return start - (a.cell[zombie]! % b!.width);
  }

  it('a faction of people that hunts the Immunes does not make the zombies smell them', () => {
    // Before, the scent was of everyone any faction hunted, so the zombie walked 50 m west to her.
    expect(zombieX(', hunts: [immunes, immortals]')).toBe(0);
    expect(zombieX('')).toBe(0);
  });
});

/** People and zombies in room a, the zombies with the hunting units only. */
const PEOPLE_AND_ZOMBIES = [
  '  groups:',
  '    people: { rooms: [a] }',
  '    zombies: { start: zombie, rooms: [a] }',
  '  behaviours:',
  '    human: {}',
  `    zombie: { ${UNDEAD} }`,
  '    immune: {}',
  '    immortal: {}',
];

describe('a declared faction table changes who hunts whom', () => {
  const people = [...PEOPLE_AND_ZOMBIES, '  infection: { fight: { kill: 0, escape: 0 } }'];

  it('zombies that ignore the humans bite nobody (and by default they do)', () => {
    const ignoring = world('human: 4, zombie: 2', [
      ...people,
      '  factions:',
      '    humans: { members: { states: [human, infected] }, avoids: [zombies] }',
      '    zombies: { members: { states: [zombie] }, ignores: [humans], infects: true }',
    ]);
    const quiet = run(ignoring, 120);
    expect(quiet.everInfected).toBe(false);
    expect(quiet.bites).toEqual([]);
    expect(quiet.engine.sim.factions.names).toEqual(['humans', 'zombies']);
    expect(Array.from(quiet.engine.sim.a.faction.subarray(0, 6))).toEqual([0, 0, 0, 0, 1, 1]);
    expect(quiet.engine.sim.registry.factionCounts.subarray(0, 2)).toEqual(Int32Array.of(4, 2));

    const hunting = run(world('human: 4, zombie: 2', people), 120);
    expect(hunting.everInfected).toBe(true);
  });

  it('zombies whose faction does not infect kill, and never infect', () => {
    const loaded = world('human: 4, zombie: 2', [
      ...people,
      '  factions:',
      '    humans: { members: { states: [human] } }',
      '    zombies: { members: { states: [zombie] }, hunts: [humans] }',
    ]);
    const { everInfected, state, kills } = run(loaded, 120);
    expect(everInfected).toBe(false);
    expect(state.filter((s) => s === DEAD).length).toBeGreaterThan(0);
    expect(kills.length).toBeGreaterThan(0);
  });

  /** An armed, brave NIS agent shut in with an immune who does nothing. */
  const nis = (factions: string[]) =>
    world('human: 1, immune: 1', [
      '  groups:',
      '    nis: { rooms: [a], traits: { courage: 1, weapon: 1, skill: 1 } }',
      '    immunes: { start: immune, rooms: [a] }',
      '  behaviours:',
      '    human: { fight: {}, wander: { steps: [1, 2], pause: [1, 2] } }',
      '    zombie: {}',
      '    immune: { routine: {} }',
      '    immortal: {}',
      ...factions,
    ]);

  it('people whose faction hunts the immunes fight one they meet (and by default they do not)', () => {
    const hunters = nis([
      '  factions:',
      '    nis: { members: { groups: [nis] }, hunts: [immunes] }',
      '    immunes: { members: { states: [immune] } }',
    ]);
    const { state, kills, engine } = run(hunters, 600);
    expect(engine.sim.a.faction[0]).toBe(0);
    expect(state[1]).toBe(DEAD);
    expect(kills.length).toBe(1);
    // The NIS agent was never alarmed: what one only hunts does not frighten.
    expect(engine.sim.a.alarmed[0]).toBe(0);

    const calm = run(nis([]), 600);
    expect(calm.state[1]).toBe(IMMUNE);
    expect(calm.kills).toEqual([]);
  });

  it('an agent matching no faction belongs to none (255), and a name wins over the order', () => {
    const loaded = load(
      buildingScenario({
        floors: [ROOM],
        initial: 'human: 3',
        world: [
          '  groups:',
          '    people: { rooms: [a] }',
          '  characters:',
          '    Cheong-san: { group: people }',
          '  factions:',
          '    students: { members: { states: [zombie] } }',
          '    friends: { members: { names: [Cheong-san] } }',
          '  replay: { every: 0 }',
        ].join('\n'),
      }),
    );
    const engine = engineFor(loaded, 1);
    const a = engine.sim.a;
    const cheongSan = Array.from(a.character.subarray(0, a.n)).indexOf(0);
    for (let i = 0; i < a.n; i++) expect(a.faction[i]).toBe(i === cheongSan ? 1 : NO_FACTION);
  });
});

describe('faction errors', () => {
  /** The issues a world's faction lines raise, as `path: message`. */
  function issues(factions: string[]): string[] {
    const text = buildingScenario({
      floors: [ROOM],
      world: [
        '  groups:',
        '    people: { rooms: [a] }',
        '    zombies: { start: zombie, rooms: [a] }',
        '  factions:',
        ...factions,
      ].join('\n'),
    });
    try {
      engineFor(load(text), 1);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error.issues.map((i: InputIssue) => `${i.path}: ${i.message}`);
    }
    return [];
  }

  it('name an unknown faction, group or character where it is written', () => {
    expect(
      issues([
        '    humans: { members: { states: [human] }, avoids: [zombiez] }',
        '    zombies: { members: { groups: [zombie] }, hunts: [humans, hybrids] }',
        '    named: { members: { names: [Nobody] } }',
      ]),
    ).toEqual([
      "world.factions.humans.avoids.0: no faction 'zombiez' (did you mean zombies?); known: humans, zombies, named",
      "world.factions.zombies.hunts.1: no faction 'hybrids'; known: humans, zombies, named",
      "world.factions.zombies.members.groups.0: no group 'zombie' (did you mean zombies?); known: people, zombies, dropped (the humans added during a run)",
      "world.factions.named.members.names.0: no character 'Nobody'; known: none",
    ]);
  });

  it('refuse a faction that hunts and ignores the same faction, members of nobody, and the dead', () => {
    expect(
      issues([
        '    humans: { members: { states: [human] } }',
        '    zombies: { members: { states: [zombie] }, hunts: [humans], ignores: [humans] }',
      ]),
    ).toEqual(["world.factions.zombies.ignores.0: faction 'zombies' both hunts and ignores 'humans'"]);
    expect(issues(['    humans: { members: {} }'])).toEqual([
      'world.factions.humans.members: give states, groups or names',
    ]);
    expect(issues(['    ghosts: { members: { states: [dead] } }'])[0]).toMatch(
      /^world\.factions\.ghosts\.members\.states\.0: /,
    );
  });
});

describe('factions in snapshots', () => {
  it("an agent's faction and the counts by faction come back from a snapshot", () => {
    const loaded = world('human: 4, zombie: 2', [
      ...PEOPLE_AND_ZOMBIES,
      '  factions:',
      '    humans: { members: { states: [human] } }',
      '    zombies: { members: { states: [zombie, infected] }, hunts: [humans], infects: true }',
    ]);
    const whole = engineFor(loaded, 3);
    whole.advanceTo(120);
    const cut = engineFor(loaded, 3);
    cut.advanceTo(30);
    const bytes = cut.snapshot();
    const resumed = engineFor(loaded, 3);
    resumed.restore(bytes);
    expect(Array.from(resumed.sim.a.faction)).toEqual(Array.from(cut.sim.a.faction));
    expect(resumed.sim.registry.factionCounts).toEqual(cut.sim.registry.factionCounts);
    resumed.advanceTo(120);
    expect(Array.from(resumed.sim.a.faction)).toEqual(Array.from(whole.sim.a.faction));
    expect(resumed.sim.registry.factionCounts).toEqual(whole.sim.registry.factionCounts);
    expect(resumed.artifacts()['events.jsonl']).toBe(whole.artifacts()['events.jsonl']);
    // Some changed faction on the way (bitten: from humans to zombies).
    expect(Array.from(whole.sim.a.faction.subarray(0, 4))).not.toEqual([0, 0, 0, 0]);
  });
});

describe('the default table', () => {
  it('written out in the scenario (as in the README) gives the very same run as none', () => {
    const lines = [
      '  groups:',
      '    people: { rooms: [a], traits: { courage: 0.9 } }',
      '    zombies: { start: zombie, rooms: [a] }',
      '    immunes: { start: immune, rooms: [a] }',
      '    immortals: { start: immortal, rooms: [a] }',
      '  behaviours:',
      '    immune: { hunger: { after: 0, rate: 0.05 }, help: {}, routine: {} }',
    ];
    const table = [
      '  factions:',
      '    humans:    { members: { states: [human] },    avoids: [zombies, immortals] }',
      '    infected:  { members: { states: [infected] }, avoids: [zombies, immortals] }',
      '    zombies:   { members: { states: [zombie] },   hunts: [humans], ignores: [infected, immunes, immortals], infects: true }',
      '    immunes:   { members: { states: [immune] },   hunts: [humans], avoids: [zombies, immortals] }',
      '    immortals: { members: { states: [immortal] }, hunts: [humans], ignores: [infected, immunes, zombies], infects: true }',
    ];
    const initial = 'human: 8, zombie: 2, immune: 1, immortal: 1';
    const implicit = run(world(initial, lines, 300), 300, 4);
    const explicit = run(world(initial, [...lines, ...table], 300), 300, 4);
    expect(explicit.engine.artifacts()['events.jsonl']).toBe(implicit.engine.artifacts()['events.jsonl']);
    expect(implicit.bites.length + implicit.kills.length).toBeGreaterThan(0);
  });
});

describe('factions on the open plane (repast-zombies, 20 ticks)', () => {
  const TEXT = readScenarioText(scenarioPath('repast-zombies'));
  /** repast-zombies with a faction table (or none), to tick 20. */
  function plane(factions: Record<string, unknown> | undefined) {
    const text = variant(
      TEXT,
      (data) => {
        if (factions !== undefined) data.world.factions = factions;
      },
      parse,
    );
    return run(load(text, ['time.until=20', 'time.every=10']), 20);
  }

  it('infect-first follows hunts and infects: by default zombies infect; zombies that do not infect kill; zombies that ignore people do nothing', () => {
    const byDefault = plane(undefined);
    expect(byDefault.bites.length).toBeGreaterThan(0);
    expect(byDefault.kills).toEqual([]);

    const killers = plane({
      humans: { members: { states: ['human'] } },
      zombies: { members: { states: ['zombie'] }, hunts: ['humans'] },
    });
    expect(killers.everInfected).toBe(false);
    expect(killers.kills.length).toBeGreaterThan(0);

    const idle = plane({
      humans: { members: { states: ['human'] } },
      zombies: { members: { states: ['zombie'] }, ignores: ['humans'] },
    });
    expect(idle.bites).toEqual([]);
    expect(idle.kills).toEqual([]);
  });
});
