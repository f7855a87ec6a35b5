import type { Milestones } from '../engines/engine.js';
import type { Trajectory } from '../engines/trajectory.js';

/** Below this, a compartment has died out: no individual is left (or less than one, for the ODE). */
const EXTINCTION_THRESHOLD = 1;

/** What `summary.json` holds (DESIGN.md §4), beyond the fields the command line adds. */
export interface RunSummary {
  compartments: string[];
  /** Mean over runs of each compartment at `until`. */
  final: Record<string, number>;
  /** Mean over runs of each compartment's peak, and the time of the peak in the first run. */
  peak: Record<string, { value: number; t: number }>;
  /** Per compartment: the share of runs in which it died out, and when. */
  extinction: Record<string, { fraction: number; t: number | null; times: Quantiles | null }>;
  /** The first time a compartment rose above another that it started at or below (first run). */
  overtakes: { compartment: string; over: string; t: number }[];
  /** Total reaction events or agent actions over all runs. */
  events: number;
}

/** Mean and quantiles of a sample. */
export interface Quantiles {
  mean: number;
  q05: number;
  q25: number;
  q50: number;
  q75: number;
  q95: number;
}

/** Linear-interpolation quantile (type 7) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Mean and the 5/25/50/75/95% quantiles. */
export function quantilesOf(values: ArrayLike<number>): Quantiles {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: sum / sorted.length,
    q05: quantileSorted(sorted, 0.05),
    q25: quantileSorted(sorted, 0.25),
    q50: quantileSorted(sorted, 0.5),
    q75: quantileSorted(sorted, 0.75),
    q95: quantileSorted(sorted, 0.95),
  };
}

/** Milestones read off the output grid, for engines that do not time them exactly. */
export function gridMilestones(run: Trajectory): Milestones {
  const n = run.compartments.length;
  const extinct = new Float64Array(n).fill(Number.NaN);
  const pending = new Uint8Array(n * n);
  const present = new Uint8Array(n);
  const overtakes: { a: number; b: number; t: number }[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) pending[a * n + b] = a !== b && run.values[a]! <= run.values[b]! ? 1 : 0;
  for (let row = 0; row < run.times.length; row++) {
    const base = row * n;
    for (let a = 0; a < n; a++) {
      // A compartment dies out when it falls below the threshold after having been above it.
      if (run.values[base + a]! >= EXTINCTION_THRESHOLD) present[a] = 1;
      else if (present[a] === 1 && Number.isNaN(extinct[a]!)) extinct[a] = run.times[row]!;
      for (let b = 0; b < n; b++) {
        if (pending[a * n + b] === 1 && run.values[base + a]! > run.values[base + b]!) {
          pending[a * n + b] = 0;
          overtakes.push({ a, b, t: run.times[row]! });
        }
      }
    }
  }
  return { extinct, overtakes };
}

/** Summarises one or many runs of the same scenario. */
export function summarise(runs: readonly Trajectory[]): RunSummary {
  const first = runs[0]!;
  const names = [...first.compartments];
  const n = names.length;
  const rows = first.times.length;
  const milestones = runs.map((run) => run.milestones ?? gridMilestones(run));
  const final: Record<string, number> = {};
  const peak: Record<string, { value: number; t: number }> = {};
  const extinction: RunSummary['extinction'] = {};
  names.forEach((name, c) => {
    let finalSum = 0;
    let peakSum = 0;
    for (const run of runs) {
      finalSum += run.values[(rows - 1) * n + c]!;
      let best = Number.NEGATIVE_INFINITY;
      for (let row = 0; row < rows; row++) best = Math.max(best, run.values[row * n + c]!);
      peakSum += best;
    }
    let peakRow = 0;
    for (let row = 1; row < rows; row++)
      if (first.values[row * n + c]! > first.values[peakRow * n + c]!) peakRow = row;
    final[name] = finalSum / runs.length;
    peak[name] = { value: peakSum / runs.length, t: first.times[peakRow]! };
    const times = milestones.map((m) => m.extinct[c]!).filter((t) => !Number.isNaN(t));
    extinction[name] = {
      fraction: times.length / runs.length,
      t: Number.isNaN(milestones[0]!.extinct[c]!) ? null : milestones[0]!.extinct[c]!,
      times: times.length > 0 ? quantilesOf(times) : null,
    };
  });
  return {
    compartments: names,
    final,
    peak,
    extinction,
    overtakes: milestones[0]!.overtakes.map((o) => ({ compartment: names[o.a]!, over: names[o.b]!, t: o.t })),
    events: runs.reduce((total, run) => total + run.eventCount, 0),
  };
}
