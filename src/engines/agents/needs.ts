import { clockHours, isNight, nightOf } from './day-phase.js';
import { FAR } from './distance-field.js';
import { EV_TRIP, TRIP_START, tripDetail } from './event-log.js';
import { GROUP_SCAVENGE, GROUP_SPLIT } from './group-plans.js';
import { LEG_OUT } from './needs-state.js';
import { CAUSE_STARVATION, CAUSE_THIRST, type Sim } from './sim.js';
import { HUMAN, INFECTED, PLAN_SHELTER, PLAN_TRIP } from './states.js';

/** Seconds after their last alarm before the sheltered may fall asleep. */
const SETTLE_SECONDS = 600;

/**
 * Needs over days (`world.needs`), checked every `needs.every` seconds (not every tick), in
 * creation order, for the people on the map (the latent infected too; hybrids are beyond hunger):
 * - a person `water` hours after their last drink drinks a portion from the room they are in, if
 *   it has one, and likewise eats after `food` hours; until then they are thirsty (or hungry);
 * - hungry or thirsty, they are weak: walking and running speed and strength × `weak`, until they
 *   have eaten and drunk again (our choice: a plain factor, as the show is silent);
 * - `thirst` hours without a drink, or `starve` hours without food, and they die (of thirst or
 *   starvation), at the first check at or after the limit;
 * - in the sleep window, the sheltered (or calm) with no hunter in sight, no hunter in the room and
 *   no alarm for ten minutes sleep: they act only at these checks (the idle skip that keeps long
 *   runs fast), hear half as far and wake at a scream (see `Perception`), at sight of a hunter, or
 *   when the window ends.
 * Groups with a strategy send their bravest (`scouts`, by courage) on a supply trip when one of
 * them is due a meal or a drink and their shelter has none left, and a `scavenge` group once each
 * night as well; the trip itself is the `trip` unit. Nothing here draws a random number. (Those
 * who turn keep the weakness they had: a starved person makes a slower zombie.)
 */
export function updateNeeds(sim: Sim): void {
  const needs = sim.needs!;
  const a = sim.a;
  const b = sim.b!;
  const s = needs.settings;
  const t = sim.time;
  const foodSeconds = s.food * 3600;
  const waterSeconds = s.water * 3600;
  const starveSeconds = s.starve * 3600;
  const thirstSeconds = s.thirst * 3600;
  const hours = clockHours(sim.light, t);
  const sleepTime = needs.sleepTime(hours - 24 * Math.floor(hours / 24));
  const wakeAt = sim.tick + needs.checkTicks;
  const { roomFood, roomWater, ateAt, drankAt } = needs;
  const plans = sim.groupPlans;
  if (plans !== undefined) {
    plans.wantFood.fill(0);
    plans.wantWater.fill(0);
  }
  for (let i = 0; i < a.n; i++) {
    const state = a.state[i]!;
    if ((state !== HUMAN && state !== INFECTED) || a.away[i] !== 0) continue;
    const r = b.room[a.cell[i]!]!;
    if (t - drankAt[i]! >= waterSeconds) {
      if (r >= 0 && roomWater[r]! >= 1) {
        roomWater[r]!--;
        drankAt[i] = t;
      } else if (plans !== undefined && plans.team[i]! >= 0) plans.wantWater[plans.team[i]!] = 1;
    }
    if (t - ateAt[i]! >= foodSeconds) {
      if (r >= 0 && roomFood[r]! >= 1) {
        roomFood[r]!--;
        ateAt[i] = t;
      } else if (plans !== undefined && plans.team[i]! >= 0) plans.wantFood[plans.team[i]!] = 1;
    }
    if (t - drankAt[i]! >= thirstSeconds) {
      sim.kill(i, -1, CAUSE_THIRST);
      continue;
    }
    if (t - ateAt[i]! >= starveSeconds) {
      sim.kill(i, -1, CAUSE_STARVATION);
      continue;
    }
    const weak = t - drankAt[i]! > waterSeconds || t - ateAt[i]! > foodSeconds ? 1 : 0;
    if (weak !== needs.weak[i]) {
      const factor = weak === 1 ? s.weak : 1 / s.weak;
      a.walk[i]! *= factor;
      a.run[i]! *= factor;
      a.strength[i]! *= factor;
      needs.weak[i] = weak;
    }
    const sleeps =
      sleepTime &&
      (a.plan[i] === PLAN_SHELTER || a.alarmed[i] === 0) &&
      a.threat[i]! < 0 &&
      (a.alarmed[i] === 0 || t - a.alarmedAt[i]! >= SETTLE_SECONDS) &&
      (r < 0 || sim.places.roomHunters[r] === 0);
    if (sleeps) {
      needs.asleep[i] = 1;
      if (a.sleepUntil[i]! < wakeAt) a.sleepUntil[i] = wakeAt;
    } else needs.asleep[i] = 0;
  }
  if (sim.groupPlans !== undefined) sendScavengers(sim, hours);
}

