import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latticeAcrossRuns, latticeStoryLines } from '../../src/cli/lattice-summary.js';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { latticeStoryOf } from '../../src/ensemble/lattice-end.js';
import { storyAcrossRuns } from '../../src/output/ensemble-files.js';
import { CLEAN_PLACES, type LatticeStory, latticeStory } from '../../src/output/lattice-story.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { nodeHost } from '../../src/scenario/raster/node-host.js';
import { placeCells } from '../../src/scenario/raster/place-cells.js';
import { temporaryDir, undead } from '../helpers.js';

/**
 * "Which places stayed clean longest" names towns: the story ranks the map's named places (never
 * reached, most populous first, then reached last), the compiler finds their cells, and a run on
 * a line of towns with a cordon round the far end gives the order the geometry forces.
 */

describe('clean_longest_places', () => {
  it('lists the places never reached, most populous first, then those reached last, latest first', () => {
    // 12 places in 12 cells: 3 never reached (NaN), the others at the times below.
    const arrival = Float64Array.of(0, 5, Number.NaN, 9, 2, Number.NaN, 9, 7, Number.NaN, 1, 3, 4);
    const people = [50, 40, 10, 30, 20, 900, 60, 70, 10, 80, 90, 100];
    const names = people.map((_, i) => `p${i}`);
    const story = latticeStory({
      compartments: ['S', 'Z'],
      regions: [],
      arrival,
      open: new Uint8Array(12).fill(1),
      initial: new Float64Array(24),
      final: new Float64Array(24),
      hosts: 0,
      attacker: 1,
      places: { names, people, cells: Uint32Array.from(names, (_, i) => i) },
    });
    expect(story.places).toBe(12);
    expect(story.places_reached).toBe(9);
    expect(story.clean_longest_places).toHaveLength(CLEAN_PLACES);
    expect(story.clean_longest_places!.map((p) => [p.name, p.reached_t])).toEqual([
      ['p5', null],
      // Same people (10) and never reached: by name.
      ['p2', null],
      ['p8', null],
      // Both at 9: the more populous first.
      ['p6', 9],
      ['p3', 9],
      ['p7', 7],
      ['p1', 5],
      ['p11', 4],
      ['p10', 3],
      ['p4', 2],
    ]);
    expect(story.clean_longest_places![0]!.people).toBe(900);
  });

  it('is absent on a map without place names, where the regions tell it as before', () => {
    const story = latticeStory({
      compartments: ['S', 'Z'],
      regions: [
        { name: 'a', cells: [0] },
        { name: 'b', cells: [1] },
      ],
      arrival: Float64Array.of(0, Number.NaN),
      open: Uint8Array.of(1, 1),
      initial: Float64Array.of(5, 1, 7, 0),
      final: Float64Array.of(0, 6, 7, 0),
      hosts: 0,
      attacker: 1,
    });
    expect(story).not.toHaveProperty('clean_longest_places');
    expect(story.clean_longest).toEqual(['b']);
    expect(latticeStoryLines(story as unknown as Record<string, unknown>, { unit: 'day' }).at(-1)).toBe(
      'stayed clean longest: b (never reached)',
    );
  });
});

describe('an ensemble', () => {
  it('names the places among the clean longest in every run, with how often each was never reached', () => {
    const place = (name: string, reached_t: number | null) => ({ name, people: 10, reached_t });
    const runs = [
      [place('P', null), place('Q', 1), place('R', null), place('S', null)],
      [place('P', null), place('S', 4), place('Q', 2)],
      [place('R', 5), place('Q', 3), place('P', null), place('S', 6)],
    ].map((clean_longest_places) => ({ regions: [], clean_longest_places }));
    const stories = storyAcrossRuns(runs) as Record<string, unknown>;
    expect(latticeAcrossRuns(stories, 3, { unit: 'hour' })).toEqual([
      'stayed clean longest in all 3 runs: P (never reached), Q (median 2 h), S (never reached in 1 of 3)',
    ]);
  });
});

describe('placeCells', () => {
  it('keeps one place per name (the most populous; the scenario’s own wins), of people, in an open cell', () => {
    const raster = {
      width: 4,
      height: 1,
      values: new Float64Array(4),
      cellKm: 1,
      open: Uint8Array.of(1, 1, 1, 0),
      geo: { west: 0, north: 1, cellLon: 1, cellLat: 1 },
    };
    const at = (name: string, lon: number, population: number) => ({ name, lon, lat: 0.5, population });
    const places = placeCells(
      [
        at('X', 0.5, 10),
        at('X', 1.5, 30),
        at('Y', 3.5, 99), // a closed cell
        at('V', 0.5, 0), // a landmark
        at('W', 9, 99), // off the grid
        at('U', 2.5, 7),
      ],
      [at('U', 0.5, 12), at('V', 1.5, 0)],
      raster,
    )!;
    expect(places.names).toEqual(['X', 'U']);
    expect([...places.people]).toEqual([30, 12]);
    expect([...places.cells]).toEqual([1, 0]);
    expect(placeCells([at('X', 0.5, 10)], [], { ...raster, geo: undefined })).toBeUndefined();
  });
});

