import type { Member, Roster, WorldSettings } from '../../scenario/compiled-world.js';
import { STATE_COUNT } from './states.js';

/**
 * The rows of groups.csv and who counts in them: each world group, then (by `world.breakdown`) each
 * of its grades, classes (`students/class-2-5`) and roles (`staff/role-teacher`). Agent i counts in
 * rows `rowsOf[i·width …]` (−1: none), for every slot up to the agents' capacity.
 */
export interface GroupReport {
  names: string[];
  width: number;
  rowsOf: Int16Array;
  /** The rows of each of `roster.arrivals`, `width` a person: copied to its slot when it arrives. */
  arrivalRows: Int16Array;
}

/**
 * Lays out groups.csv's rows for a roster (see `GroupReport`), with room for `capacity` agents: the
 * slots after the roster's are for humans added during a run, members like `dropped`, and for those
 * who arrive (whose rows are put in their slot as they arrive, `GroupTally.arrive`).
 */
export function groupReport(
  roster: Roster,
  breakdown: WorldSettings['breakdown'],
  capacity: number,
  dropped: Member | undefined,
): GroupReport {
  const names: string[] = [];
  const rowOf = new Map<string, number>();
  const key = (g: number, part: string) => `${g}\u0000${part}`;
  const add = (g: number, part: string, name: string) => {
    rowOf.set(key(g, part), names.length);
    names.push(name);
  };
  roster.groupNames.forEach((group, g) => {
    add(g, '', group);
    const members = [...roster.members, ...roster.arrivals.map((x) => x.member)].filter((m) => m.group === g);
    if (breakdown.grades)
      for (const r of roster.report) if (r.group === g && r.grade > 0) add(g, `grade ${r.grade}`, r.name);
    if (breakdown.classes)
      for (const home of new Set(members.map((m) => m.home)))
        if (home !== undefined) add(g, `class ${home}`, `${group}/class-${home}`);
    if (breakdown.roles)
      for (const role of new Set(members.map((m) => m.role)))
        if (role !== undefined) add(g, `role ${role}`, `${group}/role-${role}`);
  });
  const parts = (m: Member) => [
    '',
    ...(breakdown.grades ? [`grade ${m.grade}`] : []),
    ...(breakdown.classes ? [`class ${m.home}`] : []),
    ...(breakdown.roles ? [`role ${m.role}`] : []),
  ];
  const width = 1 + Number(breakdown.grades) + Number(breakdown.classes) + Number(breakdown.roles);
  const rowsOf = new Int16Array(capacity * width).fill(-1);
  // Members alike share one descriptor: look each descriptor's rows up once.
  const known = new Map<Member, number[]>();
  const lay = (m: Member, i: number, into = rowsOf) => {
    let rows = known.get(m);
    if (rows === undefined) {
      rows = parts(m).map((part) => rowOf.get(key(m.group, part)) ?? -1);
      known.set(m, rows);
    }
    into.set(rows, i * width);
  };
  roster.members.forEach((m, i) => {
    lay(m, i);
  });
  if (dropped !== undefined) for (let i = roster.members.length; i < capacity; i++) lay(dropped, i);
  const arrivalRows = new Int16Array(roster.arrivals.length * width);
  roster.arrivals.forEach((x, k) => {
    lay(x.member, k, arrivalRows);
  });
  return { names, width, rowsOf, arrivalRows };
}

/** Counts agents 0 … n − 1 in each row of a `GroupReport`: `counts[row · STATE_COUNT + state]`. */
export function countGroups(report: GroupReport, state: Uint8Array, n: number, counts: Float64Array): void {
  const { width, rowsOf } = report;
  for (let i = 0; i < n; i++) {
    const s = state[i]!;
    for (let k = i * width; k < i * width + width; k++) {
      const row = rowsOf[k]!;
      if (row >= 0) counts[row * STATE_COUNT + s]!++;
    }
  }
}

/**
 * The counts of groups.csv's rows (`counts[row · STATE_COUNT + state]`), kept as agents change
 * state, so that taking a row at an output time is a copy and not a pass over every agent (on
 * `repast-zombies`, with a row every tick, that pass was 7% of the run).
 */
export class GroupTally {
  readonly counts: Float64Array;

  /** Counts agents 0 … n − 1, in their present `state`. */
  constructor(
    private readonly report: GroupReport,
    state: Uint8Array,
    n: number,
  ) {
    this.counts = new Float64Array(report.names.length * STATE_COUNT);
    countGroups(report, state, n, this.counts);
  }

  /** Agent i is arrival k of the roster (`roster.arrivals`): it counts in that arrival's rows. */
  arrive(i: number, k: number): void {
    const { width, rowsOf, arrivalRows } = this.report;
    rowsOf.set(arrivalRows.subarray(k * width, k * width + width), i * width);
  }

  /** Agent i was made during the run, in state s. */
  add(i: number, s: number): void {
    const { width, rowsOf } = this.report;
    const counts = this.counts;
    for (let k = i * width; k < i * width + width; k++) {
      const row = rowsOf[k]!;
      if (row >= 0) counts[row * STATE_COUNT + s]!++;
    }
  }

  /** Agent i changed state from `old` to `s`. */
  move(i: number, old: number, s: number): void {
    const { width, rowsOf } = this.report;
    const counts = this.counts;
    for (let k = i * width; k < i * width + width; k++) {
      const row = rowsOf[k]!;
      if (row < 0) continue;
      counts[row * STATE_COUNT + old]!--;
      counts[row * STATE_COUNT + s]!++;
    }
  }
}
