import { existsSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { CheckpointStore, checkpointFolder } from '../output/checkpoint.js';
import { isRunFolder } from '../output/run-folder.js';
import type { ProgressMode } from './progress.js';
import { readCheckpointedRun } from './run-checkpoints.js';
import { runCommand } from './run-command.js';

/** The options of `undead resume`. */
export interface ResumeOptions {
  /** Overrides the progress mode the run was started with. */
  progress?: ProgressMode;
  /** Suppresses the summary print, whether or not the run was started with `--quiet`. */
  quiet?: boolean;
}

/**
 * `undead resume DIR`: continues the run whose output folder is DIR from its last checkpoint
 * (`undead run --checkpoint-every T`) and writes DIR as that run would have: every output the
 * same, byte for byte, but the wall-clock figures. Refused (exit 2) without a checkpoint, for a
 * checkpoint of another undead version, and when the scenario file changed since the run started.
 */
export async function resumeCommand(dir: string, options: ResumeOptions): Promise<void> {
  const store = new CheckpointStore(checkpointFolder(dir));
  const refuse = (message: string): never => {
    throw new InputError([{ file: '<command line>', line: 1, col: 1, path: 'DIR', message }]);
  };
  if (!store.exists()) {
    if (isRunFolder(dir)) refuse(`'${dir}' is a finished run: there is nothing to resume`);
    refuse(
      `'${dir}' has no checkpoint to resume (looked for ${store.dir}); runs started with --checkpoint-every T leave one when they are killed`,
    );
  }
  if (isRunFolder(dir)) {
    // Killed after its outputs were in place but before the checkpoint was removed: it is done.
    store.remove();
    refuse(`'${dir}' is a finished run: there is nothing to resume`);
  }
  const running = store.runningProcess();
  if (running !== undefined)
    refuse(
      `'${dir}' is still being run, by process ${running}: resume it once that process has ended (if it was killed, it has; if ${running} is some other program, delete ${store.dir}/running.pid)`,
    );
  const run = readCheckpointedRun(store);
  if (existsSync(run.file) && (!statSync(run.file).isFile() || readFileSync(run.file, 'utf8') !== run.text))
    throw new InputError([
      {
        file: run.file,
        line: 1,
        col: 1,
        path: '',
        message:
          'the scenario changed since the run started, so its checkpoint no longer fits it; put the file back as it was, or start the run again',
      },
    ]);
  // The folder as named here (the checkpoint holds it absolute), so that the run says it as given.
  const resumed = {
    ...run.options,
    out: dir,
    progress: options.progress ?? run.options.progress,
    quiet: options.quiet === true || run.options.quiet,
  };
  await runCommand(run.scenario, resumed, run);
}
