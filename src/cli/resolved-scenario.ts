import { dirname, isAbsolute, resolve } from 'node:path';
import type { LatticeWorld } from '../scenario/lattice-schema.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The scenario as `scenario.resolved.yaml` holds it, so that it reruns from the run's folder: a
 * lattice's raster file, named relative to the scenario file `file`, becomes an absolute path
 * (the folder is elsewhere). Everything else is as resolved.
 */
export function resolvedForFolder(scenario: Scenario, file: string): Scenario {
  const lattice = (scenario.world as LatticeWorld | undefined)?.lattice;
  const raster = lattice?.raster;
  if (lattice === undefined || raster === undefined || isAbsolute(raster.file)) return scenario;
  const absolute = resolve(dirname(resolve(file)), raster.file);
  return {
    ...scenario,
    world: { ...scenario.world, lattice: { ...lattice, raster: { ...raster, file: absolute } } },
  } as Scenario;
}
