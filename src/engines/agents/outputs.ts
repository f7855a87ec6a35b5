import type { CompiledEvent } from '../../model/events.js';
import { type Member, type Roster, traitNames, type WorldSettings } from '../../scenario/compiled-world.js';
import type { Agents } from './agents.js';
import { DOOR_STATE_NAMES } from './building.js';
import {
  ALARMED_BY_ROOM,
  ALARMED_BY_SIGHT,
  doorStateOf,
  EV_ALARM,
  EV_BITE,
  EV_DEATH,
  EV_DOOR,
  EV_KILL,
  EV_LEADER,
  EV_NOISE,
  EV_TRIP,
  EV_TURN,
  EV_WORLD,
  EVENT_KINDS,
  TRIP_BACK,
  TRIP_LEGS,
} from './event-log.js';
import { DEATH_CAUSES, SCRATCH, type Sim, SOUND_KINDS } from './sim.js';
import type { Space } from './space.js';
import { STATE_NAMES } from './states.js';

/** A person's plan once alarmed, by `PLAN_*` code, as `events.jsonl` names it. */
const PLAN_NAMES = ['none', 'shelter', 'go', 'leave', 'trip'] as const;

/** Rows of groups.csv: at each output time, counts by group (row-major, states in column order). */
export interface GroupRows {
  times: number[];
  counts: Float64Array[];
  names: string[];
}

