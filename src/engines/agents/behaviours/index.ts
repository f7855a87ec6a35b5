import type { StackInput, UnitName, UnitParams } from '../../../scenario/world-schema.js';
import type { Sim } from '../sim.js';
import { barricade } from './barricade.js';
import { bite } from './bite.js';
import { breakBarricade } from './break-barricade.js';
import { contactBite } from './contact-bite.js';
import { countdown } from './countdown.js';
import { crowdAvoid } from './crowd-avoid.js';
import { crowdSeek } from './crowd-seek.js';
import { decay } from './decay.js';
import { fight } from './fight.js';
import { flee } from './flee.js';
import { followLeader } from './follow-leader.js';
import { followSound } from './follow-sound.js';
import { headFor } from './head-for.js';
import { help } from './help.js';
import { hide } from './hide.js';
import { hunger } from './hunger.js';
import { hunt } from './hunt.js';
import { infectFirst } from './infect-first.js';
import { relocate } from './relocate.js';
import { routine } from './routine.js';
import { shelter } from './shelter.js';
import { track } from './track.js';
import type { Unit } from './unit.js';
import { wander } from './wander.js';

export type { Unit } from './unit.js';

type Factory<U extends UnitName> = (params: UnitParams<U>, sim: Sim) => Unit;

/** Every behaviour unit by name, and where it can run: in a building, on an open plane, or both. */
export const UNITS: { [U in UnitName]: { make: Factory<U>; space: 'building' | 'open' | 'any' } } = {
  bite: { make: bite, space: 'building' },
  hunt: { make: hunt, space: 'building' },
  track: { make: track, space: 'building' },
  'follow-sound': { make: followSound, space: 'building' },
  'break-barricade': { make: breakBarricade, space: 'building' },
  wander: { make: wander, space: 'building' },
  fight: { make: fight, space: 'building' },
  flee: { make: flee, space: 'building' },
  help: { make: help, space: 'building' },
  barricade: { make: barricade, space: 'building' },
  shelter: { make: shelter, space: 'building' },
  'follow-leader': { make: followLeader, space: 'building' },
  'head-for': { make: headFor, space: 'building' },
  hide: { make: hide, space: 'building' },
  routine: { make: routine, space: 'building' },
  hunger: { make: hunger, space: 'building' },
  'crowd-seek': { make: crowdSeek, space: 'open' },
  'crowd-avoid': { make: crowdAvoid, space: 'open' },
  'infect-first': { make: infectFirst, space: 'open' },
  countdown: { make: countdown, space: 'any' },
  relocate: { make: relocate, space: 'open' },
  'contact-bite': { make: contactBite, space: 'open' },
  decay: { make: decay, space: 'any' },
};

/**
 * Builds one stack: its enabled units, highest priority first (ties keep the scenario's order).
 * Returns the problems instead if a unit cannot run in this kind of space.
 */
export function buildStack(spec: StackInput, sim: Sim, open: boolean): { units: Unit[]; problems: string[] } {
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const [name, params] of Object.entries(spec) as [UnitName, UnitParams<UnitName> | undefined][]) {
    if (params === undefined || !params.enabled) continue;
    const entry = UNITS[name];
    if ((entry.space === 'building' && open) || (entry.space === 'open' && !open)) {
      problems.push(
        `${name}: this unit needs ${entry.space === 'open' ? 'an open plane' : 'a building with floors'}`,
      );
      continue;
    }
    units.push((entry.make as Factory<UnitName>)(params, sim));
  }
  const order = units.map((unit, k) => ({ unit, k }));
  order.sort((x, y) => y.unit.priority - x.unit.priority || x.k - y.k);
  return { units: order.map((o) => o.unit), problems };
}
