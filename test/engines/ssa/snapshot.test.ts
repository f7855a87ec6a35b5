import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { SnapshotMismatch } from '../../../src/core/snapshot-codec.js';
import type { Engine } from '../../../src/engines/engine.js';
import { StochasticEngine } from '../../../src/engines/stochastic/stochastic-engine.js';
import { tauKernel } from '../../../src/engines/tau/tau-leaping.js';
import { gridOf, type Observed, observe, type Variant, variants } from './stochastic-variants.js';

/** Cut points: the start, off the grid, at a timed event, on the grid, just before the end. */
const CUTS = [0, 2.37, 3.2, 5, 9.99];
const SEED = 7;

/** Runs to `cut` (through the grid), snapshots, restores into a fresh engine and runs that on. */
function cutAndRestore(
  variant: Variant,
  cut: number,
): { restored: Observed; bytes: Uint8Array; again: Uint8Array } {
  const grid = gridOf(variant.compiled);
  const first = variant.create(variant.compiled, SEED);
  for (const t of grid) if (t <= cut) first.advanceTo(t);
  first.advanceTo(cut);
  const bytes = first.snapshot!();
  const fresh = variant.create(variant.compiled, SEED + 1);
  fresh.restore!(bytes);
  const again = fresh.snapshot!();
  return { restored: observe(fresh, grid, [], [], cut), bytes, again };
}

/** The part of a whole run from the first grid time at or after `cut`. */
function tail(whole: Observed, variant: Variant, cut: number): Observed {
  const first = gridOf(variant.compiled).findIndex((t) => t >= cut);
  return { ...whole, rows: whole.rows.slice(first) };
}

describe.each(variants().map((v) => [v.name, v] as const))('%s: snapshots', (_, variant) => {
  it.each(CUTS)('restored at t = %s, a fresh engine continues byte for byte', (cut) => {
    const whole = observe(variant.create(variant.compiled, SEED), gridOf(variant.compiled));
    const { restored, bytes, again } = cutAndRestore(variant, cut);
    expect(again).toEqual(bytes);
    expect(restored).toEqual(tail(whole, variant, cut));
  });
});

describe('snapshots of other runs', () => {
  it("refuses another scenario's snapshot, and another engine's, with a clear message", () => {
    const all = variants();
    const outbreak = all.find((v) => v.name === 'direct, JavaScript')!;
    const watched = all.find((v) => v.name === 'direct, watched')!;
    const tau = all.find((v) => v.name === 'tau, watched')!;
    const engine = outbreak.create(outbreak.compiled, 1);
    engine.advanceTo(1);
    const bytes = engine.snapshot!();
    const other: Engine = watched.create(watched.compiled, 1);
    expect(() => other.restore!(bytes)).toThrow(SnapshotMismatch);
    expect(() => other.restore!(bytes)).toThrow(/another scenario/);
    expect(() =>
      tau.create(tau.compiled, 1).restore!(watched.create(watched.compiled, 1).snapshot!()),
    ).toThrow(/of the ssa engine, not the tau engine/);
    expect(() => engine.restore!(bytes.subarray(0, bytes.length - 3))).toThrow(/damaged/);
  });
});

describe('tau-leaping snapshots', () => {
  it('cut in the middle of a leap, keep the leap: the restored engine applies it as the whole run did', () => {
    const variant = variants().find((v) => v.name === 'tau, leaping')!;
    const { compiled } = variant;
    const { epsilon, maxEvents } = compiled.options.tau;
    const make = () => new StochasticEngine(compiled, streamFor(SEED), 'tau', tauKernel(epsilon), maxEvents);
    const grid = gridOf(compiled);
    const whole = observe(make(), grid);
    const engine = make();
    engine.advanceTo(2);
    // Find a time inside a pending leap: just after the start of the next one.
    engine.advanceTo(2 + 1e-6);
    const cut = engine.time;
    expect(engine.kernel.leapEnd).toBeGreaterThan(cut);
    const before = new Float64Array(3);
    engine.observe(before);
    const fresh = make();
    fresh.restore(engine.snapshot());
    expect(fresh.kernel.leapEnd).toBe(engine.kernel.leapEnd);
    const restored = observe(fresh, grid, [], [], cut);
    expect(restored).toEqual(tail(whole, variant, cut));
    expect(whole.rows[grid.indexOf(2)]).toEqual([...before]);
  });
});
