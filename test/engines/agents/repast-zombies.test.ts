import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createAgents } from '../../../src/engines/agents/engine.js';
import { newFrame, readReplay } from '../../../src/engines/agents/replay.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { STATES } from './helpers.js';

/** An open-plane scenario with Repast4Py's rules and the given sizes. */
function openPlane(options: {
  humans: number;
  zombies: number;
  width: number;
  height: number;
  until: number;
  quirk?: boolean;
}): string {
  const quirk = options.quirk ?? true;
  return [
    'name: plane',
    'title: An open plane',
    'model:',
    `  compartments: ${STATES}`,
    '  reactions: {}',
    `initial: { human: ${options.humans}, zombie: ${options.zombies} }`,
    `time: { until: ${options.until}, every: 1, unit: tick }`,
    'engine: agents',
    'world:',
    `  building: { open: { width: ${options.width}, height: ${options.height} } }`,
    '  schedule: { order: [zombie, human] }',
    '  groups:',
    '    humans: {}',
    '    zombies: { start: zombie }',
    '  behaviours:',
    '    zombie:',
    `      crowd-seek: { step: 0.25, edgeQuirk: ${quirk} }`,
    '      infect-first: {}',
    '    human:',
    '      countdown: { ticks: 10 }',
    `      crowd-avoid: { step: 0.5, edgeQuirk: ${quirk} }`,
    '  replay: { every: 0 }',
  ].join('\n');
}

describe('repast-zombies', () => {
  it('agrees with Repast4Py 1.2.1: human + infected after 50 ticks averages 5023 (sd 72), within 3 SE over 50 seeds', () => {
    const loaded = loadScenario('repast-zombies', ['world.replay.every=0']);
    const out = new Float64Array(6);
    const values: number[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(seed, 0));
      engine.advanceTo(50);
      engine.observe(out);
      values.push(out[0]! + out[1]!);
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const se = 72 / Math.sqrt(values.length);
    expect(Math.abs(mean - 5023)).toBeLessThan(3 * se);
    // The spread between runs is the peer's too (sd 72; a 50-run estimate is within ±30% of it).
    expect(sd).toBeGreaterThan(72 * 0.7);
    expect(sd).toBeLessThan(72 * 1.3);
  });

  it('infects the first person in the cell by arrival order, and only if not yet infected', () => {
    // One cell, two humans and a zombie: the zombie's first bite goes to the human who arrived
    // first (created first); the next tick, to nobody new (the first is already infected).
    const loaded = parseScenario(
      openPlane({ humans: 2, zombies: 1, width: 1, height: 1, until: 30 }),
      'plane.yaml',
    );
    const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(1, 0));
    const a = engine.sim.a;
    engine.advanceTo(1);
    expect(Array.from(a.state)).toEqual([1, 0, 2]);
    engine.advanceTo(5);
    expect(Array.from(a.state)).toEqual([1, 0, 2]);
  });

  it('counts ten ticks of infection, then the dead rise at the end of the tick and act from the next', () => {
    const loaded = parseScenario(
      openPlane({ humans: 2, zombies: 1, width: 1, height: 1, until: 30 }),
      'plane.yaml',
    );
    const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(1, 0));
    const a = engine.sim.a;
    // Bitten in tick 1 (row 1), counting 1 … 10 in ticks 1 … 10: a zombie at row 10.
    engine.advanceTo(9);
    expect(a.state[0]).toBe(1);
    engine.advanceTo(10);
    expect(a.state[0]).toBe(2);
    // Risen at the end of tick 10, it acts in tick 11: it is last in the cell's list, behind the
    // other human, whom both zombies find first and infect (the second finds them infected).
    expect(a.state[1]).toBe(0);
    engine.advanceTo(11);
    expect(a.state[1]).toBe(1);
    expect(engine.sim.registry.zombieOrder.slice(0, engine.sim.registry.zombieCount)).toEqual(
      Int32Array.of(2, 0),
    );
  });

  it("keeps Repast4Py's edge quirk: people crowd the right and top edges (and not without it)", () => {
    // The cells past the right and top edges never hold a zombie, so people on those edges keep
    // choosing them (and stay, clamped); on the left and bottom edges there is no such cell.
    const edges = (quirk: boolean) => {
      const loaded = loadScenario('repast-zombies', [
        'world.replay.every=0',
        `world.behaviours.zombie.crowd-seek.edgeQuirk=${quirk}`,
        `world.behaviours.human.crowd-avoid.edgeQuirk=${quirk}`,
      ]);
      let far = 0;
      let near = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(seed, 0));
        engine.advanceTo(30);
        const a = engine.sim.a;
        for (let i = 0; i < 8000; i++) {
          if (a.state[i]! > 1) continue;
          const x = Math.floor(a.xy[2 * i]!);
          const y = Math.floor(a.xy[2 * i + 1]!);
          far += (x === 199 ? 1 : 0) + (y === 199 ? 1 : 0);
          near += (x === 0 ? 1 : 0) + (y === 0 ? 1 : 0);
        }
      }
      return { far, near };
    };
    const quirk = edges(true);
    const plain = edges(false);
    expect(quirk.far).toBeGreaterThan(1.6 * quirk.near);
    expect(plain.far).toBeLessThan(1.4 * plain.near);
    expect(plain.near).toBeLessThan(1.4 * plain.far);
  });

  it('writes the standard columns, a replay of every tick, and one event a bite and a rise', () => {
    const loaded = loadScenario('repast-zombies', ['time.until=20']);
    const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(1, 0));
    engine.advanceTo(20);
    expect(engine.compartments).toEqual(['human', 'infected', 'zombie', 'immune', 'immortal', 'dead']);
    const files = engine.artifacts();
    const lines = (files['events.jsonl'] as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    const out = new Float64Array(6);
    engine.observe(out);
    const bites = lines.filter((l) => l.kind === 'bite').length;
    const turns = lines.filter((l) => l.kind === 'turn').length;
    expect(bites).toBe(8000 - out[0]!);
    expect(turns).toBe(out[2]! - 400);
    expect(files['replay.bin']).toBeInstanceOf(Uint8Array);
  });
});

describe('the repast-zombies replay', () => {
  it('reads back every agent at its position (to 1/32 m) and in its state, every tick', () => {
    const loaded = loadScenario('repast-zombies', ['time.until=5']);
    const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(3, 0));
    engine.advanceTo(5);
    const replay = readReplay(engine.artifacts()['replay.bin'] as Uint8Array);
    expect([replay.agents, replay.frames, replay.width, replay.height]).toEqual([8400, 6, 200, 200]);
    const frame = newFrame(replay.agents);
    expect(replay.frame(5, frame)).toBe(5);
    const a = engine.sim.a;
    let worst = 0;
    for (let i = 0; i < a.n; i++) {
      worst = Math.max(worst, Math.abs(frame.x[i]! - a.xy[2 * i]!), Math.abs(frame.y[i]! - a.xy[2 * i + 1]!));
      expect(frame.state[i]).toBe(a.state[i]);
      expect(frame.floor[i]).toBe(0);
    }
    expect(worst).toBeLessThanOrEqual(1 / 64 + 1e-9);
    expect(worst).toBeGreaterThan(0);
  });
});
