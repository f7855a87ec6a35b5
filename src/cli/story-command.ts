import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { flagError, InputError } from '../core/errors.js';
import {
  characterStory,
  namedCharacters,
  parseAgentsCsv,
  parseEvents,
  RunLogError,
} from '../output/character-story.js';
import { type TimeScale, timeScaleOf } from '../scenario/clock.js';
import { readInputText } from './input-file.js';

/** The options of `undead story`. */
export interface StoryOptions {
  name?: string;
  id?: number;
  /** Replicate K of an ensemble run with `--keep-events all` (its `replicates/K/`). */
  run?: number;
}

/**
 * `undead story DIR --name NAME` (or `--id N`): prints one character's timeline from an agents
 * run's `events.jsonl` and `agents.csv`, one line per event. `--run K` reads replicate K of an
 * ensemble kept with `--keep-events all`.
 */
export function storyCommand(dir: string, options: StoryOptions): void {
  if ((options.name === undefined) === (options.id === undefined))
    throw flagError('--name', 'give the character by --name NAME or by --id N (one of them)');
  // An ensemble keeps its first run's log in the folder itself (without --keep-events all).
  const own =
    options.run === undefined ||
    (options.run === 0 && runsOf(dir) > 1 && !existsSync(join(dir, 'replicates', '0')));
  const folder = own ? dir : join(dir, 'replicates', String(options.run));
  const fail = (message: string): never => {
    throw new InputError([{ file: folder, line: 1, col: 1, path: '', message }]);
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail('no such run folder');
  if (options.run !== undefined && !existsSync(folder)) {
    const runs = runsOf(dir);
    fail(
      runs === 1
        ? `no replicate ${options.run}: this is a single run, not an ensemble, and its log is in ${dir} itself; leave out --run`
        : options.run >= runs
          ? `no replicate ${options.run}: this ensemble has ${runs} runs, replicates 0 to ${runs - 1}`
          : `no event log of replicate ${options.run} here: run the ensemble with --keep-events all, or rerun it alone with --replicate ${options.run}`,
    );
  }
  const eventsFile = join(folder, 'events.jsonl');
  const agentsFile = join(folder, 'agents.csv');
  if (!existsSync(eventsFile) || !existsSync(agentsFile)) {
    const engine = engineOf(folder);
    if (engine === 'agents')
      fail(
        `an agents run without its ${existsSync(eventsFile) ? 'agents.csv' : 'events.jsonl'}: the story needs both, as the run wrote them`,
      );
    fail(
      `not an agents run: it has no events.jsonl and agents.csv${engine === undefined ? '' : ` (its engine is ${engine})`}; the story needs a run of an agents scenario`,
    );
  }
  const agents = readLog(agentsFile, parseAgentsCsv);
  const events = readLog(eventsFile, parseEvents);
  const named = namedCharacters(agents);
  let id = options.id ?? -1;
  if (options.name !== undefined) {
    const wanted = options.name.toLowerCase();
    id = agents.findIndex((row) => row.name !== '' && row.name!.toLowerCase() === wanted);
    if (id < 0)
      throw flagError(
        '--name',
        named.length === 0
          ? `no character named '${options.name}': this run has no named characters (use --id N)`
          : `no character named '${options.name}'; the named characters are: ${named.join(', ')}`,
      );
  } else if (id >= agents.length) {
    throw flagError('--id', `no agent ${id}: the ids run from 0 to ${agents.length - 1}`);
  }
  const runs = runsOf(dir);
  const note =
    options.run === undefined && runs > 1
      ? [`(the first of ${runs} runs; --run K reads replicate K of a run kept with --keep-events all)`]
      : [];
  process.stdout.write(`${[...note, ...characterStory(id, agents, events, timeScaleIn(dir))].join('\n')}\n`);
}

/** The engine a run folder's summary.json names, if any. */
function engineOf(folder: string): string | undefined {
  const summary = readSummary(folder);
  return typeof summary?.engine === 'string' ? summary.engine : undefined;
}

function runsOf(folder: string): number {
  const summary = readSummary(folder);
  return typeof summary?.runs === 'number' ? summary.runs : 1;
}

function readSummary(folder: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** How the run's times read (its unit and clock), from its scenario.resolved.yaml; seconds without one. */
function timeScaleIn(dir: string): TimeScale {
  try {
    const scenario = parse(readFileSync(join(dir, 'scenario.resolved.yaml'), 'utf8')) as {
      time?: { unit?: unknown };
      world?: { clock?: { start?: unknown } };
    };
    const unit = typeof scenario.time?.unit === 'string' ? scenario.time.unit : 'second';
    const start = scenario.world?.clock?.start;
    return timeScaleOf({
      time: { unit },
      ...(typeof start === 'string' ? { world: { clock: { start } } } : {}),
    });
  } catch {
    return { unit: 'second' };
  }
}

/** The most of a run's log `story` reads: about the longest string Node holds. */
const MAX_LOG_BYTES = 512 * 1024 * 1024;

/** A run's log file, parsed; one that cannot be read or parsed is an input error at its line. */
function readLog<T>(file: string, parse: (text: string) => T): T {
  const fail = (message: string, line = 1): never => {
    throw new InputError([{ file, line, col: 1, path: '', message }]);
  };
  const text = readInputText(file, MAX_LOG_BYTES, fail);
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof RunLogError) return fail(error.message, error.line);
    throw error;
  }
}
