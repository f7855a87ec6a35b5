import { describe, expect, it } from 'vitest';
import type { Engine, Intervention, LoggedIntervention } from '../../../src/engines/engine.js';
import { InvalidIntervention } from '../../../src/model/intervention.js';
import { gridOf, irregularStops, observe, type Variant, variants } from './stochastic-variants.js';

const SCRIPT: LoggedIntervention[] = [
  { t: 0.6, intervention: { kind: 'add', compartment: 'S', count: -100 } },
  { t: 1.3, intervention: { kind: 'set', name: 'beta', value: 0.0002 } },
  { t: 2.5, intervention: { kind: 'add', compartment: 'Z', count: 25 } },
  { t: 4.05, intervention: { kind: 'fire', event: 'reinforcements' } },
  { t: 6.6, intervention: { kind: 'add', compartment: 'S', count: 100 } },
  { t: 8, intervention: { kind: 'fire', event: 'strike' } },
];

function counts(engine: Engine): number[] {
  const x = new Float64Array(engine.compartments.length);
  engine.observe(x);
  return [...x];
}

describe.each(variants().map((v) => [v.name, v] as const))('%s: live control', (_, variant: Variant) => {
  const create = () => variant.create(variant.compiled, 3);

  it('logs each intervention with its time, and its log replays to the same bytes with other stops', () => {
    const grid = gridOf(variant.compiled);
    const engine = create();
    const first = observe(engine, grid, [], SCRIPT);
    expect(engine.interventions!()).toEqual(SCRIPT);
    const replayed = observe(create(), grid, irregularStops(10, 200, 5), engine.interventions!());
    expect(replayed).toEqual(first);
    expect(first).not.toEqual(observe(create(), grid));
  });

  it('keeps the log in its snapshot', () => {
    const engine = create();
    observe(engine, gridOf(variant.compiled).subarray(0, 10), [], SCRIPT.slice(0, 4));
    const fresh = create();
    fresh.restore!(engine.snapshot!());
    expect(fresh.interventions!()).toEqual(SCRIPT.slice(0, 4));
  });

  it('adds and removes counts now, and fires a disabled event now', () => {
    const engine = create();
    engine.advanceTo(2.2);
    const before = counts(engine);
    engine.control!({ kind: 'add', compartment: 'Z', count: 30 });
    engine.control!({ kind: 'add', compartment: 'S', count: -before[0]! });
    expect(counts(engine)).toEqual([0, before[1]! + 30, before[2]!]);
    expect(engine.time).toBe(2.2);
    engine.control!({ kind: 'add', compartment: 'S', count: 1000 });
    engine.control!({ kind: 'fire', event: 'reinforcements' });
    const after = counts(engine);
    expect(after[0]! + after[2]!).toBe(1000);
    expect(after[2]).toBeGreaterThan(50);
    expect(engine.firedEvents!().find((e) => e.name === 'reinforcements')).toEqual({
      name: 'reinforcements',
      count: 1,
      times: [2.2],
    });
  });

  it('sets a parameter from now on: with beta = 0 nothing bites', () => {
    const engine = create();
    engine.advanceTo(1);
    engine.control!({ kind: 'set', name: 'beta', value: 0 });
    const s = counts(engine)[0]!;
    engine.advanceTo(4.9);
    // Only arrivals (in the watched scenario) add humans; nothing turns them.
    const arrivals = variant.compiled.network.parameterNames.includes('arrivals');
    if (arrivals) expect(counts(engine)[0]).toBeGreaterThanOrEqual(s);
    else expect(counts(engine)[0]).toBe(s);
  });

  it.each<[string, Intervention, RegExp]>([
    ['an unknown parameter', { kind: 'set', name: 'gamma', value: 1 }, /unknown parameter 'gamma'/],
    ['a rate that cannot be', { kind: 'set', name: 'beta', value: -1 }, /beta = -1 cannot apply/],
    ['an unknown compartment', { kind: 'add', compartment: 'X', count: 1 }, /unknown compartment 'X'/],
    ['a removal of more than there are', { kind: 'add', compartment: 'R', count: -1e9 }, /cannot remove/],
    ['a fraction of an individual', { kind: 'add', compartment: 'S', count: 0.5 }, /whole individuals/],
    [
      'a whole count beyond what is counted exactly',
      { kind: 'add', compartment: 'S', count: 1e16 },
      /^S cannot change by 10000000000000000: counts are whole numbers up to 2\^53 − 1 \(9007199254740991\)/,
    ],
    ['a place', { kind: 'add', compartment: 'S', count: 1, place: 'lobby' }, /has no places/],
    ['an unknown event', { kind: 'fire', event: 'nuke' }, /unknown event 'nuke'/],
  ])('refuses %s, changing nothing', (_what, intervention, message) => {
    const engine = create();
    engine.advanceTo(3.3);
    const bytes = engine.snapshot!();
    expect(() => engine.control!(intervention)).toThrow(InvalidIntervention);
    expect(() => engine.control!(intervention)).toThrow(message);
    expect(engine.snapshot!()).toEqual(bytes);
  });
});
