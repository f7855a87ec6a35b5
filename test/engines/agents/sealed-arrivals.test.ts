import { describe, expect, it } from 'vitest';
import { CLASSES, engineFor, load, twoClassrooms } from './helpers.js';

describe('arrivals through a sealed exit', () => {
  it('wait until it is unsealed, as for a full room (they came in through the seal)', () => {
    const groups = `${CLASSES}\n    late: { kind: adult, count: 5, arrives: { at: 30, through: hall } }`;
    const events = '  events:\n    - { at: 0, seal: [hall] }\n    - { at: 100, unseal: [hall] }';
    const engine = engineFor(load(twoClassrooms('{ human: 40 }', groups, events)), 1);
    engine.advanceTo(90);
    expect(engine.sim.a.n).toBe(40);
    engine.advanceTo(110);
    expect(engine.sim.a.n).toBe(45);
  });
});
