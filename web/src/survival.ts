import { type ChartLine, LiveChart } from './live-chart.js';
import { OKABE_ITO } from './palette.js';
import type { GroupSeries } from './series.js';

const SURVIVAL_HEIGHT = 160;
/** The column of the human state in a group's `states`. */
const HUMAN = 0;
const { blue, orange, bluishGreen, reddishPurple, skyBlue, vermillion } = OKABE_ITO;
/** The groups' colours, in order. */
export const GROUP_PALETTE: readonly string[] = [
  blue,
  orange,
  bluishGreen,
  reddishPurple,
  skyBlue,
  vermillion,
];

/** How the survival chart reads its time axis, and what it may show in place of the run's own lines. */
export interface SurvivalOptions {
  readonly until: number;
  readonly describe: (t: number) => string;
  readonly timeTick: (t: number) => string;
  /** Lines to draw instead of each group's share (an ensemble's medians and bands). */
  readonly lines?: readonly ChartLine[];
  readonly note?: string;
}

/**
 * Survival by group: a table of each top-level group's members still human (and their share of
 * the group's size at t = 0), and a chart of those shares over time, for a finished run's
 * `groups.csv` and a live run's rows alike. A live run's rows come as it goes: `update` takes them,
 * `show` shows one.
 */
export class Survival {
  readonly chart: LiveChart;
  /** Each group's share still human, in percent, on the rows of `groups.t` (NaN: not yet known). */
  private readonly shares: Float64Array[];
  private readonly cells: { human: HTMLTableCellElement; size: HTMLTableCellElement }[];

  constructor(
    private readonly groups: GroupSeries,
    options: SurvivalOptions,
  ) {
    const body = document.querySelector<HTMLElement>('#survival tbody')!;
    body.replaceChildren();
    this.cells = groups.groups.map((group) => {
      const row = document.createElement('tr');
      row.dataset.group = group.name;
      row.innerHTML = '<th scope="row"></th><td class="count"></td><td></td>';
      row.cells[0]!.textContent = group.name;
      body.append(row);
      return { human: row.cells[1]!, size: row.cells[2]! };
    });
    this.shares = groups.groups.map(() => new Float64Array(groups.t.length).fill(Number.NaN));
    this.update(0, groups.t.length);
    this.chart = new LiveChart(
      document.querySelector<HTMLElement>('#survival-chart')!,
      groups.t,
      options.lines ??
        groups.groups.map((group, g) => ({
          label: `${group.name} human`,
          values: this.shares[g]!,
          colour: GROUP_PALETTE[g % GROUP_PALETTE.length]!,
        })),
      {
        until: options.until,
        yMax: 100,
        formatTime: options.describe,
        formatTimeTick: options.timeTick,
        formatValue: (v) => `${Math.round(v)}%`,
        height: SURVIVAL_HEIGHT,
        ...(options.note === undefined ? {} : { note: options.note }),
      },
    );
  }

  /** Takes rows `first` … `end − 1` of the groups' counts (changed, or new). */
  update(first: number, end: number): void {
    this.groups.groups.forEach((group, g) => {
      const size = this.sizeOf(g);
      const human = group.states[HUMAN]!;
      const share = this.shares[g]!;
      for (let r = first; r < end; r++) share[r] = (100 * human[r]!) / (size || 1);
      this.cells[g]!.size.textContent = Number.isNaN(size) ? '' : size.toLocaleString('en-US');
    });
  }

  /** Shows row r: each group's members still human in the table, and the chart up to it. */
  show(r: number): void {
    this.groups.groups.forEach((group, g) => {
      const human = group.states[HUMAN]![r]!;
      this.cells[g]!.human.textContent = Number.isNaN(human)
        ? ''
        : `${human.toLocaleString('en-US')} (${Math.round(this.shares[g]![r]!)}%)`;
    });
    this.chart.showUpTo(r);
  }

  /** A group's size: its members at t = 0, in every state. */
  private sizeOf(g: number): number {
    return this.groups.groups[g]!.states.reduce((sum, column) => sum + column[0]!, 0);
  }
}

/**
 * The survival section for these groups, or undefined (the section hidden) when there are none:
 * the counting engines, or a world of no groups.
 */
export function survivalOf(groups: GroupSeries | undefined, options: SurvivalOptions): Survival | undefined {
  const section = document.querySelector<HTMLElement>('#survival-heading')!.parentElement!;
  section.hidden = groups === undefined || groups.groups.length === 0;
  return section.hidden ? undefined : new Survival(groups!, options);
}
