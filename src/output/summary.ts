import type { FiredEvent, Milestones } from '../engines/engine.js';
import { MilestoneWatch } from '../engines/stochastic/milestone-watch.js';
import type { Trajectory } from '../engines/trajectory.js';
import { type OutbreakRoles, type Outcomes, outcomesOf } from './outcomes.js';
import { type Quantiles, quantilesOf } from './sample-quantiles.js';

export { type Quantiles, quantileSorted, quantilesOf } from './sample-quantiles.js';

/**
 * What `summary.json` holds, beyond the fields the command line adds.
 *
 * Every figure says whose it is. For one run, all figures are that run's. For an ensemble
 * (`runs > 1`), the top-level figures are over all runs: `final` is the mean over runs,
 * peaks, peak times, overtakes and extinctions are summarised over runs (the share of runs in
 * which a thing happened, and the median and quantiles of when), and `first_run` holds the first
 * run's own figures, the run whose `events.jsonl` and replay are written.
 */
export interface RunSummary {
  compartments: string[];
  /** Each compartment at `until`: the run's value, or for an ensemble the mean over runs. */
  final: Record<string, number>;
  /** Ensembles only: each compartment at `until`, its mean and quantiles over runs. */
  final_over_runs?: Record<string, Quantiles>;
  /**
   * Each compartment's peak and its time. For an ensemble: `value` is the mean of the runs' peaks
   * and `t` the median of their peak times, with `values` and `times` their spread over runs.
   */
  peak: Record<string, { value: number; t: number; values?: Quantiles; times?: Quantiles }>;
  /**
   * Per compartment: the share of runs in which it died out, `t` when (for an ensemble the median
   * over the runs in which it did), and the spread of those times.
   */
  extinction: Record<string, { fraction: number; t: number | null; times: Quantiles | null }>;
  /**
   * Compartment `compartment` rose above `over` (see `MilestoneWatch`), first at `t`. For an
   * ensemble: in `fraction` of runs, `t` the median time over those runs, `times` its spread.
   */
  overtakes: { compartment: string; over: string; t: number; fraction?: number; times?: Quantiles }[];
  /** Stochastic ensembles only: the share of runs in which the outbreak took off or faded out. */
  outcomes?: Outcomes;
  /**
   * The events that moved individuals between compartments, over all runs: reaction firings, or
   * agents' changes of state; 0 for the ODE.
   */
  events: number;
  /**
   * The scenario's events that fired, with when: for one run, each event's firing times; for an
   * ensemble, in how many runs each fired and how often in all (times are in `first_run`).
   */
  scenario_events: ScenarioEventSummary[];
  /** Ensembles only: the first run's own figures. */
  first_run?: {
    peak: Record<string, { value: number; t: number }>;
    extinction: Record<string, number | null>;
    overtakes: { compartment: string; over: string; t: number }[];
    scenario_events: ScenarioEventSummary[];
  };
}

/** A scenario event that fired: in one run, when (the first 100 times); over runs, how widely. */
export interface ScenarioEventSummary {
  name: string;
  /** Firings in the run, or in all runs together. */
  count: number;
  /** One run: the firing times (at most the first 100). */
  times?: number[];
  /** Ensembles: the share of runs in which it fired at least once. */
  fraction?: number;
}

/**
 * Milestones read off the output grid, for engines that do not time them exactly, by the same
 * rules as the stochastic engines' `MilestoneWatch`.
 */
export function gridMilestones(run: Trajectory): Milestones {
  const n = run.compartments.length;
  const watch = new MilestoneWatch(run.values.subarray(0, n));
  for (let row = 1; row < run.times.length; row++) {
    const y = run.values.subarray(row * n, (row + 1) * n);
    // Between two grid times the counts jump from the one row to the next.
    watch.beforeJump(run.values.subarray((row - 1) * n, row * n));
    watch.jumped(y, run.times[row]!);
    watch.observed(y, run.times[row]!);
  }
  return watch.milestones();
}

/** Options of `summarise`. */
export interface SummaryOptions {
  /** Hosts and attackers of the outbreak: with them, an ensemble of many runs gets `outcomes`. */
  roles?: OutbreakRoles | undefined;
}

