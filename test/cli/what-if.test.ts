import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, type InputIssue } from '../../src/core/errors.js';
import { type AgentsWorld, DEFAULT_BEHAVIOURS } from '../../src/scenario/world-schema.js';
import { buildingScenario } from '../engines/agents/helpers.js';
import { parseText, temporaryDir, undead } from '../helpers.js';

/** Runs `undead run` into a fresh folder and reads its files. */
function run(args: string[]) {
  const out = join(temporaryDir(), 'run');
  const result = undead(['run', ...args, '--out', out, '--progress', 'none', '--quiet']);
  const file = (name: string) => readFileSync(join(out, name), 'utf8');
  const events = () =>
    file('events.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { t: number; kind: string; event?: string; state?: string });
  const rows = () => file('timeseries.csv').trim().split('\n').slice(1);
  return { ...result, file, events, rows };
}

const HYOSAN = ['hyosan-high', '--seed', '1', '--set', 'world.replay.every=0'];

/**
 * The novelist's what-ifs in hyosan-high from the command line alone, with world
 * events (and model events, and behaviours) addressed by name through `--set`.
 */
describe('what-ifs from the command line', () => {
  // The broadcast moved to 08:45 (t = 300) so that a short run shows it.
  const early = [...HYOSAN, '--until', '1800', '--every', '100', '--set', 'world.events.broadcast.at=300'];
  let usual: ReturnType<typeof run>;
  let quiet: ReturnType<typeof run>;
  beforeAll(() => {
    usual = run(early);
    quiet = run([...early, '--set', 'world.events.broadcast.enabled=false']);
  });

  it('no broadcast: world.events.broadcast.enabled=false keeps the PA silent, and nothing else', () => {
    expect(usual.status).toBe(0);
    expect(quiet.status).toBe(0);
    expect(usual.events().filter((e) => e.kind === 'world')).toEqual([
      expect.objectContaining({ t: 300, event: 'broadcast' }),
    ]);
    expect(quiet.events().filter((e) => e.kind === 'world')).toEqual([]);
    // The same morning up to the broadcast, then a different one.
    const beforeBroadcast = (rows: string[]) => rows.filter((row) => Number(row.split(',')[0]) < 300);
    expect(beforeBroadcast(quiet.rows())).toHaveLength(3);
    expect(beforeBroadcast(quiet.rows())).toEqual(beforeBroadcast(usual.rows()));
    expect(quiet.rows()).not.toEqual(usual.rows());
    const resolved = parse(quiet.file('scenario.resolved.yaml'));
    expect(resolved.world.events[0]).toMatchObject({ name: 'broadcast', enabled: false });
  });

  it('students barricading at 08:50: the disabled students-barricade event, switched on and timed', () => {
    const barricading = run([
      ...HYOSAN,
      '--until',
      '1800',
      '--every',
      '600',
      '--set',
      'world.events.students-barricade.enabled=true',
      '--set',
      'world.events.students-barricade.at=600',
    ]);
    expect(barricading.status).toBe(0);
    expect(barricading.events().filter((e) => e.kind === 'world')).toEqual([
      expect.objectContaining({ t: 600, event: 'students-barricade' }),
    ]);
    expect(quiet.events().some((e) => e.event === 'students-barricade')).toBe(false);
    // Doors shut between 08:50 and 09:10: many more than on a day with neither event.
    const shut = (events: { t: number; kind: string; state?: string }[]) =>
      events.filter((e) => e.kind === 'door' && e.state === 'closed' && e.t > 600 && e.t <= 1800).length;
    expect(shut(barricading.events())).toBeGreaterThan(2 * shut(quiet.events()) + 20);
  });

  it('an unknown event name lists the names', () => {
    const result = undead(['validate', 'hyosan-high', '--set', 'world.events.broadcst.enabled=false']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "world.events has no entry named 'broadcst'; the names are broadcast, phones, power-fails, seal-gates, students-barricade",
    );
    // An index past the end was told as a name ("no entry named '9'").
    const index = undead(['validate', 'hyosan-high', '--set', 'world.events.9.enabled=false']);
    expect(index.stderr).toContain('world.events has 5 entries, numbered from 0 to 4, not 9');
  });

  it('addresses model events by name too: the last strike of munz-impulsive switched off', () => {
    const final = (args: string[]) => {
      const result = run(['munz-impulsive', ...args]);
      expect(result.status).toBe(0);
      return JSON.parse(result.file('summary.json')).final.Z as number;
    };
    expect(final([])).toBe(0);
    expect(final(['--set', 'events.strike 4 kills all.enabled=false'])).toBeGreaterThan(1);
  });
});

describe('--set by name, in the scenario layer', () => {
  it('switches one behaviour unit off and keeps the default stack of a world that names none', () => {
    const text = buildingScenario({ floors: [['#####', '#[a]#', '#...#', '#####']] });
    const world = parseText(text, ['world.behaviours.zombie.follow-sound.enabled=false']).scenario
      .world as AgentsWorld;
    expect(Object.keys(world.behaviours.zombie).sort()).toEqual([...DEFAULT_BEHAVIOURS.zombie].sort());
    expect(world.behaviours.zombie['follow-sound']?.enabled).toBe(false);
    expect(world.behaviours.zombie.bite?.enabled).toBe(true);
  });

  it('reaches a world event by its index, and refuses a whole entry', () => {
    const hyosan = readFileSync(join(import.meta.dirname, '../../scenarios/hyosan-high.yaml'), 'utf8');
    expect(
      (parseText(hyosan, ['world.events.1.enabled=false']).scenario.world as AgentsWorld).events[1],
    ).toMatchObject({
      name: 'phones',
      enabled: false,
    });
    expect(() => parseText(hyosan, ['world.events.phones=0'])).toThrow(
      'world.events.1 is a whole entry; set one of its fields, such as world.events.phones.enabled',
    );
  });

  it("points a bad value given by an event's name at the --set argument", () => {
    const hyosan = readFileSync(join(import.meta.dirname, '../../scenarios/hyosan-high.yaml'), 'utf8');
    let issues: readonly InputIssue[] = [];
    try {
      parseText(hyosan, ['world.events.broadcast.at=-5']);
    } catch (error) {
      if (error instanceof InputError) issues = error.issues;
    }
    expect(issues).toEqual([
      expect.objectContaining({ file: '--set world.events.broadcast.at=-5', path: 'world.events.0.at' }),
    ]);
  });
});
