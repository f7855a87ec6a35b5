import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ExitCode, flagError } from '../core/errors.js';

/**
 * A write to the output folder failed (disk full, file too large, no permission…): a runtime
 * failure, exit 1, told in one line.
 */
export class OutputError extends Error {
  readonly exitCode = ExitCode.runtimeFailure;

  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/**
 * The output folder of one run, checked before the run starts (`checkRunFolder`). Files are
 * written into `staging`, a hidden sibling of `dir` named `.NAME.partial-PID`; `commit` puts it
 * in place of `dir` in one step, `abandon` deletes it.
 */
export interface RunFolder {
  /** The folder the user asked for (symbolic links resolved), as an absolute path; it follows `name`. */
  readonly dir: string;
  /**
   * The folder as given (`--out`, or the name made up without it), to print; a made-up name moves
   * on to the next free one if another run took it meanwhile (see `checkRunFolder`).
   */
  readonly name: string;
  /** Where the files are written until `commit`. */
  readonly staging: string;
  /** Makes the staging folder (empty). */
  open(): void;
  /** Replaces `dir` with the staging folder (see `commitRunFolder`). */
  commit(): void;
  /** Deletes the staging folder; safe to call at any time, and more than once. */
  abandon(): void;
}

/** Kernel names (`statfs` f_type) of the Linux file systems that hold no user files. */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
]);

/** Folders of special files on any Unix: devices and kernel views (but /dev/shm is an ordinary tmpfs). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
const ORDINARY_UNDER_DEV = '/dev/shm';

/** The longest name of a file or folder on the usual file systems, in bytes. */
const NAME_MAX = 255;

/** A staging or replaced folder left by a run: `.NAME.partial-PID` or `.NAME.old-PID`. */
const LEFTOVER = /^\.(.+)\.(partial|old)-(\d+)$/;

/**
 * Checks `--out` before any simulation starts, and cleans up what killed runs left beside it.
 * The folder must have a name, must not be a file, must not be on a special file system
 * (/proc, /sys, /dev…), and its parent (made if missing) must take a new folder. An existing
 * folder must be empty, or (with `force`) hold an earlier run, recognised by its `summary.json`
 * with `scenario` and `version`: that run is then replaced, with any file put into it since.
 * A folder holding other files is refused even with `force`, so a mistyped `--out` never
 * deletes someone's work. Problems are input errors naming `--out` (exit 2).
 */
