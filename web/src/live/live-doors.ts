import { DOOR_BARRICADED, DOOR_BROKEN } from '../../../src/engines/agents/building.js';
import type { DoorStates } from '../door-history.js';

/**
 * The doors of a live run: the latest states the worker sent (`Space.doorStates`), drawn by the
 * map as a replay's are. A broken door was breached; a barricade shows while one stands.
 */
export class LiveDoors implements DoorStates {
  readonly state: Uint8Array;
  readonly breached: Uint8Array;
  readonly barricaded: Uint8Array;

  constructor(start: Uint8Array) {
    this.state = start.slice();
    this.breached = new Uint8Array(start.length);
    this.barricaded = new Uint8Array(start.length);
  }

  /** Takes the doors of a frame (ignored if it does not match the plan's doors). */
  push(codes: Uint8Array): void {
    if (codes.length !== this.state.length) return;
    for (let d = 0; d < codes.length; d++) {
      const code = codes[d]!;
      // The state codes are below DOOR_BARRICADED, a power of two added as a flag.
      const state = code & (DOOR_BARRICADED - 1);
      this.state[d] = state;
      this.breached[d] = state === DOOR_BROKEN ? 1 : 0;
      this.barricaded[d] = code & DOOR_BARRICADED ? 1 : 0;
    }
  }

  /** The latest states are the ones shown: a live run keeps no door history on the page. */
  at(): void {}
}
