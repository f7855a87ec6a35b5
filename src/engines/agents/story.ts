import type { Roster } from '../../scenario/compiled-world.js';
import { EV_DEATH, EV_TRIP, TRIP_BACK, TRIP_START } from './event-log.js';
import { CAUSE_STARVATION, CAUSE_THIRST, type Sim } from './sim.js';
import type { Space } from './space.js';
import { HUMAN, IMMUNE, STATE_NAMES } from './states.js';

/** The state and place in the story of a named character who arrives later and has not yet. */
export const NOT_ARRIVED = 'not arrived';

/** Seconds, rounded to a tenth; null for never. */
function when(t: number): number | null {
  return Number.isFinite(t) ? Math.round(t * 10) / 10 : null;
}

/**
 * The story of a run, for summary.json: when the first person was bitten and the first zombie rose,
 * when half and nine in ten of all the people had been lost to the outbreak (infected, turned or
 * dead), when the school fell (nine in ten of the people still on its grounds lost), which named
 * characters came through and how, how many hybrids rose, and where the survivors are.
 */
export function tellStory(
  sim: Sim,
  space: Space,
  roster: Roster,
  lost50: number,
  lost90: number,
  fell90: number,
): Record<string, unknown> {
  const a = sim.a;
  const named = roster.characterNames.map((name, c) => {
    let i = -1;
    for (let k = 0; k < a.n && i < 0; k++) if (a.character[k] === c) i = k;
    // A character who arrives later and has not arrived yet.
    if (i < 0) return { name, state: NOT_ARRIVED, survived: false, where: NOT_ARRIVED };
    const state = a.state[i]!;
    return {
      name,
      state: STATE_NAMES[state],
      survived: state === HUMAN || state === IMMUNE,
      where: space.placeOf(i),
    };
  });
  // Every hybrid that rose, also those killed since.
  const { immunesRisen: immune, immortalsRisen: immortal } = sim.infection;
  const hybrids = sim.infection.namedHybrids.map((i) => roster.characterNames[a.character[i]!]!);
  const places = new Map<string, number>();
  for (let i = 0; i < a.n; i++) {
    if (a.state[i] !== HUMAN) continue;
    const place = space.placeOf(i);
    places.set(place, (places.get(place) ?? 0) + 1);
  }
  const survivorsWhere = Object.fromEntries(
    [...places.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
  );
  const reached = Object.fromEntries(space.exitsReached().map(([exit, t]) => [exit, when(t)]));
  const people = a.n;
  return {
    people,
    first_bite_t: when(sim.infection.firstBite),
    first_zombie_t: when(sim.infection.firstZombie),
    lost_50_t: when(lost50),
    lost_90_t: when(lost90),
    lost_90_after_first_bite:
      Number.isFinite(lost90) && Number.isFinite(sim.infection.firstBite)
        ? when(lost90 - sim.infection.firstBite)
        : null,
    ...(!space.falls
      ? {}
      : {
          school_fell_t: when(fell90),
          school_fell_after_first_bite:
            Number.isFinite(fell90) && Number.isFinite(sim.infection.firstBite)
              ? when(fell90 - sim.infection.firstBite)
              : null,
        }),
    humans_left: sim.registry.counts[HUMAN],
    named,
    survivors: named.filter((c) => c.survived).map((c) => c.name),
    hybrids: { immune, immortal, named: hybrids },
    survivors_where: survivorsWhere,
    outbreak_through_exits_t: reached,
    ...daysStory(sim, roster),
  };
}

/**
 * With needs or strategies (opt-in): deaths of thirst and of hunger, supply trips made and
 * brought home, and each team's leader now (a group, or a class of a school group:
 * `students/2-5`); nothing otherwise, so that the story keeps its shape.
 */
function daysStory(sim: Sim, roster: Roster): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const log = sim.log;
  if (sim.needs !== undefined) {
    let thirst = 0;
    let hunger = 0;
    let trips = 0;
    let back = 0;
    for (let k = 0; k < log.count; k++) {
      const kind = log.kind[k];
      if (kind === EV_DEATH && log.detail[k] === CAUSE_THIRST) thirst++;
      if (kind === EV_DEATH && log.detail[k] === CAUSE_STARVATION) hunger++;
      if (kind === EV_TRIP && (log.detail[k]! & 3) === TRIP_START) trips++;
      if (kind === EV_TRIP && (log.detail[k]! & 3) === TRIP_BACK) back++;
    }
    out.died_of_thirst = thirst;
    out.died_of_hunger = hunger;
    out.supply_trips = { set_out: trips, came_back: back };
  }
  const plans = sim.groupPlans;
  if (plans !== undefined) {
    const leaders: Record<string, string | null> = {};
    for (let g = 0; g < plans.plan.length; g++) {
      const l = plans.leader[g]!;
      const c = l >= 0 ? sim.a.character[l]! : -1;
      const home = plans.teamHome[g]!;
      const team = `${roster.groupNames[plans.teamGroup[g]!]}${home >= 0 ? `/${sim.b!.roomNames[home]}` : ''}`;
      leaders[team] = l < 0 ? null : c >= 0 ? roster.characterNames[c]! : `#${l}`;
    }
    out.group_leaders = leaders;
  }
  return out;
}
