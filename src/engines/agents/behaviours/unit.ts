import type { UnitName } from '../../../scenario/world-schema.js';

/**
 * A behaviour unit, in the spirit of a d3-force force: made once from its parameters and the
 * simulation (which it closes over), then called for one agent at a time. `act` returns true when
 * the unit acted and ends the agent's turn; false lets the next unit in priority order try. Units
 * such as `crowd-seek` do their part and return false, so that a later unit (`infect-first`) runs.
 */
export interface Unit {
  readonly name: UnitName;
  /** Higher acts first. */
  readonly priority: number;
  act(i: number): boolean;
}
