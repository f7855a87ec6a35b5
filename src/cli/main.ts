#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { InputError, RuntimeFailure } from '../core/errors.js';
import { ssaMethods } from '../engines/ssa/method.js';
import { DEFAULT_MAX_EVENTS } from '../engines/ssa/runaway.js';
import { builtins, loadScenario } from '../scenario/files.js';
import { engineNames, scenarioJsonSchema } from '../scenario/schema.js';
import { collect, positiveNumber, wholeNumber } from './options.js';
import { Interrupted, runCommand } from './run-command.js';
import { VERSION } from './version.js';

const program = new Command('undead')
  .description('A zombie-outbreak simulator: one scenario file, many fidelities.')
  .version(VERSION)
  .option('--debug', 'print the stack trace of an unexpected error or a runtime failure', false)
  .showHelpAfterError()
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
    loadScenario(scenario, options.set);
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
    new Option('--engine <engine>', "which engine; default: the scenario's own").choices(engineNames),
  )
  .addOption(
    new Option('--method <method>', 'SSA variant; auto picks direct or next-reaction from the network')
      .choices(ssaMethods)
      .default('auto'),
  )
  .option('--seed <n>', 'random seed', wholeNumber('--seed', 0), 1)
  .option('--runs <n>', 'replicates', wholeNumber('--runs', 1, 10_000_000), 1)
  .option('--until <t>', 'run until this time (overrides time.until)', positiveNumber('--until'))
  .option('--every <dt>', 'output interval (overrides time.every)', positiveNumber('--every'))
  .option(
    '--set <name=value>',
    'override a parameter, an initial count or a dotted path (repeatable)',
    collect,
    [],
  )
  .option('--out <dir>', 'output folder; default runs/NAME-YYYYMMDD-HHMMSS')
  .option('--workers <n>', 'worker threads; default: all cores', wholeNumber('--workers', 1, 1024))
  .addOption(
    new Option('--progress <mode>', 'auto: a bar on a terminal; json: NDJSON lines on stderr')
      .choices(['auto', 'bar', 'json', 'none'])
      .default('auto'),
  )
  .option(
    '--max-events <n>',
    'stop an ssa or tau run, with a message, after this many reaction events (a tau leap counts as 100)',
    wholeNumber('--max-events', 1),
    DEFAULT_MAX_EVENTS,
  )
  .option('--quiet', 'do not print the summary', false)
  .option('--png', 'also write chart.png', false)
  .action(runCommand);

/**
 * Runs the command line and resolves to the exit code: 0 success, 2 bad input, 1 runtime
 * failure, 130 when Ctrl-C stopped a run.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      process.stderr.write(`\n${error.message}\n`);
      return 130;
    }
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CommanderError) {
      const ok =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help';
      return ok ? 0 : 2;
    }
    process.stderr.write(`undead: ${failureLine(error)}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
    return 1;
  }
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

// A reader that stops early (`undead schema | head`) is not a failure: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
