/**
 * The engine contract (src/engines/engine.ts), tested once for every engine: each case of `CASES`
 * runs through the same rows, on an engine made by `createEngine(compileScenario(…), stream)`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/core/errors.js';
import { streamFor } from '../../src/core/random.js';
import { SnapshotMismatch } from '../../src/core/snapshot-codec.js';
import { createEngine } from '../../src/engines/create.js';
import type { Engine, Intervention, LoggedIntervention } from '../../src/engines/engine.js';
import { outputTimes, recordWith } from '../../src/engines/trajectory.js';
import { InvalidIntervention } from '../../src/model/intervention.js';
import { compileScenario } from '../../src/scenario/compile.js';
import type { CompiledScenario, EngineName } from '../../src/scenario/compiled.js';
import { loadScenario } from '../../src/scenario/files.js';
import { parseText } from '../helpers.js';
import { latticeScenario } from './lattice/lattice-scenario.js';

/** One engine on one small scenario, with what the rows need to know about it. */
interface Case {
  readonly engine: EngineName;
  /** A built-in scenario and `--set`-style settings that keep it small. */
  readonly scenario: string;
  readonly settings: readonly string[];
  readonly stochastic: boolean;
  /** Times to snapshot at: off the output grid, on it, and (agents) between ticks. */
  readonly cuts: readonly number[];
  /** Valid interventions, in order of time, all before `until`. */
  readonly interventions: readonly LoggedIntervention[];
  /** An intervention that adds to a compartment, to see its effect at once. */
  readonly add: { readonly compartment: string; readonly count: number; readonly place?: string };
  /** Interventions that cannot apply (checked before any of `interventions`). */
  readonly invalid: readonly Intervention[];
  /**
   * Compiles the scenario with settings, where `compileScenario` cannot yet (the lattice, whose
   * world is built by hand until the scenario layer has `world.lattice`).
   */
  readonly compile?: (settings: string[]) => CompiledScenario;
  /** How the rows name the case, if not by its scenario. */
  readonly label?: string;
}

/** A case's scenario with `settings`, compiled for its engine. */
function compileCase(c: Case, settings: readonly string[]): CompiledScenario {
  return c.compile?.([...settings]) ?? compileScenario(loadScenario(c.scenario, [...settings]), c.engine);
}

/** munz-impulsive to t = 5: its first two strikes (2.5, 5) are timed events, the others can be fired. */
const MUNZ = ['time.until=5'];
const MUNZ_INTERVENTIONS: LoggedIntervention[] = [
  { t: 0.75, intervention: { kind: 'set', name: 'beta', value: 0.008 } },
  { t: 1.3, intervention: { kind: 'add', compartment: 'Z', count: 5 } },
  { t: 1.3, intervention: { kind: 'fire', event: 'strike 3 kills 75%' } },
  { t: 2.05, intervention: { kind: 'add', compartment: 'S', count: -10 } },
  { t: 3.3, intervention: { kind: 'set', name: 'zeta', value: 0.2 } },
];
const MUNZ_INVALID: Intervention[] = [
  { kind: 'set', name: 'no-such-parameter', value: 1 },
  { kind: 'add', compartment: 'W', count: 1 },
  { kind: 'add', compartment: 'S', count: -1e6 },
  { kind: 'add', compartment: 'Z', count: 1, place: 'nowhere' },
  { kind: 'fire', event: 'no such event' },
];

