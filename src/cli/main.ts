#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, InputError, RuntimeFailure } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { ssaMethods } from '../engines/ssa/method.js';
import { causeOf, OutputError } from '../output/run-folder.js';
import { availableEngines, compileScenario, DEFAULT_MAX_EVENTS } from '../scenario/compile.js';
import { builtins, builtinText, loadScenario } from '../scenario/files.js';
import { scenarioJsonSchema } from '../scenario/schema.js';
import { MAX_RUNS } from './budget.js';
import { commanderErrorLine } from './commander-errors.js';
import { byteSize, collect, positiveNumber, wholeNumber } from './options.js';
import { writeStatus } from './progress.js';
import type { ResumeOptions } from './resume-command.js';
import type { RunOptions } from './run-options.js';
import { Interrupted } from './stop-signals.js';
import type { SweepOptions } from './sweep-options.js';
import type { WorkerOptions } from './worker-command.js';

const program = new Command('undead')
  .description('A zombie-outbreak simulator: one scenario file, many fidelities.')
  .version(VERSION)
  .option('--debug', 'print the stack trace of an unexpected error or a runtime failure', false)
  // One line on a bad flag, not the whole help (commander still suggests a near name).
  .showHelpAfterError('(undead --help lists the commands; undead COMMAND --help, their flags)')
  .configureOutput({ outputError: (text, write) => write(commanderErrorLine(text)) })
  .exitOverride();

program
  .command('list')
  .description('list the built-in scenarios, one a line: NAME  TITLE')
  .action(() => {
    const entries = builtins();
    const width = Math.max(...entries.map((e) => e.name.length)) + 2;
    for (const entry of entries) process.stdout.write(`${entry.name.padEnd(width)}${entry.title}\n`);
  });

program
  .command('show')
  .description("print a built-in scenario's YAML, to copy into a file and edit")
  .argument('<name>', 'the name of a built-in scenario (see `undead list`)')
  .action((name: string) => {
    process.stdout.write(builtinText(name));
  });

program
  .command('validate')
  .description('check a scenario; prints nothing but errors (exit 2 if there are any)')
  .argument('<scenario>', 'a YAML file, or the name of a built-in scenario')
  .option(
    '--set <name=value>',
    'override a parameter, an initial count or a dotted path (repeatable)',
    collect,
    [],
  )
  .action((scenario: string, options: { set: string[] }) => {
    // Compiled too, for the scenario's own engine: its checks (an agents world's roster and rooms …) run here.
    compileScenario(loadScenario(scenario, options.set));
  });

program
  .command('schema')
  .description('print the JSON Schema of scenario files, for editors')
  .action(() => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });

