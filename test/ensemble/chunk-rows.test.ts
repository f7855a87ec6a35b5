import { describe, expect, it } from 'vitest';
import { outputTimes } from '../../src/engines/trajectory.js';
import { type ChunkJob, runChunkJob } from '../../src/ensemble/chunk-job.js';
import { unpackTrajectories } from '../../src/ensemble/pack.js';
import { compileSpec, type RunSpec } from '../../src/ensemble/run-spec.js';
import { replicateRow, rowRoles } from '../../src/ensemble/sweep/run-row.js';
import { ThreadRunner } from '../../src/ensemble/thread-runner.js';
import { builtinText } from '../../src/scenario/files.js';
import { buildingScenario } from '../engines/agents/helpers.js';

/** A few agents in one room for ten seconds: an engine with a story (`humans_left` …). */
const agents: RunSpec = {
  text: buildingScenario({ floors: [['#######', '#[a]..#', '#.....#', '#######']] }),
  file: 'mini.yaml',
  settings: [],
  seed: 3,
  keepEvents: 'none',
};
/** munz-basic on the SSA over two days: roles, so `took_off` is true or false. */
const ssa: RunSpec = {
  text: builtinText('munz-basic'),
  file: 'munz-basic',
  settings: ['time.until=2'],
  engine: 'ssa',
  seed: 11,
  keepEvents: 'none',
};
/** The same on the ODE: no roles, so `took_off` is undefined. */
const ode: RunSpec = { ...ssa, engine: undefined };

/** The rows of a chunk computed here from its packed trajectories and extras, as sweeps did before rows travelled. */
function rowsFromTrajectories(job: ChunkJob) {
  const compiled = compileSpec(job.spec);
  const times = outputTimes(compiled.time.until, compiled.time.every);
  const { packed, extras } = runChunkJob(job);
  return unpackTrajectories(packed, compiled.network.compartments, times).map((run, i) =>
    replicateRow({ ...run, story: extras[i]?.story }, job.first + i, rowRoles(compiled)),
  );
}

describe('a chunk of rows (ChunkJob.rows)', () => {
  it('gives the rows computed from the same chunk’s trajectories, and no trajectories', () => {
    for (const [spec, first, count] of [
      [agents, 1, 2],
      [ssa, 3, 4],
      [ode, 0, 1],
    ] as const) {
      const result = runChunkJob({ spec, first, count, rows: true });
      const expected = rowsFromTrajectories({ spec, first, count });
      expect(result.packed).toHaveLength(0);
      expect(result.extras).toEqual([]);
      expect(result.rows).toEqual(expected);
      expect(result.rows!.map((row) => row.replicate)).toEqual(
        Array.from({ length: count }, (_, i) => first + i),
      );
    }
    // The cases cover what a row carries: a story, took_off either way, and none on the ODE.
    expect(
      runChunkJob({ spec: agents, first: 0, count: 1, rows: true }).rows![0]!.story.size,
    ).toBeGreaterThan(0);
    expect(runChunkJob({ spec: ode, first: 0, count: 1, rows: true }).rows![0]!.tookOff).toBeUndefined();
    const tookOff = runChunkJob({ spec: ssa, first: 0, count: 8, rows: true }).rows!.map(
      (row) => row.tookOff,
    );
    expect(tookOff.every((value) => typeof value === 'boolean')).toBe(true);
  });

  it('comes back from a worker thread as it does in this one', async () => {
    const runner = new ThreadRunner(1);
    try {
      const job: ChunkJob = { spec: agents, first: 0, count: 2, rows: true };
      const result = await runner.run(job);
      expect(result.rows).toEqual(runChunkJob(job).rows);
      expect(result.rows![0]!.story).toBeInstanceOf(Map);
    } finally {
      await runner.close();
    }
  });
});
