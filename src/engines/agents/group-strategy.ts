import type { CompiledStrategy, Roster } from '../../scenario/compiled-world.js';
import { clockHours, isNight } from './day-phase.js';
import { EV_LEADER } from './event-log.js';
import { GROUP_MOVE, GROUP_SPLIT, GroupPlans } from './group-plans.js';
import type { Sim } from './sim.js';
import { HUMAN, IMMUNE, INFECTED, PLAN_GO, PLAN_SHELTER, PLAN_TRIP } from './states.js';

/**
 * Group strategies (`world.groups[].strategy`): a group decides together, led by its leader (a
 * school group: each class on its own, led by its own leader; below, "group" is the team).
 *
 * When a member of a group with a plan is alarmed, they follow the group's plan with chance
 * `cohesion` (one draw), else act on their own (the `shelter` unit's own choice, as before). At the
 * start of each phase (dusk, dawn) every member of a group that knows of the outbreak and is not
 * following its plan decides again (one draw each). Following means:
 * - fortify (and scavenge): hold the group's base, the leader's room when the group first decides
 *   (if it is a refuge; else the deciding member's room, if a refuge; else the nearest refuge):
 *   go there, shut the doors and barricade (the `shelter` and `barricade` units);
 * - move: go to the room `to` and fortify there;
 * - split: there is no group plan and no leader: everyone for themselves.
 * Supply trips (scavenge at night, and any group whose shelter ran out) are in `needs.ts`.
 *
 * A group's leader is its character with `leader: true`, else its first member; members follow
 * the leader (the `follow-leader` unit). A leader who dies, turns or leaves is replaced by the
 * next member in creation order who is still human, and the change is logged (`leader`).
 */

/**
 * Makes the teams, their plans and leaders at the start (after everyone is placed): one team a
 * group with a strategy, or one a class (home room) of a school group; its leader is its first
 * member with `leader: true`, else its first member.
 */
export function setUpGroups(sim: Sim, roster: Roster, strategies: readonly CompiledStrategy[]): GroupPlans {
  const a = sim.a;
  const b = sim.b!;
  const teamOf = new Map<string, number>();
  const teamGroup: number[] = [];
  const teamHome: number[] = [];
  const team = roster.members.map((m) => {
    if (strategies[m.group]!.plan < 0) return -1;
    const home = m.student && m.home !== undefined ? (b.roomIndex.get(m.home) ?? -1) : -1;
    const key = `${m.group} ${home}`;
    let t = teamOf.get(key);
    if (t === undefined) {
      t = teamGroup.length;
      teamOf.set(key, t);
      teamGroup.push(m.group);
      teamHome.push(home);
    }
    return t;
  });
  const plans = new GroupPlans(teamGroup, teamHome, a.capacity, b.roomCount);
  for (let t = 0; t < teamGroup.length; t++) {
    const s = strategies[teamGroup[t]!]!;
    plans.plan[t] = s.plan;
    plans.to[t] = s.to;
    plans.cohesion[t] = s.cohesion;
    if (s.aware) plans.known[t] = 1;
  }
  team.forEach((t, i) => {
    plans.team[i] = t;
    if (t < 0) return;
    const l = plans.leader[t]!;
    if (l < 0 || (roster.members[i]!.leader && !roster.members[l]!.leader)) plans.leader[t] = i;
  });
  for (let i = 0; i < a.n; i++) {
    const t = plans.team[i]!;
    if (t < 0) continue;
    if (plans.plan[t] === GROUP_SPLIT) {
      plans.leader[t] = -1;
      a.leader[i] = -1;
    } else a.leader[i] = plans.leader[t] === i ? -1 : plans.leader[t]!;
  }
  return plans;
}

/**
 * Person i was alarmed: if their team has a plan, they follow it with chance `cohesion` (true:
 * their plan is made) or act on their own (false). Those without a plan draw nothing.
 */
