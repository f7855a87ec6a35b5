import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../../src/core/errors.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { CLASSES, load, twoClassrooms } from './helpers.js';

/** The issues a world raises (path and message), or none. */
function issuesOf(text: string): Pick<InputIssue, 'path' | 'message'>[] {
  try {
    load(text);
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues.map(({ path, message }) => ({ path, message }));
  }
}

/** The two classrooms, with `world` lines added after the groups. */
const world = (more: string, groups = CLASSES) => twoClassrooms('{ human: 40 }', groups, more);

describe('a world that says one thing twice, or a thing that is ignored', () => {
  it('is taken as it stands', () => {
    expect(issuesOf(world(''))).toEqual([]);
  });

  it('refuses two floors of one name (a room on the second was said to be on the first)', () => {
    const text = world('').replace(
      '  exits:',
      '      - name: 1F\n        map: |\n          #####\n          #[c]#\n          #####\n  exits:',
    );
    expect(issuesOf(text)).toEqual([
      {
        path: 'world.building.floors.1.name',
        message: "floor '1F' is named already (floor 1): name each floor once",
      },
    ]);
  });

  it('refuses a room given by two entries of building.rooms (kind from one, doors from both)', () => {
    const text = world('').replace(
      '  exits:',
      '    rooms:\n      "{a,b}": { kind: corridor, doors: closed }\n      a: { kind: outdoor, doors: open }\n  exits:',
    );
    expect(issuesOf(text)).toEqual([
      {
        path: 'world.building.rooms.a',
        message: "room 'a' is given by '{a,b}' already: give each room once",
      },
    ]);
  });

  it('refuses two leaders of one group (the second was ignored)', () => {
    const text = world(
      '  characters:\n    Boss: { group: class-a, leader: true }\n    Other: { group: class-a, leader: true }',
    );
    expect(issuesOf(text)).toEqual([
      {
        path: 'world.characters.Other.leader',
        message: "Boss leads group 'class-a' already: a group or class has one leader",
      },
    ]);
  });

  it('refuses a strategy’s `to` for a plan that does not move', () => {
    const groups = CLASSES.replace('rooms: [a] }', 'rooms: [a], strategy: { plan: fortify, to: hall } }');
    expect(issuesOf(world('', groups))).toEqual([
      {
        path: 'world.groups.class-a.strategy.to',
        message: '`to` is for plan move: this plan stays where the group is (it was ignored)',
      },
    ]);
  });

  it('refuses a character of a group that has no member free for it, at the character', () => {
    // It said "the world's groups and characters make -1 human, but initial says 20".
    const groups = CLASSES.replace('count: 20, rooms: [a]', 'count: 0, rooms: [a]');
    const text = twoClassrooms(
      '{ human: 20, infected: 1 }',
      groups,
      '  characters:\n    Hyeon-ju: { group: class-a, start: infected }',
    );
    expect(() => compileScenario(load(text))).toThrow(
      "world.characters.Hyeon-ju.group: group 'class-a' has 0 members, all of them characters already: none is free to be Hyeon-ju",
    );
  });
});
