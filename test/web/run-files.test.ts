import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRun, RunUnreadable } from '../../web/src/run-files.js';
import { parseGroupSeries, parseSeries } from '../../web/src/series.js';

/** The viewer's reading of a run folder, without a browser: the files are served by a stubbed fetch. */

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the viewer's reading of timeseries.csv and groups.csv", () => {
  it('reads numbers into columns', () => {
    const series = parseSeries('t,S,Z,R\n0,500,1,0\n0.1,499,2,0\n');
    expect(series.names).toEqual(['S', 'Z', 'R']);
    expect([...series.t]).toEqual([0, 0.1]);
    expect([...series.columns[1]!]).toEqual([1, 2]);
  });

  it('names the file, line, column and field of a cell that is not a number, or is missing', () => {
    expect(() => parseSeries('t,S,Z,R\n0,500,1,0\n0.1,abc,1\n')).toThrow(
      'timeseries.csv:3:5: S: "abc" is not a number',
    );
    expect(() => parseSeries('t,S,Z,R\n0,500,1,0\n0.1,499,1\n')).toThrow(
      'timeseries.csv:3:10: R: missing (the row has 3 fields)',
    );
    expect(() => parseSeries('t,S\n,500\n')).toThrow('timeseries.csv:2:1: t: "" is not a number');
    expect(() => parseGroupSeries('t,group,human,zombie\n0,students,4,x\n')).toThrow(
      'groups.csv:2:14: zombie: "x" is not a number',
    );
  });
});

describe('a run folder with a file missing', () => {
  it('says which file summary.json lists that could not be read, as the missing replay.bin', async () => {
    const files: Record<string, string> = {
      'summary.json': JSON.stringify({
        scenario: 'x',
        engine: 'agents',
        seed: 1,
        runs: 1,
        until: 1,
        every: 1,
        compartments: ['S'],
        final: {},
        files: ['summary.json', 'timeseries.csv', 'replay.bin'],
      }),
      'timeseries.csv': 't,S\n0,1\n1,1\n',
    };
    vi.stubGlobal('fetch', async (url: string) => {
      const body = files[url.replace('run/', '')];
      return body === undefined ? new Response('', { status: 404 }) : new Response(body);
    });
    const reading = loadRun('run/');
    await expect(reading).rejects.toThrow(RunUnreadable);
    await expect(reading).rejects.toThrow(/^replay\.bin could not be read/);
  });
});
