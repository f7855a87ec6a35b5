import { describe, expect, it } from 'vitest';
import { HUMAN, IMMUNE, ZOMBIE } from '../../../src/engines/agents/states.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { engineFor } from './helpers.js';

/**
 * The seoul-campus built-in: who is where at 09:00, the switches its description documents
 * (Cheong-san, the population), and that the city's zombies at the gates start the outbreak.
 * The map is 224 × 150 cells on five floors, so each engine here costs a fraction of a second.
 */
function campus(settings: string[] = []) {
  const engine = engineFor(loadScenario('seoul-campus', ['world.replay.every=0', ...settings]), 1);
  const { members, groupNames, characterNames } = engine.roster;
  const size = (group: string) => members.filter((m) => groupNames[m.group] === group).length;
  const character = (name: string) => members.findIndex((m) => characterNames[m.character] === name);
  return { engine, size, character };
}

describe('seoul-campus', () => {
  it('puts about 4,000 people on the campus at 09:00, with the cast the sources confirm', () => {
    const { engine, size, character } = campus();
    const counts = engine.sim.registry.counts;
    expect(counts[HUMAN]).toBe(4000);
    expect(counts[IMMUNE]).toBe(1);
    expect(counts[ZOMBIE]).toBe(2);
    expect(size('lecture')).toBe(1854);
    expect(size('cheong-san')).toBe(0);
    for (const name of [
      'On-jo',
      'Yong Ma-ru',
      'So Ju-ran',
      'Lee Jong-a',
      'Nam-ra',
      'Su-hyeok',
      'Han Du-seok',
    ])
      expect(character(name), name).toBeGreaterThanOrEqual(0);
    expect(engine.sim.a.state[character('Nam-ra')]).toBe(IMMUNE);
    expect(engine.sim.a.state[character('On-jo')]).toBe(HUMAN);
    const b = engine.sim.b!;
    expect(b.roomNames[b.room[engine.sim.a.cell[character('Han Du-seok')]!]!]).toBe('nis-post');
  });

  it('brings Cheong-san with one --set, and scales with human=N', () => {
    const withHim = campus(['world.groups.cheong-san.count=1']);
    expect(withHim.size('cheong-san')).toBe(1);
    expect(withHim.size('lecture')).toBe(1853);
    const bigger = campus(['human=5000']);
    expect(bigger.engine.sim.registry.counts[HUMAN]).toBe(5000);
    expect(bigger.size('lecture')).toBe(2854);
  });

  it('lets the zombies at the gates start the outbreak within minutes', () => {
    const { engine } = campus();
    engine.advanceTo(120);
    expect(engine.sim.registry.counts[ZOMBIE]).toBeGreaterThan(2);
  });
});
