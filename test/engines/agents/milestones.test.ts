import { describe, expect, it } from 'vitest';
import { CLASSES, engineFor, load, twoClassrooms as school } from './helpers.js';

describe('the story’s milestones', () => {
  it('fall at the time the event log gives what reached them, not at the end of that tick', () => {
    // A bomb at 10 s kills everyone at 10 s in events.jsonl; the milestones said 11 s.
    const text = school(
      '{ human: 40 }',
      CLASSES,
      '  events:\n    - { name: boom, at: 10, bomb: { rooms: all } }',
    );
    const engine = engineFor(load(text), 1);
    engine.advanceTo(20);
    const story = engine.story() as Record<string, unknown>;
    expect(story.lost_50_t).toBe(10);
    expect(story.lost_90_t).toBe(10);
    expect(story.school_fell_t).toBe(10);
  });

  it('are never reached in a world of no one', () => {
    // Zero people: "half the people lost at 1 s" and "the school fell at 1 s" were printed.
    const empty = CLASSES.replaceAll('count: 20', 'count: 0');
    const engine = engineFor(load(school('{}', empty)), 1);
    engine.advanceTo(20);
    const story = engine.story() as Record<string, unknown>;
    expect(story.lost_50_t ?? null).toBeNull();
    expect(story.school_fell_t ?? null).toBeNull();
  });
});
