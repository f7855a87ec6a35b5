import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CommandResult, ROOT, temporaryDir, UNDEAD, undead } from '../helpers.js';

describe('undead run --runs N', () => {
  let out = '';
  let result: CommandResult;
  beforeAll(() => {
    out = join(temporaryDir(), 'ensemble');
    const args = ['alemi-szr', '--engine', 'ssa', '--runs', '60', '--set', 'Z=2', '--workers', '2'];
    result = undead(['run', ...args, '--out', out, '--progress', 'none']);
  });

  it('exits 0 and writes the ensemble outputs', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'chart-runs.svg',
      'chart.svg',
      'quantiles.csv',
      'scenario.resolved.yaml',
      'summary.json',
      'timeseries.csv',
    ]);
  });

  it('writes timeseries.csv with a leading run column, replicates in order', () => {
    const lines = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run,t,S,Z,R');
    expect(lines.length).toBe(1 + 60 * 401);
    expect(lines[1]).toBe('0,0,990,2,0');
    expect(lines[lines.length - 1]!.startsWith('59,40,')).toBe(true);
  });

  it('writes quantiles.csv and a chart of the median with 50% and 90% bands', () => {
    const lines = readFileSync(join(out, 'quantiles.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,compartment,mean,q05,q25,q50,q75,q95');
    expect(lines.length).toBe(1 + 401 * 3);
    expect(readFileSync(join(out, 'chart.svg'), 'utf8')).toContain('median, 50% and 90% bands');
    // Beside it, 20 of the 60 runs as thin lines, which show the split the bands hide.
    const runs = readFileSync(join(out, 'chart-runs.svg'), 'utf8');
    expect(runs).toContain('20 of 60 runs');
    expect(runs.match(/stroke-opacity="0.35"/g)).toHaveLength(20 * 3);
  });

  it('summarises events, the SSA variant, and per compartment the share of runs that died out and when', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ engine: 'ssa', method: 'direct', runs: 60, workers: 2, seed: 1 });
    expect(summary.events).toBeGreaterThan(60);
    // Two zombies die out with probability 0.64.
    expect(summary.extinction.Z.fraction).toBeGreaterThan(0.4);
    expect(summary.extinction.Z.fraction).toBeLessThan(0.9);
    expect(summary.extinction.Z.times.q50).toBeGreaterThan(0);
    expect(summary.extinction.Z.times.q95).toBeGreaterThanOrEqual(summary.extinction.Z.times.q05);
  });

  it('rejects fractional counts for a stochastic engine with exit code 2', () => {
    const bad = undead([
      'run',
      'alemi-szr',
      '--engine',
      'ssa',
      '--runs',
      '4',
      '--set',
      'S=990.5',
      '--out',
      join(temporaryDir(), 'x'),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/initial\.S: must be a whole number/);
  });

  it('stops on Ctrl-C with exit code 130 and writes nothing', async () => {
    const dir = join(temporaryDir(), 'interrupted');
    const child = spawn(
      process.execPath,
      [
        ...UNDEAD,
        'run',
        'alemi-szr',
        '--engine',
        'ssa',
        '--runs',
        '5000',
        '--set',
        'S=99000',
        '--set',
        'Z=1000',
        '--out',
        dir,
        '--progress',
        'json',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt once replicates are running.
        if (!interrupted && stderr.includes('"progress"')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (exitCode) => resolve(exitCode));
    });
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(existsSync(dir)).toBe(false);
  });
});
