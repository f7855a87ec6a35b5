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
  const { members, arrivals, groupNames, characterNames } = engine.roster;
  const size = (group: string) => members.filter((m) => groupNames[m.group] === group).length;
  const character = (name: string) => members.findIndex((m) => characterNames[m.character] === name);
  const arriving = (group: string) => arrivals.filter((x) => groupNames[x.member.group] === group);
  return { engine, size, character, arriving };
}

describe('seoul-campus', () => {
  it('puts about 4,000 people on the campus at 09:00, with the cast the sources confirm', () => {
    const { engine, size, character, arriving } = campus();
    const counts = engine.sim.registry.counts;
    expect(counts[HUMAN]).toBe(4000);
    expect(counts[IMMUNE]).toBe(1);
    expect(counts[ZOMBIE]).toBe(0);
    expect(size('lecture')).toBe(1862);
    expect(size('cheong-san')).toBe(0);
    for (const name of ['On-jo', 'Yong Ma-ru', 'So Ju-ran', 'Lee Jong-a', 'Nam-ra', 'Su-hyeok'])
      expect(character(name), name).toBeGreaterThanOrEqual(0);
    expect(engine.sim.a.state[character('Nam-ra')]).toBe(IMMUNE);
    expect(engine.sim.a.state[character('On-jo')]).toBe(HUMAN);
    // The NIS team with Han Du-seok, and the city's zombies, are still to come in through the gates.
    const nis = arriving('nis');
    expect(nis).toHaveLength(8);
    expect(nis.some((x) => engine.roster.characterNames[x.member.character] === 'Han Du-seok')).toBe(true);
    // Day 2, 10:00 (t = 0 is 09:00 on day 1), over a minute.
    expect(nis.every((x) => x.at >= 90_000 && x.at <= 90_060 && x.through === 'north-gate')).toBe(true);
    const city = arriving('city-zombies');
    expect(city).toHaveLength(60);
    expect(city.at(-1)!.at).toBe(14_400);
  });

  it('brings Cheong-san with one --set, and scales with human=N', () => {
    const withHim = campus(['world.groups.cheong-san.count=1']);
    expect(withHim.size('cheong-san')).toBe(1);
    expect(withHim.size('lecture')).toBe(1861);
    const bigger = campus(['human=5000']);
    expect(bigger.engine.sim.registry.counts[HUMAN]).toBe(5000);
    expect(bigger.size('lecture')).toBe(2862);
  });

  it('lets the zombies coming in from the city start the outbreak within minutes', () => {
    const { engine } = campus();
    engine.advanceTo(600);
    // Three have come in by then (one every four minutes); the rest are their victims.
    expect(engine.sim.registry.counts[ZOMBIE]).toBeGreaterThan(3);
  });
});
