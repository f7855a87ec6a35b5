import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, serveFolders } from '../../src/cli/static-server.js';
import { ROOT, temporaryDir, UNDEAD, undead } from '../helpers.js';

/** `undead view` without a browser: its input errors, `--export`, and the static server's rules. */

let folder: string;
let run: string;

beforeAll(() => {
  folder = temporaryDir();
  run = join(folder, 'run');
  const made = undead(['run', 'munz-basic', '--out', run, '--quiet']);
  expect(made.status, made.stderr).toBe(0);
});

describe('undead view', () => {
  it('refuses a folder that is not a run, with exit code 2 and the reason', () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    const result = undead(['view', empty]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a run folder: it has no summary.json');
    // A summary.json that is not a run's: damaged, or something else.
    for (const [text, reason] of [
      ['{"comp', 'its summary.json is not JSON'],
      ['null', "its summary.json is not a run's summary"],
      ['[1, 2]', "its summary.json is not a run's summary"],
    ]) {
      writeFileSync(join(empty, 'summary.json'), text!);
      const damaged = undead(['view', empty, '--export', join(folder, 'never')]);
      expect(damaged.status).toBe(2);
      expect(damaged.stderr).toContain(`not a run folder: ${reason}`);
    }
    expect(existsSync(join(folder, 'never'))).toBe(false);
  });

  it('refuses a summary.json that is not JSON at the line and column where it stops being JSON', () => {
    // It was the folder's 1:1, with JSON.parse's "at position N" or no place at all.
    const damaged = join(folder, 'damaged');
    mkdirSync(damaged);
    const summary = join(damaged, 'summary.json');
    writeFileSync(summary, '{"compartments":\n  ["S",\n  }');
    expect(undead(['view', damaged])).toMatchObject({
      status: 2,
      stderr: `${summary}:3:3: (file): not a run folder: its summary.json is not JSON (Unexpected token '}')\n`,
    });
    expect(undead(['view', run, '--compare', damaged])).toMatchObject({
      status: 2,
      stderr: `<command line>:1:1: --compare: ${damaged} is not a run folder: its summary.json is not JSON (Unexpected token '}'), at ${summary}:3:3\n`,
    });
  });

  it('refuses a path that is neither a folder nor a scenario', () => {
    const result = undead(['view', join(folder, 'nowhere')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no such scenario file or built-in scenario');
  });

  it('checks a scenario to run live as `run` does: a bad --set is exit 2 in the usual form', () => {
    const result = undead(['view', 'hyosan-high', '--set', 'time.every=-1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--set time\.every=-1:1:\d+: time\.every: must be greater than 0/);
    // Its budget too: 1e10 output rows started serving. It is the time.until set that asks for them.
    const huge = undead(['view', 'munz-basic', '--set', 'time.until=1e9']);
    expect(huge.status).toBe(2);
    expect(huge.stderr).toMatch(
      /^--set time\.until=1e9:1:12: time\.until: asks for 1e10 output rows .* a run has at most 1e8$/m,
    );
  });

  it('refuses the live flags for a finished run', () => {
    const result = undead(['view', run, '--seed', '4']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--seed');
  });

  it('refuses --port and --open with --export, which serves nothing', () => {
    // Both were ignored: the site was written and the command exited 0.
    const site = join(folder, 'never-served');
    expect(undead(['view', run, '--export', site, '--port', '5000'])).toMatchObject({
      status: 2,
      stderr:
        '<command line>:1:1: --port: applies to serving the viewer, not to --export, which writes a site\n',
    });
    expect(undead(['view', 'munz-basic', '--open', '--export', site])).toMatchObject({
      status: 2,
      stderr:
        '<command line>:1:1: --open: applies to serving the viewer, not to --export, which writes a site\n',
    });
    expect(existsSync(site)).toBe(false);
  });

  it('--export of a scenario writes a site that runs it live: run/live.json holds its text, sets and seed', () => {
    const site = join(folder, 'live-site');
    const result = undead(['view', 'munz-basic', '--export', site, '--seed', '9', '--set', 'beta=0.01']);
    expect(result.status, result.stderr).toBe(0);
    const live = JSON.parse(readFileSync(join(site, 'run', 'live.json'), 'utf8'));
    expect(live).toMatchObject({ seed: 9, sets: ['beta=0.01'] });
    expect(live.text).toBe(undead(['show', 'munz-basic']).stdout);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  });

  it('refuses a port that is not a port', () => {
    expect(undead(['view', run, '--port', '70000']).status).toBe(2);
    // Number read it as port 80, and served there.
    expect(undead(['view', run, '--port', '0x50'])).toMatchObject({
      status: 2,
      stderr: "<command line>:1:1: --port: must be a whole number from 1 to 65535, not '0x50'\n",
    });
  });

  it('--export writes the viewer and the run as one static folder, without links out of the run', () => {
    writeFileSync(join(folder, 'private.txt'), 'not to be published');
    symlinkSync(join(folder, 'private.txt'), join(run, 'link-out.txt'));
    const site = join(folder, 'site');
    const result = undead(['view', run, '--export', site]);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<script type="module"');
    expect(readFileSync(join(site, 'run', 'summary.json'), 'utf8')).toBe(
      readFileSync(join(run, 'summary.json'), 'utf8'),
    );
    // The page's scripts and styles are in the site, by relative paths: nothing from elsewhere.
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(existsSync(join(site, asset))).toBe(true);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(existsSync(join(site, 'run', 'link-out.txt'))).toBe(false);
  });

  it('--export leaves out what the server does not serve either: a FIFO, a dangling link, a link loop', () => {
    // Each of them failed the export with exit 1 (cannot copy a FIFO, ENOENT, ELOOP).
    const odd = join(folder, 'odd');
    cpSync(run, odd, { recursive: true, filter: (source) => !lstatSync(source).isSymbolicLink() });
    const files = readdirSync(odd);
    execFileSync('mkfifo', [join(odd, 'fifo')]);
    symlinkSync('/nonexistent', join(odd, 'dangling'));
    symlinkSync('.', join(odd, 'loop'));
    symlinkSync('itself', join(odd, 'itself'));
    mkdirSync(join(odd, 'sub'));
    writeFileSync(join(odd, 'sub', 'kept.txt'), 'kept');
    symlinkSync('..', join(odd, 'sub', 'up'));
    symlinkSync('sub', join(odd, 'alias'));
    const site = join(folder, 'odd-site');
    const result = undead(['view', odd, '--export', site]);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(site, 'run')).sort()).toEqual([...files, 'alias', 'sub'].sort());
    expect(readdirSync(join(site, 'run', 'sub'))).toEqual(['kept.txt']);
    expect(readFileSync(join(site, 'run', 'alias', 'kept.txt'), 'utf8')).toBe('kept');
  });

  it.each([
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('%s during --export exits %i and removes its staging folder', async (signal, exitCode) => {
    // A run folder of 1,500 files: the copy takes long enough to be caught halfway.
    const many = join(folder, `many-${signal}`);
    cpSync(run, many, { recursive: true, filter: (source) => !lstatSync(source).isSymbolicLink() });
    mkdirSync(join(many, 'files'));
    for (let i = 0; i < 1500; i++) writeFileSync(join(many, 'files', `${i}.txt`), `${i}\n`);
    const parent = join(folder, `stopped-${signal}`);
    mkdirSync(parent);
    const child = spawn(process.execPath, [...UNDEAD, 'view', many, '--export', join(parent, 'site')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Once the staging folder holds the run's folder, the copy is under way.
    const poll = setInterval(() => {
      const staging = readdirSync(parent).find((name) => name.startsWith('.site.part-'));
      if (staging !== undefined && existsSync(join(parent, staging, 'run'))) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 5);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    // It was the signal's default action, which left .site.part-PID behind.
    expect([code, stderr]).toEqual([exitCode, `\ninterrupted by ${signal}: no outputs were written\n`]);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('SIGHUP stops serving a scenario live as Ctrl-C does: exit 0, its temporary folder removed', async () => {
    // SIGHUP (the terminal closed) ended the process at once, leaving undead-live-* behind.
    const tmp = temporaryDir();
    const child = spawn(process.execPath, [...UNDEAD, 'view', 'munz-basic'], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serving: string[] = [];
    child.stdout.once('data', () => {
      serving = readdirSync(tmp);
      child.kill('SIGHUP');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(serving).toEqual([expect.stringMatching(/^undead-live-/)]);
    expect(code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--export makes the folders missing on the way, as run --out does', () => {
    const site = join(folder, 'new', 'deeper', 'site');
    const result = undead(['view', run, '--export', site]);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(site, 'run', 'summary.json'))).toBe(true);
  });

  it('--export refuses a folder inside the run, or one that is not empty', () => {
    expect(undead(['view', run, '--export', join(run, 'site')]).status).toBe(2);
    // Inside the run through folders not made yet, too: refused, and nothing made there.
    expect(undead(['view', run, '--export', join(run, 'a', 'site')]).status).toBe(2);
    expect(existsSync(join(run, 'a'))).toBe(false);
    // A name that begins with two dots is inside all the same (it was taken for a step out: exit 1).
    const dots = undead(['view', run, '--export', join(run, '..site')]);
    expect([dots.status, dots.stderr]).toEqual([
      2,
      `<command line>:1:1: --export: ${join(run, '..site')} is inside the run folder ${run}; choose another place\n`,
    ]);
    expect(readdirSync(run).filter((name) => name.includes('site'))).toEqual([]);
    const full = join(folder, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const result = undead(['view', run, '--export', full]);
    expect(result.status).toBe(2);
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    // A file, and a place no folder can be made: input errors, as for run --out (they were
    // ENOTDIR and ENOENT, exit 1).
    const file = undead(['view', run, '--export', join(full, 'keep.txt')]);
    expect([file.status, file.stderr]).toEqual([
      2,
      `<command line>:1:1: --export: '${join(full, 'keep.txt')}' is a file, not a folder\n`,
    ]);
    const proc = undead(['view', run, '--export', '/proc/site']);
    expect(proc.status).toBe(2);
    expect(proc.stderr).toMatch(/--export: '\/proc\/site' is under \/proc, a file system of special files/);
  });
});

describe('the static server', () => {
  let server: RunningServer;
  let root: string;

  function get(
    path: string,
    method = 'GET',
    host?: string,
  ): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = host === undefined ? {} : { Host: host };
      const req = request({ hostname: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    root = join(temporaryDir(), 'served');
    const app = join(root, 'app');
    const data = join(root, 'data');
    mkdirSync(join(app, 'assets'), { recursive: true });
    mkdirSync(data);
    writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(app, 'assets', 'main.js'), 'export {};');
    writeFileSync(join(data, 'summary.json'), '{}');
    writeFileSync(join(data, 'map.apng'), 'not really an image');
    writeFileSync(join(root, 'outside.txt'), 'secret');
    symlinkSync(join(root, 'outside.txt'), join(data, 'out.txt'));
    symlinkSync(root, join(data, 'up'));
    writeFileSync(join(data, 'inside.txt'), 'fine');
    symlinkSync(join(data, 'inside.txt'), join(data, 'alias.txt'));
    server = await serveFolders([
      { prefix: '/run/', folder: data },
      { prefix: '/', folder: app },
    ]);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('serves the app, its index for /, and the run, each with its type', async () => {
    expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get('/assets/main.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
    });
    expect(await get('/run/summary.json')).toMatchObject({
      status: 200,
      type: 'application/json; charset=utf-8',
    });
    expect(await get('/run/alias.txt')).toMatchObject({ status: 200, body: 'fine' });
    // A lattice run's animation: it was application/octet-stream, which the browser downloads.
    expect(await get('/run/map.apng')).toMatchObject({ status: 200, type: 'image/apng' });
  });

  it('refuses every way out of a folder with 403 and one plain line', async () => {
    for (const path of [
      '/run/../outside.txt',
      '/run/%2e%2e/outside.txt',
      '/run/%2E%2E%2Foutside.txt',
      '/run/..%5coutside.txt',
      '/run/out.txt',
      '/run/up/outside.txt',
      '/./index.html',
      '/run/%00',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.body).toBe('Forbidden\n');
    }
    expect((await get('/run/%zz')).status).toBe(400);
  });

  it('answers 421 to a Host that is not this address, whatever its case', async () => {
    // LOCALHOST was refused: host names were compared case-sensitively.
    for (const host of [`LOCALHOST:${server.port}`, `LocalHost:${server.port}`, `127.0.0.1:${server.port}`])
      expect((await get('/', 'GET', host)).status, host).toBe(200);
    for (const host of [`example.com:${server.port}`, 'localhost', `localhost:${server.port + 1}`])
      expect((await get('/', 'GET', host)).status, host).toBe(421);
  });

  it('answers 404 for what is not there and 405 for anything but GET and HEAD', async () => {
    expect((await get('/run/missing.csv')).status).toBe(404);
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'HEAD')).status).toBe(200);
  });
});
