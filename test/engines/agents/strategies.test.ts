import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { GROUP_FORTIFY } from '../../../src/engines/agents/group-plans.js';
import { IMMUNE } from '../../../src/engines/agents/states.js';
import { buildingScenario, engineFor, load, SHELTER_FLOOR } from './helpers.js';

/**
 * Group strategies on a small floor: a room `a` (furniture for barricades), a corridor, a room `u`
 * and a gate room `g` with an exit. A whistle in `a` at t = 2 alarms everyone there. Every alarmed
 * person who acts on their own leaves by the gate (shelter: stay 0, leave 1), so that following the
 * group's plan or not shows at once.
 */
function scenario(strategy: string, options: Options = {}): string {
  return buildingScenario({
    floors: [SHELTER_FLOOR],
    initial: options.initial ?? 'human: 6, zombie: 0',
    time: 'until: 120, every: 10, unit: second',
    world: [
      '    rooms: { hall: { kind: corridor }, a: { furniture: 12 } }',
      '  groups:',
      `    club: { kind: adult, rooms: [a], social: { selfishness: 1, obedience: 0 }, strategy: ${strategy} }`,
      ...(options.characters === undefined ? [] : ['  characters:', options.characters]),
      '  behaviours:',
      '    human:',
      '      fight: {}',
      '      flee: {}',
      '      barricade: {}',
      '      shelter: { stay: 0, staySeen: 0, leave: 1 }',
      '      follow-leader: {}',
      '      head-for: {}',
      '      hide: {}',
      '      routine: {}',
      '  events:',
      options.events ?? '    - { at: 2, noise: { room: a, kind: whistle } }',
    ].join('\n'),
  });
}

interface Options {
  characters?: string;
  events?: string;
  initial?: string;
}

function run(strategy: string, options: Options = {}, until = 120) {
  const engine = engineFor(load(scenario(strategy, options)), 1);
  engine.advanceTo(until);
  const sim = engine.sim;
  const b = sim.b!;
  const a = sim.a;
  const inRoom = (name: string) => {
    const r = b.roomIndex.get(name)!;
    let count = 0;
    for (let i = 0; i < a.n; i++) if (a.away[i] === 0 && b.room[a.cell[i]!] === r) count++;
    return count;
  };
  const away = Array.from(a.away.subarray(0, a.n)).filter((x) => x !== 0).length;
  return { engine, sim, inRoom, away };
}

