import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzlibSync } from 'fflate';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { framesOption } from '../../src/cli/frames-option.js';
import { latticeStoryLines } from '../../src/cli/lattice-summary.js';
import { planRun } from '../../src/cli/run-plan.js';
import { crc32 } from '../../src/core/crc32.js';
import { workerHost } from '../../src/ensemble/queue/worker-host.js';
import { csvRows } from '../../src/output/csv-parquet.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/files.js';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

/**
 * `undead run` on the lattice engine, end to end, on a map small enough to take a fraction of a
 * second: a 12 × 8 raster file read relative to its scenario, with movement and contact across
 * bonds, two regions that split the map in halves, and a timed bombing.
 */
const WIDTH = 12;
const HEIGHT = 8;
/** People per cell: 40 + 3x + 5y, so that every cell differs and the totals check something. */
const grid = Array.from({ length: HEIGHT }, (_, y) =>
  Array.from({ length: WIDTH }, (_, x) => 40 + 3 * x + 5 * y),
);
const PEOPLE = grid.flat().reduce((a, b) => a + b, 0);

const SCENARIO = `name: tiny-lattice
title: A small map for the lattice run tests
model:
  compartments: [S, Z, R]
  parameters:
    beta: 0.02 # bites, per S-Z pair per day
    kappa: 0.005 # zombies killed, per S-Z pair per day
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    kill: { from: S + Z, to: S + R, rate: kappa }
time: { until: 6, every: 1, unit: day }
engine: lattice
world:
  lattice:
    raster: { file: maps/grid.json, cell_km: 2 }
    start: S
    seed: { Z: 3, at: { x: 2, y: 3 } }
    move: { S: 0.02, Z: 0.3, R: 0 }
    contact: { bite: 0.1, kill: 0.1 }
    regions:
      west: { box: [0, 0, 5, 7] }
      east: { box: [6, 0, 11, 7] }
    events:
      - { name: strike, at: 5, bomb: east, to: R }
`;

/** A folder holding the scenario and, in a subfolder, its raster; the scenario's path. */
function writeScenario(): string {
  const dir = temporaryDir();
  const maps = join(dir, 'maps');
  mkdirSync(maps);
  writeFileSync(join(maps, 'grid.json'), JSON.stringify(grid));
  writeFileSync(join(dir, 'tiny.yaml'), SCENARIO);
  return join(dir, 'tiny.yaml');
}

/** `undead run FILE ARGS` into a fresh folder. */
function run(file: string, args: string[]): { out: string; result: CommandResult } {
  const out = join(temporaryDir(), 'run');
  const result = undead(['run', file, ...args, '--out', out, '--quiet', '--progress', 'none']);
  return { out, result };
}

const read = (out: string, name: string) => readFileSync(join(out, name), 'utf8');
const table = (out: string, name: string) => {
  const [header, ...rows] = csvRows(read(out, name));
  return { header: header!, rows: rows.map((row) => row.map(Number)) };
};