const CASES: readonly Case[] = [
  {
    engine: 'ode',
    scenario: 'munz-impulsive',
    settings: MUNZ,
    stochastic: false,
    cuts: [0.37, 2.5, 3.21],
    interventions: MUNZ_INTERVENTIONS,
    add: { compartment: 'Z', count: 5 },
    invalid: MUNZ_INVALID,
  },
  {
    engine: 'ssa',
    scenario: 'munz-impulsive',
    settings: MUNZ,
    stochastic: true,
    cuts: [0.37, 2.5, 3.21],
    interventions: MUNZ_INTERVENTIONS,
    add: { compartment: 'Z', count: 5 },
    invalid: MUNZ_INVALID,
  },
  {
    // Thousands of humans, so that leaps are long and the cuts fall inside them.
    engine: 'tau',
    scenario: 'munz-impulsive',
    settings: [...MUNZ, 'S=20000'],
    stochastic: true,
    cuts: [0.0123, 0.37, 2.5, 3.21],
    interventions: MUNZ_INTERVENTIONS,
    add: { compartment: 'Z', count: 5 },
    invalid: MUNZ_INVALID,
  },
  ...(['exact', 'fast'] as const).map(
    (method): Case => ({
      // munz-impulsive on a 3 × 3 map: its 500 humans spread over the cells, the zombie in the
      // middle, movement and bites across bonds; by each of the lattice's methods.
      engine: 'lattice',
      scenario: 'munz-impulsive',
      label: `munz-impulsive 3×3 ${method}`,
      settings: MUNZ,
      stochastic: true,
      cuts: [0.37, 2.5, 3.21],
      interventions: [
        ...MUNZ_INTERVENTIONS,
        { t: 3.5, intervention: { kind: 'add', compartment: 'Z', count: 3, place: '0,2' } },
      ],
      add: { compartment: 'Z', count: 5, place: '2,0' },
      invalid: [...MUNZ_INVALID, { kind: 'add', compartment: 'Z', count: 1, place: '3,0' }],
      compile: (settings) => {
        const compiled = latticeScenario(loadScenario('munz-impulsive', settings), {
          width: 3,
          height: 3,
          counts: (x, y) => (x === 1 && y === 1 ? [60, 1, 0] : [55, 0, 0]),
          move: { S: 0.2, Z: 0.3 },
          coupling: { bite: 0.2 },
        });
        return { ...compiled, lattice: { ...compiled.lattice!, method } };
      },
    }),
  ),
  {
    // hyosan-high's first four minutes; its world events come later, so they are fired by hand.
    // A `set` names a world setting by its path in the file, as `--set` does.
    engine: 'agents',
    scenario: 'hyosan-high',
    settings: ['time.until=240', 'world.replay.every=60'],
    stochastic: true,
    cuts: [30.5, 120, 179.25],
    interventions: [
      { t: 30, intervention: { kind: 'fire', event: 'broadcast' } },
      { t: 60.5, intervention: { kind: 'add', compartment: 'zombie', count: 2, place: '1-1' } },
      { t: 90, intervention: { kind: 'set', name: 'world.behaviours.zombie.bite.rate', value: 0.5 } },
      { t: 150, intervention: { kind: 'add', compartment: 'human', count: -1 } },
    ],
    add: { compartment: 'zombie', count: 2, place: '1-1' },
    invalid: [
      { kind: 'set', name: 'world.behaviours.zombie.no-such-unit.rate', value: 1 },
      { kind: 'add', compartment: 'werewolf', count: 1 },
      { kind: 'add', compartment: 'human', count: -1e6 },
      { kind: 'add', compartment: 'zombie', count: 1, place: 'no-such-room' },
      { kind: 'fire', event: 'no such event' },
    ],
  },
];

/** Everything an engine shows: rows observed at the grid times, counts, logs and files. */
interface Shown {
  rows: number[][];
  eventCount: number;
  fired: unknown;
  interventions: unknown;
  artifacts: unknown;
}

/** The state the engine observes now. */
function observed(engine: Engine): number[] {
  const out = new Float64Array(engine.compartments.length);
  engine.observe(out);
  return Array.from(out);
}

/**
 * Advances `engine` through `stops` (sorted), observing at each stop that is a grid time, and
 * returns all it shows at the end.
 */
function showAlong(engine: Engine, stops: readonly number[], grid: Float64Array): Shown {
  const onGrid = new Set(grid);
  const rows: number[][] = [];
  for (const t of stops) {
    engine.advanceTo(t);
    if (onGrid.has(t)) rows.push(observed(engine));
  }
  return finalShow(engine, rows);
}

function finalShow(engine: Engine, rows: number[][]): Shown {
  return {
    rows,
    eventCount: engine.eventCount,
    fired: engine.firedEvents(),
    interventions: engine.interventions(),
    artifacts: engine.artifacts?.(),
  };
}

/** The grid times with three irregular stops between each two. */
function finerStops(grid: Float64Array): number[] {
  const stops: number[] = [];
  for (let r = 0; r < grid.length; r++) {
    stops.push(grid[r]!);
    const next = grid[r + 1];
    if (next === undefined) break;
    for (const f of [0.137, 0.5, 0.911]) stops.push(grid[r]! + f * (next - grid[r]!));
  }
  return stops;
}

/** `stops`, with the cut time added in order. */
function withStop(stops: readonly number[], t: number): number[] {
  return [...new Set([...stops, t])].sort((a, b) => a - b);
}

/** The snapshot of an engine; fails the row with a clear message if the engine has none yet. */
function snapshotOf(engine: Engine): Uint8Array {
  expect(engine.snapshot, 'snapshot() is part of the contract').toBeTypeOf('function');
  return engine.snapshot!();
}

