/**
 * What the lattice adds to the reaction network: places. Cordons, bombs and lures at their times,
 * arrival times, control at a place, and snapshots that carry all of it.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import type { LatticeEngine } from '../../../src/engines/lattice/engine.js';
import { InvalidIntervention } from '../../../src/model/intervention.js';
import type { CompiledScenario } from '../../../src/scenario/compiled.js';
import type { SpatialEvent } from '../../../src/scenario/compiled-lattice.js';
import { type LatticeSpec, latticeScenario, rectangle } from './lattice-scenario.js';

const SZR = `name: szr
title: bites and kills
model:
  compartments: [S, Z, R]
  parameters: { beta: 0.03, kappa: 0.01 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    kill: { from: S + Z, to: S + R, rate: kappa }
initial: { S: 0, Z: 0, R: 0 }
time: { until: 20, every: 1, unit: hour }
events:
  - { name: reinforcements, at: 6, scale: { Z: 1.5 } }
`;

const lattice = (compiled: CompiledScenario, seed = 1) =>
  createEngine(compiled, streamFor(seed, 0)) as LatticeEngine;

/** The scenario with the lattice's other method. */
const withMethod = (compiled: CompiledScenario, method: 'exact' | 'fast'): CompiledScenario => ({
  ...compiled,
  lattice: { ...compiled.lattice!, method },
});

/** Counts of compartment c in each cell, as rows of the map. */
function cellCounts(engine: LatticeEngine, c: number): number[][] {
  const { x, n, grid } = engine.kernel;
  return Array.from({ length: grid.height }, (_, y) =>
    Array.from({ length: grid.width }, (_, x0) => x[(y * grid.width + x0) * n + c]!),
  );
}

/** An 8 × 4 map of 30 people a cell, zombies in the north-west corner, S and Z moving, bites across bonds. */
function westEast(spatialEvents: SpatialEvent[], extra: Partial<LatticeSpec> = {}): CompiledScenario {
  return latticeScenario(SZR, {
    width: 8,
    height: 4,
    counts: (x, y) => [30, x === 0 && y === 0 ? 4 : 0, 0],
    move: { S: 0.1, Z: 0.2 },
    coupling: { bite: 0.2 },
    regions: [
      { name: 'west', cells: rectangle(0, 0, 4, 4) },
      { name: 'middle', cells: rectangle(3, 1, 5, 3) },
    ],
    spatialEvents,
    ...extra,
  });
}