program
  .command('run')
  .description('run a scenario and write its outputs (summary.json, timeseries.csv, chart.svg, …)')
  .argument('<scenario>', 'a YAML file, or the name of a built-in scenario (see `undead list`)')
  .addOption(
    // Only the engines built in this version are offered.
    new Option('--engine <engine>', "which engine; default: the scenario's own").choices(availableEngines),
  )
  .addOption(
    new Option('--method <method>', 'SSA variant; auto picks direct or next-reaction from the network')
      .choices(ssaMethods)
      .default('auto'),
  )
  .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 1)
  .option(
    '--runs <n>',
    `replicates, at most ${MAX_RUNS.toLocaleString('en-US')} (stochastic engines only: the ode engine is deterministic and refuses --runs)`,
    wholeNumber('--runs', 1, MAX_RUNS),
    1,
  )
  .option('--until <t>', 'run until this time (overrides time.until)', positiveNumber('--until'))
  .option('--every <dt>', 'output interval (overrides time.every)', positiveNumber('--every'))
  .option(
    '--set <name=value>',
    'override a parameter, an initial count or a dotted path (repeatable)',
    collect,
    [],
  )
  .option('--out <dir>', 'output folder; default runs/NAME-YYYYMMDD-HHMMSS')
  .option(
    '--force',
    'replace the folder of an earlier run at --out (a folder of other files is never touched)',
    false,
  )
  .option(
    '--workers <n>',
    'worker threads; default and most: all cores (more is capped, with a note)',
    wholeNumber('--workers', 1, 1024),
  )
  .option(
    '--queue <url>',
    'run the replicates on `undead worker` processes anywhere, through the BullMQ queue on this Redis: redis://HOST:PORT[/DB] (Redis must run with --maxmemory-policy noeviction)',
  )
  .option(
    '--max-memory <size>',
    "memory the run may use, e.g. 8GB or 512MB; default: a quarter of this machine's. A run that would need more is refused before it starts",
    byteSize('--max-memory'),
  )
  .addOption(
    new Option('--progress <mode>', 'auto: a bar on a terminal; json: NDJSON lines on stderr')
      .choices(['auto', 'bar', 'json', 'none'])
      .default('auto'),
  )
  .option(
    '--max-events <n>',
    `stop an ssa, tau or lattice run, with a message, after this many reaction events (a tau leap counts as 100; the lattice counts hops too); default: the scenario's options.ssa.max_events (tau: options.tau.max_events), else ${DEFAULT_MAX_EVENTS}`,
    wholeNumber('--max-events', 1, Number.MAX_SAFE_INTEGER, true),
  )
  .option('--quiet', 'print only the output folder, not the summary', false)
  .option('--png', 'also write chart.png', false)
  .option(
    '--frames-every <t>',
    "a lattice run: draw the map every T (a whole number of output intervals, in the scenario's time unit) into frames/frame-NNNN.png, one panel of one compartment's people per cell in viridis on a log scale with a day counter and a legend, and all the frames into the animation map.apng",
    positiveNumber('--frames-every'),
  )
  .option('--frames-state <name>', 'the compartment the map frames draw; default: the zombies (Z)')
  .option(
    '--parquet',
    'also write the tables as Parquet files beside their CSV, the same columns typed (run and counts INT32, t and values DOUBLE, text STRING; an empty cell or NaN is null): timeseries.parquet; for agents groups.parquet and agents.parquet, factions.parquet with factions.csv, and replicates/K/agents.parquet with --keep-events all; for the lattice regions.parquet and arrival.parquet',
    false,
  )
  .addOption(
    new Option(
      '--keep-events <which>',
      "first: the first run's event log; all: every replicate's, in replicates/K/",
    )
      .choices(['first', 'all'])
      .default('first'),
  )
  .option(
    '--interventions <file>',
    'apply interventions at given times: a YAML list (or JSON lines, .jsonl) of { at: T, set: {NAME: VALUE} | add: {COMPARTMENT: N, place: PLACE} | fire: EVENT }; the run writes what it applied to interventions.jsonl, which this flag takes back',
  )
  .option(
    '--checkpoint-every <t>',
    "checkpoint at the first output time at or after each multiple of T (in the scenario's time unit; an ensemble checkpoints its finished replicates), into .NAME.checkpoint beside the output folder; `undead resume DIR` continues a killed run",
    positiveNumber('--checkpoint-every'),
  )
  .option(
    '--contrast <groups>',
    'compare groups of an agents run (rows of groups.csv, such as students,staff): survival curves with 90% bands over runs, shares at round times, when half of each was lost, crossings, and bites and kills between them; writes contrast.csv, contrast.svg and summary.json contrast. Or factions (humans,zombies,immunes; faction:NAME when a group has the name): the share still standing, who grew and shrank, who outnumbered whom when; writes factions.csv and contrast-standing.svg too',
    (value: string) => value.split(',').map((group) => group.trim()),
  )
  .option(
    '--replicate <k>',
    "rerun replicate K of an ensemble alone (K as in timeseries.csv's run column), identical to it there",
    wholeNumber('--replicate', 0, MAX_RUNS - 1),
  )
  .action(async (scenario: string, options: RunOptions) =>
    (await import('./run-command.js')).runCommand(scenario, options),
  );

