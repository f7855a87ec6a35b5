import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotMismatch } from '../../../src/core/snapshot-codec.js';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { loadScenario } from '../../../src/scenario/files.js';
import type { LoadedScenario } from '../../../src/scenario/parse.js';
import { engineFor, expectSameFiles, type Files } from './helpers.js';

interface Outcome {
  rows: number[][];
  files: Files;
  eventCount: number;
  milestones: unknown;
}

/** Advances over `grid`, observing at each time; at `cut`, goes on in a fresh engine restored from a snapshot. */
function run(loaded: LoadedScenario, grid: number[], cut?: number): Outcome {
  let engine: AgentsEngine = engineFor(loaded, 5);
  const rows: number[][] = [];
  const out = new Float64Array(6);
  const stops = [...new Set([...grid, ...(cut === undefined ? [] : [cut])])].sort((a, b) => a - b);
  for (const t of stops) {
    engine.advanceTo(t);
    if (t === cut) {
      const bytes = engine.snapshot();
      engine = engineFor(loaded, 5);
      engine.restore(bytes);
      expect(engine.time).toBe(cut);
    }
    if (grid.includes(t)) {
      engine.observe(out);
      rows.push(Array.from(out));
    }
  }
  return {
    rows,
    files: engine.artifacts(),
    eventCount: engine.eventCount,
    milestones: engine.milestones(),
  };
}

describe('agents snapshots', () => {
  describe('in a building (hyosan-high, its first 15 minutes)', () => {
    const grid = [0, 300, 600, 900];
    let loaded: LoadedScenario;
    let whole: Outcome;
    beforeAll(() => {
      loaded = loadScenario('hyosan-high', ['time.until=900', 'time.every=300', 'world.replay.every=60']);
      whole = run(loaded, grid);
    });

    // Between ticks early on, at a grid time, and between ticks late in the outbreak.
    for (const cut of [125.5, 300, 777.25]) {
      it(`continues byte for byte from a snapshot taken at t = ${cut}`, () => {
        const resumed = run(loaded, grid, cut);
        expect(resumed.rows).toEqual(whole.rows);
        expectSameFiles(resumed.files, whole.files);
        expect(resumed.eventCount).toBe(whole.eventCount);
        expect(resumed.milestones).toEqual(whole.milestones);
      });
    }
  });

  it('on an open plane (repast-zombies) too', () => {
    const loaded = loadScenario('repast-zombies', ['time.until=20', 'time.every=10']);
    const grid = [0, 10, 20];
    const whole = run(loaded, grid);
    for (const cut of [4.5, 10]) {
      const resumed = run(loaded, grid, cut);
      expect(resumed.rows).toEqual(whole.rows);
      expectSameFiles(resumed.files, whole.files);
    }
  });

  it('refuses a snapshot of another scenario, or of the same one with other settings', () => {
    const small = loadScenario('hyosan-high', ['time.until=60', 'time.every=30']);
    const bytes = engineFor(small, 1).snapshot();
    const other = engineFor(loadScenario('hyosan-high', ['time.until=60', 'time.every=20']), 1);
    expect(() => other.restore(bytes)).toThrow(SnapshotMismatch);
    expect(() => other.restore(bytes)).toThrow(/another scenario/);
    const plane = engineFor(loadScenario('repast-zombies', ['time.until=10', 'time.every=10']), 1);
    expect(() => plane.restore(bytes)).toThrow(SnapshotMismatch);
  });
});