/**
 * A line of 8 cells, 1° each, from a CSV of points with names: towns A–E at x = 0, 2, 4, 6, 7,
 * people in every cell, the outbreak seeded at A (by its name), bites across bonds, and the two
 * east cells (D and E) cordoned from the start: on a line the front must pass B before C, and
 * can never cross the cordon.
 */
const POINTS = `name,lon,lat,population
A,0.5,0.5,100
,1.5,0.5,100
B,2.5,0.5,200
,3.5,0.5,100
C,4.5,0.5,50
,5.5,0.5,100
D,6.5,0.5,300
E,7.5,0.5,80
`;
const SCENARIO = `name: line-of-towns
title: Towns on a line
model:
  compartments: [S, Z]
  parameters: { beta: 0.1 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
time: { until: 60, every: 20, unit: hour }
engine: lattice
world:
  lattice:
    raster: { file: towns.csv, bounds: [0, 0, 8, 1], size: [8, 1], cell_km: 100 }
    seed: { Z: 1, at: { place: A } }
    contact: { bite: 1 }
    regions:
      east: { box: [6, 0, 7, 0] }
    events:
      - { at: 0, cordon: east }
`;

describe('a run on a line of named towns', () => {
  it('names the cordoned towns never reached, then the rest in the order the front reached them', () => {
    const dir = temporaryDir();
    writeFileSync(join(dir, 'towns.csv'), POINTS);
    const file = join(dir, 'towns.yaml');
    const compiled = compileScenario(parseScenario(SCENARIO, file, [], nodeHost), 'lattice');
    expect(compiled.lattice!.places!.names).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect([...compiled.lattice!.places!.cells]).toEqual([0, 2, 4, 6, 7]);
    const engine = createEngine(compiled, streamFor(3, 0));
    engine.advanceTo(60);
    const story = latticeStoryOf(engine, compiled)!;
    const list = story.clean_longest_places!;
    expect(list.map((p) => p.name)).toEqual(['D', 'E', 'C', 'B', 'A']);
    expect(list.map((p) => p.people)).toEqual([300, 80, 50, 200, 100]);
    expect(list.slice(0, 2).map((p) => p.reached_t)).toEqual([null, null]);
    expect(list[2]!.reached_t!).toBeGreaterThan(list[3]!.reached_t!);
    expect(list[3]!.reached_t!).toBeGreaterThan(0);
    expect(list[4]!.reached_t).toBe(0);
    expect(story.places_reached).toBe(3);
    const lines = latticeStoryLines(story as unknown as Record<string, unknown>, { unit: 'hour' });
    expect(lines).toContain('places that stayed clean longest (3 of 5 places reached):');
    expect(lines).toContain('  D: never reached; 300 people');
    expect(lines.at(-1)).toMatch(/^ {2}A: reached at 0 s; 100 people$/);
  });
});

describe('korea-hyosan', () => {
  it('names the country’s largest towns that the contained outbreak never reached, in summary.json', () => {
    const out = join(temporaryDir(), 'run');
    const result = undead(['run', 'korea-hyosan', '--seed', '1', '--out', out, '--quiet']);
    expect(result.stderr).toBe('');
    const story = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).story as LatticeStory & {
      clean_longest_places: { name: string; people: number; reached_t: number | null; reached_at: unknown }[];
    };
    // Seed 1 is stopped by the cordon: Seoul, the most populous place, is never reached.
    expect(story.regions.find((r) => r.name === 'seoul')!.reached_t).toBeNull();
    expect(story.places).toBeGreaterThan(100);
    expect(story.places_reached).toBeGreaterThan(0);
    const list = story.clean_longest_places;
    expect(list).toHaveLength(CLEAN_PLACES);
    expect(list[0]).toMatchObject({ name: 'Seoul', reached_t: null, reached_at: null });
    for (let i = 1; i < list.length; i++) {
      expect(list[i]!.reached_t).toBeNull();
      expect(list[i]!.people).toBeLessThanOrEqual(list[i - 1]!.people);
    }
    expect(list.map((p) => p.name)).not.toContain('Hyosan');
    const lines = latticeStoryLines(story as unknown as Record<string, unknown>, { unit: 'hour' });
    expect(lines).toContain(`  Seoul: never reached; ${list[0]!.people.toLocaleString('en-US')} people`);
  });
});