function restoreInto(engine: Engine, bytes: Uint8Array): void {
  expect(engine.restore, 'restore() is part of the contract').toBeTypeOf('function');
  engine.restore!(bytes);
}

function controlOf(engine: Engine, intervention: Intervention): void {
  expect(engine.control, 'control() is part of the contract').toBeTypeOf('function');
  engine.control!(intervention);
}

/** The cases, each with the name its rows go by. */
const LABELLED = CASES.map((c) => ({ ...c, label: c.label ?? c.scenario }));

describe.each(LABELLED)('the $engine engine ($label)', (c) => {
  let compiled: CompiledScenario;
  let grid: Float64Array;
  const fresh = (seed = 1): Engine => createEngine(compiled, streamFor(seed, 0));
  /** The uninterrupted run on the grid, computed once. */
  let reference: Shown;

  beforeAll(() => {
    compiled = compileCase(c, c.settings);
    grid = outputTimes(compiled.time.until, compiled.time.every);
    reference = showAlong(fresh(), Array.from(grid), grid);
  });

  it('refuses to go back in time with a RangeError, and takes advanceTo(time) as nothing', () => {
    const engine = fresh();
    const t = grid[3]!;
    for (const stop of grid.subarray(0, 4)) engine.advanceTo(stop);
    const before = observed(engine);
    const events = engine.eventCount;
    expect(() => engine.advanceTo(t / 2)).toThrow(RangeError);
    engine.advanceTo(t);
    expect(engine.time).toBe(t);
    expect(observed(engine)).toEqual(before);
    expect(engine.eventCount).toBe(events);
    // And the refused call changed nothing: the run goes on as if it had not been made.
    expect(showAlong(engine, Array.from(grid).slice(4), grid).rows).toEqual(reference.rows.slice(4));
  });

  it('observes the same bytes whether advanced on the grid, in finer irregular steps, or in one jump', () => {
    const finer = showAlong(fresh(), finerStops(grid), grid);
    expect(finer).toEqual(reference);
    const jump = fresh();
    jump.advanceTo(compiled.time.until);
    expect(finalShow(jump, [observed(jump)])).toEqual({ ...reference, rows: reference.rows.slice(-1) });
  });

  it('has milestones() and firedEvents()', () => {
    const engine = fresh();
    engine.advanceTo(compiled.time.until);
    expect(engine.milestones, 'milestones() is part of the contract').toBeTypeOf('function');
    expect(engine.firedEvents, 'firedEvents() is part of the contract').toBeTypeOf('function');
    const milestones = engine.milestones!();
    expect(milestones.extinct).toHaveLength(engine.compartments.length);
    expect(Array.isArray(engine.firedEvents!())).toBe(true);
  });

  it(
    c.stochastic
      ? 'gives the same bytes for the same seed, and others for another seed'
      : 'gives the same bytes whatever the stream',
    () => {
      expect(showAlong(fresh(1), Array.from(grid), grid)).toEqual(reference);
      const other = showAlong(fresh(2), Array.from(grid), grid);
      if (c.stochastic) expect(other.rows).not.toEqual(reference.rows);
      else expect(other).toEqual(reference);
    },
  );

  it('continues from a snapshot, restored into a fresh engine, exactly as if it had not stopped', () => {
    const stops = Array.from(grid);
    for (const cut of c.cuts) {
      const before = fresh();
      const head = showAlong(
        before,
        withStop(stops, cut).filter((t) => t <= cut),
        grid,
      );
      const bytes = snapshotOf(before);
      const after = fresh();
      restoreInto(after, bytes);
      expect(after.time, `cut at ${cut}`).toBe(cut);
      expect(observed(after), `cut at ${cut}`).toEqual(observed(before));
      const tail = showAlong(
        after,
        stops.filter((t) => t > cut),
        grid,
      );
      expect({ ...tail, rows: [...head.rows, ...tail.rows] }, `cut at ${cut}`).toEqual(reference);
      // Taking the snapshot disturbed nothing either.
      const rest = showAlong(
        before,
        stops.filter((t) => t > cut),
        grid,
      );
      expect(rest, `cut at ${cut}`).toEqual(tail);
    }
  });

  it('refuses, with SnapshotMismatch, a snapshot of another scenario or with a damaged header', () => {
    const engine = fresh();
    engine.advanceTo(c.cuts[0]!);
    const bytes = snapshotOf(engine);
    const changed = compileCase(c, [...c.settings, `time.until=${2 * compiled.time.until}`]);
    expect(() => restoreInto(createEngine(changed, streamFor(1, 0)), bytes)).toThrow(SnapshotMismatch);
    const damaged = bytes.slice();
    damaged[1]! ^= 0xff;
    expect(() => restoreInto(fresh(), damaged)).toThrow(SnapshotMismatch);
    const cut = bytes.slice(0, bytes.length - 3);
    expect(() => restoreInto(fresh(), cut)).toThrow(SnapshotMismatch);
    // Another engine's snapshot of the same scenario.
    const otherEngine = c.engine === 'ssa' ? 'tau' : 'ssa';
    if (c.engine !== 'agents') {
      const other = createEngine(
        compileScenario(loadScenario(c.scenario, [...c.settings]), otherEngine),
        streamFor(1, 0),
      );
      expect(() => restoreInto(other, bytes)).toThrow(SnapshotMismatch);
    }
  });

  it('applies an addition at once, at the present time, and logs it with that time', () => {
    const engine = fresh();
    const t = c.cuts[0]!;
    engine.advanceTo(t);
    const before = observed(engine);
    const { compartment, count, place } = c.add;
    const intervention: Intervention = {
      kind: 'add',
      compartment,
      count,
      ...(place === undefined ? {} : { place }),
    };
    controlOf(engine, intervention);
    const k = engine.compartments.indexOf(compartment);
    const after = observed(engine);
    expect(after[k]).toBe(before[k]! + count);
    expect(engine.interventions()).toEqual([{ t, intervention }]);
  });

  it('replays a run from its log of interventions, byte for byte, and keeps the log in snapshots', () => {
    const first = fresh();
    const run = recordWith(first, grid, c.interventions);
    expect(first.interventions()).toEqual(c.interventions);
    const log = first.interventions!();
    // The interventions changed the run.
    const plain = recordWith(fresh(), grid, []);
    expect(run.values).not.toEqual(plain.values);
    const again = recordWith(fresh(), grid, log);
    expect(again).toEqual(run);
    // By hand: advance to each logged time, control, and observe on the grid in finer steps.
    const byHand = fresh();
    const stops = finerStops(grid);
    let next = 0;
    const rows: number[][] = [];
    for (const t of stops) {
      for (; next < log.length && log[next]!.t <= t; next++) {
        byHand.advanceTo(log[next]!.t);
        controlOf(byHand, log[next]!.intervention);
      }
      byHand.advanceTo(t);
      if (grid.includes(t)) rows.push(observed(byHand));
    }
    expect(rows.flat()).toEqual(Array.from(run.values));
    // A snapshot taken after some interventions carries them, and the run continues from it.
    const cut = log[Math.floor(log.length / 2)]!.t;
    const head = fresh();
    const headRows = recordWith(
      head,
      grid.filter((t) => t <= cut),
      log,
    );
    const restored = fresh();
    restoreInto(restored, snapshotOf(head));
    expect(restored.interventions?.()).toEqual(head.interventions?.());
    const tail = recordWith(restored, grid, log, {
      resume: { rows: headRows.times.length, values: headRows.values },
    });
    expect(tail).toEqual(run);
  });

  it('refuses an invalid intervention with InvalidIntervention, changing nothing', () => {
    const engine = fresh();
    const t = c.cuts[0]!;
    engine.advanceTo(t);
    const before = observed(engine);
    for (const intervention of c.invalid) {
      expect(() => controlOf(engine, intervention), JSON.stringify(intervention)).toThrow(
        InvalidIntervention,
      );
      expect(observed(engine)).toEqual(before);
    }
    expect(engine.interventions?.() ?? []).toEqual([]);
    // Nothing changed, random streams included: the run goes on as if they had not been tried.
    const stops = Array.from(grid).filter((t) => t > c.cuts[0]!);
    const untouched = fresh();
    untouched.advanceTo(t);
    expect(showAlong(engine, stops, grid)).toEqual(showAlong(untouched, stops, grid));
  });
});

