import type { CompiledEvent } from '../../model/events.js';
import { EV_WORLD } from './event-log.js';
import { CAUSE_EVENT, type Sim } from './sim.js';
import { DEAD, HUMAN, INFECTED, STACK_HUMAN, STACK_NONE, STACK_OF_STATE } from './states.js';

/**
 * Applies scenario event `index` (`events:` — set, scale, move) to the agents, logged as a world
 * event is, each change acting on agents drawn with the run's stream:
 * - `set` of a parameter changes it (units that read parameters see the new value);
 * - `set` of a compartment to fewer than it holds kills members drawn at random; to more, it turns
 *   humans drawn at random into that state;
 * - `scale` by f ≤ 1 keeps each member with chance f (the rest die); by f > 1 turns humans into
 *   the state, count · (f − 1) of them (the fraction by one Bernoulli draw);
 * - `move` moves each member of `from` to `to` with chance `fraction`.
 */
export function applyEvent(sim: Sim, event: CompiledEvent, index: number): void {
  // In events.jsonl beside the world's own events, numbered after them (see `eventsJsonl`).
  sim.log.add(sim.time, EV_WORLD, -1, -1, -1, sim.world.events.length + index);
  for (const action of event.actions) {
    switch (action.kind) {
      case 'set-parameter':
        sim.parameters[action.index] = action.value;
        break;
      case 'set-compartment': {
        const have = sim.registry.counts[action.index]!;
        if (action.value < have) killSome(sim, action.index, have - action.value);
        else convertHumans(sim, action.index, action.value - have);
        break;
      }
      case 'scale': {
        const s = action.index;
        if (action.factor <= 1) {
          eachMember(sim, s, (i) => {
            if (sim.stream.next() >= action.factor) sim.kill(i, -1, CAUSE_EVENT);
          });
        } else {
          const exact = sim.registry.counts[s]! * (action.factor - 1);
          const whole = Math.floor(exact);
          convertHumans(sim, s, whole + (sim.stream.next() < exact - whole ? 1 : 0));
        }
        break;
      }
      case 'move':
        eachMember(sim, action.from, (i) => {
          if (sim.stream.next() < action.fraction) moveTo(sim, i, action.to);
        });
        break;
    }
  }
}

/** Calls f for each agent in state s, in creation order (a snapshot: f may change states). */
function eachMember(sim: Sim, s: number, f: (i: number) => void): void {
  const a = sim.a;
  const members: number[] = [];
  for (let i = 0; i < a.n; i++) if (a.state[i] === s) members.push(i);
  for (const i of members) f(i);
}

/** Anywhere: every agent qualifies. */
const ANYWHERE = (): boolean => true;

/** Kills `count` agents in state s, drawn at random from those for which `here` holds. */
export function killSome(sim: Sim, s: number, count: number, here: (i: number) => boolean = ANYWHERE): void {
  const members: number[] = [];
  for (let i = 0; i < sim.a.n; i++) if (sim.a.state[i] === s && here(i)) members.push(i);
  for (let k = 0; k < count && k < members.length; k++) {
    const j = k + Math.floor(sim.stream.next() * (members.length - k));
    const pick = members[j]!;
    members[j] = members[k]!;
    members[k] = pick;
    if (s === DEAD) continue;
    sim.kill(pick, -1, CAUSE_EVENT);
  }
}

/** Turns `count` humans drawn at random (those for which `here` holds) into state s. */
export function convertHumans(
  sim: Sim,
  s: number,
  count: number,
  here: (i: number) => boolean = ANYWHERE,
): void {
  if (s === HUMAN) return;
  const humans: number[] = [];
  for (let i = 0; i < sim.a.n; i++) if (sim.a.state[i] === HUMAN && here(i)) humans.push(i);
  for (let k = 0; k < count && k < humans.length; k++) {
    const j = k + Math.floor(sim.stream.next() * (humans.length - k));
    const pick = humans[j]!;
    humans[j] = humans[k]!;
    humans[k] = pick;
    moveTo(sim, pick, s);
  }
}

/**
 * Puts agent i into state s the way the model would: infection starts a clock, dying is a death,
 * and a human or an infected person made a zombie or a hybrid rises as one (its traits, its turn
 * in the log: added zombies had a human's and bit with no turn told).
 */
function moveTo(sim: Sim, i: number, s: number): void {
  const from = sim.a.state[i]!;
  if (s === from) return;
  if (s === INFECTED) {
    if (from === HUMAN) sim.infection.infect(i, sim.infection.drawBiteClass(), -1);
    else sim.registry.setState(i, s);
    return;
  }
  if (s === DEAD) {
    sim.kill(i, -1, CAUSE_EVENT);
    return;
  }
  // No longer waiting to turn.
  if (from === INFECTED) sim.a.turnAt[i] = Number.POSITIVE_INFINITY;
  // From the humans' stack (human, infected) to a risen one's (zombie, immune, immortal).
  const risen = STACK_OF_STATE[s] !== STACK_HUMAN && STACK_OF_STATE[s] !== STACK_NONE;
  if (STACK_OF_STATE[from] === STACK_HUMAN && risen) sim.infection.rise(i, sim.time, s);
  else sim.registry.setState(i, s);
}
