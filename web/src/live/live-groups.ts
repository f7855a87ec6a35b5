import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { STATE_COUNT } from '../../../src/engines/agents/states.js';
import { DROPPED_GROUP } from '../../../src/scenario/compiled-world.js';

/**
 * The counts of a live run's top-level groups (the rows of groups.csv without a `/`: students,
 * staff …; not the humans dropped on the map, who join during the run) in each state, kept per output row as `LiveRun` keeps the compartments' counts, so that
 * a seek back shows the counts at that time. Row r holds `values[(r · groups + g) · STATE_COUNT + state]`.
 */
export class LiveGroups {
  /** The groups' names, in the order of their counts. */
  readonly names: readonly string[];
  readonly values: Float64Array;
  /** The rows of the engine's tally that are the groups', in order. */
  private readonly tallyRows: readonly number[];

  constructor(
    private readonly engine: AgentsEngine,
    rowCount: number,
  ) {
    const { names } = engine.groupCounts();
    this.tallyRows = names.flatMap((name, row) =>
      name.includes('/') || name === DROPPED_GROUP ? [] : [row],
    );
    this.names = this.tallyRows.map((row) => names[row]!);
    this.values = new Float64Array(rowCount * this.width);
  }

  /** Numbers per row: every group's count in every state. */
  get width(): number {
    return this.tallyRows.length * STATE_COUNT;
  }

  /** Takes the counts now as row r. */
  observe(r: number): void {
    const { counts } = this.engine.groupCounts();
    let at = r * this.width;
    for (const row of this.tallyRows) {
      this.values.set(counts.subarray(row * STATE_COUNT, (row + 1) * STATE_COUNT), at);
      at += STATE_COUNT;
    }
  }

  /** Rows first … end − 1 (a copy, to transfer). */
  rows(first: number, end: number): Float64Array {
    return this.values.slice(first * this.width, end * this.width);
  }
}
