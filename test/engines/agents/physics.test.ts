import { describe, expect, it } from 'vitest';
import { streamFor } from '../../../src/core/random.js';
import { createAgents } from '../../../src/engines/agents/engine.js';
import { EV_EXIT } from '../../../src/engines/agents/event-log.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { buildingScenario, engineFor, load, STATES } from './helpers.js';

/** A one-cell-wide corridor: a zombie starts in a 3-cell closet at one end, an exit waits at the other. */
function corridor(length: number): string {
  const row = `#[s]+[c]${'.'.repeat(length - 4)}E#`;
  const wall = '#'.repeat(row.length);
  return [
    'name: corridor',
    'title: A corridor',
    'model:',
    `  compartments: ${STATES}`,
    '  reactions: {}',
    'initial: { zombie: 1 }',
    'time: { until: 1000000, every: 1000000, unit: second }',
    'engine: agents',
    'world:',
    '  building:',
    '    floors:',
    '      - name: ground',
    '        map: |',
    `          ${wall}`,
    `          ${row}`,
    `          ${wall}`,
    '  groups:',
    '    zombies: { start: zombie, rooms: [s] }',
    '  behaviours:',
    '    zombie:',
    '      wander: { steps: [1, 1], pause: [0, 0], exits: true }',
    '  replay: { every: 0 }',
  ].join('\n');
}

/** Mean time for the random-walking zombie to reach the exit, over `runs` replicates. */
function meanArrival(length: number, runs: number): number {
  const loaded = parseScenario(corridor(length), 'corridor.yaml');
  let total = 0;
  for (let r = 0; r < runs; r++) {
    const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(5, r));
    for (let t = 1000; engine.sim.registry.awayCount === 0; t += 1000) engine.advanceTo(t);
    const log = engine.sim.log;
    for (let k = 0; k < log.count; k++) if (log.kind[k] === EV_EXIT) total += log.t[k]!;
  }
  return total / runs;
}

/** An open room where everyone jumps to a random cell every tick: the well-mixed limit. */
function wellMixed(humans: number): string {
  return [
    'name: mixed',
    'title: A well-mixed room',
    'model:',
    `  compartments: ${STATES}`,
    '  parameters: { contact: 0.2, gamma: 0.5 }',
    '  reactions: {}',
    `initial: { human: ${humans}, zombie: 1 }`,
    'time: { until: 200, every: 200, unit: second }',
    'engine: agents',
    'world:',
    '  tick: 0.1',
    '  building: { open: { width: 2, height: 2 } }',
    '  schedule: { order: [human, zombie] }',
    '  groups:',
    '    people: {}',
    '    zombies: { start: zombie }',
    '  behaviours:',
    '    human: { relocate: {} }',
    '    zombie:',
    '      decay: { rate: gamma }',
    '      relocate: {}',
    '      contact-bite: { rate: contact }',
    '  infection:',
    '    bites: { instant: { share: 1, turn: [0, 0] } }',
    '  replay: { every: 0 }',
  ].join('\n');
}

/**
 * The exact final-size distribution of the Markov (SSA) model bite: human + zombie → 2 zombie at
 * rate β per pair, fall: zombie → dead at rate γ, from (n, 1): its embedded jump chain bites with
 * chance βs/(βs + γ) in state (s, z). An independent oracle: no simulation.
 */
function finalSizes(n: number, beta: number, gamma: number): number[] {
  const p: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(n + 2).fill(0));
  p[n]![1] = 1;
  const out = new Array<number>(n + 1).fill(0);
  for (let s = n; s >= 0; s--) {
    for (let z = n + 1; z >= 1; z--) {
      const mass = p[s]![z]!;
      if (mass === 0) continue;
      const bite = s > 0 ? (beta * s) / (beta * s + gamma) : 0;
      if (s > 0) p[s - 1]![z + 1] = p[s - 1]![z + 1]! + mass * bite;
      if (z === 1) out[n - s]! += mass * (1 - bite);
      else p[s]![z - 1] = p[s]![z - 1]! + mass * (1 - bite);
    }
  }
  return out;
}

describe('physics', () => {
  it('a zombie random-walking down a corridor takes about 4 times as long when the distance doubles', () => {
    // Lengths 16 and 36: from the closet's wall the exit is 19 and 39 cells away, twice as far.
    const near = meanArrival(16, 300);
    const far = meanArrival(36, 300);
    expect(far / near).toBeGreaterThan(3.5);
    expect(far / near).toBeLessThan(4.7);
    // And the scale is the diffusion one: each tick the zombie steps left or right with chance 0.1
    // (two of its ten moves), D = 0.1 cell²/tick, and the mean first arrival from a wall is ≈ L²/2D.
    expect(near / (19 ** 2 / 0.2)).toBeGreaterThan(0.85);
    expect(near / (19 ** 2 / 0.2)).toBeLessThan(1.15);
  });

  it('in a well-mixed room the final outbreak size matches the SSA of the same per-contact rates', () => {
    const humans = 30;
    const runs = 600;
    const loaded = parseScenario(wellMixed(humans), 'mixed.yaml');
    const counts = new Array<number>(humans + 1).fill(0);
    const out = new Float64Array(6);
    for (let r = 0; r < runs; r++) {
      const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(11, r));
      engine.advanceTo(200);
      engine.observe(out);
      expect(out[2]).toBe(0);
      counts[humans - out[0]!]!++;
    }
    // A pair shares one of the 4 cells with chance 1/4 a tick, and then is bitten with chance
    // 1 − exp(−0.2 · 0.1): a per-pair hazard β a second; zombies fall at γ = 0.5 a second.
    const perTick = (1 - Math.exp(-0.2 * 0.1)) / 4;
    const beta = -Math.log(1 - perTick) / 0.1;
    const exact = finalSizes(humans, beta, 0.5);
    const bins = [
      [0, 0],
      [1, 4],
      [5, 24],
      [25, 27],
      [28, 30],
    ];
    let chi2 = 0;
    for (const [low, high] of bins) {
      let seen = 0;
      let expected = 0;
      for (let k = low!; k <= high!; k++) {
        seen += counts[k]!;
        expected += exact[k]! * runs;
      }
      chi2 += (seen - expected) ** 2 / expected;
    }
    // χ² with 4 degrees of freedom: 18.47 is its 99.9% quantile.
    expect(chi2).toBeLessThan(18.47);
  });
});

describe('the reach of sounds', () => {
  it('is as far as the keenest hunter present at the start hears (a zombie hears ×2 by default)', () => {
    const engine = engineFor(load(buildingScenario({ floors: [['#####', '#[a]#', '#...#', '#####']] })), 1);
    expect(engine.sim.sound!.keenestHearing).toBe(2);
  });
});
