import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { sweepText } from '../../src/cli/sweep-text.js';
import { tableCsv } from '../../src/output/sweep-tables.js';
import { temporaryDir, undead } from '../helpers.js';

/** The rows of a Parquet file, read by an independent reader (hyparquet). */
async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

/** Type-7 quantile of a sample, computed here from scratch. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

const dir = temporaryDir();
const SEED = '5';
const RUNS = 3;
const BETAS = [0.008, 0.012];
/** A small sweep: munz-basic on the SSA, two values of beta, three runs each, two days. */
const sweepArgs = (out: string, workers: number) => [
  'sweep',
  'munz-basic',
  '--engine',
  'ssa',
  '--vary',
  `beta=${BETAS.join(',')}`,
  '--runs',
  String(RUNS),
  '--seed',
  SEED,
  '--until',
  '2',
  '--workers',
  String(workers),
  '--out',
  out,
];

describe('undead sweep', () => {
  const one = join(dir, 'one');
  const two = join(dir, 'two');
  const first = undead(sweepArgs(one, 1));
  const second = undead([...sweepArgs(two, 2), '--quiet']);

  it('writes one row per run, sorted by (point, replicate)', async () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('final_S mean');
    expect(first.stdout).toContain(`outputs: ${one}`);
    const rows = await readParquet(join(one, 'results.parquet'));
    expect(rows).toHaveLength(BETAS.length * RUNS);
    rows.forEach((row, k) => {
      expect(row.point).toBe(Math.floor(k / RUNS));
      expect(row.replicate).toBe(k % RUNS);
      expect(row.beta).toBe(BETAS[Math.floor(k / RUNS)]);
      expect(row.seed).toBe(Number(SEED));
      expect(typeof row.took_off).toBe('boolean');
      // Peak times as timeseries.csv prints them, without the float noise of k · every.
      for (const c of ['S', 'Z', 'R']) {
        const t = row[`peak_t_${c}`] as number;
        expect(t).toBe(Number(t.toPrecision(12)));
      }
    });
    const summary = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({
      scenario: 'munz-basic',
      design: 'grid',
      points: 2,
      runs: RUNS,
      metric: 'final_S',
    });
    expect(summary.files).toEqual(
      expect.arrayContaining([
        'results.parquet',
        'points.parquet',
        'points.csv',
        'sweep.svg',
        'summary.json',
      ]),
    );
    expect(readFileSync(join(one, 'sweep.svg'), 'utf8')).toContain('final_S');
  });

  it("gives a point's runs the numbers `undead run --set` gives (common random numbers: stream (seed, r))", async () => {
    const out = join(dir, 'run');
    const run = undead([
      'run',
      'munz-basic',
      '--engine',
      'ssa',
      '--set',
      `beta=${BETAS[1]}`,
      '--seed',
      SEED,
      '--runs',
      String(RUNS),
      '--until',
      '2',
      '--out',
      out,
      '--quiet',
    ]);
    expect(run.status).toBe(0);
    const lines = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const last = new Map<number, Record<string, number>>();
    for (const line of lines.slice(1)) {
      const cells = line.split(',').map(Number);
      last.set(cells[0]!, Object.fromEntries(header.map((name, k) => [name, cells[k]!])));
    }
    const rows = (await readParquet(join(one, 'results.parquet'))).filter((row) => row.point === 1);
    expect(rows).toHaveLength(RUNS);
    for (const row of rows) {
      const expected = last.get(row.replicate as number)!;
      expect(expected.t).toBe(2);
      for (const c of ['S', 'Z', 'R']) expect(row[`final_${c}`]).toBe(expected[c]);
    }
  });

  it('aggregates each point in points.parquet and points.csv', async () => {
    const rows = await readParquet(join(one, 'results.parquet'));
    const points = await readParquet(join(one, 'points.parquet'));
    const csv = readFileSync(join(one, 'points.csv'), 'utf8').trim().split('\n');
    expect(points).toHaveLength(BETAS.length);
    expect(csv).toHaveLength(BETAS.length + 1);
    const csvHeader = csv[0]!.split(',');
    points.forEach((point, p) => {
      const own = rows.filter((row) => row.point === p);
      expect(point.beta).toBe(BETAS[p]);
      expect(point.runs).toBe(RUNS);
      for (const name of ['final_S', 'peak_Z', 'events']) {
        const values = own.map((row) => row[name] as number);
        expect(point[`${name}_mean`]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
        expect(point[`${name}_q05`]).toBeCloseTo(quantile(values, 0.05), 9);
        expect(point[`${name}_q50`]).toBeCloseTo(quantile(values, 0.5), 9);
        expect(point[`${name}_q95`]).toBeCloseTo(quantile(values, 0.95), 9);
        // The CSV has 12 significant digits, as summary.json; the Parquet table every bit.
        const k = csvHeader.indexOf(`${name}_mean`);
        expect(Number(csv[p + 1]!.split(',')[k])).toBe(
          Number((point[`${name}_mean`] as number).toPrecision(12)),
        );
      }
      expect(point.took_off_fraction).toBe(own.filter((row) => row.took_off).length / RUNS);
    });
  });

  it('writes the same results.parquet bytes with one worker or two', () => {
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe(two);
    expect(readFileSync(join(two, 'results.parquet'))).toEqual(readFileSync(join(one, 'results.parquet')));
    expect(readFileSync(join(two, 'points.parquet'))).toEqual(readFileSync(join(one, 'points.parquet')));
  });

  // The designs' and points' own checks are unit-tested (test/ensemble/sweep-design.test.ts,
  // run-sweep.test.ts); these go through the command.
  it('refuses bad designs with exit code 2 before anything runs', () => {
    const bad = (args: string[]) => undead(['sweep', 'munz-basic', '--until', '1', ...args]);
    const cases: [string[], string][] = [
      [
        ['--vary', 'beta=2:1:0.1'],
        '<command line>:1:1: --vary beta=2:1:0.1: FROM (2) is greater than TO (1)',
      ],
      [['--vary', 'beta=0.01,-0.5'], 'point 1 (beta=-0.5): model.parameters.beta:'],
      [['--engine', 'ssa', '--vary', 'beta=1,2', '--runs', '60000'], 'a sweep has at most 100,000'],
      [['--vary', 'beta=1,2', '--metric', 'nonsense'], "--metric: 'nonsense' is not a column"],
      // Each point's budget, not the base's alone: this one crashed V8 allocating 1e10 rows.
      [
        ['--vary', 'time.until=1,1e9'],
        'point 1 (time.until=1000000000): time.until: asks for 1e10 output rows',
      ],
      // One field under two names: the later's values silently won.
      [
        ['--vary', 'S=100,500', '--vary', 'initial.S=200,300'],
        '--vary: initial.S is varied twice, as S and as initial.S',
      ],
    ];
    for (const [args, message] of cases) {
      const result = bad([...args, '--out', join(dir, 'never')]);
      expect(result.stderr).toContain(message);
      expect(result.status).toBe(2);
    }
  });

  it('names FILE:LINE:COL and the field of a bad point in a points file', () => {
    const file = join(dir, 'points.csv');
    writeFileSync(file, 'beta,alpha\n0.01,0.005\n0.02,-1\n');
    const result = undead(['sweep', 'munz-basic', '--points', file, '--out', join(dir, 'never')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^${file}:3:6: alpha: point 1 \\(beta=0.02, alpha=-1\\): model.parameters.alpha: `),
    );
    // A point over the budget too, at the value that asks for it (it was the row's start, in '(file)').
    writeFileSync(file, 'beta,time.until\n0.01,10\n0.02,1e9\n');
    const long = undead(['sweep', 'munz-basic', '--points', file, '--out', join(dir, 'never')]);
    expect(long.status).toBe(2);
    expect(long.stderr).toContain(
      `${file}:3:6: time.until: point 1 (beta=0.02, time.until=1000000000): time.until: asks for 1e10 output rows`,
    );
  });
});

describe('the sweep table for people', () => {
  it('lines its figures up under a long label', () => {
    const origin = { file: 'x', line: 1, col: 1, path: '' };
    const design = {
      kind: 'points' as const,
      names: ['world.behaviours.zombie.follow-sound.enabled'],
      words: [true],
      points: [
        { values: ['true'], origin },
        { values: ['false'], origin },
      ],
    };
    const text = sweepText('head', design, 'lost', { mean: [35.25, 3], q05: [1, 0], q95: [103.45, 9] }, true);
    const [, title, ...rows] = text.split('\n');
    const column = title!.indexOf('lost mean');
    for (const row of rows) expect(row.slice(column)).toMatch(/^\d/);
  });

  it('writes points.csv without float noise', () => {
    const csv = tableCsv([
      { name: 'q05', type: 'DOUBLE', data: [3.1999999999999957, 0.11000000000000001, 2] },
    ]);
    expect(csv).toBe('q05\n3.2\n0.11\n2\n');
  });
});
