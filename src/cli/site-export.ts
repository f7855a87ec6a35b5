import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { causeOf, refuseSpecial } from '../output/run-folder.js';
import { catchStopSignals } from './stop-signals.js';

/** The folder, inside the viewer's site, that holds the run: the page reads its files from `run/`. */
export const RUN_FOLDER = 'run';

/**
 * Writes a self-contained static site: the built viewer at SITE and the run's files in SITE/run/,
 * so any static host (or `python3 -m http.server`) serves it as `undead view` does. The site is
 * built beside SITE under a temporary name and renamed when complete; folders missing on the way to
 * SITE are made. Symbolic links in the run folder are copied as the files they point to, never as
 * links, and left out when they point out of the folder (as the server refuses them), so that
 * nothing else is published by mistake; so are what the server does not serve either (FIFOs,
 * sockets, devices, dangling links, link loops) and links to a folder they lie in. SITE
 * must not exist or be empty, and must not lie inside the run folder. `others` publishes more run
 * folders the same way, each in its own folder of the site (`compare/` for the side-by-side page).
 */
export async function exportSite(
  appFolder: string,
  runFolder: string,
  site: string,
  /** Other run folders to publish beside the run, by the site folder they go in (`compare`). */
  others: Readonly<Record<string, string>> = {},
): Promise<void> {
  const target = resolve(site);
  const fail = (message: string): never => {
    throw new InputError([{ file: '<command line>', line: 1, col: 1, path: '--export', message }]);
  };
  // Folders missing on the way are made, as `run --out` makes them; the real path is that of the
  // nearest one that exists, so that a site inside the run folder is refused all the same.
  let existing = dirname(target);
  const missing: string[] = [];
  while (!existsSync(existing)) {
    missing.unshift(basename(existing));
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) fail(`${existing} is a file, not a folder`);
  refuseSpecial(site, target, '--export');
  if (existsSync(target) && !statSync(target).isDirectory()) fail(`'${site}' is a file, not a folder`);
  const parentReal = join(realpathSync(existing), ...missing);
  const targetReal = join(parentReal, basename(target));
  for (const folder of [runFolder, ...Object.values(others)])
    if (isInside(realpathSync(folder), targetReal))
      fail(`${site} is inside the run folder ${folder}; choose another place`);
  if (existsSync(target) && readdirSync(target).length > 0) fail(`${site} exists and is not empty`);
  const temporary = join(parentReal, `.${basename(target)}.part-${process.pid}`);
  try {
    mkdirSync(parentReal, { recursive: true });
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary);
  } catch (error) {
    fail(`cannot write '${site}' in ${parentReal}: ${causeOf(error)}`);
  }
  // A stop signal (Ctrl-C) ends the copy at its next file, removes the staging folder and exits
  // 130 (143 for SIGTERM, 129 for SIGHUP) with nothing written; a second one removes it and exits
  // at once.
  const removeTemporary = () => rmSync(temporary, { recursive: true, force: true });
  const controller = new AbortController();
  const release = catchStopSignals(controller, removeTemporary);
  try {
    await copyTree(appFolder, temporary, controller.signal, (name) => !name.endsWith('.map'));
    for (const [name, folder] of [[RUN_FOLDER, runFolder] as const, ...Object.entries(others)]) {
      mkdirSync(join(temporary, name));
      await copyTree(folder, join(temporary, name), controller.signal);
    }
    controller.signal.throwIfAborted();
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(temporary, target);
  } catch (error) {
    removeTemporary();
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    release();
  }
}

/**
 * Copies the regular files and folders under `folder` into the folder `into`, links followed, as
 * the server serves them: an entry whose real path is not inside `folder` (a link out, a dangling
 * link, a link loop), that is neither a file nor a folder (a FIFO, a socket, a device), or that is a
 * link to a folder it lies in (which would copy without end) is left out. `keep` says which names
 * to copy. It stops, throwing the signal's reason, at the first entry after `signal` aborts.
 */
async function copyTree(
  folder: string,
  into: string,
  signal: AbortSignal,
  keep: (name: string) => boolean = () => true,
): Promise<void> {
  const root = realpathSync(folder);
  const walk = async (from: string, to: string, ancestors: readonly string[]): Promise<void> => {
    for (const name of await readdir(from)) {
      signal.throwIfAborted();
      if (!keep(name)) continue;
      const real = await realpath(join(from, name)).catch(() => undefined);
      if (real === undefined || !isInside(root, real)) continue;
      const kind = await stat(real).catch(() => undefined);
      if (kind?.isFile()) await copyFile(real, join(to, name));
      else if (kind?.isDirectory() && !ancestors.includes(real)) {
        await mkdir(join(to, name));
        await walk(real, join(to, name), [...ancestors, real]);
      }
    }
  };
  await walk(root, into, [root]);
}

/** Whether `path` is `folder` or lies inside it (`..site` is a name inside, not a step out). */
function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
