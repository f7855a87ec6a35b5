import { readFileSync, statSync } from 'node:fs';
import { flagError } from '../core/errors.js';
import { causeOf } from '../output/run-folder.js';

/** The most a file named by a flag (`--interventions`, `--points`) may hold. */
export const MAX_FLAG_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The text of an input file, read only if it is a regular file of at most `maxBytes` (a device
 * such as /dev/zero, a folder or a huge file is refused before any of it is read); `fail` says why
 * not, in words.
 */
export function readInputText(file: string, maxBytes: number, fail: (message: string) => never): string {
  let size = 0;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) fail(`'${file}' is a folder, not a file`);
    if (!stat.isFile()) fail(`'${file}' is not a regular file`);
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    // `causeOf` speaks of folders (it serves the output's); here a missing path is a file.
    fail(`cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : causeOf(error)}`);
  }
  if (size > maxBytes)
    fail(`'${file}' is ${(size / 1048576).toFixed(1)} MB; at most ${maxBytes / 1048576} MB is read`);
  return readFileSync(file, 'utf8');
}

/** The text of a file a flag names; a file that cannot be read is an input error at the flag. */
export function readFlagFile(flag: string, file: string): string {
  return readInputText(file, MAX_FLAG_FILE_BYTES, (message) => {
    throw flagError(flag, message);
  });
}
