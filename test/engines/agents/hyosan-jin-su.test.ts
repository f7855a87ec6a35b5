import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../../src/core/errors.js';
import { parseAgentsCsv, parseEvents } from '../../../src/output/character-story.js';
import { compileScenario } from '../../../src/scenario/compile.js';
import type { CompiledWorld } from '../../../src/scenario/compiled-world.js';
import { agentStates } from '../../../src/scenario/compiled-world.js';
import { loadScenario } from '../../../src/scenario/files.js';
import { temporaryDir, undead } from '../../helpers.js';

/** hyosan-high's world, compiled with these `--set`s. */
function worldOf(settings: string[] = []): CompiledWorld {
  return compileScenario(loadScenario('hyosan-high', settings), 'agents').world!;
}

const stateOf = (world: CompiledWorld, name: string) => {
  const c = world.roster.characterNames.indexOf(name);
  const m =
    world.roster.members.find((x) => x.character === c) ??
    world.roster.arrivals.find((x) => x.member.character === c)?.member;
  return m === undefined ? undefined : agentStates[m.state];
};

describe("Season 1's patient zero: Lee Jin-su (hyosan-high)", () => {
  it('by default Jin-su stays locked away: not in the run, taking no one’s place', () => {
    const world = worldOf();
    expect(world.roster.characterNames).not.toContain('Jin-su');
    expect(world.roster.arrivals).toEqual([]);
    expect(world.roster.members).toHaveLength(674);
    expect(stateOf(world, 'Hyeon-ju')).toBe('infected');
    // `world.outbreak` naming the file's own patient zero changes nothing.
    expect(worldOf(['world.outbreak=Hyeon-ju']).roster).toEqual(world.roster);
  });

  it('world.outbreak=Jin-su: Hyeon-ju starts human, Jin-su comes in through the front gate, a zombie', () => {
    const world = worldOf(['world.outbreak=Jin-su']);
    expect(world.roster.members).toHaveLength(674);
    expect(world.roster.members.every((m) => agentStates[m.state] === 'human')).toBe(true);
    expect(stateOf(world, 'Hyeon-ju')).toBe('human');
    expect(world.roster.arrivals).toHaveLength(1);
    const [jinSu] = world.roster.arrivals;
    expect(world.roster.characterNames[jinSu!.member.character]).toBe('Jin-su');
    expect(jinSu).toMatchObject({ at: 600, through: 'front-gate', room: 'yard' });
    expect(agentStates[jinSu!.member.state]).toBe('zombie');
  });

  it('world.outbreak may name anyone: they start infected, and the counts follow', () => {
    const world = worldOf(['world.outbreak=Cheong-san']);
    expect(stateOf(world, 'Cheong-san')).toBe('infected');
    expect(stateOf(world, 'Hyeon-ju')).toBe('human');
    expect(world.roster.members.filter((m) => agentStates[m.state] === 'infected')).toHaveLength(1);
    let issues: InputError['issues'] = [];
    try {
      worldOf(['world.outbreak=Jinsu']);
    } catch (error) {
      issues = (error as InputError).issues;
    }
    expect(issues.map((i) => [i.file, i.message])).toEqual([
      ['--set world.outbreak=Jinsu', "no character 'Jinsu' (did you mean Jin-su?)"],
    ]);
  });

  describe('a run with the switch, and his story', () => {
    let dir = '';
    beforeAll(() => {
      dir = join(temporaryDir(), 'jin-su');
      const result = undead([
        'run',
        'hyosan-high',
        '--set',
        'world.outbreak=Jin-su',
        '--until',
        '1000',
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

    it('the outbreak starts from him: he arrives at 08:50, and the first bite is his', () => {
      const events = parseEvents(readFileSync(join(dir, 'events.jsonl'), 'utf8'));
      const agents = parseAgentsCsv(readFileSync(join(dir, 'agents.csv'), 'utf8'));
      const id = agents.findIndex((row) => row.name === 'Jin-su');
      expect(id).toBe(674);
      expect(agents[id]).toMatchObject({ group: 'students', start: 'zombie' });
      expect(agents.find((row) => row.name === 'Hyeon-ju')).toMatchObject({ start: 'human' });
      const arrive = events.filter((e) => e.kind === 'arrive');
      expect(arrive).toEqual([
        {
          t: 600,
          kind: 'arrive',
          agent: id,
          name: 'Jin-su',
          floor: '1F',
          room: 'yard',
          exit: 'front-gate',
          from: 'city',
        },
      ]);
      // Nothing of his before he arrives; nobody infected before his first bite.
      expect(events.findIndex((e) => e.agent === id || e.other === id)).toBe(events.indexOf(arrive[0]!));
      const firstBite = events.find((e) => e.kind === 'bite');
      expect(firstBite).toBeDefined();
      expect(firstBite).toMatchObject({ agent: id, name: 'Jin-su' });
      expect(events.some((e) => e.kind === 'turn' && e.t < firstBite!.t)).toBe(false);
    });

    it('undead story RUN --name Jin-su tells it', () => {
      const result = undead(['story', dir, '--name', 'Jin-su']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe('Jin-su (#674): students; starts zombie');
      expect(lines[1]).toMatch(/^\s*10 min, 08:50 {2}arrives from city through front-gate {2}\[yard, 1F\]$/);
      expect(lines.some((line) => / bites #\d+/.test(line))).toBe(true);
    });
  });
});
