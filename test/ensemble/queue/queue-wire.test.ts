import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { VERSION } from '../../../src/core/version.js';
import { runChunkJob } from '../../../src/ensemble/chunk-job.js';
import {
  chunkJobId,
  chunkPayload,
  RefusedPayload,
  readChunkPayload,
} from '../../../src/ensemble/queue/chunk-payload.js';
import { parseRedisAddress } from '../../../src/ensemble/queue/redis-address.js';
import { decodeChunkResult, encodeChunkResult } from '../../../src/ensemble/queue/result-codec.js';
import type { RunSpec } from '../../../src/ensemble/run-spec.js';
import { buildingScenario } from '../../engines/agents/helpers.js';
import { VALID } from '../../helpers.js';

const spec: RunSpec = { text: VALID, file: 'tiny.yaml', settings: ['beta=0.02'], engine: 'ssa', seed: 5 };

describe('queue jobs', () => {
  it('have ids that depend on their content only, not on the order of its fields', () => {
    const id = chunkJobId(chunkPayload({ spec, first: 0, count: 4 }));
    const reordered: RunSpec = {
      seed: 5,
      engine: 'ssa',
      settings: ['beta=0.02'],
      file: 'tiny.yaml',
      text: VALID,
    };
    expect(chunkJobId(chunkPayload({ spec: reordered, first: 0, count: 4 }))).toBe(id);
    expect(
      chunkJobId(chunkPayload({ spec: { ...spec, firstReplicate: undefined }, first: 0, count: 4 })),
    ).toBe(id);
    expect(chunkJobId(chunkPayload({ spec, first: 4, count: 4 }))).not.toBe(id);
    expect(chunkJobId(chunkPayload({ spec: { ...spec, seed: 6 }, first: 0, count: 4 }))).not.toBe(id);
    // Rows or trajectories: two results, two jobs; an absent `rows` is no `rows`.
    expect(chunkJobId(chunkPayload({ spec, first: 0, count: 4, rows: true }))).not.toBe(id);
    expect(chunkJobId(chunkPayload({ spec, first: 0, count: 4, rows: undefined }))).toBe(id);
    expect(id).toMatch(/^chunk-[0-9a-f]{64}$/);
  });

  it('are read back as they were sent, JSON and all', () => {
    const payload = chunkPayload({
      spec: { ...spec, interventions: [{ t: 1, intervention: { kind: 'add', compartment: 'Z', count: 2 } }] },
      first: 8,
      count: 3,
    });
    const read = readChunkPayload(JSON.parse(JSON.stringify(payload)));
    expect(chunkJobId(chunkPayload(read))).toBe(chunkJobId(payload));
    expect(read.rows).toBeUndefined();
    const rows = chunkPayload({ spec, first: 8, count: 3, rows: true });
    const readRows = readChunkPayload(JSON.parse(JSON.stringify(rows)));
    expect(readRows.rows).toBe(true);
    expect(chunkJobId(chunkPayload(readRows))).toBe(chunkJobId(rows));
  });

  it('are refused when malformed, oversized or of another version, with the reason', () => {
    const good = chunkPayload({ spec, first: 0, count: 1 });
    const refusals: [unknown, RegExp][] = [
      [null, /the job: .*object/],
      [{ ...good, extra: 1 }, /extra/],
      [{ ...good, count: 0 }, /count/],
      [{ ...good, count: 5000 }, /count/],
      [{ ...good, first: -1 }, /first/],
      [{ ...good, rows: false }, /rows/],
      [{ ...good, rows: 'yes' }, /rows/],
      [{ ...good, rows: 1 }, /rows/],
      [{ ...good, spec: { ...spec, seed: 1.5 } }, /spec\.seed/],
      [{ ...good, spec: { ...spec, settings: Array(1001).fill('a=1') } }, /spec\.settings/],
      [{ ...good, spec: { ...spec, engine: 'eval' } }, /spec\.engine/],
      [
        { ...good, spec: { ...spec, interventions: [{ t: 0, intervention: { kind: 'exec' } }] } },
        /interventions/,
      ],
      [
        { ...good, version: '9.9.9' },
        new RegExp(`undead 9\\.9\\.9 and this worker is undead ${VERSION.replaceAll('.', '\\.')}`),
      ],
    ];
    for (const [data, reason] of refusals) {
      expect(() => readChunkPayload(data)).toThrow(RefusedPayload);
      expect(() => readChunkPayload(data)).toThrow(reason);
    }
  });
});