describe('spatial events', () => {
  it.each(['exact', 'fast'] as const)(
    'a cordon from t = 0 keeps zombies, bites and movement inside its region (%s)',
    (method) => {
      const engine = lattice(withMethod(westEast([{ kind: 'cordon', at: 0, region: 0 }]), method));
      engine.advanceTo(20);
      const zombies = cellCounts(engine, 1);
      const humans = cellCounts(engine, 0);
      // East of the cordon nobody came, nobody left (people moved only among its 16 cells) and no
      // zombie was ever seen.
      expect(zombies.flatMap((row) => row.slice(4))).toEqual(new Array(16).fill(0));
      const east = humans.flatMap((row) => row.slice(4));
      expect(east.reduce((sum, s) => sum + s, 0)).toBe(16 * 30);
      expect(east.some((s) => s !== 30)).toBe(true);
      const arrival = engine.artifacts()['arrival.csv']!.trim().split('\n').slice(1);
      expect(arrival.every((line) => Number(line.split(',')[0]) < 4)).toBe(true);
      // Inside it the outbreak ran, and the run names the cordon among its fired events.
      expect(arrival.length).toBeGreaterThan(4);
      expect(engine.firedEvents().map((e) => e.name)).toContain('cordon west');
      // Without the cordon the zombies cross (same seed).
      const open = lattice(withMethod(westEast([]), method));
      open.advanceTo(20);
      expect(
        cellCounts(open, 1)
          .flatMap((row) => row.slice(4))
          .some((z) => z > 0),
      ).toBe(true);
    },
  );

  it.each(['exact', 'fast'] as const)(
    'a bomb moves everyone in its region to its compartment (or out of the model) at its time (%s)',
    (method) => {
      for (const to of [2, -1]) {
        const engine = lattice(withMethod(westEast([{ kind: 'bomb', at: 3.5, region: 1, to }]), method));
        engine.advanceTo(3.5);
        const totals = new Float64Array(3);
        engine.observe(totals);
        const everyone = totals[0]! + totals[1]! + totals[2]!;
        const middle = [
          [3, 1],
          [4, 1],
          [3, 2],
          [4, 2],
        ];
        const counts = (c: number) => middle.map(([x, y]) => cellCounts(engine, c)[y!]![x!]!);
        expect(counts(0)).toEqual([0, 0, 0, 0]);
        expect(counts(1)).toEqual([0, 0, 0, 0]);
        // The dead stay in the model as R, or leave it.
        if (to === 2) {
          expect(everyone).toBe(32 * 30 + 4);
          expect(counts(2).every((r) => r > 0)).toBe(true);
        } else {
          expect(everyone).toBeLessThan(32 * 30 + 4 - 4 * 15);
          expect(counts(2)).toEqual([0, 0, 0, 0]);
        }
        // People walk back in afterwards.
        engine.advanceTo(10);
        expect(counts(0).some((s) => s > 0)).toBe(true);
      }
    },
  );

  it('a lure draws its compartment towards its region while it lasts', () => {
    const WALK = `name: walk
title: zombies walking
model:
  compartments: [S, Z]
  parameters: { never: 0 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: never }
initial: { S: 0, Z: 0 }
time: { until: 8, every: 1, unit: hour }
`;
    const walkers = (lure: SpatialEvent[]) =>
      lattice(
        latticeScenario(WALK, {
          width: 21,
          height: 3,
          counts: (x, y) => [0, x === 10 && y === 1 ? 400 : 0],
          move: { Z: 0.5 },
          regions: [{ name: 'siren', cells: [[20, 1]] }],
          spatialEvents: lure,
        }),
      );
    /** The mean x of the zombies at t. */
    const meanX = (engine: LatticeEngine, t: number) => {
      engine.advanceTo(t);
      const rows = cellCounts(engine, 1);
      let sum = 0;
      rows.forEach((row) => {
        row.forEach((z, x) => {
          sum += z * x;
        });
      });
      return sum / 400;
    };
    const lured = walkers([{ kind: 'lure', at: 1, until: 4, region: 0, compartment: 1, strength: 4 }]);
    const free = walkers([]);
    expect(meanX(lured, 1)).toBe(meanX(free, 1));
    const luredAt4 = meanX(lured, 4);
    // Unbiased, the mean stays near 10 (sd of the mean ≈ 0.07); lured at 4:1, it drifts east by
    // about 1.5 · 3 · 0.6 ≈ 2.7 cells in 3 hours.
    expect(Math.abs(meanX(free, 4) - 10)).toBeLessThan(0.5);
    expect(luredAt4).toBeGreaterThan(11.5);
    // After `until` the walk is unbiased again: the mean moves no more than noise.
    expect(Math.abs(meanX(lured, 8) - luredAt4)).toBeLessThan(0.6);
  });
});