program
  .command('sweep')
  .description(
    'run a scenario at every point of a design (a grid, a Latin hypercube sample or a file of points), --runs replicates each; writes results.parquet, points.parquet, points.csv and sweep.svg',
  )
  .argument('<scenario>', 'a YAML file, or the name of a built-in scenario (see `undead list`)')
  .option(
    '--vary <spec>',
    'repeatable: NAME=FROM:TO:STEP (a range, TO included), NAME=a,b,c (a list of numbers or words) or, with --lhs, NAME=FROM:TO; NAME is anything --set takes, or engine. The grid is the cross product, the first --vary slowest',
    collect,
    [],
  )
  .option(
    '--lhs <n>',
    'a Latin hypercube sample of N points over the --vary ranges, drawn from --seed (lists are crossed with it)',
    wholeNumber('--lhs', 1, 100_000),
  )
  .option(
    '--points <file>',
    'a CSV file with a header of NAMEs and one point per row (or a YAML list of maps)',
  )
  .option(
    '--runs <n>',
    'replicates per point; replicate r of every point uses the stream of (seed, r); the ode engine runs once',
    wholeNumber('--runs', 1, MAX_RUNS),
    1,
  )
  .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 1)
  .addOption(
    new Option('--engine <engine>', "which engine; default: the scenario's own").choices(availableEngines),
  )
  .option('--until <t>', 'run until this time (overrides time.until)', positiveNumber('--until'))
  .option('--every <dt>', 'output interval (overrides time.every)', positiveNumber('--every'))
  .option(
    '--set <name=value>',
    'override a parameter, an initial count or a dotted path at every point (repeatable)',
    collect,
    [],
  )
  .option('--out <dir>', 'output folder; default runs/NAME-sweep-YYYYMMDD-HHMMSS')
  .option('--force', 'replace the folder of an earlier run or sweep at --out', false)
  .option(
    '--workers <n>',
    'worker threads; default and most: all cores (more is capped, with a note)',
    wholeNumber('--workers', 1, 1024),
  )
  .option(
    '--max-memory <size>',
    "memory the sweep may use, e.g. 8GB; default: a quarter of this machine's",
    byteSize('--max-memory'),
  )
  .option('--queue <url>', 'run the chunks on distributed workers: redis://HOST:PORT (see undead worker)')
  .option(
    '--metric <name>',
    'the results column the chart and the printed table show (final_S, peak_Z, events, took_off, a story field such as humans_left …); default: the final count of the hosts (the compartment largest at t = 0)',
  )
  .option('--png', 'also write sweep.png', false)
  .addOption(
    new Option('--progress <mode>', 'auto: a bar on a terminal; json: NDJSON lines on stderr')
      .choices(['auto', 'bar', 'json', 'none'])
      .default('auto'),
  )
  .option('--quiet', 'print only the output folder, not the summary', false)
  .action(async (scenario: string, options: SweepOptions) =>
    (await import('./sweep-command.js')).sweepCommand(scenario, options),
  );

program
  .command('worker')
  .description(
    'serve the replicates that `undead run --queue` and `undead sweep --queue` put on a Redis queue, until SIGTERM or Ctrl-C (which let running jobs finish)',
  )
  .requiredOption('--queue <url>', 'the Redis of the queue: redis://HOST:PORT[/DB]')
  .option(
    '--concurrency <n>',
    'jobs at once, each on a worker thread of its own; default and most: all cores',
    wholeNumber('--concurrency', 1, 1024),
  )
  .option(
    '--lock-duration <ms>',
    "how long a job's lock lasts unless renewed, in milliseconds; the jobs of a worker that was killed go to others one to two of these later (default 30000)",
    wholeNumber('--lock-duration', 200, 3_600_000),
  )
  .action(async (options: WorkerOptions) => (await import('./worker-command.js')).workerCommand(options));

program
  .command('resume')
  .description(
    'continue a run that was killed, from its last checkpoint (run --checkpoint-every T); its outputs are those the run would have written',
  )
  .argument('<dir>', 'the output folder of the run (its --out)')
  .addOption(
    new Option(
      '--progress <mode>',
      'auto: a bar on a terminal; json: NDJSON lines on stderr; default: as the run had it',
    ).choices(['auto', 'bar', 'json', 'none']),
  )
  .option(
    '--quiet',
    'print only the output folder, not the summary (as the run did if it was started with --quiet)',
  )
  .action(async (dir: string, options: ResumeOptions) =>
    (await import('./resume-command.js')).resumeCommand(dir, options),
  );

program
  .command('story')
  .description("print one character's timeline from an agents run's event log")
  .argument('<dir>', 'the output folder of an agents run')
  .option('--name <name>', 'a named character (see agents.csv)')
  .option('--id <n>', "an agent's id (agents.csv, events.jsonl)", wholeNumber('--id', 0))
  .option('--run <k>', 'replicate K of an ensemble run with --keep-events all', wholeNumber('--run', 0))
  .action(async (...args: Parameters<typeof import('./story-command.js').storyCommand>) =>
    (await import('./story-command.js')).storyCommand(...args),
  );

