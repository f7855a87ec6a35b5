import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  checkRunFolder,
  freeRunDir,
  isRunFolder,
  OutputError,
  writeRunFolder,
} from '../../src/output/run-folder.js';
import { temporaryDir } from '../helpers.js';

const RUN_SUMMARY = JSON.stringify({ scenario: 'munz-basic', version: '0.1.0' });

/** The message of the input error `check` throws. */
function refusal(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('checkRunFolder', () => {
  it('makes a missing parent, and leaves nothing behind until the run writes', () => {
    const parent = join(temporaryDir(), 'a', 'b');
    const folder = checkRunFolder(join(parent, 'run'), false);
    expect(readdirSync(parent)).toEqual([]);
    expect(folder.staging).toBe(join(parent, `.run.partial-${process.pid}`));
  });

  it('moves a made-up name on to the next free one if another run took it meanwhile, and never a given one', async () => {
    const base = join(temporaryDir(), 'runs', 'munz-basic-20261206-001017');
    // Two runs started in the same second pick the same name (as outputFolder makes it up without
    // --out); the one that finished second failed.
    const first = checkRunFolder(freeRunDir(base), false, () => freeRunDir(base));
    const second = checkRunFolder(freeRunDir(base), false, () => freeRunDir(base));
    const write = (staging: string) =>
      Promise.resolve(writeFileSync(join(staging, 'summary.json'), RUN_SUMMARY));
    await writeRunFolder(first, write);
    await writeRunFolder(second, write);
    expect([first.name, second.name]).toEqual([base, `${base}-2`]);
    expect(second.dir).toBe(`${base}-2`);
    expect(isRunFolder(`${base}-2`)).toBe(true);
    // Without a way to another name (--out given), the run fails as before, keeping the other's folder.
    const given = checkRunFolder(`${base}-3`, false);
    mkdirSync(`${base}-3`);
    writeFileSync(join(`${base}-3`, 'mine.txt'), 'kept');
    await expect(writeRunFolder(given, write)).rejects.toThrow(/appeared meanwhile/);
    expect(readFileSync(join(`${base}-3`, 'mine.txt'), 'utf8')).toBe('kept');
  });

  it('refuses special file systems and paths through a file, but not /dev/shm', () => {
    expect(refusal(() => checkRunFolder('/sys/undead', false))).toMatch(
      /--out: '\/sys\/undead' is under \/sys/,
    );
    expect(refusal(() => checkRunFolder('/dev/undead', false))).toMatch(/is under \/dev/);
    const link = join(temporaryDir(), 'proc-link');
    symlinkSync('/proc/self', link);
    expect(refusal(() => checkRunFolder(join(link, 'x'), false))).toMatch(/is under \/proc/);
    const file = join(temporaryDir(), 'f');
    writeFileSync(file, '');
    expect(refusal(() => checkRunFolder(join(file, 'x', 'y'), false))).toMatch(
      /--out: cannot make '.*': .*\/f is a file, not a folder/,
    );
    if (existsSync('/dev/shm'))
      expect(checkRunFolder('/dev/shm/undead-test', false).dir).toBe('/dev/shm/undead-test');
  });

  it('takes an empty folder, and an earlier run only with force', () => {
    const dir = temporaryDir();
    expect(checkRunFolder(dir, false).dir).toBe(dir);
    writeFileSync(join(dir, 'summary.json'), RUN_SUMMARY);
    writeFileSync(join(dir, 'notes.txt'), 'added later');
    expect(isRunFolder(dir)).toBe(true);
    expect(refusal(() => checkRunFolder(dir, false))).toMatch(/holds an earlier run; pass --force/);
    expect(checkRunFolder(dir, true).dir).toBe(dir);
    writeFileSync(join(dir, 'summary.json'), '{"scenario": "not ours"}');
    expect(refusal(() => checkRunFolder(dir, true))).toMatch(/holds files that are not an undead run's/);
  });

  it('follows a symbolic link to a run folder, so the link keeps working', async () => {
    const parent = temporaryDir();
    const real = join(parent, 'real');
    mkdirSync(real);
    symlinkSync(real, join(parent, 'latest'));
    const folder = checkRunFolder(join(parent, 'latest'), false);
    expect(folder.dir).toBe(real);
    await writeRunFolder(folder, async (staging) =>
      writeFileSync(join(staging, 'summary.json'), RUN_SUMMARY),
    );
    expect(readFileSync(join(parent, 'latest', 'summary.json'), 'utf8')).toBe(RUN_SUMMARY);
  });

  it("deletes the staging and replaced folders of dead runs to the same --out only, never another's", () => {
    const parent = temporaryDir();
    const dead = spawnSync('true').pid!;
    const dead2 = spawnSync('true').pid!;
    for (const name of [
      `.run.partial-${dead}`,
      `.run.old-${dead}`,
      `.run.partial-${process.ppid}`,
      `.x.partial-${dead}`,
      '.mozilla.old-2023',
      'keep.partial-1',
    ])
      mkdirSync(join(parent, name));
    // A folder of someone's own with a name of that shape, holding their work, is kept.
    writeFileSync(join(parent, `.run.old-${dead}`, 'summary.json'), RUN_SUMMARY);
    mkdirSync(join(parent, `.run.old-${dead2}`));
    writeFileSync(join(parent, `.run.old-${dead2}`, 'profile'), 'keep');
    writeFileSync(join(parent, '.mozilla.old-2023', 'profile'), 'keep');
    checkRunFolder(join(parent, 'run'), false);
    expect(readdirSync(parent).sort()).toEqual(
      [
        '.mozilla.old-2023',
        `.run.old-${dead2}`,
        `.run.partial-${process.ppid}`,
        `.x.partial-${dead}`,
        'keep.partial-1',
      ].sort(),
    );
  });
});

describe('checkRunFolder on links and mount points', () => {
  it('refuses a link that leads nowhere (dangling, or a loop) before the run, not after it', () => {
    const parent = temporaryDir();
    symlinkSync('nowhere', join(parent, 'dangling'));
    symlinkSync('loop', join(parent, 'loop'));
    expect(refusal(() => checkRunFolder(join(parent, 'dangling'), false))).toMatch(
      /--out: '.*dangling' is a symbolic link that leads nowhere: no such folder/,
    );
    expect(refusal(() => checkRunFolder(join(parent, 'loop'), false))).toMatch(
      /leads nowhere: too many symbolic links/,
    );
  });

  it('says how long a name may be, where the staging folder beside it is what is too long (a 250-byte name)', () => {
    const name = 'b'.repeat(250);
    const most = 255 - `..partial-${process.pid}`.length;
    expect(refusal(() => checkRunFolder(join(temporaryDir(), name), false))).toMatch(
      new RegExp(`the name is too long: .* it must be at most ${most} bytes`),
    );
    expect(checkRunFolder(join(temporaryDir(), 'b'.repeat(most)), false).dir).toMatch(/b$/);
  });

  it('refuses a mount point (the run is staged beside it and could not be moved in): /dev/shm, where it is one', () => {
    if (!existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync('/dev').dev) return;
    expect(refusal(() => checkRunFolder('/dev/shm', true))).toMatch(/--out: '\/dev\/shm' is a mount point/);
  });
});

describe('writeRunFolder', () => {
  it('writes into an empty folder as it is: the same folder, its mode kept (it was replaced by a new one)', async () => {
    const dir = join(temporaryDir(), 'mine');
    mkdirSync(dir, { mode: 0o700 });
    const before = statSync(dir);
    await writeRunFolder(checkRunFolder(dir, false), async (staging) => {
      mkdirSync(join(staging, 'frames'));
      writeFileSync(join(staging, 'timeseries.csv'), 't\n');
      writeFileSync(join(staging, 'summary.json'), RUN_SUMMARY);
    });
    const after = statSync(dir);
    expect([after.ino, after.mode & 0o777]).toEqual([before.ino, 0o700]);
    expect(readdirSync(dir).sort()).toEqual(['frames', 'summary.json', 'timeseries.csv']);
    expect(readdirSync(dirname(dir))).toEqual(['mine']);
  });

  it('replaces an earlier run in one step, leaving no hidden folder', async () => {
    const parent = temporaryDir();
    const dir = join(parent, 'run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), RUN_SUMMARY);
    writeFileSync(join(dir, 'quantiles.csv'), 'stale');
    await writeRunFolder(checkRunFolder(dir, true), async (staging) => {
      writeFileSync(join(staging, 'summary.json'), '{}');
    });
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('never replaces a run that another process put there after the check', async () => {
    const parent = temporaryDir();
    const dir = join(parent, 'run');
    const folder = checkRunFolder(dir, true);
    const written = writeRunFolder(folder, async (staging) => {
      writeFileSync(join(staging, 'summary.json'), '{}');
      mkdirSync(dir);
      writeFileSync(join(dir, 'summary.json'), RUN_SUMMARY);
    });
    await expect(written).rejects.toThrow(`cannot write ${dir}: a folder of that name appeared meanwhile`);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(RUN_SUMMARY);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('keeps the old folder when writing fails or is aborted, and says which file failed', async () => {
    const parent = temporaryDir();
    const dir = join(parent, 'run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.json'), RUN_SUMMARY);
    const failing = writeRunFolder(checkRunFolder(dir, true), async (staging) => {
      writeFileSync(join(staging, 'timeseries.csv'), 'half');
      writeFileSync(join(staging, 'no-such-folder', 'x.csv'), '');
    });
    await expect(failing).rejects.toThrow(OutputError);
    await expect(failing).rejects.toThrow(
      `cannot write ${join(dir, 'no-such-folder', 'x.csv')}: no such folder`,
    );
    const controller = new AbortController();
    const aborted = writeRunFolder(
      checkRunFolder(dir, true),
      async (staging) => {
        writeFileSync(join(staging, 'timeseries.csv'), 'half');
        controller.abort(new Error('stop'));
      },
      controller.signal,
    );
    await expect(aborted).rejects.toThrow('stop');
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(readdirSync(parent)).toEqual(['run']);
  });
});
