import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagError, InputError, RuntimeFailure } from '../core/errors.js';
import { jsonErrorOffset } from '../core/json-syntax.js';
import { positionOf } from '../scenario/raster/raster-text.js';
import { liveFolder } from './live-site.js';
import { exportSite, RUN_FOLDER } from './site-export.js';
import { serveFolders } from './static-server.js';
import { STOP_SIGNALS } from './stop-signals.js';

/** The options of `undead view`. */
export interface ViewOptions {
  port?: number;
  open: boolean;
  export?: string;
  /** A second run's folder, shown beside the first with one timeline (`compare.html`). */
  compare?: string;
  /** A scenario run live: its seed, sets and engine. */
  seed?: number;
  set?: string[];
  engine?: string;
}

/** Where the second run of `--compare` is served, beside `run/`: the side-by-side page reads it there. */
const COMPARE_FOLDER = 'compare';
/** The side-by-side page of the built viewer. */
const COMPARE_PAGE = 'compare.html';

/**
 * `undead view DIR`: serves the viewer and a finished run's folder on 127.0.0.1 until Ctrl-C,
 * printing the URL (`--open` opens it in a browser). `--export SITE` writes the viewer and the run
 * as a static site instead. `undead view SCENARIO` (a file or a built-in) serves the viewer with the
 * scenario, which the page runs live in a Web Worker (`--seed`, `--set`, `--engine` as for `run`);
 * with `--export` the site runs it live too. `--compare DIR2` serves a second run beside the first
 * and prints the URL of the side-by-side page, where one timeline drives both (with `--export`,
 * the site holds both). `--port` and `--open`, which apply to serving, are refused with `--export`.
 */
export async function viewCommand(target: string, options: ViewOptions): Promise<void> {
  // --export writes a site and serves nothing: a port or a browser for it would be ignored.
  const serveFlag = [
    ['--port', options.port !== undefined],
    ['--open', options.open],
  ].find(([, given]) => given && options.export !== undefined);
  if (serveFlag !== undefined)
    throw flagError(
      String(serveFlag[0]),
      'applies to serving the viewer, not to --export, which writes a site',
    );
  const isFolder = existsSync(target) && statSync(target).isDirectory();
  if (!isFolder) {
    // A scenario (a file or a built-in): checked here, then run live in the page.
    if (options.compare !== undefined)
      throw flagError('--compare', 'shows two finished runs side by side, not a scenario run live');
    const live = liveFolder(target, {
      seed: options.seed ?? 1,
      set: options.set ?? [],
      engine: options.engine,
    });
    // Also when a second stop signal exits at once, in the middle of an export.
    process.once('exit', live.remove);
    try {
      await serveOrExport(live.folder, options, `${target} live`);
    } finally {
      process.off('exit', live.remove);
      live.remove();
    }
    return;
  }
  const liveFlag = [
    ['--seed', options.seed !== undefined],
    ['--set', (options.set ?? []).length > 0],
    ['--engine', options.engine !== undefined],
  ].find(([, given]) => given);
  if (liveFlag !== undefined)
    throw flagError(String(liveFlag[0]), "applies to a scenario run live, not to a finished run's folder");
  const targetProblem = runFolderProblem(target);
  if (targetProblem !== undefined) throw new InputError([{ ...targetProblem, path: '' }]);
  if (options.compare !== undefined) {
    const other = runFolderProblem(options.compare);
    if (other !== undefined) {
      const where = other.file === options.compare ? '' : `, at ${other.file}:${other.line}:${other.col}`;
      throw flagError('--compare', `${options.compare} is ${other.message}${where}`);
    }
  }
  await serveOrExport(target, options, target);
}

/**
 * Serves the viewer with `target` as its run files (and `--compare`'s beside them) until Ctrl-C,
 * or exports them as a site. `shown` names what is served, in the message on stderr.
 */