/** Summarises one or many runs of the same scenario. */
export function summarise(runs: readonly Trajectory[], options: SummaryOptions = {}): RunSummary {
  const first = runs[0]!;
  const names = [...first.compartments];
  const n = names.length;
  const rows = first.times.length;
  const ensemble = runs.length > 1;
  const milestones = runs.map((run) => run.milestones ?? gridMilestones(run));
  const clean = roundOffCleaner(first);
  const final: RunSummary['final'] = {};
  const finalOverRuns: Record<string, Quantiles> = {};
  const peak: RunSummary['peak'] = {};
  const firstPeak: Record<string, { value: number; t: number }> = {};
  const extinction: RunSummary['extinction'] = {};
  const firstExtinction: Record<string, number | null> = {};
  names.forEach((name, c) => {
    const finals = runs.map((run) => clean(run.values[(rows - 1) * n + c]!));
    const peaks = runs.map((run) => peakOf(run, c, clean));
    final[name] = finals.reduce((sum, v) => sum + v, 0) / runs.length;
    firstPeak[name] = peaks[0]!;
    const times = milestones.map((m) => m.extinct[c]!).filter((t) => !Number.isNaN(t));
    const timeQuantiles = times.length > 0 ? quantilesOf(times) : null;
    const firstTime = milestones[0]!.extinct[c]!;
    firstExtinction[name] = Number.isNaN(firstTime) ? null : firstTime;
    if (ensemble) {
      finalOverRuns[name] = quantilesOf(finals);
      const values = quantilesOf(peaks.map((p) => p.value));
      const peakTimes = quantilesOf(peaks.map((p) => p.t));
      peak[name] = { value: values.mean, t: peakTimes.q50, values, times: peakTimes };
    } else peak[name] = peaks[0]!;
    extinction[name] = {
      fraction: times.length / runs.length,
      t: ensemble ? (timeQuantiles?.q50 ?? null) : firstExtinction[name]!,
      times: timeQuantiles,
    };
  });
  const firstOvertakes = milestones[0]!.overtakes.map((o) => ({
    compartment: names[o.a]!,
    over: names[o.b]!,
    t: o.t,
  }));
  const firstEvents = eventsOfRun(first.firedEvents ?? []);
  const summary: RunSummary = {
    compartments: names,
    final,
    ...(ensemble ? { final_over_runs: finalOverRuns } : {}),
    peak,
    extinction,
    overtakes: ensemble ? overtakesOverRuns(milestones, names) : firstOvertakes,
    events: runs.reduce((total, run) => total + run.eventCount, 0),
    scenario_events: ensemble ? eventsOverRuns(runs) : firstEvents,
  };
  if (ensemble && options.roles !== undefined) summary.outcomes = outcomesOf(runs, options.roles);
  if (ensemble)
    summary.first_run = {
      peak: firstPeak,
      extinction: firstExtinction,
      overtakes: firstOvertakes,
      scenario_events: firstEvents,
    };
  return summary;
}

/**
 * Values closer to 0 than round-off of the population (1e-9 of the initial total) read as 0: the
 * ODE's −5.6e-10 infected is no one. The time series keeps every value as computed.
 */
function roundOffCleaner(run: Trajectory): (v: number) => number {
  let total = 0;
  for (let c = 0; c < run.compartments.length; c++) total += Math.abs(run.values[c]!);
  const noise = 1e-9 * Math.max(1, total);
  return (v) => (Math.abs(v) < noise ? 0 : v);
}

/** A compartment's highest value in a run, and the first grid time it was reached. */
function peakOf(run: Trajectory, c: number, clean: (v: number) => number): { value: number; t: number } {
  const n = run.compartments.length;
  let peakRow = 0;
  for (let row = 1; row < run.times.length; row++)
    if (run.values[row * n + c]! > run.values[peakRow * n + c]!) peakRow = row;
  return { value: clean(run.values[peakRow * n + c]!), t: run.times[peakRow]! };
}

/** Each pair's overtake over runs: the share of runs in which it happened, and when. */
function overtakesOverRuns(
  milestones: readonly Milestones[],
  names: readonly string[],
): RunSummary['overtakes'] {
  const byPair = new Map<string, { a: number; b: number; times: number[] }>();
  for (const m of milestones)
    for (const o of m.overtakes) {
      const key = `${o.a},${o.b}`;
      const entry = byPair.get(key) ?? { a: o.a, b: o.b, times: [] };
      entry.times.push(o.t);
      byPair.set(key, entry);
    }
  return [...byPair.values()].map(({ a, b, times }) => {
    const spread = quantilesOf(times);
    return {
      compartment: names[a]!,
      over: names[b]!,
      t: spread.q50,
      fraction: times.length / milestones.length,
      times: spread,
    };
  });
}

/** The events that fired in one run, with their times. */
function eventsOfRun(fired: readonly FiredEvent[]): ScenarioEventSummary[] {
  return fired.map((e) => ({ name: e.name, count: e.count, times: [...e.times] }));
}

/** The events that fired over runs: how often, and in what share of runs. */
function eventsOverRuns(runs: readonly Trajectory[]): ScenarioEventSummary[] {
  const byName = new Map<string, { count: number; runs: number }>();
  for (const run of runs)
    for (const e of run.firedEvents ?? []) {
      const entry = byName.get(e.name) ?? { count: 0, runs: 0 };
      entry.count += e.count;
      entry.runs += 1;
      byName.set(e.name, entry);
    }
  return [...byName].map(([name, e]) => ({ name, count: e.count, fraction: e.runs / runs.length }));
}