export function followsGroupPlan(sim: Sim, i: number): boolean {
  const plans = sim.groupPlans;
  if (plans === undefined) return false;
  const a = sim.a;
  const g = plans.team[i]!;
  if (g < 0) return false;
  const plan = plans.plan[g]!;
  if (plan < 0 || plan === GROUP_SPLIT) return false;
  plans.known[g] = 1;
  const own = plans.cohesion[g]!;
  const chance = Number.isNaN(own) ? a.cohesion[i]! : own;
  if (sim.stream.next() >= chance) {
    plans.follows[i] = 0;
    return false;
  }
  plans.follows[i] = 1;
  joinPlan(sim, plans, i, g);
  return true;
}

/** Person i takes on team g's plan: to its base (chosen now if it has none yet), and shelter there. */
function joinPlan(sim: Sim, plans: GroupPlans, i: number, g: number): void {
  const a = sim.a;
  const b = sim.b!;
  if (plans.base[g]! < 0) {
    const l = plans.leader[g]!;
    const leaderRoom = l >= 0 && onMapHuman(sim, l) ? b.room[a.cell[l]!]! : -1;
    const mine = b.room[a.cell[i]!]!;
    plans.base[g] =
      plans.plan[g] === GROUP_MOVE
        ? plans.to[g]!
        : sim.isRefuge(leaderRoom)
          ? leaderRoom
          : sim.isRefuge(mine)
            ? mine
            : -1;
  }
  const base = plans.base[g]!;
  const r = b.room[a.cell[i]!]!;
  if (base >= 0 && r === base) {
    a.plan[i] = PLAN_SHELTER;
    a.goal[i] = r;
  } else {
    a.plan[i] = PLAN_GO;
    a.goal[i] = base;
  }
}

function onMapHuman(sim: Sim, i: number): boolean {
  const s = sim.a.state[i]!;
  return (s === HUMAN || s === INFECTED) && sim.a.away[i] === 0;
}

/** Whether agent i can lead: on the map with its mind, a human (infected or not) or an Immune (who keeps hers). */
function canLead(sim: Sim, i: number): boolean {
  return onMapHuman(sim, i) || (sim.a.state[i] === IMMUNE && sim.a.away[i] === 0);
}

/**
 * Once a tick: leaders who died, turned into a zombie or an Immortal, or left are replaced; at the start of a phase (dusk or
 * dawn) the members of groups that know of the outbreak who do not follow the plan decide again.
 */
export function updateGroups(sim: Sim): void {
  const plans = sim.groupPlans!;
  const a = sim.a;
  const teams = plans.plan.length;
  for (let g = 0; g < teams; g++) {
    const l = plans.leader[g]!;
    if (l >= 0 && !canLead(sim, l)) newLeader(sim, plans, g, l);
  }
  const phase = isNight(sim.light, clockHours(sim.light, sim.time)) ? 1 : 0;
  const was = plans.phase;
  plans.phase = phase;
  if (was < 0 || was === phase) return;
  for (let i = 0; i < a.n; i++) {
    const g = plans.team[i]!;
    if (g < 0) continue;
    const plan = plans.plan[g]!;
    if (plan === GROUP_SPLIT || plans.known[g] === 0 || plans.follows[i] === 1) continue;
    if (!onMapHuman(sim, i) || a.plan[i] === PLAN_TRIP) continue;
    const own = plans.cohesion[g]!;
    if (sim.stream.next() < (Number.isNaN(own) ? a.cohesion[i]! : own)) {
      plans.follows[i] = 1;
      joinPlan(sim, plans, i, g);
    }
  }
}

/** Team g's leader `old` is gone: the next member after them in creation order who is still human leads. */
function newLeader(sim: Sim, plans: GroupPlans, g: number, old: number): void {
  const a = sim.a;
  const team = plans.team;
  let next = -1;
  for (let k = 1; k < a.n && next < 0; k++) {
    const i = (old + k) % a.n;
    if (team[i] === g && onMapHuman(sim, i)) next = i;
  }
  plans.leader[g] = next;
  for (let i = 0; i < a.n; i++) if (team[i] === g) a.leader[i] = i === next ? -1 : next;
  if (next >= 0) sim.log.add(sim.time, EV_LEADER, next, old, sim.where(next), g);
}
