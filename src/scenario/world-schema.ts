import { z } from 'zod';

/**
 * The `world` block: where space matters. Each spatial engine adds its own key here (a building
 * for the agents engine, a raster for the lattice engine); unknown keys are errors.
 */
export const worldSchema = z.strictObject({});
