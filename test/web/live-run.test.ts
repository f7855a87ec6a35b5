import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { DOOR_BARRICADED } from '../../src/engines/agents/building.js';
import { createEngine } from '../../src/engines/create.js';
import { outputTimes, recordWith } from '../../src/engines/trajectory.js';
import { parseEvents } from '../../src/output/character-story.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { builtinText } from '../../src/scenario/files.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { DoorHistory } from '../../web/src/door-history.js';
import { LiveRun } from '../../web/src/live/live-run.js';

/**
 * The live run without a browser: stepped, controlled and sought back and forth, it gives the
 * numbers of the CLI's own record loop (`recordWith`) given the log it kept.
 */

function cliRows(text: string, file: string, sets: string[], seed: number, run: LiveRun): number[] {
  const compiled = compileScenario(parseScenario(text, file, sets), run.compiled.engine);
  const engine = createEngine(compiled, streamFor(seed, 0));
  const times = outputTimes(compiled.time.until, compiled.time.every);
  return [...recordWith(engine, times, run.interventions()).values];
}

describe('LiveRun', () => {
  it('an agents run, sought back over its interventions and forward again, gives recordWith’s numbers', () => {
    const text = builtinText('hyosan-high');
    const sets = ['time.until=480'];
    const run = new LiveRun({ text, file: 'hyosan-high.yaml', sets, seed: 3 });
    run.step(125);
    run.control({ kind: 'add', compartment: 'zombie', count: 4, place: '3-2' });
    run.advance(300);
    run.control({ kind: 'fire', event: 'broadcast' });
    run.seek(480);
    const first = [...run.values];
    run.seek(60);
    expect(run.time).toBe(60);
    expect(run.rows).toBe(2);
    run.seek(480);
    expect([...run.values]).toEqual(first);
    expect(run.interventions()).toHaveLength(2);
    expect(first).toEqual(cliRows(text, 'hyosan-high.yaml', sets, 3, run));
  });

  it('an SSA run with an intervention at an output time counts it in that row, as recordWith does', () => {
    const text = builtinText('munz-basic');
    const run = new LiveRun({ text, file: 'munz-basic.yaml', sets: [], seed: 8, engine: 'ssa' });
    run.step(20);
    expect(run.time).toBeCloseTo(2, 12);
    const before = run.values[20 * 3 + 1]!;
    run.control({ kind: 'add', compartment: 'Z', count: 50 });
    expect(run.values[20 * 3 + 1]).toBe(before + 50);
    // A link's t=0.3 is row 3, at 3 × 0.1 = 0.30000000000000004: seeking there shows that row.
    run.seek(0.3);
    expect(run.rows).toBe(4);
    run.seek(10);
    expect([...run.values]).toEqual(cliRows(text, 'munz-basic.yaml', [], 8, run));
  });

  it('gives the doors the event log tells of, and the same doors and records after a seek back', () => {
    const run = new LiveRun({
      text: builtinText('hyosan-high'),
      file: 'hyosan-high.yaml',
      sets: ['time.until=600'],
      seed: 1,
    });
    const start = run.doorsNow();
    run.seek(420);
    const doors = run.doorsNow();
    const records = run.records();
    const history = new DoorHistory(start, parseEvents(records.eventsJsonl));
    history.at(420);
    // The log's doors (opened, shut, broken) are the engine's, barricades aside.
    expect([...doors].map((code) => code % DOOR_BARRICADED)).toEqual([...history.state]);
    expect(doors.some((code) => code >= DOOR_BARRICADED)).toBe(true);
    expect(history.breached.some((b) => b === 1)).toBe(true);
    expect(records.agentsCsv.split('\n')[0]).toMatch(/^id,/);
    run.seek(100);
    run.seek(420);
    expect(run.doorsNow()).toEqual(doors);
    expect(run.records()).toEqual(records);
  });

  it('refuses an intervention the engine cannot apply, changing nothing', () => {
    const run = new LiveRun({ text: builtinText('munz-basic'), file: 'munz-basic.yaml', sets: [], seed: 1 });
    run.step(5);
    expect(() => run.control({ kind: 'set', name: 'nonsense', value: 1 })).toThrow(/nonsense/);
    expect(run.interventions()).toEqual([]);
  });

  it('refuses a run past the limits, as the CLI does, before allocating it (a link can set time.until)', () => {
    const setup = { text: builtinText('munz-basic'), file: 'munz-basic.yaml', seed: 1 };
    // It was "Invalid array length" or "Array buffer allocation failed", naming no field.
    expect(() => new LiveRun({ ...setup, sets: ['time.until=1e12'] })).toThrow(
      /^--set time.until=1e12:1:12: time.until: asks for 1e13 output rows .*a run has at most 1e8/,
    );
    expect(() => new LiveRun({ ...setup, sets: ['time.until=9e6'] })).toThrow(
      /asks for 9e7 output rows .*the limit is 1.0 GB \(the most a live page holds\)$/,
    );
  });

  it('refuses a world setting the scenario would refuse, as --set and --interventions do', () => {
    // The engine took these, and the run's export then failed with exit 2 in the CLI.
    const run = new LiveRun({
      text: builtinText('hyosan-high'),
      file: 'hyosan-high.yaml',
      sets: ['time.until=60'],
      seed: 1,
    });
    const refused: [string, number, RegExp][] = [
      ['world.behaviours.zombie.bite.rate', 1.6, /must be between 0 and 1 \(not 1.6\)/],
      ['world.infection.fight.kill', 5, /not 5/],
      ['world.infection.zombie.speed', -1, /not -1/],
      ['world.perception.every', 0, /not 0/],
    ];
    for (const [name, value, message] of refused) {
      expect(() => run.control({ kind: 'set', name, value }), name).toThrow(message);
    }
    expect(run.interventions()).toEqual([]);
    run.control({ kind: 'set', name: 'world.behaviours.zombie.bite.rate', value: 1 });
    expect(run.interventions()).toHaveLength(1);
  });
});
