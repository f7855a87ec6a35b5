import { STATE_NAMES } from '../engines/agents/states.js';
import { type CsvColumnType, csvToParquet } from './csv-parquet.js';

export { timeseriesParquet } from './timeseries-parquet.js';

/** `run`, the leading column of a table stacked over replicates (`ensembleArtifacts`). */
const RUN: Readonly<Record<string, CsvColumnType>> = { run: 'INT32' };

/**
 * The engine tables that get a Parquet twin with `--parquet`, by file name, with the types of
 * their columns. A column not named here is DOUBLE if it holds only numbers (or nothing), else
 * STRING (`csvToParquet`): the traits of agents.csv are DOUBLE that way, and null on an open
 * plane, where they are empty. Text columns that may be empty throughout are named, so that their
 * type never depends on the run.
 */
const TWINS: Readonly<Record<string, Readonly<Record<string, CsvColumnType>>>> = {
  'groups.csv': {
    ...RUN,
    t: 'DOUBLE',
    group: 'STRING',
    ...Object.fromEntries(STATE_NAMES.map((state) => [state, 'INT32'])),
  },
  'factions.csv': { ...RUN, t: 'DOUBLE', faction: 'STRING', standing: 'INT32', joined: 'INT32' },
  // The lattice's: each region's counts (DOUBLE: a region may hold more than 2^31 people), and
  // when the zombies first reached each cell.
  'regions.csv': { ...RUN, t: 'DOUBLE', region: 'STRING' },
  'arrival.csv': { ...RUN, x: 'INT32', y: 'INT32', t: 'DOUBLE' },
  // Never stacked over replicates (the first run's only): its `run` is the trait, running speed.
  'agents.csv': {
    id: 'INT32',
    name: 'STRING',
    group: 'STRING',
    class: 'STRING',
    role: 'STRING',
    start: 'STRING',
    end: 'STRING',
    where: 'STRING',
  },
};

/** The names of the tables `parquetTwins` converts, for `--help` and the docs. */
export const TWIN_TABLES = Object.keys(TWINS);

/**
 * The Parquet twin of a file, if it is one of the engine's tables (groups.csv, factions.csv,
 * agents.csv, regions.csv, arrival.csv, also inside a folder such as `replicates/K/`): `NAME.parquet`, to go beside
 * `NAME.csv`, the same table with typed columns. Other files have none.
 */
export function parquetTwin(
  path: string,
  data: string | Uint8Array,
): { readonly path: string; readonly bytes: Uint8Array } | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const types = Object.hasOwn(TWINS, name) ? TWINS[name] : undefined;
  if (types === undefined || typeof data !== 'string') return undefined;
  return { path: `${path.slice(0, -'.csv'.length)}.parquet`, bytes: csvToParquet(data, types) };
}
