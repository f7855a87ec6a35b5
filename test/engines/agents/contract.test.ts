import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { engineFor, expectSameFiles } from './helpers.js';

/** hyosan-high's first quarter hour, on a 5-minute grid: the outbreak has begun by then. */
const SETTINGS = ['time.until=900', 'time.every=300', 'world.replay.every=60'];
const GRID = [0, 300, 600, 900];

/** Observes the engine at each grid time, advancing by the given times (which include the grid). */
function run(stops: number[], seed = 3): { engine: AgentsEngine; rows: number[][] } {
  const engine = engineFor(loadScenario('hyosan-high', SETTINGS), seed);
  const rows: number[][] = [];
  const out = new Float64Array(6);
  for (const t of stops) {
    engine.advanceTo(t);
    if (GRID.includes(t)) {
      engine.observe(out);
      rows.push(Array.from(out));
    }
  }
  return { engine, rows };
}

describe('the engine contract, for agents', () => {
  let reference: ReturnType<typeof run>;
  beforeAll(() => {
    reference = run(GRID);
  });

  it('refuses to go back in time, and does nothing when asked for the present', () => {
    const { engine } = reference;
    expect(() => engine.advanceTo(600)).toThrow(RangeError);
    const before = engine.artifacts()['events.jsonl'];
    engine.advanceTo(900);
    expect(engine.time).toBe(900);
    expect(engine.artifacts()['events.jsonl']).toBe(before);
  });

  it('gives the same bytes however the calls of advanceTo are spaced', () => {
    // Finer steps, most between ticks (a tick is 1 s), and one coarse jump over two grid times.
    const fine: number[] = [];
    for (let t = 0; t < 900; t += 7.3) fine.push(t);
    const stops = [...new Set([...fine, ...GRID])].sort((a, b) => a - b);
    const finer = run(stops);
    expect(finer.rows).toEqual(reference.rows);
    const coarse = run([0, 900]);
    expect(coarse.engine.artifacts()['groups.csv']).toBe(reference.engine.artifacts()['groups.csv']);
    for (const other of [finer, coarse]) {
      expectSameFiles(other.engine.artifacts(), reference.engine.artifacts());
      expect(other.engine.eventCount).toBe(reference.engine.eventCount);
      expect(other.engine.milestones()).toEqual(reference.engine.milestones());
    }
  });

  it('observes at t between ticks the state after the last tick at or before t', () => {
    const engine = engineFor(loadScenario('hyosan-high', SETTINGS), 3);
    engine.advanceTo(299.5);
    expect(engine.time).toBe(299.5);
    expect(engine.sim.time).toBe(299);
    const early = new Float64Array(6);
    engine.observe(early);
    const ticked = engineFor(loadScenario('hyosan-high', SETTINGS), 3);
    ticked.advanceTo(299);
    const exact = new Float64Array(6);
    ticked.observe(exact);
    expect(early).toEqual(exact);
  });

  it('counts as events the changes of an agent’s state: the bites, turns, kills and deaths of the log', () => {
    const { engine } = reference;
    const kinds = (engine.artifacts()['events.jsonl'] as string)
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { kind: string }).kind);
    const changes = kinds.filter((k) => ['bite', 'turn', 'kill', 'death'].includes(k)).length;
    expect(changes).toBeGreaterThan(10);
    expect(kinds.length).toBeGreaterThan(changes);
    expect(engine.eventCount).toBe(changes);
  });

  it('has milestones: the extinctions of the compartments, read off the output grid', () => {
    const { extinct } = reference.engine.milestones();
    expect(extinct).toHaveLength(6);
    // No one has died out of the school in a quarter of an hour.
    expect(Number.isNaN(extinct[0]!)).toBe(true);
    // Patient zero turns (at 163 s) a tick before the first bite: the infected fall to 0 for a
    // moment between two output times, which is not their dying out.
    expect(Number.isNaN(extinct[1]!)).toBe(true);
  });
});
