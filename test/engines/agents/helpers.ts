import { stringify } from 'yaml';
import { streamFor } from '../../../src/core/random.js';
import { type AgentsEngine, createAgents } from '../../../src/engines/agents/engine.js';
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