export function checkRunFolder(out: string, force: boolean, another?: () => string): RunFolder {
  if (out.trim() === '') throw flagError('--out', 'is empty: give the name of a folder');
  const asked = resolve(out);
  const dir = lstatOrUndefined(asked)?.isSymbolicLink() ? linkTarget(out, asked) : asked;
  refuseSpecial(out, dir);
  const stat = statOrUndefined(dir);
  if (stat !== undefined && !stat.isDirectory()) throw flagError('--out', `'${out}' is a file, not a folder`);
  const parent = dirname(dir);
  makeParent(out, parent);
  // The run is staged beside the folder and moved in: that cannot cross into another file system.
  if (stat !== undefined && stat.dev !== statOrUndefined(parent)?.dev)
    throw flagError('--out', `'${out}' is a mount point: give a folder inside it`);
  const replacing = stat !== undefined && checkReplaceable(out, dir, force);
  cleanLeftovers(parent, basename(dir));
  const staging = join(parent, `.${basename(dir)}.partial-${process.pid}`);
  probe(out, staging);
  const folder = {
    dir,
    name: out,
    staging,
    open: () => mkdirSync(staging),
    commit: () => {
      for (;;) {
        try {
          commitRunFolder(staging, folder.dir, replacing);
          return;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A made-up name (no --out) that a run started in the same second took meanwhile: the
          // next free one, rather than failing a finished run over a name the user never chose.
          if (another === undefined || replacing || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw error;
          folder.name = another();
          folder.dir = resolve(folder.name);
        }
      }
    },
    abandon: () => rmSync(staging, { recursive: true, force: true }),
  };
  return folder;
}

/**
 * Puts the finished `staging` folder at `dir`. With no folder at `dir`, one rename does it; an
 * empty folder there is kept as it is (its owner, mode, and a shell standing in it): the files
 * are moved into it one by one, `summary.json` last, which marks a run complete. Otherwise, if `replacing` (an earlier run was found there and `--force` given),
 * the old folder is renamed aside to `.NAME.old-PID`, the staging folder renamed in,
 * and the old one deleted: between the two renames (microseconds) `dir` does not exist, and a
 * run killed right there leaves both hidden folders for the next run to clean up. (Linux's
 * `renameat2(RENAME_EXCHANGE)` would close that window; Node does not offer it.)
 */
function commitRunFolder(staging: string, dir: string, replacing: boolean): void {
  if (!replacing && isEmptyFolder(dir)) {
    const names = readdirSync(staging).sort(
      (a, b) => Number(a === 'summary.json') - Number(b === 'summary.json'),
    );
    for (const name of names) renameSync(join(staging, name), join(dir, name));
    rmdirSync(staging);
    return;
  }
  try {
    renameSync(staging, dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another run may have filled the folder since it was checked: never replace that one.
    if (!replacing || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw error;
  }
  const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}`);
  renameSync(dir, old);
  try {
    renameSync(staging, dir);
  } catch (error) {
    renameSync(old, dir);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/**
 * Writes a run's files into the staging folder with `write`, then puts the folder in place. If
 * anything fails (a write error, an exception, `signal` aborted), the staging folder is deleted
 * and the old folder stays as it was. A failed file operation becomes an `OutputError` naming the
 * file as it would have been called in `dir`; an abort rethrows the signal's reason.
 */
export async function writeRunFolder<T>(
  folder: RunFolder,
  write: (staging: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  try {
    folder.open();
    const result = await write(folder.staging);
    signal?.throwIfAborted();
    folder.commit();
    return result;
  } catch (error) {
    folder.abandon();
    if (signal?.aborted) throw signal.reason;
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === undefined) throw error;
    const shown = (path ?? folder.staging).replace(folder.staging, folder.dir);
    throw new OutputError(`cannot write ${shown}: ${causeOf(error)}`);
  }
}

/** The cause of a failed file operation, in words: `no space left on the disk`. */
export function causeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return CAUSES[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

const CAUSES: Record<string, string> = {
  EFBIG: 'file too large for this file system or the file size limit (ulimit -f)',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (is the folder immutable?)',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such folder',
  EIO: 'input/output error',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'a folder of that name appeared meanwhile',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links (a loop?)',
  EBUSY: 'it is in use (a mount point?)',
  EXDEV: 'it is on another file system than the folder it is in (a mount point?)',
};

/**
 * Refuses a path under /proc, /sys or /dev, as written or once its existing part is resolved
 * (`out` as the user wrote it, for the message of `flag`).
 */
export function refuseSpecial(out: string, path: string, flag = '--out'): void {
  const existing = nearestExisting(path);
  for (const candidate of [path, existing === undefined ? path : realpathOr(existing)]) {
    const under = (root: string) => candidate === root || candidate.startsWith(root + sep);
    const special = under(ORDINARY_UNDER_DEV) ? undefined : SPECIAL_ROOTS.find(under);
    if (special !== undefined)
      throw flagError(
        flag,
        `'${out}' is under ${special}, a file system of special files, not a folder for results`,
      );
  }
  if (process.platform !== 'linux' || existing === undefined) return;
  try {
    const type = SPECIAL_FILE_SYSTEMS.get(statfsSync(existing).type);
    if (type !== undefined)
      throw flagError(
        flag,
        `'${out}' is on ${type}, a file system of special files, not a folder for results`,
      );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
  }
}

function makeParent(out: string, parent: string): void {
  const existing = nearestExisting(parent);
  if (existing !== undefined && !statSync(existing).isDirectory())
    throw flagError('--out', `cannot make '${out}': ${existing} is a file, not a folder`);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw flagError('--out', `cannot make '${out}': ${causeOf(error)}`);
  }
}

/**
 * Writability, for real: makes and removes the staging folder. (Root ignores file modes, but not
 * `chattr +i` or a read-only mount, and neither does this.)
 */
function probe(out: string, staging: string): void {
  try {
    mkdirSync(staging);
    rmdirSync(staging);
  } catch (error) {
    // The staging folder's name is the folder's and 15 or so bytes more: say so, or a name a
    // folder may have (255 bytes) is refused as too long with no word of why.
    const around = `..partial-${process.pid}`.length;
    const cause =
      (error as NodeJS.ErrnoException).code === 'ENAMETOOLONG'
        ? `the name is too long: with the staging folder's '.' and '.partial-${process.pid}' around it, it must be at most ${NAME_MAX - around} bytes`
        : causeOf(error);
    throw flagError('--out', `cannot write '${out}' in ${dirname(staging)}: ${cause}`);
  }
}

/** Whether the existing folder `dir` holds a run to replace (else it is empty); refuses any other. */
function checkReplaceable(out: string, dir: string, force: boolean): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw flagError('--out', `cannot read '${out}': ${causeOf(error)}`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw flagError('--out', `cannot replace '${out}': ${causeOf(error)}`);
  }
  if (entries.length === 0) return false;
  if (!isRunFolder(dir)) {
    const shown = entries.slice(0, 3).join("', '");
    throw flagError(
      '--out',
      `'${out}' holds files that are not an undead run's ('${shown}'${entries.length > 3 ? ', …' : ''}); choose another folder, or empty it (--force replaces only an earlier run's folder)`,
    );
  }
  if (!force)
    throw flagError(
      '--out',
      `'${out}' holds an earlier run; pass --force to replace it, or choose another folder`,
    );
  return true;
}

