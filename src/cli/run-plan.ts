import { availableParallelism, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { flagError, InputError, type InputIssue } from '../core/errors.js';
import type { SsaMethod } from '../engines/ssa/method.js';
import { loadSpec, type RunSpec } from '../ensemble/run-spec.js';
import { availableEngines, compileScenario } from '../scenario/compile.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import type { LoadedScenario } from '../scenario/parse.js';
import type { EngineName } from '../scenario/schema.js';
import { checkBudget, memoryLimit } from './budget.js';
import { checkHopStages, latticeBudget } from './lattice-budget.js';

/** The flags of `undead run` that decide what a run is and what it may take. */
export interface PlanOptions {
  engine?: EngineName | undefined;
  method: SsaMethod;
  seed: number;
  runs: number;
  until?: number | undefined;
  every?: number | undefined;
  set: string[];
  workers?: number | undefined;
  /** `--max-memory`, in bytes. */
  maxMemory?: number | undefined;
  /** `--max-events`: reaction events per run of the ssa and tau engines (a tau leap counts as 100). */
  maxEvents?: number | undefined;
  /** `--parquet`: its tables are built in memory, which the budget counts. */
  parquet?: boolean | undefined;
}

/** A run checked and ready to start: its spec, its scenario loaded, and the worker threads to use. */
export interface RunPlan {
  readonly spec: RunSpec;
  readonly loaded: LoadedScenario;
  readonly compiled: CompiledScenario;
  readonly workers: number;
}

/** The machine a plan is made for; the real one unless a test says otherwise. */
export interface Machine {
  readonly cores: number;
  readonly memory: number;
}

/**
 * Everything `undead run` checks before any simulation starts: the scenario and its overrides (a
 * problem with `--until` or `--every` is reported at that flag, not as the `--set` it becomes),
 * the engine (one built in this version), `--runs` on the deterministic ODE (refused),
 * `--workers` (capped at the cores, with a note) and the memory budget (see budget.ts). Throws an `InputError` (exit 2) for a run that cannot start;
 * `note` receives one line for each thing changed on the user's behalf.
 */
export function planRun(
  file: string,
  text: string,
  options: PlanOptions,
  note: (message: string) => void,
  machine: Machine = { cores: availableParallelism(), memory: totalmem() },
): RunPlan {
  const typed = [
    { flag: '--until', path: 'time.until', value: options.until },
    { flag: '--every', path: 'time.every', value: options.every },
    {
      flag: '--method',
      path: 'options.ssa.method',
      value: options.method === 'auto' ? undefined : options.method,
    },
    { flag: '--max-events', path: 'options.ssa.max_events', value: options.maxEvents },
    { flag: '--max-events', path: 'options.tau.max_events', value: options.maxEvents },
  ].flatMap(({ flag, path, value }) =>
    value === undefined ? [] : [{ flag, path, setting: `${path}=${value}` }],
  );
  const limit = memoryLimit(options.maxMemory, machine.memory);
  const spec: RunSpec = {
    text,
    file,
    settings: [...options.set, ...typed.map((t) => t.setting)],
    engine: options.engine,
    seed: options.seed,
    // A raster file relative to the scenario is found from any folder, thread or queue worker.
    folder: dirname(resolve(file)),
    // A lattice is refused as it is compiled, before its arrays exist, if one would not fit.
    ...(options.maxMemory === undefined ? {} : { maxMemory: limit.bytes }),
  };
  const atFlag = (flag: string, message: string): InputIssue => flagError(flag, message).issues[0]!;
  /** `make()`, with an issue about a flag's setting named after the flag the user typed. */
  const blamingFlags = <T>(make: () => T): T => {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(
        error.issues.map((issue) => {
          const flag = typed.find((t) => issue.file === `--set ${t.setting}`);
          return flag === undefined ? issue : atFlag(flag.flag, issue.message);
        }),
      );
    }
  };
  const loaded = blamingFlags(() => loadSpec(spec));
  const locate = (path: string, message: string): InputIssue => {
    if (path.startsWith('--')) return atFlag(path, message);
    const flag = typed.find((t) => t.path === path);
    return flag === undefined ? loaded.issueAt(path, message) : atFlag(flag.flag, message);
  };

  const engine = loaded.scenario.engine;
  if (!availableEngines.includes(engine)) {
    throw new InputError([
      locate(
        options.engine === undefined ? 'engine' : '--engine',
        `the ${engine} engine is not available in this version; choose one of ${availableEngines.join(', ')}`,
      ),
    ]);
  }
  const hasMap = (loaded.scenario.world as { lattice?: unknown } | undefined)?.lattice !== undefined;
  if (engine === 'lattice' && !hasMap)
    throw new InputError([
      locate(
        options.engine === undefined ? 'engine' : '--engine',
        'the lattice engine needs a map: this scenario has no world.lattice (see `undead show korea-hyosan`)',
      ),
    ]);
  if (engine === 'agents' && hasMap)
    throw new InputError([
      locate(
        options.engine === undefined ? 'engine' : '--engine',
        'the agents engine needs a building and the people in it: this world is a lattice (see `undead show hyosan-high`)',
      ),
    ]);
  if (engine === 'ode' && options.runs > 1) {
    throw new InputError([
      atFlag(
        '--runs',
        `the ode engine is deterministic: ${options.runs} runs would be ${options.runs} identical copies of one; leave out --runs, or choose a stochastic engine (--engine ssa or --engine tau)`,
      ),
    ]);
  }
  if (options.workers !== undefined && options.workers > machine.cores) {
    note(
      `--workers ${options.workers} is more than the ${machine.cores} cores of this machine; using ${machine.cores}`,
    );
  }
  const workers = Math.max(1, Math.min(options.workers ?? machine.cores, machine.cores, options.runs));
  // A lattice is compiled first, for its map's size (its raster is checked against the limit
  // before it is read into memory); every other engine after the budget, which may refuse it.
  const lattice = engine === 'lattice' ? blamingFlags(() => compileScenario(loaded)) : undefined;
  if (lattice !== undefined) blamingFlags(() => checkHopStages(lattice, loaded));
  const used = checkBudget(loaded, options.runs, workers, limit, locate, note, {
    lattice: lattice === undefined ? undefined : latticeBudget(lattice, loaded),
    parquet: options.parquet,
  });
  // The checks of the engine itself (whole counts for the counting engines …), before anything runs.
  const compiled = lattice ?? blamingFlags(() => compileScenario(loaded));
  return { spec, loaded, compiled, workers: used };
}
