import { RuntimeFailure } from '../core/errors.js';
import { streamFor } from '../core/random.js';
import { createEngine } from '../engines/create.js';
import type { Engine, Progress } from '../engines/engine.js';
import { InterventionRefused, outputTimes, recordWith } from '../engines/trajectory.js';
import type { CompiledScenario } from '../scenario/compiled.js';
import { latticeStoryOf } from './lattice-end.js';
import { MapFrames } from './map-frames.js';
import type { Replicate } from './pack.js';
import type { RunSpec } from './run-spec.js';

/**
 * Runs replicates first … first + count − 1 of a loaded scenario in this thread, each on its own
 * stream `streamFor(seed, r)`, so a replicate's numbers do not depend on where it runs.
 * `done` is called after each; `progress` reports the fraction of the current replicate. Of the
 * engine's files, replicates after the first (`spec.firstReplicate`) keep only their tables: an
 * ensemble writes the first run's logs and replays, and stacks every run's tables. With
 * `spec.keepEvents: 'all'`, every replicate also keeps its logs (`Replicate.logs`); with `'none'`,
 * no replicate keeps any engine file (`artifacts` undefined). Every
 * replicate takes `spec.interventions` (see `recordWith`).
 */
export function runReplicates(
  compiled: CompiledScenario,
  spec: RunSpec,
  first: number,
  count: number,
  options: ReplicateOptions = {},
): Replicate[] {
  const { done, progress, checkpoints, namesReplicate = first > 0 || count > 1 } = options;
  const times = outputTimes(compiled.time.until, compiled.time.every);
  const runs: Replicate[] = [];
  for (let r = first; r < first + count; r++) {
    const engine = createEngine(compiled, streamFor(spec.seed, r));
    try {
      const resume = checkpoints?.resume;
      if (resume !== undefined) restore(engine, resume.snapshot);
      const afterRow = checkpoints?.afterRow;
      const tablesOnly = r > (spec.firstReplicate ?? 0) || spec.keepEvents === 'none';
      // Map frames (`--frames-every`) are the first run's, like its other pictures.
      const frames =
        spec.frames === undefined || tablesOnly ? undefined : new MapFrames(compiled, spec.frames);
      const recorded = recordWith(engine, times, spec.interventions ?? [], {
        progress,
        tablesOnly,
        resume,
        afterRow:
          afterRow === undefined && frames === undefined
            ? undefined
            : (row, values) => {
                frames?.afterRow(engine, row, times[row]!);
                afterRow?.(engine, row, values);
              },
      });
      const story = latticeStoryOf(engine, compiled);
      const run = {
        ...recorded,
        ...(frames === undefined ? {} : { artifacts: { ...recorded.artifacts, ...frames.files() } }),
        ...(story === undefined ? {} : { story: { ...recorded.story, ...story } }),
      };
      if (spec.keepEvents === 'none') runs.push({ ...run, artifacts: undefined });
      else runs.push(spec.keepEvents === 'all' ? { ...run, logs: logsOf(engine) } : run);
    } catch (error) {
      // In an ensemble, say which replicate failed: `--seed S` and its number reproduce it.
      if (namesReplicate) {
        if (error instanceof RuntimeFailure) throw new RuntimeFailure(`replicate ${r}: ${error.message}`);
        if (error instanceof InterventionRefused)
          throw new InterventionRefused(error.index, error.entry, `in replicate ${r}, ${error.reason}`);
      }
      throw error;
    }
    done?.(r);
  }
  return runs;
}

/** What `runReplicates` reports to, and how it names a failure. */
export interface ReplicateOptions {
  /** Called after each replicate. */
  readonly done?: ((replicate: number) => void) | undefined;
  /** The fraction done of the replicate running. */
  readonly progress?: Progress | undefined;
  readonly checkpoints?: ReplicateCheckpoints | undefined;
  /**
   * Whether a failure names its replicate (`replicate 4: …`): by default unless it is replicate 0
   * alone; a chunk of an ensemble or a sweep names it even then.
   */
  readonly namesReplicate?: boolean | undefined;
}

/**
 * Checkpoints of a run of one replicate: `afterRow` is told each row with the engine (for its
 * snapshot), and `resume` continues from a snapshot taken after row `rows − 1`.
 */
export interface ReplicateCheckpoints {
  readonly afterRow?: ((engine: Engine, row: number, values: Float64Array) => void) | undefined;
  readonly resume?:
    | { readonly snapshot: Uint8Array; readonly rows: number; readonly values: Float64Array }
    | undefined;
}

function restore(engine: Engine, snapshot: Uint8Array): void {
  if (engine.restore === undefined)
    throw new RuntimeFailure('this engine cannot continue from a checkpoint in this version');
  engine.restore(snapshot);
}

/** An engine's logs: its text files that are not tables (binary files such as replays stay the first run's). */
function logsOf(engine: Engine): Record<string, string> | undefined {
  if (engine.artifacts === undefined) return undefined;
  const tables = new Set(Object.keys(engine.artifacts(true)));
  const logs = Object.entries(engine.artifacts(false)).filter(
    (entry): entry is [string, string] => !tables.has(entry[0]) && typeof entry[1] === 'string',
  );
  return logs.length === 0 ? undefined : Object.fromEntries(logs);
}
