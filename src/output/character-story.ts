/**
 * One character's timeline, read from an agents run's `events.jsonl` and `agents.csv`: where they
 * were, what alarmed them and the plan they made, who bit whom, and how they ended. Pure text in,
 * text out; the `story` command reads the files.
 */

import type { TimeScale } from '../scenario/clock.js';
import { formatRunTime } from './time-format.js';

/** One row of agents.csv, by column name. */
export type AgentRow = Record<string, string>;

/** One entry of events.jsonl (see `eventsJsonl` in src/engines/agents/outputs.ts). */
export interface LoggedEvent {
  t: number;
  kind: string;
  agent: number | null;
  other?: number;
  name?: string;
  otherName?: string;
  floor?: string;
  room?: string | null;
  away?: string;
  [detail: string]: unknown;
}

/**
 * A time in the timeline: event times are in the scenario's unit from the start of the run, shown
 * as a duration and, with a clock, the time of day (`1 h 25 min, 10:05:14`).
 */
export function storyTime(t: number, scale: TimeScale): string {
  return formatRunTime(t, scale);
}

/**
 * Parses agents.csv into rows (fields may be quoted). The run writes agent k on the table's row k,
 * and the story finds an agent by that row: a row of another id, or of fewer or more fields than
 * the header, is a damaged table, refused at its line rather than told as another agent's story.
 */
export function parseAgentsCsv(text: string): AgentRow[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = splitCsvLine(lines[0] ?? '');
  for (const column of ['id', 'name'])
    if (!header.includes(column))
      throw new RunLogError(1, `not an agents table: it has no '${column}' column`);
  return lines.slice(1).map((line, id) => {
    const fields = splitCsvLine(line);
    const row: AgentRow = Object.fromEntries(header.map((name, k) => [name, fields[k] ?? '']));
    if (fields.length !== header.length)
      throw new RunLogError(
        id + 2,
        `a damaged row: ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}, where the header has ${header.length}`,
      );
    if (row.id !== String(id))
      throw new RunLogError(
        id + 2,
        `a damaged table: this row's id is '${row.id}', where agent ${id} belongs`,
      );
    return row;
  });
}

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted) {
      if (ch === '"' && line[k + 1] === '"') {
        field += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Parses events.jsonl. */
export function parseEvents(text: string): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new RunLogError(k + 1, (error as Error).message);
    }
    const { t, kind } = (event ?? {}) as { t?: unknown; kind?: unknown };
    if (
      typeof event !== 'object' ||
      Array.isArray(event) ||
      typeof t !== 'number' ||
      typeof kind !== 'string'
    )
      throw new RunLogError(k + 1, 'not an event: an object with a time t and a kind');
    events.push(event as LoggedEvent);
  });
  return events;
}

/** A line of a run's log (events.jsonl, agents.csv) that is not what the log holds. */
export class RunLogError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'RunLogError';
  }
}

/** The named characters of an agents.csv, in id order. */
export function namedCharacters(agents: readonly AgentRow[]): string[] {
  return agents.filter((row) => row.name !== '').map((row) => row.name!);
}

const PLANS: Record<string, string> = {
  shelter: 'shelters where they are',
  go: 'heads for a safe room',
  leave: 'makes for a way out',
  none: 'does not know what to do',
  trip: 'sets out for supplies',
};

/**
 * The timeline of agent `id`: a heading, then one line per event that concerns them (theirs, one
 * done to them, and the world events everyone lived through), identical lines in a row folded
 * into one with a count, then how they ended.
 */
