import type { AgentsWorld } from '../../scenario/world-schema.js';
import { DOOR_STATE_NAMES } from './building.js';
import {
  doorOf,
  doorStateOf,
  EV_BITE,
  EV_BREACH,
  EV_DEATH,
  EV_DOOR,
  EV_EXIT,
  EV_KILL,
  EV_NOISE,
  EV_TURN,
  EV_WORLD,
  EVENT_KINDS,
} from './event-log.js';
import type { Roster } from './population.js';
import { DEATH_CAUSES, SCRATCH, type Sim, SOUND_KINDS } from './sim.js';
import { STATE_NAMES } from './states.js';

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

/**
 * `events.jsonl`: one JSON object a line, in the order things happened: `t` (seconds, to the
 * millisecond), `kind` (bite, turn, kill, breach, noise, death, exit, world, door), `agent` and
 * `other` (agent indices, in creation order, or null), `name` / `otherName` for named characters,
 * `floor` and `room` where it happened (or `away`: where the agent had gone), and a kind-specific
 * detail: a bite's `severity`, the state a turn gave (`as`), a death's `cause`, a noise's `sound`,
 * an exit's `exit` and `to`, a world event's `event`; a door change's `door` (its index), `room`
 * (the side of the agent who changed it), `to` (the other side) and new `state` (open, closed,
 * broken), logged only when the state changes; a breach's `door`, `room` and `to` likewise.
 */
export function eventsJsonl(sim: Sim, roster: Roster, world: AgentsWorld): string {
  const log = sim.log;
  const b = sim.b;
  const a = sim.a;
  const out: string[] = [];
  const name = (i: number) =>
    i >= 0 && a.character[i]! >= 0 ? roster.characterNames[a.character[i]!] : undefined;
  const worldNames = world.events.map((e, k) => e.name ?? `world event ${k + 1}`);
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
    if (cell >= 0 && b) {
      record.floor = b.floorNames[b.floorOf(cell)];
      const r = b.room[cell]!;
      record.room = r >= 0 ? b.roomNames[r] : null;
    } else if (cell >= 0) {
      record.cell = [cell % sim.plane.width, Math.floor(cell / sim.plane.width)];
    } else if (cell < -1 && b) {
      record.away = b.exitTo[-cell - 1];
    }
    switch (kind) {
      case EV_BITE:
        record.severity = detail === SCRATCH ? 'scratch' : (sim.biteNames[detail] ?? 'bite');
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
      case EV_EXIT:
        if (b) {
          record.exit = b.roomNames[b.exitRoom[detail]!] ?? null;
          record.to = b.exitTo[detail];
        }
        break;
      case EV_WORLD:
        record.event = worldNames[detail];
        break;
      case EV_BREACH:
      case EV_DOOR: {
        const d = kind === EV_DOOR ? doorOf(detail) : detail;
        record.door = d;
        if (b) {
          // The room on the agent's side of the door (the door's first room when the world did it).
          const here = cell >= 0 ? b.room[cell]! : -1;
          const side = here === b.doorRoomA[d] || here === b.doorRoomB[d] ? here : b.doorRoomA[d]!;
          record.room = b.roomNames[side] ?? null;
          record.to = b.roomNames[b.otherSide(d, side)] ?? null;
        }
        if (kind === EV_DOOR) record.state = DOOR_STATE_NAMES[doorStateOf(detail)];
        break;
      }
    }
    out.push(JSON.stringify(record));
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