/** An undead run's folder: its `summary.json` names the scenario and the version that wrote it. */
export function isRunFolder(dir: string): boolean {
  try {
    const summary: unknown = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    return (
      typeof summary === 'object' &&
      summary !== null &&
      typeof (summary as Record<string, unknown>).scenario === 'string' &&
      typeof (summary as Record<string, unknown>).version === 'string'
    );
  } catch {
    return false;
  }
}

/**
 * Deletes the staging and replaced folders that runs to `--out` folder `name` left when killed:
 * those named for it, whose process is gone, and (a replaced one) holding a run or nothing. A
 * hidden folder of another name, or of someone else's (`.mozilla.old-2023`), is never touched.
 */
function cleanLeftovers(parent: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = LEFTOVER.exec(entry);
    if (match === null || match[1] !== name) continue;
    const pid = Number(match[3]);
    if (pid === process.pid || isAlive(pid)) continue;
    const path = join(parent, entry);
    if (!lstatOrUndefined(path)?.isDirectory()) continue;
    if (match[2] === 'old' && !isRunFolder(path) && !isEmptyFolder(path)) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function nearestExisting(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    if (statOrUndefined(p) !== undefined) return p;
    if (dirname(p) === p) return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Where the link `--out` names leads; refused if nowhere (a dangling link, or a loop). */
function linkTarget(out: string, path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    throw flagError('--out', `'${out}' is a symbolic link that leads nowhere: ${causeOf(error)}`);
  }
}

/**
 * The output folder of a run or sweep, checked (`checkRunFolder`): `--out` if given, else a name
 * made up from the scenario's (`runs/NAME-YYYYMMDD-HHMMSS`, with `-2`, `-3` … if taken).
 */
export function outputFolder(out: string | undefined, name: string, force: boolean): RunFolder {
  if (out !== undefined) return checkRunFolder(out, force);
  const made = defaultRunBase(name);
  return checkRunFolder(freeRunDir(made), force, () => freeRunDir(made));
}

/** `runs/NAME-YYYYMMDD-HHMMSS` (local time), the made-up name of a run folder without `--out`. */
function defaultRunBase(name: string): string {
  const now = new Date();
  const pad = (v: number) => String(v).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return join('runs', `${name}-${stamp}`);
}

/** `base`, or with a suffix `-2`, `-3` … the first such folder that does not exist yet. */
export function freeRunDir(base: string): string {
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}