export function characterStory(
  id: number,
  agents: readonly AgentRow[],
  events: readonly LoggedEvent[],
  scale: TimeScale,
): string[] {
  const row = agents[id]!;
  const who = (i: number | null | undefined): string => {
    if (i === null || i === undefined) return 'someone';
    const r = agents[i];
    if (r === undefined) return `#${i}`;
    if (r.name !== '') return r.name!;
    const part = r.class !== '' ? ` ${r.class}` : r.role !== '' ? ` ${r.role}` : '';
    return `#${i} (${r.group}${part})`;
  };
  const place = (e: LoggedEvent): string => {
    if (e.away !== undefined) return `away: ${e.away}`;
    if (e.room !== undefined && e.room !== null) return `${e.room}, ${e.floor}`;
    return e.floor ?? '';
  };
  const lines: Line[] = [];
  const push = (e: LoggedEvent, text: string, seenBy?: string) => {
    const where = e.kind === 'enter' ? '' : place(e);
    const time = storyTime(e.t, scale);
    const previous = lines[lines.length - 1];
    if (previous?.text === text && previous.where === where) {
      previous.count++;
      previous.last = time;
      if (seenBy !== undefined) previous.seenBy.push(seenBy);
    } else
      lines.push({ time, last: time, text, where, count: 1, seenBy: seenBy === undefined ? [] : [seenBy] });
  };
  let placed = false;
  for (const e of events) {
    const mine = e.agent === id;
    const toMe = e.other === id;
    if (e.kind === 'world') {
      push(e, `world event: ${String(e.event)}`);
      continue;
    }
    if (!mine && !toMe) continue;
    if (e.kind === 'alarm' && !mine) {
      push(e, 'is seen', who(e.agent));
      continue;
    }
    const text = describe(e, mine, who, placed);
    if (e.kind === 'enter') placed = true;
    if (text !== undefined) push(e, text);
  }
  const heading = [
    `${row.name !== '' ? `${row.name} (#${id})` : `#${id}`}: ${row.group}`,
    row.class !== '' ? `, class ${row.class}` : '',
    row.role !== '' ? `, ${row.role}` : '',
    `; starts ${row.start}`,
  ].join('');
  const width = Math.max(0, ...lines.map((l) => l.time.length));
  const body = lines.map((l) => `${l.time.padStart(width)}  ${lineText(l)}`);
  const ending = `ends ${row.end}${row.where !== '' ? `, ${row.where}` : ''}`;
  return [heading, ...body, ending];
}

/** A timeline line: its text, and identical events in a row folded into it. */
interface Line {
  time: string;
  /** The time of the last event folded in. */
  last: string;
  text: string;
  where: string;
  count: number;
  /** For "is seen": who saw this agent and took fright. */
  seenBy: string[];
}

function lineText(l: Line): string {
  let text = l.text;
  if (l.seenBy.length > 0) {
    const more = l.seenBy.length > 3 ? ` and ${l.seenBy.length - 3} more` : '';
    const verb = l.seenBy.length === 1 ? 'takes' : 'take';
    text = `is seen by ${l.seenBy.slice(0, 3).join(', ')}${more}, who ${verb} fright`;
  }
  const where = l.where === '' ? '' : `  [${l.where}]`;
  const parts = [
    ...(l.count > 1 && l.seenBy.length === 0 ? [`×${l.count}`] : []),
    ...(l.last !== l.time ? [`until ${l.last}`] : []),
  ];
  const folded = parts.length > 0 ? `  (${parts.join(', ')})` : '';
  return `${text}${where}${folded}`;
}

function describe(
  e: LoggedEvent,
  mine: boolean,
  who: (i: number | null | undefined) => string,
  placed: boolean,
): string | undefined {
  switch (e.kind) {
    case 'enter':
      if (!placed) return `is in ${e.room ?? 'a corridor'}, ${e.floor}`;
      return e.room === null || e.room === undefined ? `reaches ${e.floor}` : `enters ${e.room}, ${e.floor}`;
    case 'alarm': {
      const cause =
        e.by === 'sight'
          ? `sees ${who(e.other)}`
          : e.by === 'room'
            ? 'is alarmed by the others in the room'
            : `hears ${e.sound === 'speaker' ? 'the broadcast' : `a ${String(e.sound)}`}`;
      return `${cause} and ${PLANS[String(e.plan)] ?? String(e.plan)}`;
    }
    case 'bite': {
      const how = e.severity === 'scratch' ? 'scratches' : 'bites';
      const detail = e.severity === 'scratch' ? '' : ` (${String(e.severity)})`;
      if (mine) return `${how} ${who(e.other)}${detail}`;
      return `is ${how === 'bites' ? 'bitten' : 'scratched'} by ${who(e.agent)}${detail}`;
    }
    case 'turn':
      return e.as === 'zombie' ? 'turns into a zombie' : `rises ${String(e.as)}`;
    case 'kill':
      return mine ? `kills ${who(e.other)}` : `is killed by ${who(e.agent)}`;
    case 'death':
      return e.cause === 'thirst'
        ? 'dies of thirst'
        : e.cause === 'starvation'
          ? 'dies of hunger'
          : `dies (${String(e.cause)})`;
    case 'trip':
      return e.trip === 'start'
        ? `sets out for supplies in ${String(e.for)}`
        : e.trip === 'back'
          ? `comes back with ${String(e.food)} portions of food and ${String(e.water)} of water`
          : `gives up the trip to ${String(e.for)}`;
    case 'leader':
      return mine
        ? `takes the lead of ${String(e.group)} after ${who(e.other)}`
        : `is replaced as leader of ${String(e.group)} by ${who(e.agent)}`;
    case 'noise':
      return `makes a noise: ${String(e.sound)}`;
    case 'exit':
      return `leaves by ${String(e.exit)} for ${String(e.to)}`;
    case 'arrive':
      return `arrives from ${String(e.from)} through ${String(e.exit)}`;
    case 'breach':
      return `breaks through a barricaded door`;
    case 'door':
      return e.door === 'closed' ? 'shuts a door' : 'opens a door';
    default:
      return mine ? e.kind : undefined;
  }
}
