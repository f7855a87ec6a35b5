import { describe, expect, it, vi } from 'vitest';
import {
  countField,
  dropCount,
  pageRefusal,
  SettleTimer,
  SLIDER_KEY_SETTLE_MS,
  seedField,
} from '../../web/src/live/controls.js';
import { interventionLines, interventionText } from '../../web/src/live/intervention-text.js';

describe('a click on the live map', () => {
  it('adds the count as Add now does (a negative one removes); "removes them there" removes as many', () => {
    expect([dropCount('add', 5), dropCount('add', -3)]).toEqual([5, -3]);
    expect([dropCount('remove', 5), dropCount('remove', -3)]).toEqual([-5, -3]);
    expect(dropCount('none', 5)).toBeUndefined();
  });
});

describe('the count and seed fields', () => {
  it('read whole numbers, and refuse what is not one rather than round it', () => {
    expect([countField('5'), countField('-3'), countField('0')]).toEqual([5, -3, 0]);
    expect(countField('1.5')).toBe('Count "1.5": not a whole number (a negative one removes).');
    expect(typeof countField('')).toBe('string');
    expect([seedField('0'), seedField('42')]).toEqual([0, 42]);
    expect(seedField('-4')).toBe('Seed "-4": not a whole number ≥ 0.');
    expect(typeof seedField('2.5')).toBe('string');
    expect(typeof seedField('')).toBe('string');
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

describe('a live slider moved by keyboard', () => {
  it('applies once its keys rest, or at once when it is left', () => {
    vi.useFakeTimers();
    try {
      const applied: number[] = [];
      const settle = new SettleTimer(SLIDER_KEY_SETTLE_MS);
      for (let k = 1; k <= 5; k++) {
        settle.start(() => applied.push(k));
        vi.advanceTimersByTime(SLIDER_KEY_SETTLE_MS / 3);
      }
      expect(applied).toEqual([]);
      vi.advanceTimersByTime(SLIDER_KEY_SETTLE_MS);
      expect(applied).toEqual([5]);
      settle.start(() => applied.push(6));
      settle.flush();
      settle.flush();
      vi.advanceTimersByTime(SLIDER_KEY_SETTLE_MS);
      expect(applied).toEqual([5, 6]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the list of interventions', () => {
  const labels = new Map([['world.infection.zombie.speed', 'Zombie speed']]);
  const speed = (t: number, value: number) =>
    ({ t, intervention: { kind: 'set', name: 'world.infection.zombie.speed', value } }) as const;

  it('names a setting by its slider, keeping the name the command line takes beside it', () => {
    const [line] = interventionLines([speed(60, 1.2)], labels);
    expect(line).toEqual({
      t: 60,
      text: 'set Zombie speed to 1.2',
      raw: 'set world.infection.zombie.speed = 1.2',
    });
    const beta = { kind: 'set', name: 'beta', value: 0.02 } as const;
    expect(interventionText(beta, labels)).toBe('set beta = 0.02');
    expect(interventionText({ kind: 'add', compartment: 'zombie', count: -3, place: '2-3' }, labels)).toBe(
      'remove 3 zombie at 2-3',
    );
  });

  it('shows one line for settings of the same name in a row at the same time: the last', () => {
    const fire = { t: 60, intervention: { kind: 'fire', event: 'broadcast' } } as const;
    const lines = interventionLines(
      [speed(60, 1.1), speed(60, 1.2), speed(60, 1.3), fire, speed(60, 1.4), speed(90, 1.5)],
      labels,
    );
    expect(lines.map((line) => line.raw)).toEqual([
      'set world.infection.zombie.speed = 1.3',
      'fire broadcast',
      'set world.infection.zombie.speed = 1.4',
      'set world.infection.zombie.speed = 1.5',
    ]);
  });
});
