import { describe, expect, it } from 'vitest';
import { dropCount, pageRefusal } from '../../web/src/live/controls.js';

describe('a click on the live map', () => {
  it('adds the count as Add now does (a negative one removes); "removes them there" removes as many', () => {
    expect([dropCount('add', 5), dropCount('add', -3)]).toEqual([5, -3]);
    expect([dropCount('remove', 5), dropCount('remove', -3)]).toEqual([-5, -3]);
    expect(dropCount('none', 5)).toBeUndefined();
  });
});

describe('Add now on a building', () => {
  it('says in words, not a command line, that humans are added by clicking a room', () => {
    const humans = { kind: 'add', compartment: 'human', count: 4 } as const;
    const refusal = pageRefusal(humans, true);
    expect(refusal).toMatch(/click a room on the map/);
    expect(refusal).not.toMatch(/add …|--set|ROOM/);
    // Anything else goes to the run: a room given, zombies (made of the people there), an open plane.
    expect(pageRefusal({ ...humans, place: '2-3' }, true)).toBeUndefined();
    expect(pageRefusal({ ...humans, compartment: 'zombie' }, true)).toBeUndefined();
    expect(pageRefusal(humans, false)).toBeUndefined();
  });
});
