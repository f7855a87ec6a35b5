import { describe, expect, it } from 'vitest';
import { dropCount } from '../../web/src/live/controls.js';

describe('a click on the live map', () => {
  it('adds the count as Add now does (a negative one removes); "removes them there" removes as many', () => {
    expect([dropCount('add', 5), dropCount('add', -3)]).toEqual([5, -3]);
    expect([dropCount('remove', 5), dropCount('remove', -3)]).toEqual([-5, -3]);
    expect(dropCount('none', 5)).toBeUndefined();
  });
});
