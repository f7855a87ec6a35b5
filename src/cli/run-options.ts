import type { SsaMethod } from '../engines/ssa/method.js';
import type { EngineName } from '../scenario/compiled.js';
import type { ProgressMode } from './progress.js';

/** The options of `undead run`, as its `--help` documents them. */
export interface RunOptions {
  engine?: EngineName;
  method: SsaMethod;
  seed: number;
  runs: number;
  until?: number;
  every?: number;
  set: string[];
  out?: string;
  workers?: number;
  /** `--queue redis://HOST:PORT[/DB]`: run the replicates on `undead worker` processes (see open-runner.ts). */
  queue?: string;
  /** `--max-memory`, in bytes. */
  maxMemory?: number;
  progress: ProgressMode;
  quiet: boolean;
  png: boolean;
  /** `--parquet`: also write timeseries.parquet and the engine tables' Parquet twins. */
  parquet: boolean;
  /** Replace the folder of an earlier run at `out`. */
  force: boolean;
  /** `all`: write every replicate's event log and agents list under `replicates/K/`. */
  keepEvents: 'first' | 'all';
  /** Rerun replicate K of an ensemble alone. */
  replicate?: number;
  /** `--max-events`: reaction events per run (a tau leap counts as 100). */
  maxEvents?: number;
  /** `--interventions FILE`: interventions to apply at given times (see interventions-file.ts). */
  interventions?: string;
  /** `--checkpoint-every T`: checkpoint at the first output time at or after each multiple of T. */
  checkpointEvery?: number;
  /** `--frames-every T`: a lattice run's map every T, as frames/frame-NNNN.png and map.apng. */
  framesEvery?: number;
  /** `--frames-state NAME`: the compartment the frames draw (default the zombies). */
  framesState?: string;
  /** `--contrast GROUP,GROUP[,…]`: compare these rows of groups.csv (see run-contrast.ts). */
  contrast?: string[];
}