describe('eventCount', () => {
  /** S → I → R: each firing moves one individual, so the firings are (S₀ − S) + R. */
  const CHAIN = `name: chain
title: A decay chain
model:
  compartments: [S, I, R]
  parameters: { a: 0.3, b: 0.2 }
  reactions:
    fall: { from: S, to: I, rate: a }
    rise: { from: I, to: R, rate: b }
initial: { S: 5000, I: 0, R: 0 }
time: { until: 10, every: 1 }
`;

  it.each(['ssa', 'tau'] as const)(
    'counts the reaction firings of the %s engine, each moving one individual',
    (engine) => {
      const run = createEngine(compileScenario(parseText(CHAIN), engine), streamFor(3, 0));
      for (const t of [0.5, 1, 2.25, 5, 10]) {
        run.advanceTo(t);
        const [s, , r] = observed(run);
        expect(run.eventCount, `t = ${t}`).toBe(5000 - s! + r!);
      }
      expect(run.eventCount).toBeGreaterThan(1000);
    },
  );

  it('is 0 for the ODE', () => {
    const run = createEngine(compileScenario(parseText(CHAIN), 'ode'), streamFor(3, 0));
    run.advanceTo(10);
    expect(run.eventCount).toBe(0);
  });

  it('counts changes of an agent state, not noises or moves (agents)', () => {
    // The states only move forward (human → infected → zombie …), so a tick in which no count
    // changed had no change of state, and the counts changed by at least their rise.
    const compiled = compileScenario(
      loadScenario('hyosan-high', ['time.until=240', 'world.replay.every=60']),
      'agents',
    );
    const engine = createEngine(compiled, streamFor(1, 0));
    let last = observed(engine);
    let quiet = 0;
    let changes = 0;
    for (let t = 1; t <= 240; t++) {
      const before = engine.eventCount;
      engine.advanceTo(t);
      const now = observed(engine);
      const rise = now.reduce((sum, v, k) => sum + Math.max(0, v - last[k]!), 0);
      const counted = engine.eventCount - before;
      if (rise === 0) {
        expect(counted, `t = ${t}`).toBe(0);
        quiet++;
      } else expect(counted, `t = ${t}`).toBeGreaterThanOrEqual(rise);
      changes += rise;
      last = now;
    }
    expect(quiet).toBeGreaterThan(0);
    expect(changes).toBeGreaterThan(0);
  });
});

