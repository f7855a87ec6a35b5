import { DOOR_BROKEN, DOOR_STATE_NAMES } from '../../src/engines/agents/building.js';
import type { LoggedEvent } from '../../src/output/character-story.js';

/** What the map draws of the doors at the time shown (a replay's history, or a live run's latest). */
export interface DoorStates {
  /** Each door's state code (`DOOR_OPEN` …), whether it was breached, whether a barricade stands in it. */
  readonly state: Uint8Array;
  readonly breached: Uint8Array;
  readonly barricaded: Uint8Array;
  /** Sets the arrays to their values at time t (the map calls it for each frame shown). */
  at(t: number): void;
}

/**
 * Doors over time, from a run's door and breach events: `stateAt(t)` gives every door's state at
 * t, and whether it was breached by then (a breached door is broken, as in the engine). The log
 * does not say when barricades go up, so none is drawn. Events are few (hundreds), so a scan is enough.
 */
export class DoorHistory implements DoorStates {
  private readonly t: Float64Array;
  private readonly door: Int32Array;
  /** The new state, or −1 for a breach. */
  private readonly change: Int8Array;
  readonly state: Uint8Array;
  readonly breached: Uint8Array;
  readonly barricaded: Uint8Array;

  constructor(
    private readonly start: Uint8Array,
    events: readonly LoggedEvent[],
  ) {
    const changes = events.filter(
      (e) =>
        (e.kind === 'door' || e.kind === 'breach') && typeof e.door === 'number' && e.door < start.length,
    );
    this.t = Float64Array.from(changes, (e) => e.t);
    this.door = Int32Array.from(changes, (e) => e.door as number);
    this.change = Int8Array.from(changes, (e) =>
      e.kind === 'breach'
        ? -1
        : Math.max(0, DOOR_STATE_NAMES.indexOf(e.state as (typeof DOOR_STATE_NAMES)[number])),
    );
    this.state = new Uint8Array(start.length);
    this.breached = new Uint8Array(start.length);
    this.barricaded = new Uint8Array(start.length);
  }

  /** Sets `state` and `breached` to their values at time t. */
  at(t: number): void {
    this.state.set(this.start);
    this.breached.fill(0);
    for (let k = 0; k < this.t.length && this.t[k]! <= t; k++) {
      const d = this.door[k]!;
      const change = this.change[k]!;
      if (change < 0) {
        this.breached[d] = 1;
        this.state[d] = DOOR_BROKEN;
      } else this.state[d] = change;
    }
  }
}
