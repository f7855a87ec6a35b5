import type { Trajectory } from '../../engines/trajectory.js';
import { roundedTime } from '../../output/number-format.js';
import { type OutbreakRoles, outbreakRoles, tookOff } from '../../output/outcomes.js';
import { gridMilestones } from '../../output/summary.js';
import type { CompiledScenario } from '../../scenario/compiled.js';

/**
 * One replicate reduced to its numbers, the row it becomes in `results.parquet` without the point
 * it belongs to: per compartment (in the scenario's order) its value at `until`, its peak and the
 * first grid time of the peak, and the time it died out (NaN if it never did); the run's events;
 * whether the outbreak took off; and the numeric facts of the engine's story (agents:
 * `humans_left`, `lost_50_t` …). A chunk of a sweep comes back as these (`ChunkJob.rows`), computed
 * where it ran, so its trajectories never travel.
 */
export interface ReplicateRow {
  readonly replicate: number;
  readonly final: Float64Array;
  readonly peak: Float64Array;
  readonly peakT: Float64Array;
  readonly extinctT: Float64Array;
  readonly events: number;
  /** By the rule of `outcomes.ts`; undefined for the ODE (no roles). */
  readonly tookOff: boolean | undefined;
  /** The story's numeric scalar fields (null when the story says null, such as a time that never came). */
  readonly story: ReadonlyMap<string, number | null>;
}

/** One run of a sweep: a `ReplicateRow` of point `point`. */
export interface RunRow extends ReplicateRow {
  readonly point: number;
}

/**
 * Who the outbreak is about in a sweep's rows (`took_off`): the hosts and attackers of the compiled
 * scenario, or undefined on the deterministic ODE, where nothing takes off or fades out by chance.
 * The one rule for both the points' plans and the chunks that compute rows where they run.
 */
export function rowRoles(compiled: CompiledScenario): OutbreakRoles | undefined {
  return compiled.engine === 'ode' ? undefined : outbreakRoles(compiled.network, compiled.initial);
}

/** The row of replicate `replicate` (its story's numbers included); `roles` undefined on the ODE. */
export function replicateRow(
  run: Trajectory,
  replicate: number,
  roles: OutbreakRoles | undefined,
): ReplicateRow {
  const n = run.compartments.length;
  const rows = run.times.length;
  const final = run.values.slice((rows - 1) * n, rows * n);
  const peak = new Float64Array(n);
  const peakT = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let best = 0;
    for (let row = 1; row < rows; row++) if (run.values[row * n + c]! > run.values[best * n + c]!) best = row;
    peak[c] = run.values[best * n + c]!;
    // As timeseries.csv prints it (4.8, not the 4.800000000000001 of 48 · 0.1).
    peakT[c] = roundedTime(run.times[best]!);
  }
  const milestones = run.milestones ?? gridMilestones(run);
  const story = new Map<string, number | null>();
  for (const [key, value] of Object.entries(run.story ?? {}))
    if (typeof value === 'number' || value === null) story.set(key, value);
  return {
    replicate,
    final,
    peak,
    peakT,
    extinctT: Float64Array.from(milestones.extinct),
    events: run.eventCount,
    tookOff: roles === undefined ? undefined : tookOff(run, roles),
    story,
  };
}
