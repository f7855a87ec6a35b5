import type { Trajectory } from '../../engines/trajectory.js';
import { type OutbreakRoles, tookOff } from '../../output/outcomes.js';
import { gridMilestones } from '../../output/summary.js';

/**
 * One run of a sweep reduced to its numbers, the row it becomes in `results.parquet`: per
 * compartment (in the scenario's order) its value at `until`, its peak and the first grid time of
 * the peak, and the time it died out (NaN if it never did); the run's events; whether the outbreak
 * took off; and the numeric facts of the engine's story (agents: `humans_left`, `lost_50_t` …).
 */
export interface RunRow {
  readonly point: number;
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

/** The row of replicate `replicate` of point `point`; `roles` undefined on the ODE. */
export function runRow(
  run: Trajectory,
  point: number,
  replicate: number,
  roles: OutbreakRoles | undefined,
): RunRow {
  const n = run.compartments.length;
  const rows = run.times.length;
  const final = run.values.slice((rows - 1) * n, rows * n);
  const peak = new Float64Array(n);
  const peakT = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let best = 0;
    for (let row = 1; row < rows; row++) if (run.values[row * n + c]! > run.values[best * n + c]!) best = row;
    peak[c] = run.values[best * n + c]!;
    peakT[c] = run.times[best]!;
  }
  const milestones = run.milestones ?? gridMilestones(run);
  const story = new Map<string, number | null>();
  for (const [key, value] of Object.entries(run.story ?? {}))
    if (typeof value === 'number' || value === null) story.set(key, value);
  return {
    point,
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