/** The chunks of a PNG file, with each CRC checked. */
function chunks(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

describe('undead run on the lattice engine', () => {
  let file = '';
  let out = '';
  let result: CommandResult;
  beforeAll(() => {
    file = writeScenario();
    ({ out, result } = run(file, ['--seed', '4', '--frames-every', '2', '--parquet']));
  });

  it('runs a scenario of its own engine, with a raster read relative to the scenario file', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary.engine).toBe('lattice');
    for (const name of ['regions.csv', 'regions.parquet', 'arrival.csv', 'arrival.parquet', 'map.apng'])
      expect(summary.files).toContain(name);
  });

  it('writes regions.csv whose regions, which split the map, add up to timeseries.csv', () => {
    const totals = table(out, 'timeseries.csv');
    const regions = table(out, 'regions.csv');
    expect(totals.header).toEqual(['t', 'S', 'Z', 'R']);
    expect(regions.header).toEqual(['t', 'region', 'S', 'Z', 'R']);
    expect(totals.rows).toHaveLength(7);
    expect(regions.rows).toHaveLength(14);
    totals.rows.forEach((row, r) => {
      const [west, east] = [regions.rows[2 * r]!, regions.rows[2 * r + 1]!];
      expect(west[0]).toBe(row[0]);
      for (let c = 1; c <= 3; c++) expect(west[c + 1]! + east[c + 1]!).toBe(row[c]);
    });
    // The people are the raster's, and the seed is three of them turned.
    expect(totals.rows[0]).toEqual([0, PEOPLE - 3, 3, 0]);
    // The bombing at day 5 empties the east half into R.
    const eastAt5 = regions.rows[2 * 5 + 1]!;
    expect(eastAt5.slice(2, 4)).toEqual([0, 0]);
  });

  it('writes arrival.csv: the seed cell at 0, every time within the run, every cell on the map', () => {
    const arrival = table(out, 'arrival.csv');
    expect(arrival.header).toEqual(['x', 'y', 't']);
    expect(arrival.rows.length).toBeGreaterThan(1);
    expect(arrival.rows).toContainEqual([2, 3, 0]);
    for (const [x, y, t] of arrival.rows) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(WIDTH);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(HEIGHT);
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThanOrEqual(6);
    }
  });

  it('draws a frame every 2 days, 0 to 6, each a PNG, and map.apng animates the same frames', () => {
    const frames = readdirSync(join(out, 'frames')).sort();
    expect(frames).toEqual(['frame-0000.png', 'frame-0001.png', 'frame-0002.png', 'frame-0003.png']);
    const sizes = frames.map((name) => {
      const png = PNG.sync.read(readFileSync(join(out, 'frames', name)));
      return [png.width, png.height];
    });
    // A small map is drawn with big cells (60 px), at least 600 px wide, with a strip for the legend.
    expect(sizes[0]).toEqual([720, 8 * 60 + 48]);
    const apng = chunks(readFileSync(join(out, 'map.apng')));
    const actl = apng.find((c) => c.type === 'acTL')!;
    expect(new DataView(actl.data.buffer, actl.data.byteOffset).getUint32(0)).toBe(4);
    expect(apng.filter((c) => c.type === 'fcTL')).toHaveLength(4);
    // Each frame's data inflates to the image's scanlines, and equals that frame's own PNG.
    const streams = apng
      .filter((c) => c.type === 'IDAT' || c.type === 'fdAT')
      .map((c) => (c.type === 'IDAT' ? c.data : c.data.subarray(4)));
    expect(streams).toHaveLength(4);
    streams.forEach((stream, f) => {
      expect(unzlibSync(stream).length).toBe((8 * 60 + 48) * (720 + 1));
      const own = chunks(readFileSync(join(out, 'frames', frames[f]!))).find((c) => c.type === 'IDAT')!;
      expect(Buffer.from(own.data).equals(Buffer.from(stream))).toBe(true);
    });
    // The outbreak spreads: the frames differ.
    expect(Buffer.from(streams[0]!).equals(Buffer.from(streams[3]!))).toBe(false);
  });

  it('tells when each region was reached and who is left there, in summary.json and the story', () => {
    const story = JSON.parse(read(out, 'summary.json')).story;
    expect(story.cells).toBe(WIDTH * HEIGHT);
    expect(story.left_of).toBe('S');
    expect(story.reached_by).toBe('Z');
    const west = story.regions.find((r: { name: string }) => r.name === 'west');
    expect(west.reached_t).toBe(0);
    expect(west.reached_at).toBe('0 days');
    const final = table(out, 'regions.csv').rows.at(-2)!;
    expect(west.left).toBe(final[2]);
    expect(story.clean_longest.length).toBeGreaterThan(0);
    // The printed summary says the same in words.
    const lines = latticeStoryLines(story, { unit: 'day' });
    expect(lines[0]).toMatch(/^Z reached \d+ of 96 cells$/);
    expect(lines[1]).toBe(
      `  west: reached at 0 days; ${west.left.toLocaleString('en-US')} S left of ${west.people.toLocaleString('en-US')} people`,
    );
    expect(lines.at(-1)).toMatch(/^stayed clean longest: (west|east)/);
  });

  it('reruns identically from its scenario.resolved.yaml, in another folder', () => {
    const resolved = read(out, 'scenario.resolved.yaml');
    expect(resolved).toContain(`file: ${join(file, '..', 'maps', 'grid.json')}`);
    const again = run(join(out, 'scenario.resolved.yaml'), ['--seed', '4']);
    expect(again.result.stderr).toBe('');
    for (const name of ['timeseries.csv', 'regions.csv', 'arrival.csv'])
      expect(read(again.out, name)).toBe(read(out, name));
  });

  it('gives an ensemble the same tables on 1 and on 2 worker threads, stacked with a run column', () => {
    const one = run(file, ['--runs', '2', '--workers', '1']);
    const two = run(file, ['--runs', '2', '--workers', '2']);
    expect(one.result.stderr).toBe('');
    expect(two.result.stderr).toBe('');
    for (const name of ['timeseries.csv', 'regions.csv', 'arrival.csv'])
      expect(read(two.out, name)).toBe(read(one.out, name));
    const regions = table(one.out, 'regions.csv');
    expect(regions.header[0]).toBe('run');
    expect(new Set(regions.rows.map((row) => row[0]))).toEqual(new Set([0, 1]));
  });

  it('runs the same world well mixed on the ode: the raster’s totals, not nobody', () => {
    const ode = run(file, ['--engine', 'ode']);
    expect(ode.result.stderr).toBe('');
    expect(table(ode.out, 'timeseries.csv').rows[0]).toEqual([0, PEOPLE - 3, 3, 0]);
  });

  it('refuses frames off the output grid, and frames of an engine without a map', () => {
    const off = run(file, ['--frames-every', '1.5']);
    expect(off.result.status).toBe(2);
    expect(off.result.stderr).toMatch(
      /--frames-every: frames are drawn at output times: 1\.5 days is not a whole number of the output interval 1 day \(/,
    );
    const loaded = loadScenario(file);
    expect(() => framesOption({ framesEvery: 1 }, compileScenario(loaded, 'ode'))).toThrow(
      /--frames-every: draws a lattice's map; the ode engine has none/,
    );
    const lattice = compileScenario(loaded);
    expect(() => framesOption({ framesEvery: 2, framesState: 'X' }, lattice)).toThrow(
      /--frames-state: no compartment 'X'; the compartments are S, Z, R/,
    );
    expect(() => framesOption({ framesEvery: 2, checkpointEvery: 1 }, lattice)).toThrow(
      /--frames-every: cannot be combined with --checkpoint-every/,
    );
    expect(framesOption({ framesEvery: 3, framesState: 'S' }, lattice)).toEqual({
      every: 3,
      compartment: 'S',
    });
  });
});

