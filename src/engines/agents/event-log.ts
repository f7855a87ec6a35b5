/** Kinds of logged events, in `events.jsonl`. */
export const EV_BITE = 0;
export const EV_TURN = 1;
export const EV_KILL = 2;
export const EV_BREACH = 3;
export const EV_NOISE = 4;
export const EV_DEATH = 5;
export const EV_EXIT = 6;
export const EV_WORLD = 7;
export const EV_DOOR = 8;
/** A person became alarmed, once a run: `other` the zombie seen (or −1), detail `alarmDetail`. */
export const EV_ALARM = 9;
/** A named character entered another room or floor (logged for named characters only). */
export const EV_ENTER = 10;
/** A human was added during a run (live control), where they were put. */
export const EV_DROP = 11;
/** Someone came in through an exit during the run (`arrives`): detail the exit's index. */
export const EV_ARRIVE = 12;
/** A supply trip set out, came back or was given up: detail `tripDetail`. */
export const EV_TRIP = 13;
/** A group took a new leader (`agent`) after its leader (`other`) died, turned or left; detail: the group. */
export const EV_LEADER = 14;

/** A trip event's leg (`TRIP_START` …) in its detail's two low bits. */
export const TRIP_START = 0;
export const TRIP_BACK = 1;
export const TRIP_ABORT = 2;
export const TRIP_LEGS = ['start', 'back', 'abort'] as const;

/**
 * A trip event's detail: the leg, then for a start (or a trip given up) the room it set out for,
 * for a return the portions of food and of water brought back (each below 1024: `needs.carry` is
 * at most 1000).
 */
export function tripDetail(leg: number, room: number, food: number, water: number): number {
  return leg === TRIP_BACK ? leg | (food << 2) | (water << 12) : leg | (room << 2);
}
/**
 * The detail code of a door event: the door's index and the state it changed to (see
 * `building.ts`, `DOOR_OPEN` …), in one number.
 */
export function doorDetail(door: number, state: number): number {
  return door * 4 + state;
}

/** The door of a door event's detail code. */
export function doorOf(detail: number): number {
  return detail >> 2;
}

/** The new state of a door event's detail code. */
export function doorStateOf(detail: number): number {
  return detail & 3;
}

export const EVENT_KINDS = [
  'bite',
  'turn',
  'kill',
  'breach',
  'noise',
  'death',
  'exit',
  'world',
  'door',
  'alarm',
  'enter',
  'drop',
  'arrive',
  'trip',
  'leader',
] as const;

/** What alarmed a person, in an alarm's detail below its plan: a sound kind (0 …), or one of these. */
export const ALARMED_BY_SIGHT = 14;
/** Someone in the same room raised the alarm. */
export const ALARMED_BY_ROOM = 15;

/** An alarm's detail code: what alarmed the person (4 bits) and the plan they made (above). */
export function alarmDetail(how: number, plan: number): number {
  return how | (plan << 4);
}

/**
 * The run's event log, struct-of-arrays that grow by doubling (never per tick). Each event has a
 * time, a kind, an acting agent, another agent, a cell (for room and floor) and a detail code whose
 * meaning depends on the kind (a severity, a sound, a cause, a door state …).
 */
export class EventLog {
  count = 0;
  /** Entries logged by `note`: for the story only, not counted as events of the run. */
  notes = 0;
  t = new Float64Array(1024);
  kind = new Uint8Array(1024);
  agent = new Int32Array(1024);
  other = new Int32Array(1024);
  cell = new Int32Array(1024);
  detail = new Int32Array(1024);
  readonly enabled: boolean;

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  add(t: number, kind: number, agent: number, other: number, cell: number, detail: number): void {
    if (!this.enabled) return;
    if (this.count === this.t.length) this.grow();
    const k = this.count++;
    this.t[k] = t;
    this.kind[k] = kind;
    this.agent[k] = agent;
    this.other[k] = other;
    this.cell[k] = cell;
    this.detail[k] = detail;
  }

  /**
   * Adds an entry that only tells the story (an alarm, a character's whereabouts): it is counted
   * in `notes`, so that the engine's event count stays the count of what happened.
   */
  note(t: number, kind: number, agent: number, other: number, cell: number, detail: number): void {
    if (!this.enabled) return;
    this.notes++;
    this.add(t, kind, agent, other, cell, detail);
  }

  private grow(): void {
    const size = this.t.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.t = grow(this.t, (n) => new Float64Array(n));
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.agent = grow(this.agent, (n) => new Int32Array(n));
    this.other = grow(this.other, (n) => new Int32Array(n));
    this.cell = grow(this.cell, (n) => new Int32Array(n));
    this.detail = grow(this.detail, (n) => new Int32Array(n));
  }
}
