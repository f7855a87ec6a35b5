import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { causeOf, refuseSpecial } from '../output/run-folder.js';

/** The folder, inside the viewer's site, that holds the run: the page reads its files from `run/`. */
export const RUN_FOLDER = 'run';

/**
 * Writes a self-contained static site: the built viewer at SITE and the run's files in SITE/run/,
 * so any static host (or `python3 -m http.server`) serves it as `undead view` does. The site is
 * built beside SITE under a temporary name and renamed when complete; folders missing on the way to
 * SITE are made. Symbolic links in the run folder are copied as the files they point to, never as
 * links, and left out when they point out of the folder (as the server refuses them), so that
 * nothing else is published by mistake. SITE
 * must not exist or be empty, and must not lie inside the run folder. `others` publishes more run
 * folders the same way, each in its own folder of the site (`compare/` for the side-by-side page).
 */
export function exportSite(
  appFolder: string,
  runFolder: string,
  site: string,
  /** Other run folders to publish beside the run, by the site folder they go in (`compare`). */
  others: Readonly<Record<string, string>> = {},
): void {
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
    if (!relative(realpathSync(folder), targetReal).startsWith('..'))
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
  try {
    cpSync(appFolder, temporary, {
      recursive: true,
      dereference: true,
      filter: (source) => !source.endsWith('.map'),
    });
    for (const [name, folder] of [[RUN_FOLDER, runFolder] as const, ...Object.entries(others)]) {
      const real = realpathSync(folder);
      mkdirSync(join(temporary, name));
      cpSync(real, join(temporary, name), {
        recursive: true,
        dereference: true,
        filter: (source) => !lstatSync(source).isSymbolicLink() || isInside(real, realpathSync(source)),
      });
    }
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}
