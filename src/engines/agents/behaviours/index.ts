import type { CompiledUnit, UnitName, UnitParams } from '../../../scenario/compiled-world.js';
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
import type { Parts, Unit } from './unit.js';
import { wander } from './wander.js';

export type { Parts, Unit } from './unit.js';

type Factory<U extends UnitName> = (params: UnitParams<U>, parts: Parts) => Unit;

/** Every behaviour unit by name (its space and default priority are in `UNIT_TABLE`). */
export const UNITS: { [U in UnitName]: Factory<U> } = {
  bite,
  hunt,
  track,
  'follow-sound': followSound,
  'break-barricade': breakBarricade,
  wander,
  fight,
  flee,
  help,
  barricade,
  shelter,
  'follow-leader': followLeader,
  'head-for': headFor,
  hide,
  routine,
  hunger,
  'crowd-seek': crowdSeek,
  'crowd-avoid': crowdAvoid,
  'infect-first': infectFirst,
  countdown,
  relocate,
  'contact-bite': contactBite,
  decay,
};

/** Makes one stack's units, in the compiled order (highest priority first). */
export function buildStack(units: readonly CompiledUnit[], parts: Parts): Unit[] {
  return units.map((unit) => (UNITS[unit.name] as Factory<UnitName>)(unit.params, parts));
}
