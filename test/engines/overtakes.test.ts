import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import type { Overtake } from '../../src/engines/engine.js';
import { MilestoneWatch } from '../../src/engines/stochastic/milestone-watch.js';
import { outputTimes, record, type Trajectory } from '../../src/engines/trajectory.js';
import { summarise } from '../../src/output/summary.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { builtins, loadScenario } from '../../src/scenario/files.js';
import type { LoadedScenario } from '../../src/scenario/parse.js';
import { parseText, runLoaded } from '../helpers.js';
import { CULLED } from './ode/helpers.js';

/**
 * The README's rule, written out again without the trackers' states: A overtakes B at the first
 * row k > 0 where it is above B (by more than `noise`), having been below B at the start, or at a
 * row 0 < j < k below it or level with it (within `noise`) with both occupied (at least one
 * individual). With `amongOne` (the ODE's rule), a rise among less than one individual (A's value
 * where A − B, taken as linear between the rows, crosses 0) is no overtake, and A must fall behind
 * B again before the next.
 */
function readmeOvertakes(
  rows: readonly (readonly number[])[],
  times: ArrayLike<number>,
  noise = 0,
  amongOne = false,
): Overtake[] {
  const n = rows[0]!.length;
  const found: Overtake[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const below = (j: number) => rows[j]![a]! < rows[j]![b]! - noise;
      const levelOccupied = (j: number) =>
        Math.abs(rows[j]![a]! - rows[j]![b]!) <= noise && Math.min(rows[j]![a]!, rows[j]![b]!) >= 1;
      const levelAtCrossing = (k: number) => {
        const [before, after] = [rows[k - 1]!, rows[k]!];
        const [d0, d1] = [before[a]! - before[b]!, after[a]! - after[b]!];
        const share = d0 >= 0 ? 0 : -d0 / (d1 - d0);
        return before[a]! + share * (after[a]! - before[a]!);
      };
      let behind = below(0);
      for (let k = 1; k < rows.length; k++) {
        if (rows[k]![a]! > rows[k]![b]! + noise) {
          if (behind && (!amongOne || levelAtCrossing(k) >= 1)) {
            found.push({ a, b, t: times[k]! });
            break;
          }
          behind = false;
        } else if (below(k) || levelOccupied(k)) behind = true;
      }
    }
  }
  return found;
}

/** Overtakes in a fixed order, to compare as sets. */
function sorted(overtakes: readonly Overtake[]): Overtake[] {
  return [...overtakes].sort((x, y) => x.a - y.a || x.b - y.b);
}

/** The rows of a trajectory, one array a grid time. */
function rowsOf(run: Trajectory): number[][] {
  const n = run.compartments.length;
  return Array.from(run.times, (_, k) => [...run.values.subarray(k * n, (k + 1) * n)]);
}

/** A loaded scenario run on `engine` with this seed and replicate. */
function runOn(
  loaded: LoadedScenario,
  engine: 'ode' | 'ssa' | 'tau',
  seed: number,
  replicate = 0,
): Trajectory {
  const { time } = loaded.scenario;
  return record(
    createEngine(compileScenario(loaded, engine), streamFor(seed, replicate)),
    outputTimes(time.until, time.every),
  );
}

