import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinNames, builtins } from '../../src/scenario/files.js';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

describe('undead run', () => {
  let out = '';
  let result: CommandResult;
  beforeAll(() => {
    out = join(temporaryDir(), 'munz');
    result = undead(['run', 'munz-basic', '--out', out, '--png', '--progress', 'none']);
  });

  it('exits 0 and prints a summary with the crossing and extinction times', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Z overtakes S at t = 2.75 days');
    expect(result.stdout).toContain('S died out at t = 5.17 days');
    expect(result.stdout).toContain(`outputs: ${out}`);
  });

  it('writes every output file, and nothing half-written', () => {
    expect(readdirSync(out).sort()).toEqual([
      'chart.png',
      'chart.svg',
      'scenario.resolved.yaml',
      'summary.json',
      'timeseries.csv',
    ]);
  });

  it('writes summary.json with its documented fields', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'munz-basic', engine: 'ode', seed: 1, runs: 1, until: 10 });
    expect(summary.compartments).toEqual(['S', 'Z', 'R']);
    expect(Object.keys(summary.final)).toEqual(['S', 'Z', 'R']);
    expect(summary.final.Z).toBeCloseTo(237.98, 1);
    expect(summary.events).toBe(0);
    expect(summary.wall_seconds).toBeGreaterThan(0);
    expect(summary.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes timeseries.csv with a row for every output time, 0 to until inclusive', () => {
    const lines = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,S,Z,R');
    expect(lines.length).toBe(102);
    expect(lines[1]).toBe('0,500,1,0');
    expect(lines.map((l) => l.split(',')[0])).toContain('0.3');
    expect(lines[101]!.startsWith('10,')).toBe(true);
  });

  it('writes a PNG chart and an SVG chart', () => {
    const png = readFileSync(join(out, 'chart.png'));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('<svg');
  });

  it('reproduces every number from scenario.resolved.yaml, overrides included', () => {
    const first = join(temporaryDir(), 'a');
    const again = join(temporaryDir(), 'b');
    expect(
      undead(['run', 'munz-basic', '--set', 'beta=0.012', '--until', '6', '--out', first, '--quiet']).status,
    ).toBe(0);
    const resolved = join(first, 'scenario.resolved.yaml');
    expect(readFileSync(resolved, 'utf8')).toMatch(/beta: 0\.012/);
    expect(undead(['run', resolved, '--out', again, '--quiet']).status).toBe(0);
    expect(readFileSync(join(again, 'timeseries.csv'), 'utf8')).toBe(
      readFileSync(join(first, 'timeseries.csv'), 'utf8'),
    );
    expect(readFileSync(join(first, 'timeseries.csv'), 'utf8').trim().split('\n').length).toBe(62);
  });

  it("says in scenario.resolved.yaml's first line how to rerun a replicate of an ensemble, and that command reproduces it", () => {
    const first = join(temporaryDir(), 'r5');
    const again = join(temporaryDir(), 'r5b');
    expect(
      undead(['run', 'munz-basic', '--engine', 'ssa', '--replicate', '5', '--out', first, '--quiet']).status,
    ).toBe(0);
    const [line] = readFileSync(join(first, 'scenario.resolved.yaml'), 'utf8').split('\n');
    expect(line).toBe(
      '# From this folder, `undead run scenario.resolved.yaml --seed 1 --replicate 5` reproduces every number.',
    );
    const command = /`undead run (.*)`/.exec(line!)![1]!.split(' ');
    expect(undead(['run', ...command, '--out', again, '--quiet'], first).status).toBe(0);
    expect(readFileSync(join(again, 'timeseries.csv'), 'utf8')).toBe(
      readFileSync(join(first, 'timeseries.csv'), 'utf8'),
    );
  });

  it('writes NDJSON progress lines to stderr with --progress json, and only the folder to stdout with --quiet', () => {
    const out = join(temporaryDir(), 'n');
    const run = undead(['run', 'notld', '--out', out, '--progress', 'json', '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${out}\n`);
    const lines = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-2)).toMatchObject({ progress: 1, done: 33, total: 33, unit: 'hour' });
    expect(lines.at(-1)).toEqual({ status: 'done', out });
  });

  it('defaults the output folder to runs/NAME-YYYYMMDD-HHMMSS', () => {
    const cwd = temporaryDir();
    expect(undead(['run', 'munz-latent', '--quiet'], cwd).status).toBe(0);
    const [dir] = readdirSync(join(cwd, 'runs'));
    expect(dir).toMatch(/^munz-latent-\d{8}-\d{6}$/);
    expect(existsSync(join(cwd, 'runs', dir!, 'summary.json'))).toBe(true);
  });
});

describe('undead list, schema and help', () => {
  it('lists the built-in scenarios as NAME  TITLE', () => {
    const { stdout, status } = undead(['list']);
    expect(status).toBe(0);
    const names = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/)[0]);
    for (const name of [
      'munz-basic',
      'munz-latent',
      'munz-quarantine',
      'munz-treatment',
      'munz-impulsive',
      'alemi-szr',
      'notld',
      'hyosan-high',
      'seoul-campus',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('finds a built-in by its file’s name, which is the name the scenario gives itself', () => {
    // scenarioPath and builtinText look a name up by the file's name, without reading the files.
    expect(builtins().map((b) => b.name)).toEqual(builtinNames());
    for (const { name, file } of builtins()) expect(file.endsWith(`/${name}.yaml`), name).toBe(true);
  });

  it('prints a JSON Schema that knows the scenario fields', () => {
    const schema = JSON.parse(undead(['schema']).stdout);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'model', 'initial', 'time', 'events']),
    );
    expect(schema.additionalProperties).toBe(false);
  });

  it('documents every flag of run', () => {
    const { stdout, status } = undead(['run', '--help']);
    expect(status).toBe(0);
    for (const flag of [
      '--engine',
      '--seed',
      '--runs',
      '--until',
      '--every',
      '--set',
      '--out',
      '--workers',
      '--progress',
      '--quiet',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});
