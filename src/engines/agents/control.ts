import type { CompiledEvent } from '../../model/events.js';
import type { FiringLog } from '../../model/firing-log.js';
import { type Intervention, InvalidIntervention } from '../../model/intervention.js';
import type { WorldSettings } from '../../scenario/compiled-world.js';
import { type DropTarget, dropHumans } from './drop.js';
import { applyEvent, convertHumans, killSome } from './model-events.js';
import { DEAD, HUMAN, STATE_NAMES } from './states.js';
import type { WorldEvents } from './world-events.js';

/**
 * What live control acts on: the run's state, its space (where a place is), who humans added
 * during the run are, its own copy of the world settings, its events.
 */
export interface Controlled extends DropTarget {
  /** The engine's own settings (the parts `set` may change). */
  readonly settings: WorldSettings;
  readonly worldEvents: WorldEvents;
  readonly scenarioEvents: readonly CompiledEvent[];
  readonly firings: FiringLog;
  /** Makes the behaviour units again from the settings, after a change to them. */
  rebuildUnits(): void;
}

/**
 * The world settings that `set` may change during a run: the behaviour units' parameters (not
 * `enabled` or `priority`, which fix the stacks), the fight, the scratch chance, the hybrids, how
 * people change on turning, and how often people look around. The others shape what the engine
 * made at the start (the building, the sound field, the people).
 */
const SETTABLE = [
  /^world\.behaviours\.(human|zombie|immune|immortal)\.[a-z-]+\.(?!enabled$|priority$)[A-Za-z]+(\.[01])?$/,
  /^world\.infection\.fight\.(kill|escape)$/,
  /^world\.infection\.scratch\.(chance|turn\.[01])$/,
  /^world\.infection\.(hybrid|immuneShare)$/,
  /^world\.infection\.(zombie|immune|immortal)\.(speed|strength|hearing|sight)$/,
  /^world\.perception\.every$/,
];

/**
 * Applies one intervention to the agents at the present time, or throws `InvalidIntervention`
 * (changing nothing) for one that cannot apply:
 * - `set` a model parameter by name, or a world setting by its dotted path (as `--set` names it);
 * - `add` count agents to a state (negative: remove) at a place: a room of the building, or a
 *   point `x,y` of the open plane (the cell holding it); anywhere without one. Adding humans makes
 *   new agents out of the reserve (`dropHumans`); adding another state turns humans there into it,
 *   as the scenario's events do; removing kills agents of that state there;
 * - `fire` a world event (by `name`, even a disabled one) or a scenario event, now.
 */
export function applyIntervention(target: Controlled, intervention: Intervention): void {
  switch (intervention.kind) {
    case 'set':
      setValue(target, intervention.name, intervention.value);
      break;
    case 'add':
      addAgents(target, intervention.compartment, intervention.count, intervention.place);
      break;
    case 'fire':
      fire(target, intervention.event);
      break;
  }
}

function setValue(target: Controlled, name: string, value: number): void {
  const sim = target.sim;
  if (!Number.isFinite(value)) throw new InvalidIntervention(`${name}: ${value} is not a finite number`);
  const k = sim.parameterIndex.get(name);
  if (k !== undefined) {
    sim.parameters[k] = value;
    return;
  }
  if (!name.startsWith('world.'))
    throw new InvalidIntervention(`no parameter '${name}' (world settings are named world.…)`);
  if (!SETTABLE.some((pattern) => pattern.test(name)))
    throw new InvalidIntervention(
      `${name} cannot be changed during a run (behaviour parameters, world.infection and world.perception.every can)`,
    );
  const path = name.split('.').slice(1);
  let holder: Record<string, unknown> = target.settings as unknown as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(holder, key) ? holder[key] : undefined;
    if (next === null || typeof next !== 'object')
      throw new InvalidIntervention(`no world setting ${name} in this scenario ('${key}' is not there)`);
    holder = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  const now = Object.hasOwn(holder, last) ? holder[last] : undefined;
  const optional = /\.(zombie|immune|immortal)\.[a-z]+$/.test(name);
  if (typeof now !== 'number' && typeof now !== 'string' && !(optional && now === undefined))
    throw new InvalidIntervention(`no world setting ${name} in this scenario`);
  holder[last] = value;
  target.rebuildUnits();
}

function addAgents(target: Controlled, compartment: string, count: number, place: string | undefined): void {
  const sim = target.sim;
  const s = (STATE_NAMES as readonly string[]).indexOf(compartment);
  if (s < 0)
    throw new InvalidIntervention(
      `no agent state '${compartment}' (the states are ${STATE_NAMES.join(', ')})`,
    );
  if (!Number.isInteger(count)) throw new InvalidIntervention(`add ${count}: agents come in whole numbers`);
  const here = placeFilter(target, place);
  const a = sim.a;
  const count0 = (state: number) => {
    let n = 0;
    for (let i = 0; i < a.n; i++) if (a.state[i] === state && here(i)) n++;
    return n;
  };
  const where = place === undefined ? '' : ` in ${place}`;
  if (count < 0) {
    if (s === DEAD) throw new InvalidIntervention('the dead cannot be removed');
    const have = count0(s);
    if (-count > have)
      throw new InvalidIntervention(`cannot remove ${-count} ${compartment}${where}: there are ${have}`);
    killSome(sim, s, -count, here);
  } else if (count > 0) {
    if (s === HUMAN) {
      dropHumans(target, count, place);
      return;
    }
    const humans = count0(HUMAN);
    if (count > humans)
      throw new InvalidIntervention(
        `cannot add ${count} ${compartment}${where}: they are made of the humans there, and there are ${humans}`,
      );
    convertHumans(sim, s, count, here);
  }
}

/** Which agents stand at a place (see `Space.at`), or anywhere on the map. */
function placeFilter(target: Controlled, place: string | undefined): (i: number) => boolean {
  const a = target.sim.a;
  if (place === undefined) return (i) => a.away[i] === 0;
  return target.space.at(place);
}

function fire(target: Controlled, name: string): void {
  const { sim, settings, worldEvents, scenarioEvents, firings } = target;
  const world = settings.events.findIndex((e) => e.name === name);
  if (world >= 0) {
    worldEvents.apply(world);
    firings.record(scenarioEvents.length + world, sim.time);
    return;
  }
  const own = scenarioEvents.findIndex((e) => e.name === name);
  if (own >= 0) {
    applyEvent(sim, scenarioEvents[own]!, own);
    firings.record(own, sim.time);
    return;
  }
  const names = [
    ...settings.events.flatMap((e) => (e.name === undefined ? [] : [e.name])),
    ...scenarioEvents.map((e) => e.name),
  ];
  throw new InvalidIntervention(
    `no event '${name}'${names.length > 0 ? ` (this scenario's are ${names.join(', ')})` : ''}`,
  );
}
