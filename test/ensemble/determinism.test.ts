import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { outputTimes, record } from '../../src/engines/trajectory.js';
import { runChunkJob } from '../../src/ensemble/chunk-job.js';
import { runEnsemble } from '../../src/ensemble/run-ensemble.js';
import { compileSpec, type RunSpec } from '../../src/ensemble/run-spec.js';
import { PROGRESS_PARTS, replicateCounter } from '../../src/ensemble/worker.js';
import { readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { temporaryDir, undead } from '../helpers.js';

const file = scenarioPath('alemi-szr');
const spec = (engine: 'ssa' | 'tau', settings: string[] = []): RunSpec => ({
  text: readScenarioText(file),
  file,
  settings: ['S=1980', 'Z=20', ...settings],
  engine,
  seed: 7,
});

describe('ensembles are deterministic', () => {
  it.each(['ssa', 'tau'] as const)(
    '%s: 1 and 2 workers give the same trajectories, in replicate order',
    async (engine) => {
      const one = await runEnsemble(spec(engine), { runs: 60, workers: 1 });
      const two = await runEnsemble(spec(engine), { runs: 60, workers: 2 });
      expect(two.map((run) => run.values)).toEqual(one.map((run) => run.values));
      expect(two.map((run) => run.eventCount)).toEqual(one.map((run) => run.eventCount));
    },
  );

  it('replicate r is the run on stream (seed, r) alone, wherever it ran', async () => {
    const runs = await runEnsemble(spec('ssa'), { runs: 40, workers: 2 });
    const compiled = compileSpec(spec('ssa'));
    const times = outputTimes(compiled.time.until, compiled.time.every);
    for (const r of [0, 17, 39]) {
      const alone = record(createEngine(compiled, streamFor(7, r)), times);
      expect(runs[r]!.values).toEqual(alone.values);
      expect(runs[r]!.milestones?.extinct).toEqual(alone.milestones?.extinct);
    }
  });

  it('reports progress up to every replicate', async () => {
    let last = 0;
    await runEnsemble(spec('ssa'), {
      runs: 30,
      workers: 2,
      onProgress: (done) => (last = Math.max(last, done)),
    });
    expect(last).toBe(30);
  });

  it("books each running replicate's progress in the shared counts, then one finished replicate", () => {
    // What a pool thread does with a chunk (worker.ts), here in this thread, reading the counts
    // as the pool's runner does after each output row: the same on any machine.
    const counts = new Int32Array(2);
    const counter = replicateCounter(counts);
    const seen: number[] = [];
    runChunkJob({ spec: spec('ssa'), first: 0, count: 2 }, counter.done, (fraction) => {
      counter.progress(fraction);
      seen.push(counts[0]! + counts[1]! / PROGRESS_PARTS);
    });
    expect(seen.some((done) => done > 0.1 && done < 0.9)).toBe(true);
    expect(seen.some((done) => done > 1.1 && done < 1.9)).toBe(true);
    expect(seen.every((done, i) => i === 0 || done >= seen[i - 1]!)).toBe(true);
    expect(Array.from(counts)).toEqual([2, 0]);
  });

  it('counts a running replicate in thousandths, and swaps them for one when it ends', () => {
    const counts = new Int32Array(2);
    const counter = replicateCounter(counts);
    counter.progress(0.25);
    counter.progress(0.2); // a later row never books less
    expect(Array.from(counts)).toEqual([0, 250]);
    counter.progress(1);
    expect(Array.from(counts)).toEqual([0, PROGRESS_PARTS - 1]);
    counter.done();
    expect(Array.from(counts)).toEqual([1, 0]);
    counter.progress(0.5);
    expect(Array.from(counts)).toEqual([1, 500]);
  });

  it('stops when aborted, and rejects with the abort reason', async () => {
    // Aborted once a replicate has finished, not after some time: the same on any machine.
    const controller = new AbortController();
    let finishedAtAbort = 0;
    const running = runEnsemble(spec('ssa', ['S=199000', 'Z=1000']), {
      runs: 400,
      workers: 2,
      signal: controller.signal,
      onProgress: (finished) => {
        if (finished === 0 || controller.signal.aborted) return;
        finishedAtAbort = finished;
        controller.abort();
      },
    });
    await expect(running).rejects.toThrow(/abort/i);
    expect(finishedAtAbort).toBeLessThan(400);
  });

  it('undead run --workers 1 and --workers 2 write byte-identical timeseries.csv', () => {
    const outs = [1, 2].map((workers) => {
      const out = join(temporaryDir(), `w${workers}`);
      const args = ['run', 'alemi-szr', '--engine', 'ssa', '--runs', '50', '--set', 'Z=3', '--seed', '5'];
      const result = undead([
        ...args,
        '--workers',
        String(workers),
        '--out',
        out,
        '--quiet',
        '--progress',
        'none',
      ]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return readFileSync(join(out, 'timeseries.csv'));
    });
    expect(outs[0]!.length).toBeGreaterThan(50 * 401 * 10);
    expect(outs[1]!.equals(outs[0]!)).toBe(true);
  });
});
