import { expect } from 'vitest';
import { stringify } from 'yaml';
import { streamFor } from '../../../src/core/random.js';
import { type AgentsEngine, createAgents } from '../../../src/engines/agents/engine.js';
import type { Intervention } from '../../../src/model/intervention.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { type LoadedScenario, parseScenario } from '../../../src/scenario/parse.js';

/** The agents compartments, in order. */
export const STATES = '[human, infected, zombie, immune, immortal, dead]';

/** A small agents scenario around one or more floor maps (each given as its lines). */
export function buildingScenario(options: {
  floors: string[][];
  world?: string;
  initial?: string;
  time?: string;
  events?: string;
  parameters?: string;
}): string {
  const floors = options.floors
    .map((lines, f) =>
      [`      - name: F${f + 1}`, '        map: |2', ...lines.map((line) => `          ${line}`)].join('\n'),
    )
    .join('\n');
  return [
    'name: mini',
    'title: A small building',
    'model:',
    `  compartments: ${STATES}`,
    `  parameters: { ${options.parameters ?? ''} }`,
    '  reactions: {}',
    `initial: { ${options.initial ?? 'human: 2, zombie: 1'} }`,
    `time: { ${options.time ?? 'until: 10, every: 1, unit: second'} }`,
    'engine: agents',
    ...(options.events === undefined ? [] : [`events: ${options.events}`]),
    'world:',
    '  building:',
    '    floors:',
    floors,
    options.world ??
      ['  groups:', '    people: { rooms: [a] }', '    zombies: { start: zombie, rooms: [a] }'].join('\n'),
  ].join('\n');
}

/** Parses scenario text (a file called test.yaml). */
export function load(text: string, settings: string[] = []): LoadedScenario {
  return parseScenario(text, 'test.yaml', settings);
}

/** An engine for a scenario and a seed (replicate 0). */
export function engineFor(loaded: LoadedScenario, seed: number): AgentsEngine {
  return createAgents(compileScenario(loaded, 'agents'), streamFor(seed, 0));
}

/** A scenario's data, as far as the tests edit it. */
export interface ScenarioData {
  world: { events: Record<string, unknown>[]; [key: string]: unknown };
  [key: string]: unknown;
}

/** The scenario's text with its data changed by `edit` (for variants a `--set` cannot reach). */
export function variant(
  text: string,
  edit: (data: ScenarioData) => void,
  parse: (text: string) => unknown,
): string {
  const data = parse(text) as ScenarioData;
  edit(data);
  return stringify(data, { lineWidth: 0 });
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a checksum for noreg tests. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The median of numbers (Infinity counts as large). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Output files as an engine's `artifacts()` gives them: text, or bytes. */
export type Files = Record<string, string | Uint8Array>;

/** Where two byte arrays first differ (the shorter one's length if one is a prefix), or −1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return k;
  return a.length === b.length ? -1 : n;
}

/**
 * Expects the same files, byte for byte. Bytes are compared in a plain loop: `toEqual` walks a
 * typed array element by element through its generic equality, seconds for a replay of thousands
 * of agents.
 */
export function expectSameFiles(actual: Files, expected: Files): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (typeof want === 'string') expect(got, name).toBe(want);
    else {
      expect(got, name).toBeInstanceOf(Uint8Array);
      expect(firstDifference(got as Uint8Array, want), `${name}: the first byte that differs`).toBe(-1);
    }
  }
}

/** Advances `engine` to each scripted time and applies that intervention there, then to `until`. */
export function playScript(
  engine: AgentsEngine,
  script: readonly (readonly [number, Intervention])[],
  until: number,
): AgentsEngine {
  for (const [t, intervention] of script) {
    engine.advanceTo(t);
    engine.control(intervention);
  }
  engine.advanceTo(until);
  return engine;
}

/** What a run shows now: its counts, its files and its event count. */
export function outputsOf(engine: AgentsEngine) {
  const out = new Float64Array(6);
  engine.observe(out);
  return { counts: Array.from(out), files: engine.artifacts(), events: engine.eventCount };
}

/**
 * seoul-campus cut down to about 360 people for tests that run it many times: the lecture rooms
 * (the rest of `human`), 100 in the union, 60 on the plaza, the cast and the groups that arrive;
 * no replay. A run of a simulated day costs a few seconds.
 */
export const SMALL_CAMPUS = [
  'human=360',
  'world.groups.plaza.count=60',
  'world.groups.union.count=100',
  ...['library', 'dorms', 'professors', 'admin', 'union-staff', 'librarians', 'dorm-staff', 'guards'].map(
    (group) => `world.groups.${group}.count=0`,
  ),
  'world.replay.every=0',
];

/**
 * A small floor for group plans and needs: a shelter `a` (furniture for barricades), a corridor, a
 * room `u` (a student union) and a gate room `g` with an exit.
 */
export const SHELTER_FLOOR = [
  '###################################',
  '#[a]....#[hall]........#[u]...#[g]#',
  '#.......+..............+......+..E#',
  '#.......#..............#......#...#',
  '###################################',
];

/** The README's two classrooms, with `initial`, the groups (lines of `world.groups`) and `events` (lines of `world`) as given. */
export function twoClassrooms(initial: string, groups: string, events = ''): string {
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

/** The two classrooms' groups: 20 students in each room. */
export const CLASSES =
  '    class-a: { kind: student, count: 20, rooms: [a] }\n    class-b: { kind: student, count: 20, rooms: [b] }';
