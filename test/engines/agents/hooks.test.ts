import { describe, expect, it } from 'vitest';
import { PLAN_NONE } from '../../../src/engines/agents/states.js';
import { buildingScenario, engineFor, load } from './helpers.js';

/** One room of brave, unselfish people and two zombies, with the people's units as given. */
function room(human: string) {
  return load(
    buildingScenario({
      floors: [['##########', '#[a].....#', '#........#', '#........#', '##########']],
      initial: 'human: 12, zombie: 2',
      time: 'until: 30, every: 1, unit: second',
      world: [
        '  groups:',
        '    people: { rooms: [a], traits: { courage: 1 }, social: { selfishness: 0 } }',
        '    zombies: { start: zombie, rooms: [a] }',
        '  behaviours:',
        `    human: { ${human} }`,
        '    zombie: { bite: {}, hunt: {} }',
        '  replay: { every: 0 }',
      ].join('\n'),
    }),
  );
}

/** Runs tick by tick and tells whether anyone was ever alarmed, made a plan, or came to help. */
function watch(human: string) {
  const engine = engineFor(room(human), 1);
  const a = engine.sim.a;
  // The help unit's own field: absent when the unit is switched off.
  const helpTarget = engine.sim.unitFields.arrays.helpTarget;
  let alarmed = false;
  let planned = false;
  let helped = false;
  for (let t = 1; t <= 30; t++) {
    engine.advanceTo(t);
    for (let i = 0; i < a.n; i++) {
      alarmed ||= a.alarmed[i] === 1;
      planned ||= a.plan[i] !== PLAN_NONE;
      helped ||= helpTarget !== undefined && helpTarget[i]! >= 0;
    }
  }
  return { alarmed, planned, helped };
}

describe('enabled: false switches a behaviour off completely, its hooks too', () => {
  it('shelter makes the plans of the alarmed, and with it off nobody makes one', () => {
    expect(watch('shelter: {}, help: {}, fight: {}')).toMatchObject({ alarmed: true, planned: true });
    expect(watch('shelter: { enabled: false }, help: {}, fight: {}')).toMatchObject({
      alarmed: true,
      planned: false,
    });
  });

  it('help sends friends to a bitten person, and with it off nobody comes', () => {
    expect(watch('shelter: {}, help: {}, fight: {}').helped).toBe(true);
    expect(watch('shelter: {}, help: { enabled: false }, fight: {}').helped).toBe(false);
  });
});