describe('overtakes follow the README rule', () => {
  it('MilestoneWatch agrees with the rule on any integer trajectory (first overtake of each pair)', () => {
    const trajectory = fc.integer({ min: 2, max: 4 }).chain((n) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }), {
        minLength: 1,
        maxLength: 12,
      }),
    );
    fc.assert(
      fc.property(trajectory, (rows) => {
        const times = rows.map((_, k) => k * 0.5);
        const watch = new MilestoneWatch(Float64Array.from(rows[0]!));
        for (let k = 1; k < rows.length; k++) watch.observed(Float64Array.from(rows[k]!), times[k]!);
        const { overtakes } = watch.milestones();
        expect(sorted(overtakes)).toEqual(sorted(readmeOvertakes(rows, times)));
        // In time order, each pair once.
        expect(overtakes.map((o) => o.t)).toEqual([...overtakes.map((o) => o.t)].sort((x, y) => x - y));
        expect(new Set(overtakes.map((o) => `${o.a},${o.b}`)).size).toBe(overtakes.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('one that starts above another overtakes it when it rises above it again', () => {
    const watch = new MilestoneWatch(Float64Array.of(1, 0));
    watch.observed(Float64Array.of(1, 1), 1); // level and occupied: a race
    watch.observed(Float64Array.of(2, 1), 2);
    watch.observed(Float64Array.of(0, 1), 3);
    watch.observed(Float64Array.of(3, 1), 4); // a second overtake of the same pair is not news
    expect(watch.milestones().overtakes).toEqual([
      { a: 0, b: 1, t: 2 },
      { a: 1, b: 0, t: 3 },
    ]);
  });

  it('munz-basic on the SSA, seed 5: Z overtakes R at 0.3 (level at 1 each at 0.1, 2 against 1 at 0.3)', () => {
    const run = runOn(loadScenario('munz-basic'), 'ssa', 5);
    const rows = rowsOf(run);
    expect(rows[0]).toEqual([500, 1, 0]);
    expect(rows[1]!.slice(1)).toEqual([1, 1]);
    expect(rows[3]!.slice(1)).toEqual([2, 1]);
    const overtakes = run.milestones!.overtakes;
    expect(overtakes).toContainEqual({ a: 1, b: 2, t: run.times[3] });
    expect(sorted(overtakes)).toEqual(sorted(readmeOvertakes(rows, run.times)));
  });

  it('munz-basic SSA and tau ensembles: the share of runs with each overtake is the rule’s, Z over R included', () => {
    const loaded = loadScenario('munz-basic', ['time.until=3', 'time.every=1']);
    for (const engine of ['ssa', 'tau'] as const) {
      const runs = Array.from({ length: 600 }, (_, r) => runOn(loaded, engine, 1, r));
      const expected = new Map<string, number>();
      for (const run of runs) {
        const found = readmeOvertakes(rowsOf(run), run.times);
        expect(sorted(run.milestones!.overtakes)).toEqual(sorted(found));
        for (const { a, b } of found) {
          const key = `${run.compartments[a]} ${run.compartments[b]}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
      const summary = summarise(runs);
      const got = new Map(summary.overtakes.map((o) => [`${o.compartment} ${o.over}`, o.fraction!]));
      expect(got).toEqual(new Map([...expected].map(([key, count]) => [key, count / runs.length])));
      // Z starts above R (1 against 0) and comes back above it in about one run in ten.
      expect(got.get('Z R')).toBeGreaterThan(0.05);
      expect(got.get('Z R')).toBeLessThan(0.15);
    }
  });

  it('hyosan-high on agents, seed 7: infected overtakes zombie at 20 min, having started above it', () => {
    const run = runLoaded(loadScenario('hyosan-high', ['time.until=1200']), 7);
    const rows = rowsOf(run);
    const [infected, zombie] = ['infected', 'zombie'].map((name) => run.compartments.indexOf(name)) as [
      number,
      number,
    ];
    const at = (t: number) => rows[run.times.indexOf(t)]!;
    expect([at(0)[infected], at(0)[zombie]]).toEqual([1, 0]);
    expect([at(240)[infected], at(240)[zombie]]).toEqual([0, 5]);
    expect([at(1200)[infected], at(1200)[zombie]]).toEqual([8, 6]);
    const overtakes = run.milestones!.overtakes;
    expect(overtakes).toContainEqual({ a: zombie, b: infected, t: 240 });
    expect(overtakes).toContainEqual({ a: infected, b: zombie, t: 1200 });
    expect(sorted(overtakes)).toEqual(sorted(readmeOvertakes(rows, run.times)));
  });
});

/** A starts at 10 above B's 5, decays and is fed t²: A = t² − 2t + 2 + 8e^−t falls below B, then rises above it. */
const DIP = `name: dip
title: Dip
model:
  compartments: [A, B]
  parameters: { k: 1 }
  reactions:
    decay: { from: A, to: 0, rate: k }
    feed: { from: 0, to: A, law: t^2 }
initial: { A: 10, B: 5 }
time: { until: 4, every: 0.5 }
engine: ode
`;

/** Where the closed form of A crosses 5, by bisection between lo and hi. */
function dipCrossing(lo: number, hi: number): number {
  const g = (t: number) => t * t - 2 * t + 2 + 8 * Math.exp(-t) - 5;
  const rising = g(hi) > g(lo);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) > 0 === rising) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe('the ODE tracker follows the README rule', () => {
  it('A starts above B, falls below it and rises above it again: both crossings, timed by root finding', () => {
    const run = runLoaded(parseText(DIP));
    const overtakes = run.milestones!.overtakes;
    expect(overtakes.map(({ a, b }) => [a, b])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(overtakes[0]!.t).toBeCloseTo(dipCrossing(0, 1.5), 5);
    expect(overtakes[1]!.t).toBeCloseTo(dipCrossing(1.5, 4), 5);
  });

  it('agrees with the rule applied to a fine grid, on every built-in ODE scenario and one with events', () => {
    const cases: [string, LoadedScenario][] = [
      ...builtins()
        .map(({ name }): [string, LoadedScenario] => [name, loadScenario(name)])
        .filter(([, loaded]) => loaded.scenario.engine === 'ode'),
      ['culled', parseText(CULLED)],
    ];
    let seen = 0;
    for (const [name, base] of cases) {
      const { until, every } = base.scenario.time;
      // Twenty rows an output step: the grid is finer than the solver's steps.
      const fine =
        name === 'culled'
          ? parseText(CULLED, [`time.every=${every / 20}`])
          : loadScenario(name, [`time.every=${every / 20}`]);
      const run = runOn(fine, 'ode', 1);
      const rows = rowsOf(run);
      const population = Math.max(
        1,
        rows[0]!.reduce((sum, v) => sum + v, 0),
      );
      const noise = 1e-9 * population;
      const expected = readmeOvertakes(rows, run.times, noise, true);
      const got = run.milestones!.overtakes;
      expect(sorted(got).map(({ a, b }) => `${name} ${a} ${b}`)).toEqual(
        sorted(expected).map(({ a, b }) => `${name} ${a} ${b}`),
      );
      // Each is timed inside the grid step where the rule sees it.
      const step = run.times[1]! - run.times[0]!;
      for (const o of got) {
        const t = expected.find((e) => e.a === o.a && e.b === o.b)!.t;
        expect(o.t, `${name} ${o.a} over ${o.b}`).toBeGreaterThan(t - step - 1e-9 * until);
        expect(o.t, `${name} ${o.a} over ${o.b}`).toBeLessThanOrEqual(t + 1e-9 * until);
      }
      seen += got.length;
    }
    expect(seen).toBeGreaterThan(20);
  });
});