describe('engine options reach the engines through createEngine and --set options.…', () => {
  /** The numbers of a built-in run with settings on an engine. */
  const numbers = (name: string, engine: EngineName, settings: string[], seed = 1) => {
    const compiled = compileScenario(loadScenario(name, settings), engine);
    return Array.from(
      recordWith(
        createEngine(compiled, streamFor(seed, 0)),
        outputTimes(compiled.time.until, compiled.time.every),
        [],
      ).values,
    );
  };

  it('options.ode.wasm=false gives the same numbers as WebAssembly', () => {
    expect(numbers('munz-basic', 'ode', ['options.ode.wasm=false'])).toEqual(
      numbers('munz-basic', 'ode', ['options.ode.wasm=true']),
    );
  });

  it('solver.rtol changes the ODE numbers (a little)', () => {
    const loose = numbers('munz-basic', 'ode', ['solver.rtol=1e-3']);
    const tight = numbers('munz-basic', 'ode', ['solver.rtol=1e-10']);
    expect(loose).not.toEqual(tight);
    loose.forEach((v, k) => {
      expect(v).toBeCloseTo(tight[k]!, 0);
    });
  });

  it('options.tau.epsilon changes the leaps', () => {
    const settings = ['S=20000', 'time.until=5'];
    const compiled = compileScenario(
      loadScenario('munz-basic', [...settings, 'options.tau.epsilon=0.01']),
      'tau',
    );
    expect(compiled.options.tau.epsilon).toBe(0.01);
    expect(numbers('munz-basic', 'tau', [...settings, 'options.tau.epsilon=0.01'])).not.toEqual(
      numbers('munz-basic', 'tau', [...settings, 'options.tau.epsilon=0.1']),
    );
  });

  it('options.ssa.method picks the variant: the two exact methods draw differently', () => {
    const direct = numbers('munz-basic', 'ssa', ['options.ssa.method=direct', 'options.ssa.compile=false']);
    const compiledDirect = numbers('munz-basic', 'ssa', ['options.ssa.method=direct']);
    const next = numbers('munz-basic', 'ssa', ['options.ssa.method=next-reaction']);
    expect(next).not.toEqual(direct);
    // The WebAssembly direct method is the same method: the same numbers.
    expect(compiledDirect).toEqual(direct);
  });

  it.each([
    ['ssa', 'options.ssa.max_events=50'],
    ['tau', 'options.tau.max_events=200'],
  ] as const)('the %s engine stops at %s', (engine, setting) => {
    expect(() => numbers('munz-basic', engine, ['S=20000', setting])).toThrow(RuntimeFailure);
  });
});
