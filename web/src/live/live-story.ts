import { DEAD, INFECTED, STATE_COUNT, STATE_NAMES } from '../../../src/engines/agents/states.js';
import { showBookmarkList } from '../bookmark-list.js';
import {
  type Bookmark,
  breachLabel,
  fateLabel,
  firstZombieLabel,
  lostLabel,
  momentFrom,
} from '../bookmarks.js';
import type { LiveChart } from '../live-chart.js';
import type { GroupSeries } from '../series.js';
import { fillShares, shareChartOf, survivalTable } from '../survival.js';
import type { Timeline } from '../timeline.js';
import { LEFT, type LiveMoment } from './live-moments.js';
import type { LiveFrame, LiveReady } from './protocol.js';

const SURVIVAL_HEIGHT = 160;

/** What the story of a live run is shown with. */
export interface LiveStoryParts {
  readonly times: Float64Array;
  readonly timeline: Timeline;
  readonly floorNames: readonly string[];
  readonly describe: (t: number) => string;
  /** Goes to a moment's time (the worker seeks there). */
  readonly seek: (t: number) => void;
}

/**
 * The story of a live run on the page: survival by group (the table and the chart, as for a
 * replay, growing with the rows) and the moments, in the list and on the timeline, as the worker
 * finds them. The groups' rows are kept by row, so after a seek back the table shows the counts
 * at that time.
 */
export class LiveStory {
  private readonly groups: GroupSeries;
  /** Each group's share still human (%), on the rows. */
  private readonly shares: Float64Array[];
  /** The chart of survival by group, when the page shows it. */
  readonly chart: LiveChart | undefined;
  /** The survival table, made once the first row (the groups' sizes) has come. */
  private table: ((t: number) => void) | undefined;
  private readonly names: ReadonlyMap<number, string>;
  private observed = 0;
  /** The moments shown, as a key: the list is made again only when they change. */
  private shownKey: string | undefined;
  private shown: readonly Bookmark[] = [];

  constructor(
    run: LiveReady,
    private readonly parts: LiveStoryParts,
  ) {
    const { times } = parts;
    this.groups = {
      names: STATE_NAMES,
      t: times,
      groups: run.groups.map((name) => ({
        name,
        states: STATE_NAMES.map(() => new Float64Array(times.length).fill(Number.NaN)),
      })),
    };
    this.shares = run.groups.map(() => new Float64Array(times.length).fill(Number.NaN));
    const section = document.querySelector<HTMLElement>('#survival-heading')!.parentElement!;
    section.hidden = run.groups.length === 0;
    this.chart = section.hidden
      ? undefined
      : shareChartOf(
          document.querySelector<HTMLElement>('#survival-chart')!,
          this.groups,
          this.shares,
          { until: run.until, describe: parts.describe, unit: run.unit },
          SURVIVAL_HEIGHT,
        );
    this.names = new Map(run.named);
    this.showMoments([]);
  }

  /** A new run of the same scenario (a reset or reseed): no rows and no moments yet. */
  restart(): void {
    for (const group of this.groups.groups) for (const column of group.states) column.fill(Number.NaN);
    for (const share of this.shares) share.fill(Number.NaN);
    this.table = undefined;
    this.observed = 0;
    this.showMoments([]);
  }

  /** Takes a frame's rows of the groups' counts (forgetting those after a seek back). */
  take(frame: LiveFrame): void {
    const { groups } = this.groups;
    const width = groups.length * STATE_COUNT;
    if (width === 0) return;
    const rows = frame.groupRows.length / width;
    for (let r = 0; r < rows; r++)
      groups.forEach((group, g) => {
        for (let s = 0; s < STATE_COUNT; s++)
          group.states[s]![frame.firstRow + r] = frame.groupRows[r * width + g * STATE_COUNT + s]!;
      });
    if (frame.rowCount < this.observed)
      for (const group of groups) for (const column of group.states) column.fill(Number.NaN, frame.rowCount);
    this.observed = frame.rowCount;
    fillShares(this.groups, this.shares, frame.firstRow, frame.firstRow + rows);
    if (this.table === undefined && frame.rowCount > 0) {
      const body = document.querySelector<HTMLTableSectionElement>('#survival tbody')!;
      body.replaceChildren();
      this.table = survivalTable(body, this.groups);
    }
  }

  /** Shows the frame's time: the survival table and chart at its last row, and its moments. */
  show(frame: LiveFrame): void {
    if (frame.rowCount > 0) {
      this.table?.(this.parts.times[frame.rowCount - 1]!);
      this.chart?.showUpTo(frame.rowCount - 1);
    }
    this.showMoments(frame.moments);
  }

  /** Goes to the moment found after time `now` (direction 1) or before it (−1), if any. */
  jump(now: number, direction: 1 | -1): void {
    const moment = momentFrom(this.shown, now, direction);
    if (moment !== undefined) this.parts.seek(moment.t);
  }

  private showMoments(moments: readonly LiveMoment[]): void {
    const bookmarks = moments.map((moment) => this.bookmarkOf(moment));
    this.shown = bookmarks;
    const key = bookmarks.map((b) => `${b.t} ${b.label}`).join('\n');
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.parts.timeline.setBookmarks(bookmarks);
    showBookmarkList(bookmarks, this.parts.seek, this.parts.describe);
  }

  /** A moment in the words of a replay's bookmarks. */
  private bookmarkOf(moment: LiveMoment): Bookmark {
    const { t } = moment;
    const floorName = (f: number) => this.parts.floorNames[f] ?? `floor ${f + 1}`;
    switch (moment.kind) {
      case 'spread':
        return { t, label: firstZombieLabel(floorName(moment.floor)), kind: 'spread' };
      case 'loss':
        return { t, label: lostLabel(moment.percent), kind: 'loss' };
      case 'fate':
        return { t, label: fateLabel(this.nameOf(moment.agent), fateWords(moment.state)), kind: 'fate' };
      case 'survives':
        return { t, label: fateLabel(this.nameOf(moment.agent), 'survives'), kind: 'fate' };
      case 'door':
        return { t, label: breachLabel(floorName(moment.floor)), kind: 'door' };
      case 'world':
        return { t, label: moment.name, kind: 'world' };
    }
  }

  private nameOf(agent: number): string {
    return this.names.get(agent) ?? `agent ${agent}`;
  }
}

/** What becoming this state (or leaving) is, in words: `is bitten`, `turns zombie`, `dies`, `leaves`. */
function fateWords(state: number): string {
  if (state === LEFT) return 'leaves';
  if (state === INFECTED) return 'is bitten';
  if (state === DEAD) return 'dies';
  return state === 0 ? 'is human again' : `turns ${STATE_NAMES[state] ?? 'something else'}`;
}
