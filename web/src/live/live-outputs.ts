import { interventionsJsonl } from '../../../src/cli/interventions-file.js';
import type { LoggedIntervention } from '../../../src/model/intervention.js';
import { timeseriesCsvChunks } from '../../../src/output/timeseries-csv.js';
import { LIVE_RESERVE_SET, type LiveRun } from './live-run.js';

/** The folder, inside the run's files, of the outputs the live run has made so far. */
export const LIVE_OUTPUTS_FOLDER = 'live';
/** The folder the command in `README.txt` writes its run to. */
const CLI_OUT = 'run';
/** The agents' compartment that a drop of new people adds to (from the reserve). */
const HUMAN = 'human';

/** A word of a shell command, quoted when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[\w./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Whether the log drops new humans into an agents run (which needs a reserve for them). */
function dropsHumans(log: readonly LoggedIntervention[]): boolean {
  return log.some(({ intervention: i }) => i.kind === 'add' && i.compartment === HUMAN && i.count > 0);
}

/**
 * The command that runs a live run again with the CLI, from the folder its files are in: the
 * scenario file, the seed, the sets, the engine if one was chosen, the reserve the live run added
 * if humans were dropped, and the interventions so far.
 */
export function cliCommand(run: LiveRun, scenarioFile: string): string {
  const { setup } = run;
  const log = run.interventions();
  const sets = run.reserveAdded && dropsHumans(log) ? [...setup.sets, LIVE_RESERVE_SET] : [...setup.sets];
  const words = [
    'undead',
    'run',
    scenarioFile,
    '--seed',
    String(setup.seed),
    ...(setup.engine === undefined ? [] : ['--engine', setup.engine]),
    ...sets.flatMap((set) => ['--set', set]),
    ...(log.length === 0 ? [] : ['--interventions', 'interventions.jsonl']),
    '--out',
    CLI_OUT,
  ];
  return words.map(shellWord).join(' ');
}

/**
 * A live run as files that reproduce it with the CLI, keyed by their path: the scenario's YAML as
 * served, `interventions.jsonl` (the interventions applied so far, as `undead run --interventions`
 * reads them), `README.txt` with the command, and under `live/` the outputs so far: the counts as
 * `timeseries.csv` up to the time now, and the engine's own files (`events.jsonl`, `agents.csv`,
 * `groups.csv` for agents; binary ones such as `replay.bin` are left out).
 */
export function liveOutputs(run: LiveRun): Record<string, string> {
  const scenarioFile = `${run.compiled.name}.yaml`;
  const command = cliCommand(run, scenarioFile);
  const width = run.engine.compartments.length;
  const timeseries = [
    ...timeseriesCsvChunks([
      {
        compartments: run.engine.compartments,
        times: run.times.subarray(0, run.rows),
        values: run.values.subarray(0, run.rows * width),
        eventCount: 0,
        milestones: undefined,
      },
    ]),
  ].join('');
  const files: Record<string, string> = {
    'README.txt': readme(run, scenarioFile, command),
    [scenarioFile]: run.setup.text,
    'interventions.jsonl': interventionsJsonl(run.interventions()),
    [`${LIVE_OUTPUTS_FOLDER}/timeseries.csv`]: timeseries,
  };
  for (const [name, content] of Object.entries(run.engine.artifacts?.() ?? {}))
    if (typeof content === 'string') files[`${LIVE_OUTPUTS_FOLDER}/${name}`] = content;
  return files;
}

/** What the files are and the command that runs them again. */
function readme(run: LiveRun, scenarioFile: string, command: string): string {
  const count = run.interventions().length;
  return [
    `${run.title}, run live in the undead viewer up to t = ${run.time} (${run.compiled.time.unit}s).`,
    '',
    `${scenarioFile}: the scenario as the viewer ran it.`,
    `interventions.jsonl: the ${count} intervention${count === 1 ? '' : 's'} made so far, with their times.`,
    `${LIVE_OUTPUTS_FOLDER}/: the live run's outputs so far (timeseries.csv up to t = ${run.time}).`,
    '',
    `To run it again with the CLI, in this folder (the rows of ${CLI_OUT}/timeseries.csv up to`,
    `t = ${run.time} are the live run's):`,
    '',
    command,
    '',
  ].join('\n');
}