describe('places, arrival and snapshots', () => {
  it('adds and removes at a cell x,y or in a region, and refuses a place off the map', () => {
    const engine = lattice(westEast([]));
    engine.advanceTo(1);
    engine.control({ kind: 'add', compartment: 'Z', count: 7, place: '6,3' });
    expect(cellCounts(engine, 1)[3]![6]).toBe(7);
    engine.control({ kind: 'add', compartment: 'Z', count: -7, place: '6,3' });
    expect(cellCounts(engine, 1)[3]![6]).toBe(0);
    const total = new Float64Array(3);
    engine.observe(total);
    engine.control({ kind: 'add', compartment: 'S', count: 5, place: 'middle' });
    const after = new Float64Array(3);
    engine.observe(after);
    expect(after[0]).toBe(total[0]! + 5);
    for (const place of ['8,0', '0,4', 'east', '1;2']) {
      expect(() => engine.control({ kind: 'add', compartment: 'Z', count: 1, place })).toThrow(
        InvalidIntervention,
      );
    }
    expect(() => engine.control({ kind: 'add', compartment: 'Z', count: -1, place: '7,3' })).toThrow(
      /holds 0/,
    );
  });

  it('reads the regions after an intervention at an output time, as the totals are (a bomb fired at t = 2 showed in timeseries.csv, not in regions.csv)', () => {
    const region = (engine: LatticeEngine, t: number, name: string) =>
      engine
        .artifacts()
        ['regions.csv']!.split('\n')
        .find((line) => line.startsWith(`${t},${name},`));
    for (const method of ['exact', 'fast'] as const) {
      const engine = lattice(withMethod(westEast([]), method));
      engine.advanceTo(2);
      const before = region(engine, 2, 'middle')!;
      engine.control({ kind: 'add', compartment: 'S', count: 5, place: 'middle' });
      const [, , s, z, r] = before.split(',').map(Number);
      expect(region(engine, 2, 'middle'), method).toBe(`2,middle,${s! + 5},${z},${r}`);
      expect(engine.artifacts()['regions.csv']!.match(/^2,middle,/gm), method).toHaveLength(1);
    }
  });

  it('keeps a spatial event switched off for an intervention to fire by its name (it was dropped: "no events")', () => {
    const engine = lattice(
      westEast([{ kind: 'bomb', at: 2, region: 0, to: 2, name: 'boom', enabled: false }]),
    );
    engine.advanceTo(3);
    const west = (c: number) =>
      cellCounts(engine, c).reduce((sum, row) => sum + row.slice(0, 4).reduce((a, b) => a + b, 0), 0);
    expect(west(0)).toBeGreaterThan(0);
    expect(engine.firedEvents().find((e) => e.name === 'boom')?.count ?? 0).toBe(0);
    engine.control({ kind: 'fire', event: 'boom' });
    expect(west(0) + west(1)).toBe(0);
    expect(engine.firedEvents().find((e) => e.name === 'boom')?.times).toEqual([3]);
  });

  it('times the first arrival of zombies in each cell: 0 where they start, later elsewhere', () => {
    const engine = lattice(westEast([]));
    engine.advanceTo(20);
    const rows = engine.artifacts()['arrival.csv']!.trim().split('\n');
    expect(rows[0]).toBe('x,y,t');
    const times = new Map(
      rows.slice(1).map((line) => [line.split(',').slice(0, 2).join(','), Number(line.split(',')[2])]),
    );
    expect(times.get('0,0')).toBe(0);
    expect(times.size).toBeGreaterThan(10);
    for (const [cell, t] of times) if (cell !== '0,0') expect(t).toBeGreaterThan(0);
    // Further away, later: the first arrival at the far east column comes after that next door.
    const far = Math.min(...[...times].filter(([c]) => c.startsWith('7,')).map(([, t]) => t));
    expect(far).toBeGreaterThan(times.get('1,0') ?? Number.POSITIVE_INFINITY);
  });

  it.each(['exact', 'fast'] as const)(
    'the %s method continues from a snapshot byte for byte, through cordon, bomb, lure and events',
    (method) => {
      const base = westEast([
        { kind: 'lure', at: 2, until: 9, region: 0, compartment: 1, strength: 3 },
        { kind: 'cordon', at: 7.25, region: 1 },
        { kind: 'bomb', at: 12, region: 1, to: 2 },
      ]);
      const compiled = withMethod(base, method);
      const grid = Array.from({ length: 21 }, (_, t) => t);
      const rows = (engine: LatticeEngine, times: number[]) =>
        times.map((t) => {
          engine.advanceTo(t);
          const out = new Float64Array(3);
          engine.observe(out);
          return Array.from(out);
        });
      const whole = lattice(compiled);
      const reference = rows(whole, grid);
      // Advanced in uneven steps, the run is the same.
      const uneven = lattice(compiled);
      const stops = grid.flatMap((t) => [t, t + 0.31, t + 0.77]).filter((t) => t <= 20);
      expect(rows(uneven, stops).filter((_, i) => i % 3 === 0)).toEqual(reference);
      for (const cut of [1.7, 7.25, 9.5]) {
        const head = lattice(compiled);
        rows(
          head,
          grid.filter((t) => t < cut),
        );
        head.advanceTo(cut);
        const restored = lattice(compiled);
        restored.restore(head.snapshot());
        const tail = rows(
          restored,
          grid.filter((t) => t > cut),
        );
        expect(tail, `cut at ${cut}`).toEqual(reference.filter((_, t) => t > cut));
        expect(restored.artifacts(), `cut at ${cut}`).toEqual(whole.artifacts());
        expect(restored.eventCount).toBe(whole.eventCount);
        expect(restored.firedEvents()).toEqual(whole.firedEvents());
      }
      expect(whole.firedEvents().map((e) => e.name)).toEqual([
        'reinforcements',
        'lure west',
        'cordon middle',
        'bomb middle',
      ]);
      expect(whole.artifacts()['regions.csv']!.split('\n')[0]).toBe('t,region,S,Z,R');
    },
  );
});

describe('--max-events on the lattice', () => {
  it('a run that needs exactly the limit keeps to it, by both methods; one fewer stops it, naming the limit', () => {
    for (const method of ['exact', 'fast'] as const) {
      const compiled = withMethod(westEast([]), method);
      const free = lattice(compiled);
      free.advanceTo(20);
      const needed = free.eventCount;
      const limited = (maxEvents: number) =>
        lattice({
          ...compiled,
          options: { ...compiled.options, ssa: { ...compiled.options.ssa, maxEvents } },
        });
      const exact = limited(needed);
      exact.advanceTo(20);
      expect(exact.eventCount).toBe(needed);
      expect(() => limited(needed - 1).advanceTo(20)).toThrow(
        new RegExp(`past its --max-events limit of ${needed - 1} events`),
      );
    }
  });
});