async function serveOrExport(target: string, options: ViewOptions, shown: string): Promise<void> {
  const app = viewerApp();
  if (options.export !== undefined) {
    const others = options.compare === undefined ? {} : { [COMPARE_FOLDER]: options.compare };
    await exportSite(app, target, options.export, others);
    process.stdout.write(`${options.export}\n`);
    if (options.compare !== undefined)
      process.stderr.write(`The two runs side by side are the site's ${COMPARE_PAGE}\n`);
    return;
  }
  let server: Awaited<ReturnType<typeof serveFolders>>;
  try {
    server = await serveFolders(
      [
        { prefix: `/${RUN_FOLDER}/`, folder: target },
        ...(options.compare === undefined
          ? []
          : [{ prefix: `/${COMPARE_FOLDER}/`, folder: options.compare }]),
        { prefix: '/', folder: app },
      ],
      options.port ?? 0,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw flagError(
        '--port',
        `cannot listen on port ${options.port} (${code === 'EADDRINUSE' ? 'in use' : 'not allowed'})`,
      );
    throw error;
  }
  // Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops serving, and a live run's folder is
  // removed; caught from before the URL is printed, so that a signal sent on seeing it is too.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      for (const signal of Object.keys(STOP_SIGNALS)) process.off(signal, stop);
      void server.close().then(resolve);
    };
    for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, stop);
  });
  const url = options.compare === undefined ? server.url : `${server.url}${COMPARE_PAGE}`;
  process.stdout.write(`${url}\n`);
  const what = options.compare === undefined ? shown : `${shown} and ${options.compare} side by side`;
  process.stderr.write(`Serving ${what} on ${url} (Ctrl-C stops)\n`);
  if (options.open) openBrowser(url);
  await stopped;
}

/** The built viewer: dist/web beside the compiled CLI (or under the repository when run from src). */
function viewerApp(): string {
  const candidates = ['../web/', '../../dist/web/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((folder) => existsSync(join(folder, 'index.html')));
  if (found === undefined) throw new RuntimeFailure('the viewer is not built: run `npm run build`');
  return found;
}

/** The command that opens a URL in the desktop's browser, on this platform. */
const OPENERS: Readonly<Record<string, string>> = { darwin: 'open', win32: 'explorer.exe' };

/** Opens the URL in a browser if the machine has a way to; else says to open it by hand. */
function openBrowser(url: string): void {
  const opener = OPENERS[process.platform] ?? 'xdg-open';
  if (!onPath(opener)) {
    process.stderr.write(`note: no way to open a browser here (${opener} not found); open ${url} yourself\n`);
    return;
  }
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`note: could not open a browser; open ${url} yourself\n`));
  child.unref();
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why a folder cannot be viewed as a finished run, and where: the folder, or a place in its summary.json. */
interface FolderProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/**
 * Why a folder cannot be viewed as a finished run, or undefined if it can: it needs a
 * summary.json that reads as a run's summary (an object naming its compartments). A summary.json
 * that is not JSON is refused at the line and column where it stops being JSON.
 */
function runFolderProblem(folder: string): FolderProblem | undefined {
  const problem = (message: string) => ({ file: folder, line: 1, col: 1, message });
  const file = join(folder, 'summary.json');
  if (!existsSync(file)) return problem('not a run folder: it has no summary.json');
  if (!statSync(file).isFile()) return problem('not a run folder: its summary.json is not a file');
  const text = readFileSync(file, 'utf8');
  let summary: unknown;
  try {
    summary = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // JSON.parse says where only for some faults ("… at position 1"), never as line and column.
    const said = / at position (\d+)/.exec(message)?.[1];
    const offset = said === undefined ? (jsonErrorOffset(text) ?? 0) : Number(said);
    // Its reason without the position, and without the text it quotes ("Unexpected token '}', "[1,\n…").
    const reason = message.replace(/ at position \d+.*$/s, '').replace(/^(Unexpected token .*?), .*$/s, '$1');
    return {
      file,
      ...positionOf(text, offset),
      message: `not a run folder: its summary.json is not JSON (${reason})`,
    };
  }
  if ((summary as { live?: unknown } | null)?.live !== undefined)
    return problem("not a finished run's folder: it runs a scenario live (view the scenario instead)");
  const compartments = (summary as { compartments?: unknown } | null)?.compartments;
  if (typeof summary !== 'object' || summary === null || !Array.isArray(compartments))
    return problem("not a run folder: its summary.json is not a run's summary (it names no compartments)");
  return undefined;
}
