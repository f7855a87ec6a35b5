import { describe, expect, it } from 'vitest';
import { InputError, type InputIssue } from '../../src/core/errors.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import type { AgentsWorld } from '../../src/scenario/world-schema.js';
import { parseText } from '../helpers.js';

/** A small agents world on an open plane: seconds, the clock at 08:40, one model and one world event. */
const WORLD = `name: tiny-world
title: Tiny world
model:
  compartments: [human, infected, zombie, immune, immortal, dead]
  parameters: { beta: 0.01 }
  reactions:
    bite: { from: human + zombie, to: infected + zombie, rate: beta }
initial: { human: 10, infected: 0, zombie: 1, immune: 0, immortal: 0, dead: 0 }
time: { until: 90000, every: 60, unit: second }
engine: agents
events:
  - { name: strike, at: "09:00", scale: { zombie: 0.5 } }
world:
  building:
    open: { width: 20, height: 20 }
  groups:
    humans: { kind: other }
    zombies: { kind: other, start: zombie }
  clock: { start: "08:40" }
  events:
    - { name: dark, at: ["08:50", "09:30:30", "day 2 08:15"], lights: { on: false } }
`;

/** munz-basic's shape: days, no world, so no clock. */
const NO_CLOCK = `name: tiny
title: Tiny
model:
  compartments: [S, Z]
  parameters: { beta: 0.01 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
initial: { S: 100, Z: 1 }
time: { until: 5, every: 1 }
events:
  - { at: 2, scale: { Z: 0.5 } }
  - { at: "08:50", scale: { Z: 0.5 } }
`;

function issuesOf(text: string, settings: string[] = []): InputIssue[] {
  try {
    parseText(text, settings);
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

describe('clock times in event triggers', () => {
  it('turn into run times from the clock start, in model events and world events', () => {
    const { scenario, events } = parseText(WORLD);
    expect(scenario.events[0]!.at).toBe(20 * 60);
    expect((scenario.world as AgentsWorld).events[0]!.at).toEqual([600, 50 * 60 + 30, 86_400 - 25 * 60]);
    expect(Array.from(events[0]!.times)).toEqual([1200]);
  });

  it('count in the scenario unit', () => {
    const minutes = WORLD.replace(
      'until: 90000, every: 60, unit: second',
      'until: 1500, every: 1, unit: minute',
    );
    expect(parseText(minutes).scenario.events[0]!.at).toBe(20);
  });

  it('are an input error, at the field, without a clock, before the start, or in ticks', () => {
    expect(issuesOf(NO_CLOCK)).toEqual([
      {
        file: 'test.yaml',
        line: 12,
        col: 11,
        path: 'events.1.at',
        message: "'08:50' is a clock time, but this scenario has no clock (world.clock); give a time in days",
      },
    ]);
    const early = issuesOf(WORLD.replace('at: ["08:50"', 'at: ["08:30"'));
    expect(early.map((i) => [i.line, i.path, i.message])).toEqual([
      [
        21,
        'world.events.0.at.0',
        "'08:30' is before the clock's start (08:40); write 'day 2 08:30' for the next day",
      ],
    ]);
    const ticks = issuesOf(WORLD.replace('unit: second', 'unit: tick'));
    expect(ticks.map((i) => i.path)).toEqual([
      'events.0.at',
      'world.events.0.at.0',
      'world.events.0.at.1',
      'world.events.0.at.2',
    ]);
    expect(ticks[0]!.message).toBe("'09:00' is a clock time, but time.unit 'tick' is not a length of time");
    // Written as clock times, but not ones (these named an internal function).
    const impossible = issuesOf(
      WORLD.replace('at: ["08:50"', 'at: ["day 0 08:50"').replace('"09:30:30"', '"day 2 25:00"'),
    );
    expect(impossible.map((i) => [i.path, i.message])).toEqual([
      ['world.events.0.at.0', "'day 0 08:50': days count from 1 (day 1 is the run's first)"],
      ['world.events.0.at.1', "'day 2 25:00': hours run from 00 to 23"],
    ]);
    expect(issuesOf(WORLD, ['world.clock.start=99:00']).map((i) => i.message)).toContain(
      'is a clock time, which needs a world clock with a start that can be read (world.clock.start)',
    );
  });

  it('follow a --set that changes the clock', () => {
    const { scenario } = parseText(WORLD, ['world.clock.start=08:00']);
    expect(scenario.events[0]!.at).toBe(3600);
  });

  it('leave other text to the schema, and show in the JSON Schema for editors', () => {
    const issues = issuesOf(NO_CLOCK.replace('"08:50"', 'noon'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['events.1.at', 'must be a number or a clock time HH:MM'],
    ]);
    expect(JSON.stringify(scenarioJsonSchema())).toContain('clock time');
  });
});
