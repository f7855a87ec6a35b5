import { flagError } from '../core/errors.js';
import type { FramesSpec } from '../ensemble/run-spec.js';
import { formatDuration } from '../output/time-format.js';
import type { CompiledScenario } from '../scenario/compiled.js';

/** The most frames a run draws: each is kept, compressed, until the run's files are written. */
export const MAX_FRAMES = 5000;

/** What `--frames-every` and `--frames-state` ask for. */
export interface FramesFlags {
  framesEvery?: number | undefined;
  framesState?: string | undefined;
  checkpointEvery?: number | undefined;
}

/**
 * The map frames a run draws (`--frames-every T`, `--frames-state NAME`), checked against the
 * compiled scenario: a lattice run only; T a whole number of output intervals (frames are drawn
 * at output times, where the state is exact); NAME a compartment; not with `--checkpoint-every`
 * (the frames drawn before a checkpoint are not in it, so a resumed run would lack them).
 * Throws a flag error (exit 2) otherwise; `undefined` without `--frames-every`.
 */
export function framesOption(flags: FramesFlags, compiled: CompiledScenario): FramesSpec | undefined {
  const { framesEvery: every, framesState: state } = flags;
  if (every === undefined) {
    if (state !== undefined)
      throw flagError('--frames-state', 'chooses what --frames-every draws: give --frames-every too');
    return undefined;
  }
  if (compiled.lattice === undefined)
    throw flagError(
      '--frames-every',
      `draws a lattice's map; the ${compiled.engine} engine has none (run a scenario with world.lattice on --engine lattice)`,
    );
  if (flags.checkpointEvery !== undefined)
    throw flagError(
      '--frames-every',
      'cannot be combined with --checkpoint-every in this version: the frames drawn before a checkpoint are not kept in it',
    );
  const { until, every: output, unit } = compiled.time;
  const steps = every / output;
  if (Math.abs(steps - Math.round(steps)) > 1e-9 * Math.max(1, steps) || Math.round(steps) < 1)
    throw flagError(
      '--frames-every',
      `frames are drawn at output times: ${formatDuration(every, unit)} is not a whole number of the output interval ${formatDuration(output, unit)} (time.every, --every)`,
    );
  const count = Math.floor(until / every + 1e-9) + 1;
  if (count > MAX_FRAMES)
    throw flagError(
      '--frames-every',
      `asks for ${count} frames up to ${formatDuration(until, unit)}; a run draws at most ${MAX_FRAMES}`,
    );
  const { compartments } = compiled.network;
  if (state !== undefined && !compartments.includes(state))
    throw flagError(
      '--frames-state',
      `no compartment '${state}'; the compartments are ${compartments.join(', ')}`,
    );
  return { every, ...(state === undefined ? {} : { compartment: state }) };
}
