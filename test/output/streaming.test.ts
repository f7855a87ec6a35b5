import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/engines/trajectory.js';
import { CHUNK_CHARS, writeChunks } from '../../src/output/chunked-file.js';
import { quantilesCsvChunks } from '../../src/output/quantiles.js';
import { chartRows } from '../../src/output/run-charts.js';
import { timeseriesCsvChunks } from '../../src/output/timeseries-csv.js';
import { temporaryDir } from '../helpers.js';

/** A run of `rows` rows of S, Z with easy values: S = 1000 − row, Z = row / 4. */
function synthetic(rows: number, shift = 0): Trajectory {
  const times = Float64Array.from({ length: rows }, (_, row) => row * 0.1);
  const values = new Float64Array(rows * 2);
  for (let row = 0; row < rows; row++) {
    values[2 * row] = 1000 - row + shift;
    values[2 * row + 1] = row / 4;
  }
  return { compartments: ['S', 'Z'], times, values, eventCount: 0, milestones: undefined };
}

describe('streaming tables', () => {
  it('writes timeseries.csv in bounded chunks that join to the same text as one string', () => {
    const runs = [synthetic(60_000), synthetic(60_000, 1)];
    const chunks = [...timeseriesCsvChunks(runs)];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeLessThan(CHUNK_CHARS + 100);
      expect(chunk.endsWith('\n')).toBe(true);
    }
    // An independent rendering of the same table: String() of each number, as the format promises.
    const expected = ['run,t,S,Z'];
    for (let r = 0; r < runs.length; r++) {
      for (let row = 0; row < 60_000; row++)
        expected.push(`${r},${String(Number((row * 0.1).toPrecision(12)))},${1000 - row + r},${row / 4}`);
    }
    expect(chunks.join('')).toBe(`${expected.join('\n')}\n`);
  });

  it('computes quantiles.csv row by row in bounded chunks', () => {
    const runs = [synthetic(30_000), synthetic(30_000, 2), synthetic(30_000, 4)];
    const chunks = [...quantilesCsvChunks(runs)];
    expect(chunks.length).toBeGreaterThan(2);
    const lines = chunks.join('').split('\n');
    expect(lines[0]).toBe('t,compartment,mean,q05,q25,q50,q75,q95');
    // S over the three runs is 1000 − row + {0, 2, 4}: mean and median + 2, quantiles linear between.
    expect(lines[1]).toBe('0,S,1002,1000.2,1001,1002,1003,1003.8');
    expect(lines[2]).toBe('0,Z,0,0,0,0,0,0');
    expect(lines.length).toBe(1 + 2 * 30_000 + 1);
    // To 12 figures, as summary.json: the 95% point of {0, 0, 1} is 0.9, which doubles made 0.8999999999999999.
    const noisy = [0, 0, 1].map((z) => ({ ...synthetic(1), values: Float64Array.of(0, z) }));
    expect([...quantilesCsvChunks(noisy)].join('').split('\n')[2]).toBe('0,Z,0.333333333333,0,0,0,0.5,0.9');
  });

  it('writes the chunks to a new file, and stops at an aborted signal', async () => {
    const path = join(temporaryDir(), 'table.csv');
    await writeChunks(path, ['a,b\n', new Uint8Array([0x31, 0x2c, 0x32, 0x0a]), ''], undefined);
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    await expect(writeChunks(path, ['again'])).rejects.toThrow(/EEXIST/);
    const controller = new AbortController();
    const chunks = function* () {
      yield 'first\n';
      controller.abort(new Error('stopped'));
      yield 'second\n';
    };
    const other = join(temporaryDir(), 'stopped.csv');
    await expect(writeChunks(other, chunks(), controller.signal)).rejects.toThrow('stopped');
    expect(readFileSync(other, 'utf8')).toBe('first\n');
  });

  it('draws at most 5000 output times, always the first and the last', () => {
    expect(Array.from(chartRows(4))).toEqual([0, 1, 2, 3]);
    expect(chartRows(5000).length).toBe(5000);
    const rows = chartRows(10_000_001);
    expect(rows.length).toBeLessThanOrEqual(5000);
    expect(rows[0]).toBe(0);
    expect(rows[rows.length - 1]).toBe(10_000_000);
    for (let k = 1; k < rows.length; k++) expect(rows[k]!).toBeGreaterThan(rows[k - 1]!);
  });
});
