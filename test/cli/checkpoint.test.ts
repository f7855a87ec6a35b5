import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint.js';
import { checkpointFolder } from '../../src/output/checkpoint.js';
import { readScenarioText, scenarioPath } from '../../src/scenario/files.js';
import { freePort } from '../ensemble/queue/redis-process.js';
import { temporaryDir, UNDEAD, undead } from '../helpers.js';

/** How often the checkpoint folder is looked at while a run goes on, in ms (not an assertion). */
const POLL_MS = 5;

/** A finished chunk's file; a killed run may also leave one half-written under a temporary name. */
const CHUNK_FILE = /^replicates-\d+-\d+\.json$/;

/**
 * Starts `undead run ARGS --out OUT`, waits until `ready(checkpoint folder)` says a checkpoint is
 * there, and kills the process with SIGKILL. Fails if the run ends first.
 */
async function killedPartWay(
  args: string[],
  out: string,
  ready: (files: string[]) => boolean,
): Promise<void> {
  const child = spawn(process.execPath, [...UNDEAD, 'run', ...args, '--out', out, '--progress', 'none'], {
    stdio: 'ignore',
  });
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      ended = true;
      resolve();
    });
  });
  const folder = checkpointFolder(out);
  const files = () => (existsSync(folder) ? readdirSync(folder) : []);
  while (!ended && !ready(files())) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  expect(ended, 'the run ended before it was killed: make it longer').toBe(false);
  child.kill('SIGKILL');
  await exited;
  expect(existsSync(out), 'a killed run leaves no output folder').toBe(false);
}

/** Every file of a run folder, with the wall-clock figure of summary.json taken out. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const name = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else files[name] = readFileSync(join(dir, name)).toString('base64');
    }
  };
  walk('');
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  delete summary.wall_seconds;
  files['summary.json'] = JSON.stringify(summary);
  return files;
}

/** Runs ARGS uninterrupted, and killed part-way then resumed; both folders' files. */
async function interruptedAndWhole(args: string[], ready: (files: string[]) => boolean) {
  const base = temporaryDir();
  const whole = join(base, 'whole');
  expect(undead(['run', ...args, '--out', whole, '--quiet', '--progress', 'none']).status).toBe(0);
  const resumed = join(base, 'resumed');
  await killedPartWay(args, resumed, ready);
  // Resumed from beside the folder, quiet where the run was not: it names the folder as given, not
  // as the checkpoint holds it, and prints no summary.
  const resume = undead(['resume', 'resumed', '--quiet', '--progress', 'none'], base);
  expect(resume.stderr).toBe('');
  expect(resume.status).toBe(0);
  expect(resume.stdout).toBe('resumed\n');
  expect(existsSync(checkpointFolder(resumed)), 'the checkpoint is gone once the run is done').toBe(false);
  return { whole: filesOf(whole), resumed: filesOf(resumed) };
}

describe('undead run --checkpoint-every, killed with SIGKILL, and undead resume', () => {
  it('continues a single ssa run from its snapshot, byte for byte', async () => {
    // Births and deaths at a steady pace, some 20 million events over the ten days.
    const steady = ['Pi=1000000', 'delta=5', 'beta=0', 'alpha=0', 'S=200000'].flatMap((s) => ['--set', s]);
    const args = ['munz-basic', '--engine', 'ssa', ...steady, '--checkpoint-every', '1'];
    const { whole, resumed } = await interruptedAndWhole(args, (files) => files.includes('progress.json'));
    expect(resumed).toEqual(whole);
  });

  it('continues an agents run, its event log and replay included', async () => {
    const args = ['hyosan-high', '--until', '1200', '--every', '60', '--checkpoint-every', '240'];
    const { whole, resumed } = await interruptedAndWhole(args, (files) => files.includes('progress.json'));
    expect(Object.keys(whole)).toContain('events.jsonl');
    expect(resumed).toEqual(whole);
  });

  it('keeps the finished replicates of an ensemble and runs the others', async () => {
    const args = [
      ...['munz-basic', '--engine', 'ssa', '--set', 'S=100000', '--runs', '60', '--workers', '2'],
      ...['--checkpoint-every', '1'],
    ];
    const { whole, resumed } = await interruptedAndWhole(args, (files) =>
      files.some((name) => CHUNK_FILE.test(name)),
    );
    expect(Object.keys(whole)).toContain('quantiles.csv');
    expect(resumed).toEqual(whole);
  });
});