describe('chunk results through JSON', () => {
  it('come back with the very numbers, typed arrays and stories of a chunk run here', () => {
    const result = runChunkJob({ spec, first: 0, count: 3 });
    const back = decodeChunkResult(encodeChunkResult(result));
    expect(back.packed).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.packed.buffer).equals(Buffer.from(result.packed.buffer))).toBe(true);
    expect(back.extras).toEqual(result.extras);
  });

  it('come back as the very rows of a chunk of rows, stories (Maps, in order) and all', () => {
    const agents: RunSpec = {
      text: buildingScenario({ floors: [['#######', '#[a]..#', '#.....#', '#######']] }),
      file: 'mini.yaml',
      settings: [],
      seed: 3,
      keepEvents: 'none',
    };
    const result = runChunkJob({ spec: agents, first: 2, count: 2, rows: true });
    const back = decodeChunkResult(encodeChunkResult(result));
    expect(back).toEqual(result);
    const [row] = back.rows!;
    expect(row!.final).toBeInstanceOf(Float64Array);
    expect(row!.story).toBeInstanceOf(Map);
    expect([...row!.story.keys()]).toEqual([...result.rows![0]!.story.keys()]);
    // A Map keeps what its keys and values were: null, NaN and keys that look like numbers, in order.
    const story = new Map<string, number | null>([
      ['z', 1],
      ['10', null],
      ['a', Number.NaN],
    ]);
    const made = { ...result, rows: [{ ...result.rows![0]!, story }] };
    const again = decodeChunkResult(encodeChunkResult(made)).rows![0]!.story;
    expect([...again]).toEqual([...story]);
  });

  it('keep what JSON alone loses: NaN, infinities, −0, undefined members, bytes and objects with a $ key', () => {
    const extras = [
      {
        artifacts: { 'replay.bin': new Uint8Array([0, 1, 255]), 'a.csv': 'x,y\n' },
        story: {
          nan: Number.NaN,
          inf: Infinity,
          ninf: -Infinity,
          zero: -0,
          gone: undefined,
          $: 'dollar',
          list: [1, undefined],
        },
      },
    ];
    const result = { packed: new Float64Array([1.5, Number.NaN, -0, Infinity]), extras, failure: 'boom' };
    const back = decodeChunkResult(encodeChunkResult(result));
    expect(back).toEqual(result);
    expect(Object.is(back.packed[2], -0)).toBe(true);
    expect(Object.is((back.extras[0]!.story as { zero: number }).zero, -0)).toBe(true);
    expect('gone' in back.extras[0]!.story!).toBe(true);
    expect(back.extras[0]!.artifacts!['replay.bin']).toBeInstanceOf(Uint8Array);
  });

  it('refuse text that is not a chunk result', () => {
    expect(() => decodeChunkResult('{"packed":1,"extras":[]}')).toThrow(/not the result of a chunk/);
    expect(() => decodeChunkResult('{"$":"eval"}')).toThrow(/unknown tag/);
    const empty = '{"packed":{"$":"f64","data":""},"extras":[]';
    expect(() => decodeChunkResult(`${empty},"rows":{}}`)).toThrow(/not the result of a chunk/);
    expect(() => decodeChunkResult(`${empty},"rows":[{"story":{"$":"map","entries":[[1]]}}]}`)).toThrow(
      /not a \[key, value\] pair/,
    );
  });
});

describe('--queue addresses', () => {
  it('are redis://HOST:PORT[/DB]', () => {
    expect(parseRedisAddress('redis://10.0.0.5:6380/2')).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      db: 2,
    });
    expect(parseRedisAddress('redis://box')).toMatchObject({
      host: 'box',
      port: 6379,
      db: 0,
      shown: 'redis://box:6379',
    });
    expect(parseRedisAddress('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
    const secret = parseRedisAddress('redis://:s3cret@box:6379');
    expect(secret.password).toBe('s3cret');
    expect(secret.shown).not.toContain('s3cret');
  });

  it('are refused otherwise, as input errors at --queue', () => {
    for (const text of [
      '127.0.0.1:6379',
      'http://box:6379',
      'rediss://box:6379',
      'redis://box:6379/x',
      'redis://box:6379?db=1',
    ])
      expect(() => parseRedisAddress(text), text).toThrow(InputError);
    expect(() => parseRedisAddress('http://box:1')).toThrow(/--queue: .*expected redis:\/\/HOST:PORT/);
    // A port past 65535 is named as such, not as a text that is no URL.
    expect(() => parseRedisAddress('redis://127.0.0.1:99999')).toThrow(
      "--queue: port '99999' is not from 1 to 65535",
    );
  });
});
