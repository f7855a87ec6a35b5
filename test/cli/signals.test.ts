import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, temporaryDir, UNDEAD, undead } from '../helpers.js';

/**
 * Starts `undead ARGS --progress json` and sends `signal` once `when` holds: checked at each
 * progress fraction on stderr, and every 20 ms. Resolves to how the process ended.
 */
function interrupt(args: string[], signal: NodeJS.Signals, when: (progress: number) => boolean) {
  const child = spawn(process.execPath, [...UNDEAD, ...args, '--progress', 'json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let sent = false;
  const send = () => {
    sent = true;
    child.kill(signal);
  };
  const poll = setInterval(() => {
    if (!sent && when(Number.NaN)) send();
  }, 20);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const fractions = [...stderr.matchAll(/"progress":([\d.]+)/g)].map((m) => Number(m[1]));
      if (!sent && fractions.some(when)) send();
    });
    child.on('exit', (code, ended) => {
      clearInterval(poll);
      resolve({ code, signal: ended, stderr });
    });
  });
}

/** Whether a run writing into PARENT/run has begun its timeseries.csv (in the staging folder). */
const writing = (parent: string) => () =>
  readdirSync(parent).some(
    (name) => name.startsWith('.run.partial-') && existsSync(join(parent, name, 'timeseries.csv')),
  );

/** A run of munz-basic with 10^6 output rows: a 60 MB timeseries.csv that takes a while to write. */
const LONG = ['run', 'munz-basic', '--every', '1e-5', '--quiet'];

describe('signals', () => {
  it('SIGTERM while the outputs are written exits 143, keeps the old run and leaves nothing half-written', async () => {
    const parent = temporaryDir();
    const out = join(parent, 'run');
    expect(undead(['run', 'munz-basic', '--until', '2', '--out', out, '--quiet']).status).toBe(0);
    const before = readFileSync(join(out, 'timeseries.csv'), 'utf8');

    const ended = await interrupt([...LONG, '--out', out, '--force'], 'SIGTERM', writing(parent));
    expect(ended.code).toBe(143);
    expect(ended.stderr).toContain('interrupted by SIGTERM: no outputs were written');
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['run']);

    const again = undead(['run', 'munz-basic', '--until', '3', '--out', out, '--force', '--quiet']);
    expect(again.status).toBe(0);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).not.toBe(before);
  });

  it('Ctrl-C while the outputs are written exits 130 at once, with nothing written', async () => {
    const parent = temporaryDir();
    const ended = await interrupt([...LONG, '--out', join(parent, 'run')], 'SIGINT', writing(parent));
    expect(ended.code).toBe(130);
    expect(ended.stderr).toContain('interrupted by SIGINT');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('Ctrl-C during a single replicate ends the process by SIGINT, with nothing written', async () => {
    const parent = temporaryDir();
    const ended = await interrupt([...LONG, '--out', join(parent, 'run')], 'SIGINT', (p) => p > 0 && p < 1);
    // The replicate runs in the main thread, where no handler can run: the signal's default action.
    expect(ended.signal ?? ended.code).toBe(ended.signal === null ? 130 : 'SIGINT');
    expect(existsSync(join(parent, 'run'))).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });
});