program
  .command('view')
  .description(
    "serve the browser viewer on 127.0.0.1 and print its URL: a finished run's folder, or a scenario to run live in the page",
  )
  .argument(
    '<dir|scenario>',
    'the output folder of a run, or a scenario (a YAML file or a built-in) to run live',
  )
  .option(
    '--port <n>',
    'the port to listen on; default: a free one (not with --export)',
    wholeNumber('--port', 1, 65535),
  )
  .option('--open', 'open the URL in a browser, if this machine has a way to (not with --export)', false)
  .option(
    '--export <site>',
    'write the viewer and the run (or the scenario, to run live) as a static site in this folder instead of serving',
  )
  .addOption(
    new Option('--engine <engine>', "a live scenario's engine; default: the scenario's own").choices(
      availableEngines,
    ),
  )
  .option('--seed <n>', "a live scenario's random seed; default 1", wholeNumber('--seed', 0))
  .option(
    '--set <name=value>',
    "override a live scenario's parameter, initial count or dotted path (repeatable)",
    collect,
    [],
  )
  .option('--compare <dir2>', 'show a second run beside the first, both at the time of one timeline')
  .action(async (...args: Parameters<typeof import('./view-command.js').viewCommand>) =>
    (await import('./view-command.js')).viewCommand(...args),
  );

/**
 * Runs the command line and resolves to the exit code: 0 success, 2 bad input, 1 runtime
 * failure, 130 when Ctrl-C (SIGINT) stopped a run, 143 for SIGTERM and 129 for SIGHUP.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Commander's `help` falls back to the general help for a name it does not know.
  const [first, named] = argv;
  if (
    first === 'help' &&
    named !== undefined &&
    !named.startsWith('-') &&
    !program.commands.some((c) => c.name() === named)
  ) {
    process.stderr.write(
      commanderErrorLine(`error: unknown command '${named}'\n(undead --help lists the commands)`),
    );
    return ExitCode.invalidInput;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.success;
  } catch (error) {
    // With --progress json, stderr stays NDJSON: the status line carries the message.
    if (asksForJsonProgress(argv) && !(error instanceof CommanderError && error.exitCode === 0))
      writeStatus(error instanceof Interrupted ? 'interrupted' : 'failed', {
        message: error instanceof Error ? error.message : String(error),
      });
    else tell(error, argv);
    return exitCodeOf(error);
  }
}

/** What a failure prints on stderr, in plain lines (commander has printed its own). */
function tell(error: unknown, argv: readonly string[]): void {
  if (error instanceof Interrupted) process.stderr.write(`\n${error.message}\n`);
  else if (error instanceof OutputError) process.stderr.write(`undead: ${error.message}\n`);
  else if (error instanceof InputError) process.stderr.write(`${error.message}\n`);
  else if (!(error instanceof CommanderError)) {
    process.stderr.write(`undead: ${failureLine(error)}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
  }
}

/** The exit code of a failure: its own, 0 for commander's help and version, else 2 for commander's errors, 1 for the rest. */
function exitCodeOf(error: unknown): number {
  if (error instanceof Interrupted || error instanceof OutputError || error instanceof InputError)
    return error.exitCode;
  if (error instanceof CommanderError) {
    const ok =
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help';
    return ok ? ExitCode.success : ExitCode.invalidInput;
  }
  return ExitCode.runtimeFailure;
}

/**
 * One line for a runtime failure or an unexpected error: its message, without the stack (that
 * comes with `--debug`). An unexpected error keeps its class name, which says where to look.
 */
function failureLine(error: unknown): string {
  if (error instanceof RuntimeFailure) return firstLineOf(error.message);
  if (error instanceof Error) {
    const kind = error.name === 'Error' ? '' : `${error.name}: `;
    return `${kind}${firstLineOf(error.message)} (run with --debug for details)`;
  }
  return String(error);
}

function firstLineOf(text: string): string {
  return text.split('\n')[0]!.trim();
}

// A reader that stops early (`undead schema | head`) is not a failure: stop quietly. Any other
// failure to write the output (a full disk) is a runtime failure, in one line.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.success);
  process.stderr.write(`undead: cannot write the standard output: ${causeOf(error)}\n`);
  process.exit(ExitCode.runtimeFailure);
});
// Nor is a reader of stderr that stops early (progress piped to \`head\`): the run goes on, unheard.
process.stderr.on('error', () => {});
process.exitCode = await main(process.argv.slice(2));

/** Whether the command line asks for NDJSON progress (`--progress json` or `--progress=json`). */
function asksForJsonProgress(argv: readonly string[]): boolean {
  return argv.some((arg, k) => arg === '--progress=json' || (arg === '--progress' && argv[k + 1] === 'json'));
}
