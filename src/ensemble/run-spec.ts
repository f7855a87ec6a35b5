import type { LoggedIntervention } from '../model/intervention.js';
import { compileScenario } from '../scenario/compile.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { type LoadedScenario, parseScenario } from '../scenario/parse.js';
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
}

/** Parses and compiles a spec's scenario, with its engine applied. Throws `InputError` on bad input. */
export function loadSpec(spec: RunSpec): LoadedScenario {
  const loaded = parseScenario(spec.text, spec.file, spec.settings);
  if (spec.engine === undefined || spec.engine === loaded.scenario.engine) return loaded;
  return { ...loaded, scenario: { ...loaded.scenario, engine: spec.engine } };
}

/** `loadSpec`, then compiled for its engine. Throws `InputError` on bad input. */
export function compileSpec(spec: RunSpec): CompiledScenario {
  return compileScenario(loadSpec(spec));
}