describe('group strategies', () => {
  it('fortify keeps the group in its room, behind barricades', () => {
    const { sim, inRoom, away } = run('{ plan: fortify, cohesion: 1 }');
    expect(sim.groupPlans!.plan[0]).toBe(GROUP_FORTIFY);
    expect(inRoom('a')).toBe(6);
    expect(away).toBe(0);
    const b = sim.b!;
    const r = b.roomIndex.get('a')!;
    for (let k = b.roomDoorStart[r]!; k < b.roomDoorStart[r + 1]!; k++)
      expect(b.barricadeHp[b.roomDoorList[k]!]!).toBeGreaterThan(0);
  });

  it('move brings the group to its room', () => {
    const { inRoom, away } = run('{ plan: move, to: u, cohesion: 1 }');
    expect(inRoom('u')).toBe(6);
    expect(inRoom('a')).toBe(0);
    expect(away).toBe(0);
  });

  it('split scatters them: each acts on their own (here: out by the gate)', () => {
    const { inRoom, away, sim } = run('{ plan: split }');
    expect(inRoom('a')).toBe(0);
    expect(away).toBe(6);
    expect(Array.from(sim.a.leader.subarray(0, 6))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('cohesion 0 is as split: nobody follows the plan', () => {
    const { inRoom, away, sim } = run('{ plan: fortify, cohesion: 0 }');
    expect(inRoom('a')).toBe(0);
    expect(away).toBe(6);
    expect(Array.from(sim.groupPlans!.follows.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a group whose leader dies takes the next member in creation order as leader, and logs it', () => {
    const { engine, sim } = run('{ plan: fortify, cohesion: 1 }', {
      characters: '    Boss: { group: club, leader: true, room: u }',
      events: [
        '    - { at: 2, noise: { room: a, kind: whistle } }',
        '    - { at: 5, bomb: { rooms: [u] } }',
      ].join('\n'),
    });
    const a = sim.a;
    const boss = Array.from(a.character.subarray(0, a.n)).indexOf(0);
    const next = (boss + 1) % a.n;
    const events = (engine.artifacts()['events.jsonl'] as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.filter((e) => e.kind === 'leader')).toEqual([
      expect.objectContaining({ t: 5, agent: next, other: boss, otherName: 'Boss', group: 'club' }),
    ]);
    expect(sim.groupPlans!.leader[0]).toBe(next);
    for (let i = 0; i < a.n; i++) if (i !== boss) expect(a.leader[i]).toBe(i === next ? -1 : next);
  });

  it('a leader who is an Immune keeps her mind, and her place (she was replaced at t = 0)', () => {
    const { engine, sim } = run('{ plan: fortify, cohesion: 1 }', {
      characters: '    Nam-ra: { group: club, leader: true, start: immune }',
      initial: 'human: 5, zombie: 0, immune: 1',
    });
    const a = sim.a;
    const namRa = Array.from(a.character.subarray(0, a.n)).indexOf(0);
    expect(a.state[namRa]).toBe(IMMUNE);
    expect(sim.groupPlans!.leader[0]).toBe(namRa);
    expect(engine.artifacts()['events.jsonl'] as string).not.toContain('"kind":"leader"');
  });

  it('refuses a strategy that names no room, or a room not in the maps, at its field', () => {
    const issuesOf = (strategy: string) => {
      try {
        load(scenario(strategy));
      } catch (error) {
        if (error instanceof InputError) return error.issues.map((i) => [i.path, i.message]);
        throw error;
      }
      return [];
    };
    expect(issuesOf('{ plan: move }')).toEqual([
      ['world.groups.club.strategy', 'plan move needs `to`: a room'],
    ]);
    expect(issuesOf('{ plan: move, to: gym }')).toEqual([
      ['world.groups.club.strategy.to', "no room 'gym' in the maps"],
    ]);
    expect(issuesOf('{ plan: hide }')[0]![0]).toBe('world.groups.club.strategy.plan');
  });

  it('a school group fortifies class by class, each class in its own room with its own leader', () => {
    const text = buildingScenario({
      floors: [
        [
          '#################',
          '#[1-1]..#[1-2]..#',
          '#.......#.......#',
          '###+#######+#####',
          '#[hall]........E#',
          '#################',
        ],
      ],
      initial: 'human: 6, zombie: 0',
      time: 'until: 120, every: 10, unit: second',
      world: [
        '    rooms: { hall: { kind: corridor }, 1-1: { furniture: 6 }, 1-2: { furniture: 6 } }',
        '  groups:',
        "    students: { kind: student, grades: [1], classes: 2, size: 3, home: '{grade}-{class}', strategy: { plan: fortify, cohesion: 1 } }",
        '  events:',
        '    - { at: 2, noise: { room: hall, kind: whistle } }',
      ].join('\n'),
    });
    const engine = engineFor(load(text), 1);
    engine.advanceTo(120);
    const { a, b, groupPlans } = engine.sim;
    const plans = groupPlans!;
    expect(Array.from(plans.teamHome).map((r) => b!.roomNames[r])).toEqual(['1-1', '1-2']);
    expect(Array.from(plans.base)).toEqual(Array.from(plans.teamHome));
    for (let i = 0; i < a.n; i++) {
      expect(b!.roomNames[b!.room[a.cell[i]!]!]).toBe(b!.roomNames[plans.teamHome[plans.team[i]!]!]);
      expect(a.leader[i]).toBe(plans.leader[plans.team[i]!] === i ? -1 : plans.leader[plans.team[i]!]);
    }
    expect(new Set(plans.leader).size).toBe(2);
  });
});
