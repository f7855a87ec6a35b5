import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentsEngine } from '../../../src/engines/agents/engine.js';
import { HUMAN, ZOMBIE } from '../../../src/engines/agents/states.js';
import { type Intervention, InvalidIntervention } from '../../../src/model/intervention.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { engineFor, outputsOf, playScript } from './helpers.js';

const SETTINGS = ['time.until=900', 'time.every=300', 'world.replay.every=60'];
const fresh = () => engineFor(loadScenario('hyosan-high', SETTINGS), 2);

/** A script of interventions at given times (some between ticks). */
const SCRIPT: [number, Intervention][] = [
  [60, { kind: 'add', compartment: 'zombie', count: 2, place: '2-5' }],
  [150.5, { kind: 'set', name: 'world.behaviours.zombie.bite.rate', value: 0.3 }],
  [150.5, { kind: 'fire', event: 'students-barricade' }],
  [400, { kind: 'set', name: 'hybrid', value: 0.5 }],
  [401, { kind: 'add', compartment: 'zombie', count: -1 }],
  [600, { kind: 'fire', event: 'broadcast' }],
];

describe('live control of the agents', () => {
  let scripted: AgentsEngine;
  beforeAll(() => {
    scripted = playScript(fresh(), SCRIPT, 900);
  });

  it('logs each intervention with its time, and the log replays to the same bytes', () => {
    expect(scripted.interventions()).toEqual(SCRIPT.map(([t, intervention]) => ({ t, intervention })));
    const log = scripted.interventions().map(({ t, intervention }) => [t, intervention] as const);
    const replayed = playScript(fresh(), log, 900);
    expect(outputsOf(replayed)).toEqual(outputsOf(scripted));
    // And they made a difference.
    const untouched = fresh();
    untouched.advanceTo(900);
    expect(outputsOf(untouched).files['events.jsonl']).not.toBe(outputsOf(scripted).files['events.jsonl']);
  });

  it('keeps the log and the changed settings in a snapshot', () => {
    const engine = playScript(fresh(), SCRIPT.slice(0, 3), 200);
    const restored = fresh();
    restored.restore(engine.snapshot());
    expect(restored.interventions()).toEqual(engine.interventions());
    playScript(restored, SCRIPT.slice(3), 900);
    expect(outputsOf(restored)).toEqual(outputsOf(scripted));
  });

  it('adds zombies where it is told, made of the people there, and removes them', () => {
    const engine = fresh();
    const a = engine.sim.a;
    const b = engine.sim.b!;
    const room = b.roomIndex.get('2-5')!;
    const inRoom = (s: number) => {
      let n = 0;
      for (let i = 0; i < a.n; i++)
        if (a.state[i] === s && a.away[i] === 0 && b.room[a.cell[i]!] === room) n++;
      return n;
    };
    const humans = inRoom(HUMAN);
    engine.control({ kind: 'add', compartment: 'zombie', count: 3, place: '2-5' });
    expect(inRoom(ZOMBIE)).toBe(3);
    expect(inRoom(HUMAN)).toBe(humans - 3);
    // Risen as zombies: a zombie's hearing (they kept a human's), and a turn each in the log.
    const hearing = engine.sim.world.infection.zombie.hearing;
    for (let i = 0; i < a.n; i++) if (a.state[i] === ZOMBIE) expect(a.hearing[i]).toBe(hearing);
    const turns = (outputsOf(engine).files['events.jsonl'] as string).match(/"kind":"turn"/g);
    expect(turns).toHaveLength(3);
    engine.control({ kind: 'add', compartment: 'zombie', count: -2, place: '2-5' });
    expect(inRoom(ZOMBIE)).toBe(1);
    expect(engine.eventCount).toBe(5);
  });

  it('refuses what it cannot apply with a clear message, changing nothing', () => {
    const engine = fresh();
    engine.advanceTo(30);
    const before = engine.snapshot();
    const bad: [Intervention, RegExp][] = [
      [{ kind: 'set', name: 'no-such', value: 1 }, /no parameter 'no-such'/],
      [{ kind: 'set', name: 'world.behaviours.zombie.bite.speed', value: 1 }, /no world setting/],
      [{ kind: 'set', name: 'world.building.capacity', value: 9 }, /cannot be changed during a run/],
      [{ kind: 'set', name: 'world.behaviours.human.help.enabled', value: 0 }, /cannot be changed/],
      [{ kind: 'add', compartment: 'ghoul', count: 1 }, /no agent state 'ghoul'/],
      [{ kind: 'add', compartment: 'zombie', count: 1, place: 'moon' }, /no room 'moon'/],
      [
        { kind: 'add', compartment: 'zombie', count: -5, place: '2-5' },
        /cannot remove 5 zombie in 2-5: there are 0/,
      ],
      [{ kind: 'add', compartment: 'human', count: 1 }, /humans cannot be added/],
      [{ kind: 'add', compartment: 'zombie', count: 1000, place: '2-5' }, /there are \d+/],
      [{ kind: 'fire', event: 'earthquake' }, /no event 'earthquake' \(this scenario's are broadcast, /],
    ];
    for (const [intervention, message] of bad) {
      expect(() => engine.control(intervention)).toThrow(InvalidIntervention);
      expect(() => engine.control(intervention)).toThrow(message);
    }
    expect(engine.interventions()).toEqual([]);
    // Byte for byte (a deep equality of megabytes is slow).
    expect(Buffer.compare(engine.snapshot(), before)).toBe(0);
  });

  it('on an open plane, a place is a point x,y', () => {
    const engine = engineFor(loadScenario('repast-zombies', ['time.until=10', 'time.every=10']), 1);
    expect(() => engine.control({ kind: 'add', compartment: 'zombie', count: -1, place: '500,3' })).toThrow(
      /not a point x,y of the 200 × 200 plane/,
    );
    engine.control({ kind: 'add', compartment: 'zombie', count: -1 });
    expect(engine.eventCount).toBe(1);
  });
});
