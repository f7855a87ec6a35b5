#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../core/errors.js';
import { ssaMethods } from '../engines/ssa/method.js';
import { builtins, builtinText, loadScenario } from '../scenario/files.js';
import { engineNames, scenarioJsonSchema } from '../scenario/schema.js';
import { collect, positiveNumber, wholeNumber } from './options.js';
import { Interrupted, runCommand } from './run-command.js';
import { VERSION } from './version.js';

const program = new Command('undead')
  .description('A zombie-outbreak simulator: one scenario file, many fidelities.')
  .version(VERSION)
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
    process.stderr.write(
      `undead: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

// A reader that stops early (`undead schema | head`) is not a failure: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
