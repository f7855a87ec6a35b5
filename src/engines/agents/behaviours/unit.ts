import type { AlarmHook, BittenHook, SightedHook } from '../hooks.js';
import type { Walker } from '../movement.js';
import type { Perception } from '../perception.js';
import type { Sim } from '../sim.js';

/**
 * A behaviour unit, in the spirit of a d3-force force: made once from its parameters and the parts
 * of the simulation (which it closes over), then called for one agent at a time. `act` returns true
 * when the unit acted and ends the agent's turn; false lets the next unit in priority order try.
 * Units such as `crowd-seek` do their part and return false, so that a later unit (`infect-first`)
 * runs. A unit may also answer what happens to an agent of its stack (the hooks): its alarm, a
 * bite, the first sight of a hunter. Its name, space and default priority are in `UNIT_TABLE`
 * (src/scenario/compiled-world.ts).
 */
export interface Unit {
  act(i: number): boolean;
  onAlarm?: AlarmHook;
  onBitten?: BittenHook;
  onSighted?: SightedHook;
}

/** The parts of the simulation a unit is made with: the state, movement and perception. */
export interface Parts {
  readonly sim: Sim;
  readonly walker: Walker;
  readonly perception: Perception;
}
