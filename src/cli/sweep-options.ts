import type { EngineName } from '../scenario/compiled.js';
import type { ProgressMode } from './progress.js';

/** The options of `undead sweep`, as its `--help` documents them. */
export interface SweepOptions {
  /** `--vary NAME=FROM:TO:STEP | NAME=FROM:TO | NAME=a,b,c`, repeatable. */
  vary: string[];
  /** `--lhs N`: a Latin hypercube sample of N points over the `--vary` ranges. */
  lhs?: number;
  /** `--points FILE`: a CSV (or YAML) file of points. */
  points?: string;
  /** Replicates per point. */
  runs: number;
  seed: number;
  engine?: EngineName;
  until?: number;
  every?: number;
  set: string[];
  out?: string;
  force: boolean;
  workers?: number;
  /** `--max-memory`, in bytes. */
  maxMemory?: number;
  /** `--queue redis://HOST:PORT`: run the chunks on distributed workers (see `openRunner`). */
  queue?: string;
  /** The results column the chart shows. */
  metric?: string;
  png: boolean;
  progress: ProgressMode;
  quiet: boolean;
}
