import { beforeAll, describe, expect, it } from 'vitest';
import { DOOR_BROKEN, DOOR_STATE_NAMES } from '../../../src/engines/agents/building.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { engineFor } from './helpers.js';

interface DoorEntry {
  t: number;
  kind: string;
  agent: number | null;
  room: string | null;
  to: string | null;
  door: number;
  state?: string;
}

/**
 * Issue 8, item 9: with the students barricading at 08:50, one person shut the same door every 2 s
 * for 40 minutes, logged as `door: "closed"` with no door and `room: null` (a leaver opened it in
 * between, unlogged). Every change of a door is now logged once, naming the door and its rooms.
 */
/** The run: the building, its doors at the start, every change made, and the door and breach entries. */
function run() {
  const loaded = loadScenario('hyosan-high', [
    'world.events.students-barricade.enabled=true',
    'world.events.students-barricade.at=600',
    'time.until=1800',
    'time.every=600',
    'world.replay.every=0',
  ]);
  const engine = engineFor(loaded, 1);
  const b = engine.sim.b!;
  const initial = Array.from(b.doorState);
  // An independent count of the changes: every change of state goes through Building.setDoor.
  const changes: number[] = [];
  const setDoor = b.setDoor.bind(b);
  b.setDoor = (d: number, state: number) => {
    if (b.doorState[d] !== state) changes.push(state);
    setDoor(d, state);
  };
  for (const t of [600, 1200, 1800]) engine.advanceTo(t);
  const entries = (engine.artifacts()['events.jsonl'] as string)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DoorEntry);
  const doors = entries.filter((e) => e.kind === 'door');
  const breaches = entries.filter((e) => e.kind === 'breach');
  return { b, initial, changes, doors, breaches };
}

describe('door entries in events.jsonl (hyosan-high, students barricading at 08:50)', () => {
  let b: ReturnType<typeof run>['b'];
  let initial: number[];
  let changes: number[];
  let doors: DoorEntry[];
  let breaches: DoorEntry[];
  beforeAll(() => {
    ({ b, initial, changes, doors, breaches } = run());
  });

  it('logs each change of a door exactly once (opens, shuts, unlocks), and breaches apart', () => {
    expect(doors.length).toBeGreaterThan(100);
    expect(doors.length).toBe(changes.filter((s) => s !== DOOR_BROKEN).length);
    expect(breaches.length).toBe(changes.filter((s) => s === DOOR_BROKEN).length);
  });

  it('names the door, the room on the side of the one who changed it, and the other side', () => {
    const roomNames = new Set(b.roomNames);
    for (const e of [...doors, ...breaches]) {
      expect(Number.isInteger(e.door) && e.door >= 0 && e.door < b.doorCount).toBe(true);
      expect(roomNames.has(e.room!)).toBe(true);
      expect(roomNames.has(e.to!)).toBe(true);
      const sides = [b.roomNames[b.doorRoomA[e.door]!], b.roomNames[b.doorRoomB[e.door]!]];
      expect(sides).toContain(e.room);
      expect(sides).toContain(e.to);
      expect(e.room).not.toBe(e.to);
    }
    for (const e of doors) expect(DOOR_STATE_NAMES).toContain(e.state);
  });

  it('never logs a door in the state it was already in', () => {
    const last: string[] = initial.map((s) => DOOR_STATE_NAMES[s]!);
    for (const e of doors) {
      expect(e.state).not.toBe(last[e.door]);
      last[e.door] = e.state!;
    }
  });
});