/**
 * Teams with a member due a meal (or a drink) that their shelter has run out of, and `scavenge`
 * teams once a night, send their `scouts` bravest members at the shelter to the nearest room (by
 * walking distance) with what it lacks, if no trip of theirs is under way.
 */
function sendScavengers(sim: Sim, hours: number): void {
  const needs = sim.needs!;
  const plans = sim.groupPlans!;
  const a = sim.a;
  const b = sim.b!;
  const night = isNight(sim.light, hours);
  const tonight = nightOf(sim.light, hours);
  // g: a team (a group, or a class of a school group).
  for (let g = 0; g < plans.plan.length; g++) {
    const plan = plans.plan[g]!;
    const home = plans.base[g]!;
    if (plan < 0 || plan === GROUP_SPLIT || plans.known[g] === 0 || home < 0) continue;
    const lackFood = plans.wantFood[g] === 1 && needs.roomFood[home]! < 1;
    const lackWater = plans.wantWater[g] === 1 && needs.roomWater[home]! < 1;
    const nightly = plan === GROUP_SCAVENGE && night && plans.tripNight[g] !== tonight;
    if (!lackFood && !lackWater && !nightly) continue;
    if (tripUnderWay(sim, g)) continue;
    const target = nearestSupplies(sim, home, lackFood, lackWater);
    if (target < 0) continue;
    let sent = 0;
    for (let k = 0; k < needs.settings.scouts; k++) {
      // The bravest member at the shelter not yet sent (ties: the first in creation order).
      let best = -1;
      for (let i = 0; i < a.n; i++) {
        if (plans.team[i] !== g || a.state[i] !== HUMAN || a.away[i] !== 0 || a.plan[i] !== PLAN_SHELTER)
          continue;
        if (b.room[a.cell[i]!] !== home || (best >= 0 && a.courage[i]! <= a.courage[best]!)) continue;
        best = i;
      }
      if (best < 0) break;
      a.plan[best] = PLAN_TRIP;
      a.goal[best] = target;
      sim.wake(best);
      needs.asleep[best] = 0;
      needs.tripLeg[best] = LEG_OUT;
      needs.tripHome[best] = home;
      needs.legStarted[best] = sim.time;
      sim.log.add(sim.time, EV_TRIP, best, -1, sim.where(best), tripDetail(TRIP_START, target, 0, 0));
      sent++;
    }
    if (sent > 0 && nightly) plans.tripNight[g] = tonight;
  }
}

function tripUnderWay(sim: Sim, g: number): boolean {
  const a = sim.a;
  const needs = sim.needs!;
  const team = sim.groupPlans!.team;
  for (let i = 0; i < a.n; i++) {
    if (team[i] === g && needs.tripLeg[i] !== 0 && a.plan[i] === PLAN_TRIP && a.state[i] === HUMAN)
      return true;
  }
  return false;
}

/**
 * The room nearest `home` by walking distance with some of the supplies it lacks (food if `food`,
 * water if `water`; either, for a nightly trip that lacks neither), no hunter in it, and a way
 * there; or −1.
 */
function nearestSupplies(sim: Sim, home: number, food: boolean, water: boolean): number {
  const needs = sim.needs!;
  const b = sim.b!;
  const from = b.roomAnchor[home]!;
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const r of needs.supplyRooms) {
    if (r === home || sim.places.roomHunters[r]! > 0) continue;
    const hasFood = needs.roomFood[r]! >= 1;
    const hasWater = needs.roomWater[r]! >= 1;
    const useful = food || water ? (food && hasFood) || (water && hasWater) : hasFood || hasWater;
    if (!useful) continue;
    const d = sim.roomField(r).values[from]!;
    if (d < FAR && d < bestDistance) {
      best = r;
      bestDistance = d;
    }
  }
  return best;
}
