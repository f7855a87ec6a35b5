import { DOOR_BARRICADED, DOOR_BROKEN } from '../../../src/engines/agents/building.js';
import { AWAY_FLOOR, newFrame, type ReplayFrame, readReplay } from '../../../src/engines/agents/replay.js';
import { HUMAN, IMMUNE, ZOMBIE } from '../../../src/engines/agents/states.js';
import type { FiredEvent } from '../../../src/model/firing-log.js';
import { Cell } from '../../../src/scenario/building-map.js';

/** A named character's code for "has left" (away), beside the states 0 … 5. */
export const LEFT = 255;
/** The shares of the people lost that are moments. */
const LOST_SHARES = [50, 90] as const;
const NONE = -1;

/**
 * A moment of a live run, found by the worker as the run goes and worded by the page (which knows
 * the floors' names). `door`: the first door broken (a barricade breached) on a floor.
 */
export type LiveMoment =
  | { readonly t: number; readonly kind: 'spread'; readonly floor: number }
  | { readonly t: number; readonly kind: 'loss'; readonly percent: number }
  | { readonly t: number; readonly kind: 'fate'; readonly agent: number; readonly state: number }
  | { readonly t: number; readonly kind: 'survives'; readonly agent: number }
  | { readonly t: number; readonly kind: 'door'; readonly floor: number }
  | { readonly t: number; readonly kind: 'world'; readonly name: string };

/**
 * Finds a live run's moments on its output rows: the first zombie on each floor (a building of
 * several floors) and each named character's changes of state (from the agents at each row), 50%
 * and 90% of the people lost (from the counts), the first door broken on each floor (from the
 * doors' states, when the run gives them), and the scenario's events as they fire. Everything
 * is kept by row, so a row observed again (after a seek back, or an intervention at its time)
 * replaces what was found from it on, and the moments are always those of the rows observed.
 */
export class LiveMoments {
  private readonly frame: ReplayFrame;
  /** The row of the first zombie on each floor (NONE: none yet). */
  private readonly firstZombieRow: Int32Array;
  /** The row at which each of `LOST_SHARES` was first reached. */
  private readonly lostRow = new Int32Array(LOST_SHARES.length).fill(NONE);
  /** Each named character's state (or LEFT) at each row, `codes[r · named + k]`. */
  private readonly codes: Uint8Array;
  /** The row of the first door broken on each floor. */
  private readonly firstBreachRow: Int32Array;

  constructor(
    private readonly times: Float64Array,
    floors: number,
    agents: number,
    /** The named characters' agent numbers. */
    private readonly named: readonly number[],
    /** The column of the human state in the counts. */
    private readonly humanColumn: number,
    /** Each door's floor, in the order of the doors' states. */
    private readonly doorFloor: Uint8Array = new Uint8Array(0),
  ) {
    this.frame = newFrame(agents);
    this.firstZombieRow = new Int32Array(floors < 2 ? 0 : floors).fill(NONE);
    this.firstBreachRow = new Int32Array(doorFloor.length === 0 ? 0 : Math.max(1, floors)).fill(NONE);
    this.codes = new Uint8Array(times.length * named.length);
  }

  /**
   * Row r is observed: its counts, the doors' states now (`Space.doorStates`: `DOOR_OPEN` …, plus
   * `DOOR_BARRICADED` while a barricade stands; undefined or empty without doors), and (called only
   * when needed) the agents now as a one-frame replay. Forgets what was found at r and after.
   */
  observe(r: number, counts: Float64Array, doors: Uint8Array | undefined, agentsNow: () => Uint8Array): void {
    const forget = (rows: Int32Array) => {
      for (let k = 0; k < rows.length; k++) if (rows[k]! >= r) rows[k] = NONE;
    };
    forget(this.firstZombieRow);
    forget(this.lostRow);
    forget(this.firstBreachRow);
    if (doors !== undefined && doors.length === this.doorFloor.length)
      for (let d = 0; d < doors.length; d++) {
        const floor = this.doorFloor[d]!;
        if ((doors[d]! & (DOOR_BARRICADED - 1)) === DOOR_BROKEN && this.firstBreachRow[floor] === NONE)
          this.firstBreachRow[floor] = r;
      }
    let total = 0;
    for (const count of counts) total += count;
    const lost = total - counts[this.humanColumn]!;
    LOST_SHARES.forEach((percent, k) => {
      if (this.lostRow[k] === NONE && lost >= (percent / 100) * total) this.lostRow[k] = r;
    });
    const floorsLeft = this.firstZombieRow.includes(NONE);
    if (!floorsLeft && this.named.length === 0) return;
    const frame = this.frame;
    readReplay(agentsNow()).frame(0, frame);
    if (floorsLeft)
      for (let i = 0; i < frame.state.length; i++) {
        const f = frame.floor[i]!;
        if (frame.state[i] === ZOMBIE && f < this.firstZombieRow.length && this.firstZombieRow[f] === NONE)
          this.firstZombieRow[f] = r;
      }
    const named = this.named;
    named.forEach((agent, k) => {
      this.codes[r * named.length + k] = frame.floor[agent] === AWAY_FLOOR ? LEFT : frame.state[agent]!;
    });
  }

  /** The moments of rows 0 … rows − 1, in time order, with the events fired by then; `survives` once the run is over. */
  list(rows: number, fired: readonly FiredEvent[]): LiveMoment[] {
    const { times, named, codes } = this;
    const moments: LiveMoment[] = [];
    this.firstZombieRow.forEach((r, floor) => {
      if (r !== NONE && r < rows) moments.push({ t: times[r]!, kind: 'spread', floor });
    });
    this.firstBreachRow.forEach((r, floor) => {
      if (r !== NONE && r < rows) moments.push({ t: times[r]!, kind: 'door', floor });
    });
    this.lostRow.forEach((r, k) => {
      if (r !== NONE && r < rows) moments.push({ t: times[r]!, kind: 'loss', percent: LOST_SHARES[k]! });
    });
    named.forEach((agent, k) => {
      for (let r = 1; r < rows; r++) {
        const code = codes[r * named.length + k]!;
        if (code !== codes[(r - 1) * named.length + k])
          moments.push({ t: times[r]!, kind: 'fate', agent, state: code });
      }
      const last = codes[(rows - 1) * named.length + k];
      if (rows === times.length && (last === HUMAN || last === IMMUNE))
        moments.push({ t: times[rows - 1]!, kind: 'survives', agent });
    });
    const end = rows > 0 ? times[rows - 1]! : 0;
    for (const event of fired)
      for (const t of event.times) if (t <= end) moments.push({ t, kind: 'world', name: event.name });
    return moments.sort((a, b) => a.t - b.t);
  }
}

/** Each door's floor, in the order of the doors' states: the door cells of a replay plan (`cells` a floor), cell by cell. */
export function doorFloorsOf(plan: Uint8Array, cells: number): Uint8Array {
  const floors: number[] = [];
  for (let c = 0; c < plan.length; c++)
    if (plan[c] === Cell.DOOR || plan[c] === Cell.LOCKED) floors.push(Math.floor(c / cells));
  return Uint8Array.from(floors);
}
