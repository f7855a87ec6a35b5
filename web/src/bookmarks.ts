import type { ReplayFrame } from '../../src/engines/agents/replay.js';
import { AWAY_FLOOR } from '../../src/engines/agents/replay.js';
import { namedCharacters } from '../../src/output/character-story.js';
import type { FrameSource } from './frame-source.js';
import type { RunData } from './run-files.js';

/** A moment worth jumping to, on the timeline and in the list of moments. */
export interface Bookmark {
  readonly t: number;
  readonly label: string;
  readonly kind: 'spread' | 'loss' | 'door' | 'fate' | 'world';
}

const ZOMBIE_STATE = 2;

/** The moments' words, for a finished run's and a live run's alike. */
export const firstZombieLabel = (floor: string): string => `first zombie on ${floor}`;
export const lostLabel = (percent: number): string => `${percent}% of the school lost`;
/** The first barricade breached on a floor, and where (a live run knows only the floor). */
export const breachLabel = (floor: string, where = ''): string =>
  `barricade breached on ${floor}${where === '' ? '' : ` (${where})`}`;
/** A named character's fate: `Mina turns zombie`, `Mina dies`. */
export const fateLabel = (name: string, fate: string): string => `${name} ${fate}`;

/** The moment after `now` (direction 1) or before it (−1), of moments in time order; undefined if none. */
export function momentFrom(
  bookmarks: readonly Bookmark[],
  now: number,
  direction: 1 | -1,
): Bookmark | undefined {
  return direction > 0
    ? bookmarks.find((b) => b.t > now + 1e-9)
    : [...bookmarks].reverse().find((b) => b.t < now - 1e-9);
}

/** The story's moments, in time order. */
export function bookmarksOf(
  run: RunData,
  frames: FrameSource | undefined,
  floorNames: readonly string[],
): Bookmark[] {
  const marks: Bookmark[] = [
    ...firstZombiePerFloor(frames, floorNames, run.events),
    ...schoolLost(run),
    ...firstBreachPerFloor(run),
    ...fates(run),
    ...worldEvents(run),
  ];
  return marks.sort((a, b) => a.t - b.t);
}

/**
 * When a zombie first stands on each floor (a building of several floors): the first frame that
 * shows one, or, where that zombie turned there since the frame before, its turn's time from the
 * event log, to the tick (a zombie that came up the stairs is dated by the frame).
 */
function firstZombiePerFloor(
  frames: FrameSource | undefined,
  floorNames: readonly string[],
  events: RunData['events'],
): Bookmark[] {
  if (frames === undefined || floorNames.length < 2) return [];
  const turned = (agent: number, after: number, by: number): number | undefined => {
    let at: number | undefined;
    for (const e of events)
      if (e.kind === 'turn' && e.agent === agent && e.as === 'zombie' && e.t > after && e.t <= by) at = e.t;
    return at;
  };
  const out: ReplayFrame = {
    x: new Float32Array(frames.agents),
    y: new Float32Array(frames.agents),
    floor: new Uint8Array(frames.agents),
    state: new Uint8Array(frames.agents),
  };
  const found: Bookmark[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < frames.frameCount && seen.size < floorNames.length; k++) {
    frames.read(k, out);
    for (let i = 0; i < frames.agents; i++) {
      const f = out.floor[i]!;
      if (out.state[i] !== ZOMBIE_STATE || f === AWAY_FLOOR || seen.has(f)) continue;
      seen.add(f);
      const t = frames.timeOf(k);
      found.push({
        t: turned(i, k === 0 ? Number.NEGATIVE_INFINITY : frames.timeOf(k - 1), t) ?? t,
        label: firstZombieLabel(floorNames[f] ?? `floor ${f + 1}`),
        kind: 'spread',
      });
    }
  }
  return found;
}

function schoolLost(run: RunData): Bookmark[] {
  const story = run.summary.story ?? {};
  const at = (key: string): number | undefined =>
    typeof story[key] === 'number' ? (story[key] as number) : undefined;
  const marks: Bookmark[] = [];
  const half = at('lost_50_t');
  const most = at('lost_90_t');
  if (half !== undefined) marks.push({ t: half, label: lostLabel(50), kind: 'loss' });
  if (most !== undefined) marks.push({ t: most, label: lostLabel(90), kind: 'loss' });
  return marks;
}

/** The first barricade or door breached on each floor, with the count there. */
function firstBreachPerFloor(run: RunData): Bookmark[] {
  const first = new Map<string, { t: number; room: string; count: number }>();
  for (const e of run.events) {
    if (e.kind !== 'breach') continue;
    const floor = e.floor ?? '?';
    const seen = first.get(floor);
    if (seen === undefined) first.set(floor, { t: e.t, room: e.room ?? '', count: 1 });
    else seen.count++;
  }
  return [...first].map(([floor, { t, room, count }]) => ({
    t,
    label: breachLabel(floor, `${room}${count > 1 ? `, first of ${count}` : ''}`),
    kind: 'door' as const,
  }));
}

/** Each named character's fate: the last time their state changed (turned, killed, died, fled). */
function fates(run: RunData): Bookmark[] {
  const names = namedCharacters(run.agents);
  const idOf = new Map(names.map((name) => [name, run.agents.findIndex((row) => row.name === name)]));
  const marks: Bookmark[] = [];
  for (const [name, id] of idOf) {
    let fate: Bookmark | undefined;
    for (const e of run.events) {
      if (e.kind === 'turn' && e.agent === id)
        fate = { t: e.t, label: fateLabel(name, `turns ${String(e.as)}`), kind: 'fate' };
      else if (e.kind === 'kill' && e.other === id)
        fate = { t: e.t, label: fateLabel(name, 'is killed'), kind: 'fate' };
      else if (e.kind === 'death' && e.agent === id)
        fate = { t: e.t, label: fateLabel(name, 'dies'), kind: 'fate' };
      else if (e.kind === 'exit' && e.agent === id)
        fate = { t: e.t, label: fateLabel(name, `leaves for the ${String(e.to)}`), kind: 'fate' };
    }
    if (fate !== undefined) marks.push(fate);
  }
  return marks;
}

/** The world's events of the run shown: an ensemble's summary counts them over runs, so its first run's times are used. */
function worldEvents(run: RunData): Bookmark[] {
  const { summary } = run;
  return (summary.first_run?.scenario_events ?? summary.scenario_events ?? []).flatMap((event) =>
    (event.times ?? []).map((t) => ({ t, label: `${event.name}`, kind: 'world' as const })),
  );
}