describe('undead resume refuses what it cannot continue (exit 2)', () => {
  /** An ensemble killed after its first checkpoint, from a copy of munz-basic. */
  async function killedEnsemble() {
    const base = temporaryDir();
    const scenario = join(base, 'munz.yaml');
    writeFileSync(scenario, readScenarioText(scenarioPath('munz-basic')));
    const out = join(base, 'run');
    const args = [scenario, '--engine', 'ssa', '--set', 'S=100000', '--runs', '60', '--workers', '2'];
    await killedPartWay([...args, '--checkpoint-every', '1'], out, (files) =>
      files.some((name) => CHUNK_FILE.test(name)),
    );
    return { scenario, out, args };
  }

  it('a queue that could not be reached leaves no checkpoint: there is nothing to resume, and a resume could not mend the address', async () => {
    const out = join(temporaryDir(), 'unreached');
    const args = ['munz-basic', '--engine', 'ssa', '--runs', '4', '--checkpoint-every', '1', '--out', out];
    const failed = undead(['run', ...args, '--queue', `redis://127.0.0.1:${await freePort()}`]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/cannot reach Redis/);
    expect(existsSync(checkpointFolder(out))).toBe(false);
  });

  it('a folder with no checkpoint, and a finished run', () => {
    const nothing = undead(['resume', join(temporaryDir(), 'never')]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/has no checkpoint to resume .*--checkpoint-every/);
    const out = join(temporaryDir(), 'done');
    expect(undead(['run', 'munz-basic', '--out', out, '--quiet']).status).toBe(0);
    const finished = undead(['resume', out]);
    expect(finished.status).toBe(2);
    expect(finished.stderr).toMatch(/is a finished run: there is nothing to resume/);
  });

  it('a run still running: resume refuses to run it beside it (it ran the whole run again), and run --force to take it over', async () => {
    const { out, args } = await killedEnsemble();
    // The killed run claimed the folder; a live process's id there is a run still going.
    // Its files are the owner's alone: run.json holds the flags, a --queue password among them.
    expect(statSync(join(checkpointFolder(out), 'run.json')).mode & 0o777).toBe(0o600);
    const owner = join(checkpointFolder(out), 'running.pid');
    expect(Number(readFileSync(owner, 'utf8'))).toBeGreaterThan(0);
    writeFileSync(owner, `${process.pid}\n`);
    const refused = undead(['resume', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `is still being run, by process ${process.pid}: resume it once that process has ended`,
    );
    // --force took its checkpoint from under it: a resume then ran one seed's numbers as another's.
    const forced = undead(['run', ...args, '--seed', '2', '--out', out, '--force']);
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain(`is being run now, by process ${process.pid}: choose another folder`);
  });

  it('a checkpoint of another undead version', async () => {
    const { out } = await killedEnsemble();
    const runFile = join(checkpointFolder(out), 'run.json');
    const text = readFileSync(runFile, 'utf8');
    const body = JSON.stringify({ ...JSON.parse(text.slice(text.indexOf('\n') + 1)), version: '0.0.1' });
    writeFileSync(runFile, `${fingerprint(body)}\n${body}`);
    const refused = undead(['resume', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /run\.json:1:1: version: the checkpoint was written by undead 0\.0\.1; this is undead /,
    );
  });

  it('a checkpoint damaged since it was written', async () => {
    const { out } = await killedEnsemble();
    const runFile = join(checkpointFolder(out), 'run.json');
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"seed":', '"seed": '));
    const refused = undead(['resume', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/run\.json:1:1: \(file\): the checkpoint is damaged/);
    expect(refused.stderr.match(/run\.json:1:1/g)).toHaveLength(1);
    // A file of it that is not a file any more: the same refusal, not a crash.
    const chunk = readdirSync(checkpointFolder(out)).find((name) => CHUNK_FILE.test(name))!;
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"seed": ', '"seed":'));
    rmSync(join(checkpointFolder(out), chunk));
    mkdirSync(join(checkpointFolder(out), chunk));
    const folder = undead(['resume', out]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/the checkpoint is damaged \(it cannot be read: EISDIR\)/);
  });

  it('a checkpoint of a scenario that changed since, and a new run over a checkpoint', async () => {
    const { scenario, out, args } = await killedEnsemble();
    const again = undead(['run', ...args, '--out', out, '--quiet']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/has the checkpoint of an unfinished run .*undead resume/);
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace('beta: 0.0095', 'beta: 0.0096'));
    const refused = undead(['resume', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/munz\.yaml:1:1: \(file\): the scenario changed since the run started/);
  });
});

describe('--help', () => {
  it('documents --interventions, --checkpoint-every and undead resume', () => {
    const run = undead(['run', '--help']);
    expect(run.stdout).toMatch(/--interventions <file>/);
    expect(run.stdout).toMatch(/--checkpoint-every <t>/);
    const resume = undead(['resume', '--help']);
    expect(resume.status).toBe(0);
    expect(resume.stdout).toMatch(/continue a run that was killed/);
    expect(undead(['--help']).stdout).toMatch(/resume/);
  });
});
