import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { storyCommand } from '../../src/cli/story-command.js';
import {
  parseAgentsCsv,
  parseEvents,
  type RunLogError,
  storyTime,
} from '../../src/output/character-story.js';
import { temporaryDir, undead } from '../helpers.js';

/** `undead story DIR --name On-jo`, on hyosan-high until just after the broadcast, as a writer would. */
describe('undead story', () => {
  // hyosan-high's clock starts at 08:40; its unit is the second.
  const scale = { unit: 'second', clockStart: 8 * 3600 + 40 * 60 };
  let dir = '';
  beforeAll(() => {
    dir = join(temporaryDir(), 'hyosan');
    const result = undead([
      'run',
      'hyosan-high',
      '--until',
      '5700',
      '--every',
      '300',
      '--out',
      dir,
      '--quiet',
      '--progress',
      'none',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it("prints On-jo's timeline: where she starts, every event of hers in the log, and how she ends", () => {
    const result = undead(['story', dir, '--name', 'On-jo']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const agents = parseAgentsCsv(readFileSync(join(dir, 'agents.csv'), 'utf8'));
    const events = parseEvents(readFileSync(join(dir, 'events.jsonl'), 'utf8'));
    const id = agents.findIndex((row) => row.name === 'On-jo');
    expect(lines[0]).toBe(`On-jo (#${id}): students, class 2-5; starts human`);
    expect(lines[1]).toMatch(/^\s*0 s, 08:40 {2}is in 2-5, 3F$/);
    expect(lines[lines.length - 1]).toBe(`ends ${agents[id]!.end}, ${agents[id]!.where}`);
    // Every event of hers that changes her story, and every world event, has its line at its time.
    const told = events.filter(
      (e) =>
        e.kind === 'world' ||
        (['bite', 'kill', 'turn', 'exit', 'death', 'enter'].includes(e.kind) &&
          (e.agent === id || e.other === id)) ||
        (e.kind === 'alarm' && e.agent === id),
    );
    expect(told.some((e) => e.kind === 'world')).toBe(true);
    for (const e of told) {
      const at = lines.filter((line) => line.trimStart().startsWith(`${storyTime(e.t, scale)}  `));
      expect(at.length, `${e.kind} at ${e.t}`).toBeGreaterThan(0);
    }
    expect(lines.some((line) => line.includes('world event: broadcast'))).toBe(true);
    // Times never go back.
    const clock = (line: string) => {
      const [, h, m, sec] = /(\d\d):(\d\d)(?::(\d\d))?/.exec(line)!;
      return Number(h) * 3600 + Number(m) * 60 + Number(sec ?? 0);
    };
    const times = lines
      .slice(1, -1)
      .filter((line) => /^\s*\d/.test(line))
      .map(clock);
    expect(times.every((t, k) => k === 0 || t >= times[k - 1]!)).toBe(true);
    // The same story by id.
    expect(undead(['story', dir, '--id', String(id)]).stdout).toBe(result.stdout);
  });

  it('refuses an unknown name, listing the named characters', () => {
    const result = undead(['story', dir, '--name', 'Nobody']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--name: no character named 'Nobody'; the named characters are: .*On-jo/);
    expect(result.stderr).toContain('Hyeon-ju');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses --run K past the runs there are by saying so, not by asking for --keep-events all', () => {
    expect(() => storyCommand(dir, { name: 'On-jo', run: 1 })).toThrow(
      /no replicate 1: this is a single run, not an ensemble, .*leave out --run/,
    );
    // The same folder as a kept ensemble of three runs (as its summary.json would say).
    const ensemble = join(temporaryDir(), 'ensemble');
    cpSync(dir, ensemble, { recursive: true });
    const summary = JSON.parse(readFileSync(join(ensemble, 'summary.json'), 'utf8'));
    writeFileSync(join(ensemble, 'summary.json'), JSON.stringify({ ...summary, runs: 3 }));
    expect(() => storyCommand(ensemble, { name: 'On-jo', run: 3 })).toThrow(
      'no replicate 3: this ensemble has 3 runs, replicates 0 to 2',
    );
    expect(() => storyCommand(ensemble, { name: 'On-jo', run: 2 })).toThrow(
      /run the ensemble with --keep-events all/,
    );
    // Replicate 0's log is the folder's own, which the story reads without --run (it was refused).
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((text: string) => printed.push(text) > 0) as typeof process.stdout.write;
    try {
      storyCommand(ensemble, { name: 'On-jo', run: 0 });
    } finally {
      process.stdout.write = write;
    }
    expect(printed.join('')).toMatch(/^On-jo \(#\d+\)/);
    // An agents run that lost its agents.csv says so, not that it is no agents run.
    rmSync(join(ensemble, 'agents.csv'));
    expect(() => storyCommand(ensemble, { name: 'On-jo' })).toThrow(
      'an agents run without its agents.csv: the story needs both, as the run wrote them',
    );
  });

  it('refuses a folder that is not an agents run, and a missing one', () => {
    const ode = join(temporaryDir(), 'ode');
    expect(undead(['run', 'munz-basic', '--out', ode, '--quiet', '--progress', 'none']).status).toBe(0);
    const result = undead(['story', ode, '--name', 'On-jo']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not an agents run: .*its engine is ode/);
    const missing = undead(['story', join(ode, 'nothing'), '--name', 'On-jo']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such run folder');
    const neither = undead(['story', dir]);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toMatch(/--name NAME or by --id N/);
  });

  it('refuses a damaged log at its file and line, and a device, with exit 2 and no stack', () => {
    const copy = join(temporaryDir(), 'damaged');
    cpSync(dir, copy, { recursive: true });
    const events = join(copy, 'events.jsonl');
    const lines = readFileSync(events, 'utf8').split('\n');
    writeFileSync(events, [lines[0], 'null', ...lines.slice(1)].join('\n'));
    const nullLine = undead(['story', copy, '--name', 'On-jo']);
    expect(nullLine.status).toBe(2);
    expect(nullLine.stderr.trim()).toBe(
      `${events}:2:1: (file): not an event: an object with a time t and a kind`,
    );
    writeFileSync(events, 'x'.repeat(10));
    expect(undead(['story', copy, '--name', 'On-jo']).stderr).toMatch(/events\.jsonl:1:1: \(file\): .*JSON/);
    rmSync(events);
    symlinkSync('/dev/zero', events);
    const device = undead(['story', copy, '--name', 'On-jo']);
    expect(device.status).toBe(2);
    expect(device.stderr).toContain('is not a regular file');
    const agents = join(copy, 'agents.csv');
    writeFileSync(agents, '\u0001\u0002garbage\nmore');
    const table = undead(['story', copy, '--name', 'On-jo']);
    expect(table.status).toBe(2);
    expect(table.stderr.trim()).toBe(`${agents}:1:1: (file): not an agents table: it has no 'id' column`);
  });
});

describe('reading agents.csv', () => {
  const table = 'id,name,group\n0,,students\n1,On-jo,students\n2,"Cheong-san, Lee",students\n';
  it('reads agent k from row k', () => {
    const rows = parseAgentsCsv(table);
    expect(rows.map((row) => row.name)).toEqual(['', 'On-jo', 'Cheong-san, Lee']);
  });
  it('refuses a row missing, doubled or cut short at its line, rather than telling another agent', () => {
    const lines = table.split('\n');
    const without = (k: number) => lines.filter((_, j) => j !== k).join('\n');
    expect(() => parseAgentsCsv(without(2))).toThrow(
      "a damaged table: this row's id is '2', where agent 1 belongs",
    );
    expect(() => parseAgentsCsv([...lines.slice(0, 2), lines[1], ...lines.slice(2)].join('\n'))).toThrow(
      "this row's id is '0', where agent 1 belongs",
    );
    expect(() => parseAgentsCsv(table.replace('1,On-jo,students', '1,On-jo'))).toThrow(
      'a damaged row: 2 fields, where the header has 3',
    );
    expect(() => parseAgentsCsv(table.replace('\n1,', '\n\n1,'))).toThrow('a damaged row: 1 field,');
    const lineOf = (text: string) => {
      try {
        parseAgentsCsv(text);
      } catch (error) {
        return (error as RunLogError).line;
      }
      return undefined;
    };
    expect(lineOf(without(2))).toBe(3);
  });
});