/** `groups.csv`: `t,group,human,infected,zombie,immune,immortal,dead`, one row per time and group. */
export function groupsCsv(rows: GroupRows): string {
  const lines = [`t,group,${STATE_NAMES.join(',')}`];
  rows.times.forEach((t, r) => {
    const counts = rows.counts[r]!;
    rows.names.forEach((name, g) => {
      const row = [];
      for (let s = 0; s < STATE_NAMES.length; s++) row.push(counts[g * STATE_NAMES.length + s]!);
      lines.push(`${t},${name},${row.join(',')}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/** Rows of factions.csv: at each output time, each faction's living members and its members ever. */
export interface FactionRows {
  names: readonly string[];
  times: number[];
  standing: Int32Array[];
  joined: Float64Array[];
}

/**
 * `factions.csv`: `t,faction,standing,joined`, one row per output time and faction: `standing` its
 * living members then, `joined` the agents that had ever been members by then (each once).
 */
export function factionsCsv(rows: FactionRows): string {
  const lines = ['t,faction,standing,joined'];
  rows.times.forEach((t, r) => {
    rows.names.forEach((name, f) => {
      lines.push(`${t},${name},${rows.standing[r]![f]!},${rows.joined[r]![f]!}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/**
 * `events.jsonl`: one JSON object a line, in the order things happened: `t` (seconds, to the
 * millisecond), `kind` (bite, turn, kill, breach, noise, death, exit, world, door, alarm, enter,
 * drop: a human added during a run, where they were put; arrive: someone who came in during the
 * run, one entry each, with the `exit` room they came in by and `from` where it leads), `agent` and
 * `other` (agent indices, in creation order, or null), `name` / `otherName` for named characters,
 * `floor` and `room` where it happened (or `away`: where the agent had gone), and a kind-specific
 * detail: a bite's `severity`, the state a turn gave (`as`), a death's `cause`, a noise's `sound`,
 * an exit's `exit` and `to`, a world event's `event`; a door change's `door` (its index), `room`
 * (the side of the agent who changed it), `to` (the other side) and new `state` (open, closed,
 * broken), logged only when the state changes; a breach's `door`, `room` and `to` likewise; a
 * supply trip's leg (`trip`: start, back or abort), the room it set out `for` (start, abort) or the
 * portions of `food` and `water` brought back (back); a new leader's `group` (and `class`, in a school
 * group: each class has its own leader; `other`: the old leader).
 */
export function eventsJsonl(
  sim: Sim,
  space: Space,
  roster: Roster,
  world: WorldSettings,
  scenarioEvents: readonly CompiledEvent[],
): string {
  const log = sim.log;
  const a = sim.a;
  const out: string[] = [];
  const name = (i: number) =>
    i >= 0 && a.character[i]! >= 0 ? roster.characterNames[a.character[i]!] : undefined;
  // The world's events, then the scenario's own (set, scale, move), as `applyEvent` numbers them.
  const worldNames = [
    ...world.events.map((e, k) => e.name ?? `world event ${k + 1}`),
    ...scenarioEvents.map((e) => e.name),
  ];
  for (let k = 0; k < log.count; k++) {
    const kind = log.kind[k]!;
    const agent = log.agent[k]!;
    const other = log.other[k]!;
    const cell = log.cell[k]!;
    const detail = log.detail[k]!;
    const record: Record<string, unknown> = {
      t: Math.round(log.t[k]! * 1000) / 1000,
      kind: EVENT_KINDS[kind],
      agent: agent >= 0 ? agent : null,
    };
    const agentName = name(agent);
    if (agentName !== undefined) record.name = agentName;
    if (other >= 0) {
      record.other = other;
      const otherName = name(other);
      if (otherName !== undefined) record.otherName = otherName;
    }
    space.describe(kind, cell, detail, record);
    switch (kind) {
      case EV_BITE:
        record.severity = detail === SCRATCH ? 'scratch' : (sim.infection.biteNames[detail] ?? 'bite');
        break;
      case EV_TURN:
        record.as = STATE_NAMES[detail];
        break;
      case EV_KILL:
      case EV_DEATH:
        record.cause = DEATH_CAUSES[detail];
        break;
      case EV_NOISE:
        record.sound = SOUND_KINDS[detail];
        break;
      case EV_WORLD:
        record.event = worldNames[detail];
        break;
      case EV_DOOR:
        record.state = DOOR_STATE_NAMES[doorStateOf(detail)];
        break;
      case EV_ALARM: {
        const how = detail & 15;
        record.by = how === ALARMED_BY_SIGHT ? 'sight' : how === ALARMED_BY_ROOM ? 'room' : 'sound';
        if (how < SOUND_KINDS.length) record.sound = SOUND_KINDS[how];
        record.plan = PLAN_NAMES[detail >> 4];
        break;
      }
      case EV_TRIP: {
        const leg = detail & 3;
        record.trip = TRIP_LEGS[leg];
        if (leg === TRIP_BACK) {
          record.food = (detail >> 2) & 1023;
          record.water = detail >> 12;
        } else record.for = sim.b?.roomNames[detail >> 2] ?? null;
        break;
      }
      case EV_LEADER: {
        // The detail is the team: a group, or a class of a school group.
        const plans = sim.groupPlans;
        record.group = roster.groupNames[plans?.teamGroup[detail] ?? -1] ?? null;
        const home = plans?.teamHome[detail] ?? -1;
        if (home >= 0) record.class = sim.b?.roomNames[home] ?? null;
        break;
      }
    }
    out.push(JSON.stringify(record));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** The traits and social knobs of agents.csv, in column order: each is a field of `Agents`. */
const TRAIT_COLUMNS = [
  ...traitNames,
  'cohesion',
  'selfishness',
  'obedience',
] as const satisfies readonly (keyof Agents)[];

/**
 * The people's traits as drawn at the start (turning changes some), `TRAIT_COLUMNS.length` values
 * an agent, with room for those added during the run (`keepTraits`); none on an open plane, where
 * no traits are drawn.
 */
export function traitsAtStart(a: Agents): Float32Array | undefined {
  if (!a.full) return undefined;
  const out = new Float32Array(a.capacity * TRAIT_COLUMNS.length);
  for (let i = 0; i < a.n; i++) keepTraits(a, out, i);
  return out;
}

/** Keeps agent i's traits as drawn, in `traits` (made by `traitsAtStart`, if any). */
export function keepTraits(a: Agents, traits: Float32Array | undefined, i: number): void {
  if (traits === undefined) return;
  const width = TRAIT_COLUMNS.length;
  for (let k = 0; k < width; k++) traits[i * width + k] = a[TRAIT_COLUMNS[k]!][i]!;
}

/**
 * `agents.csv`: every agent once (those who arrived or were added during the run too: `memberOf`
 * says who each slot's agent is), so that the ids of events.jsonl mean something:
 * `id,name,group,class,role,start,end,where,` then the traits and social knobs as drawn at the
 * start (`walk … obedience`, empty on an open plane). `class` is a school group member's home
 * room, `role` a member's role in a group with roles; `start` and `end` are the states at the start
 * and at the end of the run, and `where` the place at the end (a room and floor, or `away: …`).
 */
export function agentsCsv(
  sim: Sim,
  space: Space,
  roster: Roster,
  traits: Float32Array | undefined,
  memberOf: (i: number) => Member,
): string {
  const a = sim.a;
  const width = TRAIT_COLUMNS.length;
  const lines = [`id,name,group,class,role,start,end,where,${TRAIT_COLUMNS.join(',')}`];
  for (let i = 0; i < a.n; i++) {
    const m = memberOf(i);
    const c = a.character[i]!;
    const values: string[] = [];
    for (let k = 0; k < width; k++)
      values.push(traits === undefined ? '' : String(round3(traits[i * width + k]!)));
    lines.push(
      [
        i,
        csvField(c >= 0 ? roster.characterNames[c]! : ''),
        roster.groupNames[m.group],
        m.home ?? '',
        m.role ?? '',
        STATE_NAMES[m.state],
        STATE_NAMES[a.state[i]!],
        csvField(space.placeOf(i)),
        ...values,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** A CSV field, quoted if it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
