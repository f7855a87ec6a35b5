import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { outputTimes } from '../../src/engines/trajectory.js';
import { type ChunkJob, type ChunkResult, runChunkJob } from '../../src/ensemble/chunk-job.js';
import type { ChunkRunner } from '../../src/ensemble/chunk-runner.js';
import { unpackTrajectories } from '../../src/ensemble/pack.js';
import { gridDesign } from '../../src/ensemble/sweep/grid-design.js';
import { planPoints } from '../../src/ensemble/sweep/point-plans.js';
import { runSweep } from '../../src/ensemble/sweep/run-sweep.js';
import { parseVaryFlag } from '../../src/ensemble/sweep/vary-flag.js';
import { builtinText } from '../../src/scenario/files.js';

/**
 * A runner in this thread that hands its results back in the reverse order of the jobs it was
 * given at once (as a queue with uneven workers might), with one slot.
 */
class BackwardsRunner implements ChunkRunner {
  readonly slots = 1;
  readonly jobs: ChunkJob[] = [];
  /** The jobs in the order their results were handed back. */
  readonly released: ChunkJob[] = [];
  private done = 0;
  private waiting: (() => void)[] = [];

  run(job: ChunkJob): Promise<ChunkResult> {
    this.jobs.push(job);
    const result = runChunkJob(job);
    this.done += job.count;
    return new Promise((resolve) => {
      this.waiting.unshift(() => {
        this.released.push(job);
        resolve(result);
      });
      // Release the newest first, once every lane has handed in its job.
      queueMicrotask(() => {
        for (const release of this.waiting.splice(0)) release();
      });
    });
  }

  finished(): number {
    return this.done;
  }

  async close(): Promise<void> {}
}

describe('runSweep', () => {
  const design = gridDesign([parseVaryFlag('beta=0.008,0.01,0.012')]);
  const base = {
    text: builtinText('munz-basic'),
    file: 'munz-basic',
    settings: ['time.until=1'],
    seed: 9,
    engine: 'ssa' as const,
  };
  const plans = planPoints(base, design, 6);

  it('returns one row per run in (point, replicate) order, whatever order the chunks come back in', async () => {
    const runner = new BackwardsRunner();
    const rows = await runSweep(design, plans, { runner });
    expect(rows.map((row) => [row.point, row.replicate])).toEqual(
      [0, 1, 2].flatMap((point) => [0, 1, 2, 3, 4, 5].map((r) => [point, r])),
    );
    // Every job ran with the point's own spec: its beta, and no engine files kept.
    expect(new Set(runner.jobs.map((job) => job.spec.settings.at(-1)))).toEqual(
      new Set(['beta=0.008', 'beta=0.01', 'beta=0.012']),
    );
    expect(runner.jobs.every((job) => job.spec.keepEvents === 'none')).toBe(true);
    // And asked for rows, not trajectories: nothing but rows came back.
    expect(runner.jobs.every((job) => job.rows === true)).toBe(true);
    // The chunks did come back out of order.
    const order = runner.released.map((job) => job.first + 100 * plans.findIndex((p) => p.spec === job.spec));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    // Replicate r of a point is replicate r of an ensemble of that point's spec.
    const direct = unpackTrajectories(
      runChunkJob({ spec: plans[2]!.spec, first: 0, count: 6 }).packed,
      plans[2]!.compartments,
      outputTimes(1, 0.1),
    );
    rows
      .filter((row) => row.point === 2)
      .forEach((row, r) => {
        expect(row.events).toBe(direct[r]!.eventCount);
        expect([...row.final]).toEqual([...direct[r]!.values.slice(-3)]);
      });
  });
});

describe('planPoints', () => {
  const base = { text: builtinText('munz-basic'), file: 'munz-basic', settings: [], seed: 1 };
  const message = (vary: string[]) => {
    try {
      planPoints(base, gridDesign(vary.map(parseVaryFlag)), 1);
    } catch (error) {
      if (error instanceof InputError) return error.message;
      throw error;
    }
    throw new Error('no InputError');
  };

  it('names the bad point, where it was asked for and what is wrong', () => {
    expect(message(['gamma=1,2'])).toContain(
      "<command line>:1:1: --vary gamma=1,2: point 0 (gamma=1): gamma: 'gamma' is neither a parameter nor a compartment",
    );
    expect(message(['engine=ssa,warp'])).toBe(
      "<command line>:1:1: --vary engine=ssa,warp: point 1 (engine=warp): 'warp' is not an engine; choose one of ode, ssa, tau, lattice, agents",
    );
    // Every bad point is named, all at once; the good one is not.
    const all = message(['beta=0.01,-1', 'alpha=-1,0']);
    expect(all).toContain('point 0 (beta=0.01, alpha=-1): model.parameters.alpha');
    expect(all).toContain('point 2 (beta=-1, alpha=-1): model.parameters.beta');
    expect(all).toContain('point 3 (beta=-1, alpha=0): model.parameters.beta');
    expect(all).not.toContain('point 1 ');
  });

  it('runs the ode engine once, whatever --runs says, and keeps no engine files', () => {
    const plans = planPoints(base, gridDesign([parseVaryFlag('engine=ode,ssa')]), 7);
    expect(plans.map((plan) => [plan.engine, plan.runs])).toEqual([
      ['ode', 1],
      ['ssa', 7],
    ]);
    expect(plans.map((plan) => plan.roles === undefined)).toEqual([true, false]);
  });
});
