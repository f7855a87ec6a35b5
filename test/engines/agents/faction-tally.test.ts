import { describe, expect, it } from 'vitest';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { NO_FACTION } from '../../../src/engines/agents/faction-table.js';
import { FactionTally } from '../../../src/engines/agents/faction-tally.js';
import { readFactionTable } from '../../../src/output/contrast-factions.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { buildingScenario, engineFor, load } from './helpers.js';

const UNDEAD = 'bite: { rate: 1 }, hunt: { memory: 60 }, wander: { steps: [1, 3], pause: [1, 2] }';

/** People in room a, zombies in room b: with `door`, a door between them; without, a wall. */
function twoRooms(door: boolean, initial: string, factionsCsv = true): LoadedScenario {
  const middle = door ? '+' : '#';
  return load(
    buildingScenario({
      floors: [['#########', '#[a].#[b]#', `#....${middle}...#`, '#########']],
      initial,
      time: 'until: 300, every: 10, unit: second',
      world: [
        '  groups:',
        '    people: { rooms: [a] }',
        '    zombies: { start: zombie, rooms: [b] }',
        '  behaviours:',
        '    human: {}',
        `    zombie: { ${UNDEAD} }`,
        '    immune: {}',
        '    immortal: {}',
        '  infection: { fight: { kill: 0, escape: 0 }, bites: { deep: { share: 1, turn: [5, 10] } } }',
        '  replay: { every: 0 }',
      ].join('\n'),
    }),
    factionsCsv ? ['world.breakdown.factions=true'] : [],
  );
}

/** Runs to 300 s (cut at `cut` into a fresh engine restored from a snapshot); its factions.csv. */
function factionsOf(loaded: LoadedScenario, seed: number, cut?: number): string {
  let engine: AgentsEngine = engineFor(loaded, seed);
  if (cut !== undefined) {
    engine.advanceTo(cut);
    const bytes = engine.snapshot();
    engine = engineFor(loaded, seed);
    engine.restore(bytes);
  }
  engine.advanceTo(300);
  return engine.artifacts()['factions.csv'] as string;
}

/** The rows of one faction of a factions.csv: [t, standing, joined]. */
function rowsOf(csv: string, faction: string): number[][] {
  const table = readFactionTable(csv);
  const f = table.names.indexOf(faction);
  return table.times.map((t, k) => [t, table.standing[0]![f]![k]!, table.joined[0]![f]![k]!]);
}

describe('FactionTally', () => {
  it('counts each agent once in each faction it ever joined, and nobody in no faction', () => {
    const tally = new FactionTally(10, 3, new Uint8Array([0, 9, NO_FACTION]), 3);
    expect(Array.from(tally.joined)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    tally.join(0, 9);
    tally.join(0, 0);
    tally.join(0, 9);
    tally.join(2, NO_FACTION);
    tally.join(2, 3);
    expect(Array.from(tally.joined)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
  });
});

describe('factions.csv (world.breakdown.factions)', () => {
  it('is written only when asked for', () => {
    const engine = engineFor(twoRooms(false, 'human: 4, zombie: 2', false), 1);
    engine.advanceTo(20);
    expect(Object.keys(engine.artifacts())).not.toContain('factions.csv');
  });

  it('walled off from the zombies, every faction stands whole: standing = joined at every output time', () => {
    const csv = factionsOf(twoRooms(false, 'human: 4, zombie: 2'), 1);
    expect(csv.split('\n')[0]).toBe('t,faction,standing,joined');
    const times = Array.from({ length: 31 }, (_, k) => 10 * k);
    expect(rowsOf(csv, 'humans')).toEqual(times.map((t) => [t, 4, 4]));
    expect(rowsOf(csv, 'zombies')).toEqual(times.map((t) => [t, 2, 2]));
    expect(rowsOf(csv, 'infected')).toEqual(times.map((t) => [t, 0, 0]));
    expect(rowsOf(csv, 'immortals')).toEqual(times.map((t) => [t, 0, 0]));
  });

  it('with a door, the zombies grow by those who turn: humans shrink, and joined counts every member ever', () => {
    const csv = factionsOf(twoRooms(true, 'human: 4, zombie: 1'), 2);
    const humans = rowsOf(csv, 'humans');
    const infected = rowsOf(csv, 'infected');
    const zombies = rowsOf(csv, 'zombies');
    const last = humans.length - 1;
    // Nobody becomes human: the humans joined are the four at the start; some fell.
    expect(humans.every(([, , joined]) => joined === 4)).toBe(true);
    expect(humans[last]![1]).toBeLessThan(4);
    // Everyone infected turned or will; the zombies joined are the one at the start and those who turned.
    for (let k = 0; k <= last; k++) {
      expect(zombies[k]![2]).toBe(1 + infected[k]![2]! - infected[k]![1]!);
      expect(humans[k]![1]! + infected[k]![1]! + zombies[k]![1]!).toBe(5);
    }
    expect(zombies[last]![1]).toBeGreaterThan(humans[last]![1]!);
  });

  it('survives a snapshot: a run cut and restored writes the same factions.csv', () => {
    const loaded = twoRooms(true, 'human: 4, zombie: 1');
    expect(factionsOf(loaded, 2, 95.5)).toBe(factionsOf(loaded, 2));
  });
});
