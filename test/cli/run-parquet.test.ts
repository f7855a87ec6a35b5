import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from '../../src/output/csv-parquet.js';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

/** A Parquet file of a run folder: its columns as `name:TYPE` and its rows, read by hyparquet. */
async function readParquet(file: string): Promise<{ schema: string[]; rows: Record<string, unknown>[] }> {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const schema = parquetMetadata(buffer)
    .schema.slice(1)
    .map((e) => `${e.name}:${e.converted_type === 'UTF8' ? 'STRING' : e.type}`);
  return { schema, rows: await parquetReadObjects({ file: buffer }) };
}

/**
 * The rows of a CSV file of a run folder as the Parquet reader should give them back: a number
 * column's cells as numbers (an empty cell or NaN as null), a STRING column's as text (empty as null).
 */
function csvAsRows(file: string, schema: readonly string[]): Record<string, unknown>[] {
  const [header, ...rows] = csvRows(readFileSync(file, 'utf8'));
  const text = new Set(schema.filter((c) => c.endsWith(':STRING')).map((c) => c.split(':')[0]));
  return rows.map((row) =>
    Object.fromEntries(
      header!.map((name, c) => {
        const cell = row[c]!;
        if (cell === '') return [name, null];
        return [name, text.has(name) ? cell : Number.isNaN(Number(cell)) ? null : Number(cell)];
      }),
    ),
  );
}

/** `undead run ARGS --parquet` into a fresh folder: the folder and what the command did. */
function runWithParquet(args: string[]): { out: string; result: CommandResult } {
  const out = join(temporaryDir(), 'run');
  const result = undead(['run', ...args, '--parquet', '--out', out, '--quiet', '--progress', 'none']);
  return { out, result };
}

describe('undead run --parquet', () => {
  describe('one ODE run', () => {
    let out = '';
    let result: CommandResult;
    beforeAll(() => ({ out, result } = runWithParquet(['munz-basic'])));

    it('writes timeseries.parquet beside timeseries.csv, and lists it in summary.json', () => {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.files).toContain('timeseries.parquet');
      expect(summary.files.indexOf('timeseries.parquet')).toBe(summary.files.indexOf('timeseries.csv') + 1);
    });

    it('holds the table of timeseries.csv, typed, value for value', async () => {
      const { schema, rows } = await readParquet(join(out, 'timeseries.parquet'));
      expect(schema).toEqual(['t:DOUBLE', 'S:DOUBLE', 'Z:DOUBLE', 'R:DOUBLE']);
      const csv = csvAsRows(join(out, 'timeseries.csv'), schema);
      expect(rows.length).toBe(101);
      expect(rows).toEqual(csv);
      // The times are the grid's as the CSV prints them, without float noise.
      expect(rows[3]!.t).toBe(0.3);
    });
  });

  describe('an SSA ensemble', () => {
    let out = '';
    let result: CommandResult;
    beforeAll(
      () =>
        ({ out, result } = runWithParquet([
          'munz-basic',
          '--engine',
          'ssa',
          '--runs',
          '3',
          '--workers',
          '1',
          '--every',
          '1',
        ])),
    );

    it('leads timeseries.parquet with an INT32 run column, as the CSV', async () => {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const { schema, rows } = await readParquet(join(out, 'timeseries.parquet'));
      expect(schema).toEqual(['run:INT32', 't:DOUBLE', 'S:DOUBLE', 'Z:DOUBLE', 'R:DOUBLE']);
      expect(rows).toEqual(csvAsRows(join(out, 'timeseries.csv'), schema));
      expect(rows.map((row) => row.run)).toEqual([0, 1, 2].flatMap((r) => Array(11).fill(r)));
      // The replicates differ: a run column over copies of one run would pass the rest.
      expect(rows[10]!.S === rows[21]!.S && rows[21]!.S === rows[32]!.S).toBe(false);
    });
  });

  describe('an agents ensemble', () => {
    let out = '';
    let result: CommandResult;
    beforeAll(
      () =>
        ({ out, result } = runWithParquet([
          'hyosan-high',
          '--until',
          '120',
          '--every',
          '30',
          '--runs',
          '2',
          '--workers',
          '1',
          '--set',
          'world.breakdown.factions=true',
        ])),
    );

    it('writes the Parquet twin of each engine table', () => {
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      for (const table of ['timeseries', 'groups', 'factions', 'agents'])
        expect(summary.files).toContain(`${table}.parquet`);
      expect(summary.files.filter((f: string) => f.endsWith('.parquet'))).toHaveLength(4);
    });

    it('holds groups.csv, stacked over runs, with typed columns', async () => {
      const { schema, rows } = await readParquet(join(out, 'groups.parquet'));
      expect(schema).toEqual([
        'run:INT32',
        't:DOUBLE',
        'group:STRING',
        'human:INT32',
        'infected:INT32',
        'zombie:INT32',
        'immune:INT32',
        'immortal:INT32',
        'dead:INT32',
      ]);
      expect(rows).toEqual(csvAsRows(join(out, 'groups.csv'), schema));
      expect(new Set(rows.map((row) => row.run))).toEqual(new Set([0, 1]));
      expect(rows.some((row) => row.group === 'staff')).toBe(true);
    });

    it('holds factions.csv and agents.csv', async () => {
      const factions = await readParquet(join(out, 'factions.parquet'));
      expect(factions.schema).toEqual([
        'run:INT32',
        't:DOUBLE',
        'faction:STRING',
        'standing:INT32',
        'joined:INT32',
      ]);
      expect(factions.rows).toEqual(csvAsRows(join(out, 'factions.csv'), factions.schema));
      const agents = await readParquet(join(out, 'agents.parquet'));
      expect(agents.schema.slice(0, 3)).toEqual(['id:INT32', 'name:STRING', 'group:STRING']);
      expect(agents.schema).toContain('courage:DOUBLE');
      expect(agents.rows).toEqual(csvAsRows(join(out, 'agents.csv'), agents.schema));
      // Named characters keep their names, everyone else has none (null, not '').
      expect(agents.rows.filter((row) => row.name !== null).length).toBeGreaterThan(0);
      expect(agents.rows.some((row) => row.name === null)).toBe(true);
    });
  });
});
