import { describe, expect, it } from 'vitest';
import { engineFor, load } from './helpers.js';

/** The README's two classrooms, with `events` and `initial` as given. */
function school(initial: string, groups: string, events = ''): string {
  return `name: two-classrooms
title: Two classrooms, a corridor and a way out
model:
  compartments: [human, infected, zombie, immune, immortal, dead]
  parameters: {}
  reactions: {}
initial: ${initial}
time: { until: 300, every: 10, unit: second }
engine: agents
world:
  building:
    floors:
      - name: 1F
        map: |
          #################
          #[a]....#[b]....#
          #.h.h.h.#.h.h.h.#
          #.h.h.h.#.h.h.h.#
          ####+#######+####
          #[hall]........E#
          #################
  exits:
    hall: { to: street }
  groups:
${groups}
${events}
`;
}

const GROUPS =
  '    class-a: { kind: student, count: 20, rooms: [a] }\n    class-b: { kind: student, count: 20, rooms: [b] }';

describe('the story’s milestones', () => {
  it('fall at the time the event log gives what reached them, not at the end of that tick', () => {
    // A bomb at 10 s kills everyone at 10 s in events.jsonl; the milestones said 11 s.
    const text = school(
      '{ human: 40 }',
      GROUPS,
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
    const empty = GROUPS.replaceAll('count: 20', 'count: 0');
    const engine = engineFor(load(school('{}', empty)), 1);
    engine.advanceTo(20);
    const story = engine.story() as Record<string, unknown>;
    expect(story.lost_50_t ?? null).toBeNull();
    expect(story.school_fell_t ?? null).toBeNull();
  });
});
