import type { Trajectory } from '../engines/trajectory.js';
import type { Network } from '../model/network.js';
import { quantileSorted } from './sample-quantiles.js';

/**
 * Who the outbreak is about, read off the network and the initial state: the hosts, the
 * compartment with the most individuals at t = 0 (the people at risk), and the attackers, the
 * compartments that take part, unharmed, in a reaction that takes hosts away (`S + Z → 2 Z` or
 * `S + Z → I + Z` make Z an attacker; `S → R` has none).
 */
export interface OutbreakRoles {
  readonly hosts: number;
  readonly attackers: readonly number[];
}

/** A run faded out if its hosts lost less than this share of their initial number. */
const FADED_LOSS = 0.1;

/** How an ensemble's runs ended: two classes, each with its share of runs and median final counts. */
export interface Outcomes {
  /** The rule that sorts runs into the two classes, in words. */
  rule: string;
  took_off: OutcomeClass;
  faded_out: OutcomeClass;
}

/** One outcome class. */
export interface OutcomeClass {
  /** The share of runs in this class. */
  fraction: number;
  runs: number;
  /** Per compartment: the median over this class's runs of its value at `until` (null if no run). */
  final_median: Record<string, number | null>;
}

/** The hosts and attackers of a network (see `OutbreakRoles`). */
export function outbreakRoles(network: Network, initial: ArrayLike<number>): OutbreakRoles {
  let hosts = 0;
  for (let i = 1; i < initial.length; i++) if (initial[i]! > initial[hosts]!) hosts = i;
  const attackers = new Set<number>();
  const { reactantStart, reactantIndex, changeStart, changeIndex, changeAmount } = network;
  for (let j = 0; j + 1 < reactantStart.length; j++) {
    const change = (i: number) => {
      let total = 0;
      for (let k = changeStart[j]!; k < changeStart[j + 1]!; k++)
        if (changeIndex[k] === i) total += changeAmount[k]!;
      return total;
    };
    if (change(hosts) >= 0) continue;
    for (let k = reactantStart[j]!; k < reactantStart[j + 1]!; k++) {
      const i = reactantIndex[k]!;
      if (i !== hosts && change(i) >= 0) attackers.add(i);
    }
  }
  return { hosts, attackers: [...attackers].sort((a, b) => a - b) };
}

/** The rule of `outcomesOf`, in words, for `summary.json`. */
function ruleText(names: readonly string[], roles: OutbreakRoles): string {
  const listed = roles.attackers.map((a) => names[a]!);
  const attackers =
    listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}` : listed.join('');
  return (
    `faded out: at until, no ${attackers || 'attacker'} is left and ${names[roles.hosts]} lost less than ` +
    `${FADED_LOSS * 100}% of its initial number; took off: every other run`
  );
}

/**
 * Whether one run took off: it did unless, at `until`, none of the attackers is left and the hosts
 * lost less than `FADED_LOSS` of their initial number (then it faded out).
 */
export function tookOff(run: Trajectory, roles: OutbreakRoles): boolean {
  const n = run.compartments.length;
  const last = run.times.length - 1;
  const start = run.values[roles.hosts]!;
  const end = run.values[last * n + roles.hosts]!;
  const gone = roles.attackers.every((a) => run.values[last * n + a]! < 1);
  return !(gone && start - end < FADED_LOSS * start);
}

/**
 * Sorts an ensemble's runs into "took off" and "faded out". A run faded out when, at `until`, none
 * of the attackers is left and the hosts lost less than `FADED_LOSS` of their initial number; every
 * other run took off (a still-smouldering outbreak, or one that was beaten after it had spread).
 */
export function outcomesOf(runs: readonly Trajectory[], roles: OutbreakRoles): Outcomes {
  const names = runs[0]!.compartments;
  const n = names.length;
  const last = runs[0]!.times.length - 1;
  const faded: Trajectory[] = [];
  const tookOffRuns: Trajectory[] = [];
  for (const run of runs) (tookOff(run, roles) ? tookOffRuns : faded).push(run);
  const classOf = (members: Trajectory[]): OutcomeClass => {
    const finalMedian: Record<string, number | null> = {};
    names.forEach((name, c) => {
      const values = Float64Array.from(members, (run) => run.values[last * n + c]!).sort();
      finalMedian[name] = values.length === 0 ? null : quantileSorted(values, 0.5);
    });
    return { fraction: members.length / runs.length, runs: members.length, final_median: finalMedian };
  };
  return { rule: ruleText(names, roles), took_off: classOf(tookOffRuns), faded_out: classOf(faded) };
}
