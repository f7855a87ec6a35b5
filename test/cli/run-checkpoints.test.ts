import { describe, expect, it } from 'vitest';
import { checkpointHooks } from '../../src/cli/run-checkpoints.js';
import type { Engine } from '../../src/engines/engine.js';
import { recordWith } from '../../src/engines/trajectory.js';
import { InvalidIntervention } from '../../src/model/intervention.js';
import { CheckpointStore, decodeData, encodeData } from '../../src/output/checkpoint.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseText, temporaryDir, VALID } from '../helpers.js';

/**
 * A stand-in engine whose state is a running sum of a hash of the times it passed, so that a
 * restore that lost or repeated anything would show.
 */
function summingEngine(): Engine & { snapshots: number } {
  let time = 0;
  let sum = 0;
  const engine = {
    compartments: ['S', 'Z', 'R'],
    snapshots: 0,
    get time() {
      return time;
    },
    eventCount: 0,
    advanceTo(t: number) {
      if (t < time) throw new RangeError('back');
      sum += Math.sin(t) * 1e6;
      time = t;
    },
    observe(out: Float64Array) {
      out.set([sum, time, -0]);
    },
    snapshot() {
      engine.snapshots++;
      return new Uint8Array(new Float64Array([time, sum]).buffer);
    },
    restore(bytes: Uint8Array) {
      const state = new Float64Array(bytes.slice().buffer);
      time = state[0]!;
      sum = state[1]!;
    },
    milestones: () => ({ extinct: new Float64Array(3).fill(Number.NaN), overtakes: [] }),
    firedEvents: () => [],
    control() {
      throw new InvalidIntervention('the stand-in takes none');
    },
    interventions: () => [],
  };
  return engine;
}

describe('checkpoints of a single run', () => {
  // VALID runs to 5 with a row every 1; with --every 0.3, rows at 0, 0.3, …, 4.8 and 5.
  const compiled = compileScenario(parseText(VALID, ['time.every=0.3']));
  const times = Float64Array.from({ length: 17 }, (_, k) => k * 0.3);
  times[16] = 5;

  it('are saved at the first output time at or after each multiple of T, and continue exactly', () => {
    const store = new CheckpointStore(`${temporaryDir()}/.run.checkpoint`);
    store.begin({ run: 'test' });
    const saved: number[] = [];
    const hooks = checkpointHooks(store, compiled, 1, 1, false);
    const engine = summingEngine();
    const whole = recordWith(engine, times, [], {
      afterRow: (row, values) => {
        hooks.checkpoints!.afterRow!(engine, row, values);
        if (engine.snapshots > saved.length) saved.push(times[row]!);
      },
    });
    // 1.2 is the first row at or after 1, 2.1 after 2, …; none at the last row (the run is done).
    expect(saved.map((t) => t.toFixed(1))).toEqual(['1.2', '2.1', '3.0', '4.2']);
    const progress = store.progress()!;
    expect(progress.rows).toBe(15);

    const resumed = checkpointHooks(store, compiled, 1, 1, true).checkpoints!.resume!;
    const fresh = summingEngine();
    fresh.restore(resumed.snapshot);
    const continued = recordWith(fresh, times, [], { resume: resumed });
    expect(continued.values).toEqual(whole.values);
  });

  it('keep every number exactly, -0 and NaN included', () => {
    const values = new Float64Array([0.1 + 0.2, -0, Number.NaN, 1e-310, Number.MAX_VALUE]);
    const plain = [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1];
    const back = decodeData(encodeData({ values, bytes: new Uint8Array([0, 255]), plain })) as {
      values: Float64Array;
      bytes: Uint8Array;
      plain: number[];
    };
    expect(new Uint8Array(back.values.buffer)).toEqual(new Uint8Array(values.buffer));
    expect(back.bytes).toEqual(new Uint8Array([0, 255]));
    expect(back.plain).toHaveLength(plain.length);
    back.plain.forEach((v, k) => {
      expect(Object.is(v, plain[k])).toBe(true);
    });
  });
});
