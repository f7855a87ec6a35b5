import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { csvRows, csvToParquet } from '../../src/output/csv-parquet.js';
import { type ParquetColumn, parquetTable } from '../../src/output/parquet.js';
import { parquetTwin } from '../../src/output/parquet-twins.js';

/** The rows of Parquet bytes, read by hyparquet (a reader independent of the writer). */
function readRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: arrayBufferOf(bytes) });
}

/** Each column's name and type as the file's schema has them (`STRING` for UTF-8 byte arrays). */
function schemaOf(bytes: Uint8Array): string[] {
  return parquetMetadata(arrayBufferOf(bytes))
    .schema.slice(1)
    .map((e) => `${e.name}:${e.converted_type === 'UTF8' ? 'STRING' : e.type}`);
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('parquetTable', () => {
  it('round-trips doubles (NaN as null, ±Infinity and -0 kept), 32-bit integers and text', async () => {
    const row = fc.record({
      d: fc.double(),
      i: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      s: fc.option(fc.string({ unit: 'grapheme' })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (rows) => {
        const bytes = parquetTable([
          { name: 'd', type: 'DOUBLE', data: rows.map((r) => r.d) },
          { name: 'i', type: 'INT32', data: rows.map((r) => r.i) },
          { name: 's', type: 'STRING', data: rows.map((r) => r.s) },
        ]);
        const expected = rows.map((r) => ({ d: Number.isNaN(r.d) ? null : r.d, i: r.i, s: r.s }));
        // toEqual tells -0 from 0, so a sign lost on the way fails too.
        expect(await readRows(bytes)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('gives each column its type', () => {
    const bytes = parquetTable([
      { name: 'run', type: 'INT32', data: [0] },
      { name: 't', type: 'DOUBLE', data: [0.5] },
      { name: 'group', type: 'STRING', data: ['staff'] },
    ]);
    expect(schemaOf(bytes)).toEqual(['run:INT32', 't:DOUBLE', 'group:STRING']);
  });

  it('refuses an INT32 column with a fraction or a number beyond 32 bits, and ragged columns', () => {
    const int = (data: number[]): ParquetColumn[] => [{ name: 'n', type: 'INT32', data }];
    expect(() => parquetTable(int([1, 2.5]))).toThrow(/'n' is INT32 but row 1 holds 2.5/);
    expect(() => parquetTable(int([2 ** 31]))).toThrow(RangeError);
    expect(() =>
      parquetTable([
        { name: 'a', type: 'DOUBLE', data: [1, 2] },
        { name: 'b', type: 'DOUBLE', data: [1] },
      ]),
    ).toThrow(/'b' has 1 rows, not 2/);
  });
});

describe('csvRows', () => {
  it('reads quoted fields with commas, quotes and line breaks, and empty fields', () => {
    const csv = 'id,name,where\n0,,"hall, 2F"\n1,"Nam ""On-jo""","roof\nstairs"\n2,x,\n';
    expect(csvRows(csv)).toEqual([
      ['id', 'name', 'where'],
      ['0', '', 'hall, 2F'],
      ['1', 'Nam "On-jo"', 'roof\nstairs'],
      ['2', 'x', ''],
    ]);
    expect(csvRows('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses a ragged row and an unclosed quote', () => {
    expect(() => csvRows('a,b\n1\n')).toThrow(/line 2 has 1 fields, not 2/);
    expect(() => csvRows('a\n"open\n')).toThrow(/not closed/);
  });
});

describe('csvToParquet', () => {
  it('types columns as declared, infers the rest, and reads empty cells as null', async () => {
    const csv = 'run,t,group,note,x,blank\n0,0.5,1,a,1,\n1,2,staff,,NaN,\n';
    const bytes = csvToParquet(csv, { run: 'INT32', group: 'STRING' });
    expect(schemaOf(bytes)).toEqual([
      'run:INT32',
      't:DOUBLE',
      'group:STRING',
      'note:STRING',
      'x:DOUBLE',
      'blank:DOUBLE',
    ]);
    expect(await readRows(bytes)).toEqual([
      { run: 0, t: 0.5, group: '1', note: 'a', x: 1, blank: null },
      { run: 1, t: 2, group: 'staff', note: null, x: null, blank: null },
    ]);
  });

  it('refuses a cell that does not fit its declared type', () => {
    expect(() => csvToParquet('t\nsoon\n', { t: 'DOUBLE' })).toThrow(/'t' is DOUBLE but row 1 holds 'soon'/);
    expect(() => csvToParquet('n\n0x10\n', { n: 'INT32' })).toThrow(RangeError);
  });
});

describe('parquetTwin', () => {
  it('twins the engine tables, also in a replicate folder, and nothing else', () => {
    expect(parquetTwin('groups.csv', 't,group\n0,staff\n')?.path).toBe('groups.parquet');
    expect(parquetTwin('replicates/3/agents.csv', 'id\n0\n')?.path).toBe('replicates/3/agents.parquet');
    expect(parquetTwin('events.jsonl', '{}\n')).toBeUndefined();
    expect(parquetTwin('contrast.csv', 't\n0\n')).toBeUndefined();
  });

  it("keeps agents.csv's text columns STRING even when empty throughout", () => {
    const csv = 'id,name,group,class,role,start,end,where,walk,run\n0,,a,,,human,zombie,hall,,\n';
    const schema = schemaOf(parquetTwin('agents.csv', csv)!.bytes);
    expect(schema).toEqual([
      'id:INT32',
      'name:STRING',
      'group:STRING',
      'class:STRING',
      'role:STRING',
      'start:STRING',
      'end:STRING',
      'where:STRING',
      'walk:DOUBLE',
      'run:DOUBLE',
    ]);
  });
});