describe('the memory budget of a lattice run', () => {
  const plan = (file: string, flags: Record<string, unknown>) =>
    planRun(
      file,
      readFileSync(file, 'utf8'),
      { method: 'auto', seed: 1, runs: 1, set: [], ...flags },
      () => {},
      {
        cores: 2,
        memory: 24 * 2 ** 30,
      },
    );

  it('refuses an intervention that would put people in the sea, at its line and column', () => {
    // korea-hyosan's row 6 is open from x = 19 on: x = 10 is sea.
    const plan = join(temporaryDir(), 'plan.yaml');
    writeFileSync(plan, '- { at: 1, add: { Z: 5, place: "10,6" } }\n');
    const args = ['--interventions', plan, '--set', 'world.lattice.method=fast', '--until', '6'];
    const { result: refused } = run('korea-hyosan', args);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `${plan}:1:22: 0.add.Z: cell 10,6 is closed (sea, or outside the map): give an open cell`,
    );
  });

  it('fires a spatial event by its name from an interventions file, before its own time', () => {
    const plan = join(temporaryDir(), 'plan.yaml');
    writeFileSync(plan, '- { at: 1, fire: bombing }\n');
    const args = ['--interventions', plan, '--set', 'world.lattice.method=fast', '--until', '6'];
    const { out, result: fired } = run('korea-hyosan', args);
    expect(fired.status, fired.stderr).toBe(0);
    const summary = JSON.parse(read(out, 'summary.json'));
    expect(summary.scenario_events).toEqual([expect.objectContaining({ name: 'bombing', times: [1] })]);
    writeFileSync(plan, '- { at: 1, fire: bombin }\n');
    const { result: misspelt } = run('korea-hyosan', args);
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toMatch(/0\.fire: unknown event 'bombin' \(did you mean bombing\?\)/);
  });

  it('refuses a map larger than --max-memory before it is read, with the figure', () => {
    const file = writeScenario();
    expect(() => plan(file, { maxMemory: 5000 })).toThrow(
      /tiny\.yaml:\d+:\d+: world\.lattice\.raster\.file: a grid of 12 × 8 = 96 cells with 3 compartments needs ≈ 11 kB of memory; the limit is 5\.0 kB \(set by --max-memory\)/,
    );
  });

  it('counts one map per thread of an ensemble and the arrival table of every run, and uses fewer threads when only fewer fit', () => {
    const file = writeScenario();
    // A uniform map of 600 × 600 cells: ≈ 41 MB a map with its engine, and ≈ 23 MB of arrival
    // times a run. With 4 runs on 2 threads: 3 maps, 2 threads of 64 MB and 4 tables (343 MB);
    // on 1 thread: 2 maps, 1 thread and 4 tables (238 MB).
    const uniform = SCENARIO.replace(
      'raster: { file: maps/grid.json, cell_km: 2 }',
      'uniform: { width: 600, height: 600, people: 5 }',
    );
    writeFileSync(file, uniform);
    const notes: string[] = [];
    const ensemble = (maxMemory: number) =>
      planRun(
        file,
        uniform,
        { method: 'auto', seed: 1, runs: 4, workers: 2, set: [], maxMemory },
        (note) => notes.push(note),
        { cores: 2, memory: 24 * 2 ** 30 },
      );
    expect(ensemble(2.6e8).workers).toBe(1);
    expect(notes).toEqual(['using 1 worker thread instead of 2, so that the run fits in 260 MB of memory']);
    expect(() => ensemble(1.2e8)).toThrow(
      /--runs: asks for the arrival times of up to 360,000 cells \(arrival\.csv\) and the regions' series, kept for each of 4 runs: ≈ 92 MB of memory \(≈ 238 MB for the whole run\)/,
    );
    expect(() => ensemble(3e7)).toThrow(
      /world\.lattice\.uniform: a grid of 600 × 600 = 360,000 cells with 3 compartments needs ≈ 41 MB of memory; the limit is 30 MB/,
    );
  });
});

describe('a lattice raster on a queue worker', () => {
  it('is read relative to the scenario folder of the machine that started the run, and a missing one says what to do', () => {
    const file = writeScenario();
    const folder = join(file, '..');
    const host = workerHost({ text: '', file: 'tiny.yaml', settings: [], seed: 1, folder });
    expect(host.readFile('maps/grid.json', 'tiny.yaml').path).toBe(join(folder, 'maps', 'grid.json'));
    expect(() => host.readFile('maps/none.json', 'tiny.yaml')).toThrow(
      `no such file: ${join(folder, 'maps', 'none.json')} on this queue worker: a job carries the scenario's text but not its raster, so copy the raster to that path on every worker (or use a cities: raster, built from the package)`,
    );
  });
});
