import { describe, expect, it } from 'vitest';
import { outputTimes } from '../../../src/engines/trajectory.js';
import { InvalidIntervention, type LoggedIntervention } from '../../../src/model/intervention.js';
import { CULLED, firstDifference, observeAt, odeOf, stateOf } from './helpers.js';

const S = 0;
const Z = 1;

/** munz-basic with beta set to 0 by a timed event at 2.34: the oracle for a live `set` at 2.34. */
const BITES_STOP = `name: bites-stop
title: Bites stop
model:
  compartments: [S, Z, R]
  parameters: { alpha: 0.005, beta: 0.0095, zeta: 0.0001, delta: 0.0001, Pi: 0 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    defeat: { from: S + Z, to: S + R, rate: alpha }
    death: { from: S, to: R, rate: delta }
    resurrect: { from: R, to: Z, rate: zeta }
    birth: { from: 0, to: S, law: Pi }
initial: { S: 500, Z: 1, R: 0 }
time: { until: 10, every: 0.1, unit: day }
events:
  - { at: 2.34, set: { beta: 0 } }
`;

const grid = [...outputTimes(10, 0.1)];

describe('live control of the ODE engine', () => {
  it('sets a parameter from now on, as a timed event at that time would', () => {
    const live = odeOf('munz-basic');
    live.advanceTo(2.34);
    live.control({ kind: 'set', name: 'beta', value: 0 });
    const timed = odeOf(BITES_STOP);
    for (const t of [5, 10]) {
      live.advanceTo(t);
      timed.advanceTo(t);
      const [a, b] = [stateOf(live), stateOf(timed)];
      for (let i = 0; i < a.length; i++) expect(a[i]!).toBeCloseTo(b[i]!, 3);
    }
    expect(live.interventions()).toEqual([
      { t: 2.34, intervention: { kind: 'set', name: 'beta', value: 0 } },
    ]);
  });

  it('adds to a compartment and removes from it, down to 0 but not below', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(1.05);
    const before = stateOf(engine);
    engine.control({ kind: 'add', compartment: 'Z', count: 100 });
    expect(stateOf(engine)[Z]).toBe(before[Z]! + 100);
    expect(stateOf(engine)[S]).toBe(before[S]);
    engine.control({ kind: 'add', compartment: 'S', count: -before[S]! });
    expect(stateOf(engine)[S]).toBe(0);
    engine.advanceTo(2);
    expect(stateOf(engine)[S]).toBe(0);
  });

  it('fires a named event now, a disabled one too, and lists it among the fired events', () => {
    const engine = odeOf(CULLED);
    engine.advanceTo(1.5);
    engine.control({ kind: 'fire', event: 'nuke' });
    expect([stateOf(engine)[S], stateOf(engine)[Z]]).toEqual([0, 0]);
    engine.control({ kind: 'fire', event: 'airdrop' });
    expect(stateOf(engine)[S]).toBe(50);
    engine.advanceTo(10);
    expect(engine.firedEvents()).toEqual([
      { name: 'airdrop', count: 2, times: [1.5, 6] },
      { name: 'nuke', count: 1, times: [1.5] },
    ]);
  });

  it('refuses what it cannot apply with InvalidIntervention, changing nothing', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(2.5);
    const before = stateOf(engine);
    const refused: [Parameters<typeof engine.control>[0], RegExp][] = [
      [{ kind: 'set', name: 'beat', value: 0.01 }, /unknown parameter 'beat' \(did you mean beta\?\)/],
      [{ kind: 'set', name: 'beta', value: Number.NaN }, /finite/],
      [{ kind: 'set', name: 'beta', value: -1 }, /rate is negative/],
      [{ kind: 'add', compartment: 'Q', count: 1 }, /unknown compartment 'Q'/],
      [{ kind: 'add', compartment: 'Z', count: 1, place: 'lobby' }, /no places/],
      [
        { kind: 'add', compartment: 'S', count: -1e6 },
        /cannot remove 1e\+6 from 'S'|cannot remove 1000000 from 'S'/,
      ],
      [{ kind: 'fire', event: 'strike' }, /unknown event 'strike'; the scenario has no events/],
    ];
    for (const [intervention, message] of refused) {
      expect(() => engine.control(intervention)).toThrow(InvalidIntervention);
      expect(() => engine.control(intervention)).toThrow(message);
    }
    expect(firstDifference(stateOf(engine), before)).toBe(-1);
    expect(engine.interventions()).toEqual([]);
    engine.advanceTo(10);
    expect(firstDifference(stateOf(engine), stateOf(advanced(odeOf('munz-basic'), 10)))).toBe(-1);
  });

  it('forgets the milestones and the conditional event it had seen past the cut', () => {
    const plain = advanced(odeOf(CULLED), 10);
    const firstCull = plain.firedEvents()[0]!.times[0]!;
    // Just before the first cull, inside the step that found it: remove half of the zombies.
    const engine = odeOf(CULLED);
    engine.advanceTo(firstCull - 1e-4);
    engine.control({ kind: 'add', compartment: 'Z', count: -50 });
    engine.advanceTo(10);
    expect(engine.firedEvents()[0]!.times[0]).toBeGreaterThan(firstCull + 0.1);
    // munz-basic: the zombies overtake the humans near 2.75; remove them all just before.
    const overtake = advanced(odeOf('munz-basic'), 10)
      .milestones()
      .overtakes.find((o) => o.a === Z && o.b === S)!;
    const cleared = odeOf('munz-basic');
    cleared.advanceTo(overtake.t - 1e-4);
    cleared.control({ kind: 'add', compartment: 'Z', count: -stateOf(cleared)[Z]! });
    expect(cleared.milestones().extinct[Z]).toBe(overtake.t - 1e-4);
    cleared.advanceTo(10);
    const milestones = cleared.milestones();
    expect(milestones.overtakes.find((o) => o.a === Z && o.b === S)).toBeUndefined();
    // The dead rise again (munz-basic's ζ): the zombies are back, so they have not died out.
    expect(stateOf(cleared)[Z]).toBeGreaterThan(1);
    expect(milestones.extinct[Z]).toBeNaN();
  });

  it('replays from its log: a fresh engine given the same interventions at the same times gives the same bytes', () => {
    const log: LoggedIntervention[] = [
      { t: 0, intervention: { kind: 'add', compartment: 'Z', count: 3 } },
      { t: 1.2345, intervention: { kind: 'set', name: 'beta', value: 0.004 } },
      { t: 2.5, intervention: { kind: 'fire', event: 'cull' } },
      { t: 2.5, intervention: { kind: 'add', compartment: 'R', count: 7.5 } },
      { t: 6, intervention: { kind: 'fire', event: 'nuke' } },
      { t: 6.05, intervention: { kind: 'add', compartment: 'S', count: 20 } },
    ];
    // The original run: observing the grid, with the interventions given as it passes their times.
    const original = odeOf(CULLED);
    const stops = [...new Set([...grid, ...log.map((entry) => entry.t)])].sort((a, b) => a - b);
    const values = observeAt(original, stops, grid, log);
    expect(original.interventions()).toEqual(log);
    // The replay: advance to each logged time and give it, then go to the end.
    const replay = odeOf(CULLED);
    for (const { t, intervention } of original.interventions()) {
      replay.advanceTo(t);
      replay.control(intervention);
    }
    replay.advanceTo(10);
    expect(firstDifference(replay.snapshot(), original.snapshot())).toBe(-1);
    // And a replay that stops on the grid only gives the original's observations, bit for bit.
    const again = odeOf(CULLED);
    expect(firstDifference(observeAt(again, grid, grid, log), values)).toBe(-1);
    expect(again.firedEvents()).toEqual(original.firedEvents());
    expect(again.milestones()).toEqual(original.milestones());
  });

  it('keeps its log in the snapshot', () => {
    const engine = odeOf('munz-basic');
    engine.advanceTo(1.5);
    engine.control({ kind: 'set', name: 'alpha', value: 0.02 });
    engine.advanceTo(1.7);
    engine.control({ kind: 'add', compartment: 'Z', count: 5 });
    engine.advanceTo(2.25);
    const restored = odeOf('munz-basic');
    restored.restore(engine.snapshot());
    expect(restored.interventions()).toEqual(engine.interventions());
    restored.advanceTo(10);
    engine.advanceTo(10);
    expect(firstDifference(restored.snapshot(), engine.snapshot())).toBe(-1);
  });
});

function advanced<T extends { advanceTo(t: number): void }>(engine: T, t: number): T {
  engine.advanceTo(t);
  return engine;
}
