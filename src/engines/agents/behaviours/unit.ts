/**
 * A behaviour unit, in the spirit of a d3-force force: made once from its parameters and the
 * simulation (which it closes over), then called for one agent at a time. `act` returns true when
 * the unit acted and ends the agent's turn; false lets the next unit in priority order try. Units
 * such as `crowd-seek` do their part and return false, so that a later unit (`infect-first`) runs.
 * Its name, space and default priority are in `UNIT_TABLE` (src/scenario/compiled-world.ts).
 */
export interface Unit {
  act(i: number): boolean;
}
