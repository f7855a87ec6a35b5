import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createEngine } from '../../../src/engines/create.js';
import { outputTimes, record, type Trajectory } from '../../../src/engines/trajectory.js';
import { compiledOde, firstDifference } from './helpers.js';

/** munz-basic on the engine `createEngine` makes, with `--set`-style settings. */
function runWith(settings: string[]): Trajectory {
  return record(createEngine(compiledOde('munz-basic', settings), streamFor(1, 0)), outputTimes(10, 0.1));
}

describe('the ODE options reach the engine through createEngine and --set', () => {
  it('solver.rtol and solver.atol set the tolerances', () => {
    const plain = runWith([]);
    const loose = runWith(['solver.rtol=1e-3', 'solver.atol=1e-3']);
    expect(firstDifference(loose.values, plain.values)).toBeGreaterThan(0);
    expect(firstDifference(runWith(['solver.rtol=1e-6', 'solver.atol=1e-9']).values, plain.values)).toBe(-1);
  });

  it('options.ode.milestones=false times no milestone', () => {
    const plain = runWith([]);
    expect(plain.milestones!.overtakes.length).toBeGreaterThan(0);
    const without = runWith(['options.ode.milestones=false']);
    expect(without.milestones).toEqual({ extinct: new Float64Array(3).fill(Number.NaN), overtakes: [] });
    expect(firstDifference(without.values, plain.values)).toBe(-1);
  });

  it('options.ode.wasm=false gives the same numbers', () => {
    const plain = runWith([]);
    const js = runWith(['options.ode.wasm=false']);
    expect(firstDifference(js.values, plain.values)).toBe(-1);
    expect(js.milestones).toEqual(plain.milestones);
  });

  it('counts no events: the mean field moves no individuals one by one', () => {
    expect(runWith([]).eventCount).toBe(0);
  });
});
